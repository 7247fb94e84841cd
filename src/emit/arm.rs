//! The ARM deployment template: every NSG, then every route table, then (with
//! subnets) one vnet resource per vnet, in plan order.
//!
//! Input: a [`Plan`]. Output: the template text. Resources use a `location`
//! parameter that defaults to the resource group's. Subnets refer to their
//! NSG and route table with `resourceId(...)` and depend on them; every name
//! a subnet refers to must be in the plan.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::error::{EmitError, EmitErrorKind};
use super::plan::{Plan, PlannedSubnet};
use super::route::route_table_properties;
use super::rule::security_rules;
use super::{to_text, Strings};

const SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
const NSG_TYPE: &str = "Microsoft.Network/networkSecurityGroups";
const RT_TYPE: &str = "Microsoft.Network/routeTables";
const VNET_TYPE: &str = "Microsoft.Network/virtualNetworks";
const DELEGATION: &str = "Microsoft.Sql/managedInstances";

/// Who made a template and under which profile, written to the template's
/// `metadata.misec` (`profile`, `version`) so that misec reading its own
/// output back checks it under the profile it was built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The profile every subnet of the file was built under; `None` when
    /// they differ (then nothing is claimed).
    pub profile: Option<String>,
    /// misec's version.
    pub version: String,
}

/// `metadata.misec.subnets`: the subnet prefix each NSG and route table of
/// the plan protects, so that a template built without `--with-subnets`
/// still says what its mandatory rules are for.
fn subnets_of(plan: &Plan) -> Map<String, Value> {
    let mut out = Map::new();
    for sn in &plan.subnets {
        for name in sn.nsg.iter().chain(&sn.route_table) {
            out.insert(name.clone(), sn.address.to_string().into());
        }
    }
    out
}

/// One ARM template holding the plan; with `with_subnets`, the vnets too.
pub fn arm(plan: &Plan, with_subnets: bool) -> Result<String, Vec<EmitError>> {
    arm_with(plan, with_subnets, None)
}

/// [`arm`], with `metadata.misec` when `provenance` is given.
pub fn arm_with(
    plan: &Plan,
    with_subnets: bool,
    provenance: Option<&Provenance>,
) -> Result<String, Vec<EmitError>> {
    let s = Strings { arm: true };
    let mut errors = Vec::new();
    let mut resources = Vec::new();
    check_unique(plan.nsgs.iter().map(|n| n.name.as_str()), &mut errors);
    check_unique(
        plan.route_tables.iter().map(|t| t.name.as_str()),
        &mut errors,
    );
    for nsg in &plan.nsgs {
        match security_rules(nsg, &s) {
            Ok(rules) => {
                let mut props = Map::new();
                props.insert("securityRules".into(), Value::Array(rules));
                resources.push(resource(plan, NSG_TYPE, &nsg.name, None, props, &s));
            }
            Err(e) => errors.extend(e),
        }
    }
    for table in &plan.route_tables {
        match route_table_properties(table, &s) {
            Ok(props) => resources.push(resource(plan, RT_TYPE, &table.name, None, props, &s)),
            Err(e) => errors.extend(e),
        }
    }
    if with_subnets {
        for (vnet, subnets) in by_vnet(&plan.subnets) {
            match vnet_resource(plan, vnet, &subnets, &s) {
                Ok(v) => resources.push(v),
                Err(e) => errors.extend(e),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut location = Map::new();
    location.insert("type".into(), "string".into());
    location.insert("defaultValue".into(), "[resourceGroup().location]".into());
    let mut meta = Map::new();
    meta.insert(
        "description".into(),
        "Location of every resource; the resource group's by default".into(),
    );
    location.insert("metadata".into(), Value::Object(meta));
    let mut params = Map::new();
    params.insert("location".into(), Value::Object(location));
    let mut doc = Map::new();
    doc.insert("$schema".into(), SCHEMA.into());
    doc.insert("contentVersion".into(), "1.0.0.0".into());
    if let Some(p) = provenance {
        let mut misec = Map::new();
        if let Some(profile) = &p.profile {
            misec.insert("profile".into(), profile.as_str().into());
        }
        misec.insert("version".into(), p.version.as_str().into());
        let subnets = subnets_of(plan);
        if !subnets.is_empty() {
            misec.insert("subnets".into(), Value::Object(subnets));
        }
        let mut meta = Map::new();
        meta.insert("misec".into(), Value::Object(misec));
        doc.insert("metadata".into(), Value::Object(meta));
    }
    doc.insert("parameters".into(), Value::Object(params));
    doc.insert("resources".into(), Value::Array(resources));
    to_text("template", &Value::Object(doc))
}

fn check_unique<'a>(names: impl Iterator<Item = &'a str>, errors: &mut Vec<EmitError>) {
    let mut seen = BTreeSet::new();
    for name in names {
        if !seen.insert(name.to_lowercase()) {
            let kind = EmitErrorKind::ResourceNameTaken {
                name: name.to_string(),
            };
            errors.push(EmitError::new(name, kind));
        }
    }
}

fn resource(
    plan: &Plan,
    kind: &str,
    name: &str,
    depends_on: Option<Vec<Value>>,
    props: Map<String, Value>,
    s: &Strings,
) -> Value {
    let mut r = Map::new();
    r.insert("type".into(), kind.into());
    r.insert("apiVersion".into(), s.lit(&plan.api_version));
    r.insert("name".into(), s.lit(name));
    r.insert("location".into(), "[parameters('location')]".into());
    if let Some(deps) = depends_on {
        r.insert("dependsOn".into(), Value::Array(deps));
    }
    r.insert("properties".into(), Value::Object(props));
    Value::Object(r)
}

/// `[resourceId('type', 'name')]`, quotes doubled as ARM escapes them.
fn resource_id(kind: &str, name: &str) -> String {
    format!("[resourceId('{kind}', '{}')]", name.replace('\'', "''"))
}

/// Subnets grouped by vnet name, vnets in order of first appearance.
fn by_vnet(subnets: &[PlannedSubnet]) -> Vec<(&str, Vec<&PlannedSubnet>)> {
    let mut out: Vec<(&str, Vec<&PlannedSubnet>)> = Vec::new();
    for sn in subnets {
        match out.iter_mut().find(|(v, _)| *v == sn.vnet_name) {
            Some((_, list)) => list.push(sn),
            None => out.push((&sn.vnet_name, vec![sn])),
        }
    }
    out
}

fn id_object(kind: &str, name: &str) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), resource_id(kind, name).into());
    Value::Object(m)
}

fn vnet_resource(
    plan: &Plan,
    vnet: &str,
    subnets: &[&PlannedSubnet],
    s: &Strings,
) -> Result<Value, Vec<EmitError>> {
    let mut errors = Vec::new();
    let mut deps: Vec<String> = Vec::new();
    let mut list = Vec::new();
    let mut seen = BTreeSet::new();
    let space = subnets.first().map(|f| &f.vnet_address);
    if space.is_none_or(|a| a.is_empty()) {
        let kind = EmitErrorKind::EmptyField {
            rule: vnet.to_string(),
            field: "address space",
        };
        errors.push(EmitError::new(vnet, kind));
    }
    for sn in subnets {
        if Some(&sn.vnet_address) != space {
            let kind = EmitErrorKind::VnetAddressConflict {
                subnet: sn.name.clone(),
            };
            errors.push(EmitError::new(vnet, kind));
        }
        if !seen.insert(sn.name.to_lowercase()) {
            let kind = EmitErrorKind::NameTaken {
                name: sn.name.clone(),
                rule: sn.name.clone(),
            };
            errors.push(EmitError::new(vnet, kind));
        }
        let mut props = Map::new();
        props.insert("addressPrefix".into(), sn.address.to_string().into());
        let assoc = [
            (
                "networkSecurityGroup",
                NSG_TYPE,
                &sn.nsg,
                plan.nsgs.iter().any(|n| Some(&n.name) == sn.nsg.as_ref()),
            ),
            (
                "routeTable",
                RT_TYPE,
                &sn.route_table,
                plan.route_tables
                    .iter()
                    .any(|t| Some(&t.name) == sn.route_table.as_ref()),
            ),
        ];
        for (key, kind, target, known) in assoc {
            let Some(target) = target else { continue };
            if !known {
                let k = EmitErrorKind::UnknownAssociation {
                    subnet: sn.name.clone(),
                    target: target.clone(),
                };
                errors.push(EmitError::new(vnet, k));
                continue;
            }
            props.insert(key.into(), id_object(kind, target));
            let id = resource_id(kind, target);
            if !deps.contains(&id) {
                deps.push(id);
            }
        }
        if !sn.service_endpoints.is_empty() {
            let eps = sn.service_endpoints.iter().map(|e| {
                let mut m = Map::new();
                m.insert("service".into(), s.lit(e));
                Value::Object(m)
            });
            props.insert("serviceEndpoints".into(), Value::Array(eps.collect()));
        }
        if sn.delegated {
            let mut dp = Map::new();
            dp.insert("serviceName".into(), DELEGATION.into());
            let mut d = Map::new();
            d.insert("name".into(), "miDelegation".into());
            d.insert("properties".into(), Value::Object(dp));
            props.insert("delegations".into(), Value::Array(vec![Value::Object(d)]));
        }
        let mut obj = Map::new();
        obj.insert("name".into(), s.lit(&sn.name));
        obj.insert("properties".into(), Value::Object(props));
        list.push(Value::Object(obj));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let prefixes = space
        .into_iter()
        .flatten()
        .map(|a| Value::from(a.to_string()));
    let mut addr = Map::new();
    addr.insert("addressPrefixes".into(), Value::Array(prefixes.collect()));
    let mut props = Map::new();
    props.insert("addressSpace".into(), Value::Object(addr));
    props.insert("subnets".into(), Value::Array(list));
    let deps = deps.into_iter().map(Value::from).collect();
    Ok(resource(plan, VNET_TYPE, vnet, Some(deps), props, s))
}
