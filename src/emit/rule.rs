//! NSG security rules in Azure's shape, splitting what one Azure rule cannot
//! hold.
//!
//! Input: one [`PlannedNsg`]. Output: the `securityRules` array, in plan
//! order, or every problem found.
//!
//! Azure takes one service tag per side, never a tag mixed with prefixes in
//! the plural field, and never IPv4 and IPv6 prefixes in one rule
//! (`ResourceCannotContainAddressPrefixesFromDifferentAddressFamilies`). So a
//! side is cut into groups, in order of first appearance: `*` (when any
//! element is `any`, the side is `*`), each tag alone, the IPv4 prefixes
//! together, the IPv6 prefixes together. The rule becomes one Azure rule per
//! (source group, destination group) pair, source-major, skipping IPv4×IPv6
//! pairs (they match no packet). Part k (from 0) is named `name` for k = 0 and
//! `name-{k+1}` after, with priority `priority + k`. Every emitted priority
//! must then be unique per direction and every name unique in the NSG
//! (case-insensitively); a clash is an error, never silently emitted.

use std::collections::BTreeMap;

use ipnet::IpNet;
use serde_json::{Map, Value};

use super::error::{EmitError, EmitErrorKind};
use super::plan::{PlannedNsg, PlannedRule};
use super::Strings;
use crate::model::priority::{MAX, MIN};
use crate::model::{Access, Address, AddressItem, Direction, PortItem};
use crate::source::Span;

/// Azure's limit on rules in one NSG (mandatory rules included).
const MAX_RULES: usize = 1000;
/// Azure's limit on a rule or route name.
const MAX_NAME: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    V4,
    V6,
}

pub(super) enum Group<'a> {
    Any,
    Tag(&'a str),
    Prefixes(Family, Vec<&'a IpNet>),
}

impl Group<'_> {
    fn family(&self) -> Option<Family> {
        match self {
            Group::Prefixes(f, _) => Some(*f),
            _ => None,
        }
    }
}

pub(super) fn groups(items: &[AddressItem]) -> Vec<Group<'_>> {
    if items.iter().any(|i| i.address == Address::Any) {
        return vec![Group::Any];
    }
    let mut out: Vec<Group<'_>> = Vec::new();
    for item in items {
        match &item.address {
            Address::Any => {}
            Address::Tag(tag) => out.push(Group::Tag(tag)),
            Address::Prefix(net) => {
                let fam = match net {
                    IpNet::V4(_) => Family::V4,
                    IpNet::V6(_) => Family::V6,
                };
                let existing = out.iter_mut().find_map(|g| match g {
                    Group::Prefixes(f, nets) if *f == fam => Some(nets),
                    _ => None,
                });
                match existing {
                    Some(nets) => nets.push(net),
                    None => out.push(Group::Prefixes(fam, vec![net])),
                }
            }
        }
    }
    out
}

/// Sets `<key>` (one value) or `<key>es` (several) on `props`.
fn put_addresses(props: &mut Map<String, Value>, key: &str, group: &Group<'_>, s: &Strings) {
    match group {
        Group::Any => {
            props.insert(key.to_string(), Value::from("*"));
        }
        Group::Tag(tag) => {
            props.insert(key.to_string(), s.lit(tag));
        }
        Group::Prefixes(_, nets) => match nets.as_slice() {
            [one] => {
                props.insert(key.to_string(), Value::from(one.to_string()));
            }
            many => {
                let list = many.iter().map(|n| Value::from(n.to_string())).collect();
                props.insert(format!("{key}es"), Value::Array(list));
            }
        },
    }
}

/// The port field value(s): `*`, `"443"`, `"11000-11999"`.
fn port_values(ports: &[PortItem]) -> Vec<String> {
    if ports.iter().any(|p| p.range.is_any()) {
        return vec!["*".to_string()];
    }
    ports
        .iter()
        .map(|p| match p.range.lo == p.range.hi {
            true => p.range.lo.to_string(),
            false => format!("{}-{}", p.range.lo, p.range.hi),
        })
        .collect()
}

fn put_ports(props: &mut Map<String, Value>, key: &str, ports: &[String]) {
    match ports {
        [one] => {
            props.insert(key.to_string(), Value::from(one.as_str()));
        }
        many => {
            let list = many.iter().map(|p| Value::from(p.as_str())).collect();
            props.insert(format!("{key}s"), Value::Array(list));
        }
    }
}

/// The (source group, destination group) pairs that become Azure rules,
/// source-major, without IPv4×IPv6 pairs.
pub(super) fn side_pairs<'g, 'a>(
    src: &'g [Group<'a>],
    dst: &'g [Group<'a>],
) -> Vec<(&'g Group<'a>, &'g Group<'a>)> {
    src.iter()
        .flat_map(|a| dst.iter().map(move |b| (a, b)))
        .filter(|(a, b)| match (a.family(), b.family()) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        })
        .collect()
}

/// One emitted Azure rule and where it came from, for the clash checks.
struct Part {
    name: String,
    direction: Direction,
    priority: u32,
    source_rule: String,
    span: Span,
    value: Value,
}

/// Checks a rule's fields the model guarantees but a plan might break.
fn check_fields(nsg: &str, planned: &PlannedRule, errors: &mut Vec<EmitError>) -> bool {
    let rule = &planned.rule;
    let name = &rule.name.value;
    let before = errors.len();
    let fields: [(&'static str, bool); 4] = [
        ("source", rule.source.is_empty()),
        ("destination", rule.destination.is_empty()),
        ("source ports", rule.source_ports.is_empty()),
        ("destination ports", rule.destination_ports.is_empty()),
    ];
    for (field, empty) in fields {
        if empty {
            let kind = EmitErrorKind::EmptyField {
                rule: name.clone(),
                field,
            };
            errors.push(EmitError::new(nsg, kind).at(rule.span));
        }
    }
    for p in rule.source_ports.iter().chain(&rule.destination_ports) {
        if p.range.lo > p.range.hi {
            let kind = EmitErrorKind::InvalidPortRange {
                rule: name.clone(),
                lo: p.range.lo,
                hi: p.range.hi,
            };
            errors.push(EmitError::new(nsg, kind).at(p.span));
        }
    }
    errors.len() == before
}

fn parts(nsg: &str, planned: &PlannedRule, s: &Strings, errors: &mut Vec<EmitError>) -> Vec<Part> {
    let rule = &planned.rule;
    let name = &rule.name.value;
    let src = groups(&rule.source);
    let dst = groups(&rule.destination);
    let pairs = side_pairs(&src, &dst);
    if pairs.is_empty() {
        let kind = EmitErrorKind::NoCommonAddressFamily { rule: name.clone() };
        errors.push(EmitError::new(nsg, kind).at(rule.span));
        return Vec::new();
    }
    let src_ports = port_values(&rule.source_ports);
    let dst_ports = port_values(&rule.destination_ports);
    let mut out = Vec::with_capacity(pairs.len());
    for (k, (a, b)) in pairs.into_iter().enumerate() {
        let part_name = match k {
            0 => name.clone(),
            _ => format!("{name}-{}", k + 1),
        };
        if k > 0 && part_name.chars().count() > MAX_NAME {
            let kind = EmitErrorKind::NameTooLong { name: part_name };
            errors.push(EmitError::new(nsg, kind).at(rule.span));
            continue;
        }
        let priority = planned.priority.saturating_add(k as u32);
        if !(MIN..=MAX).contains(&priority) {
            let kind = EmitErrorKind::PriorityOutOfRange {
                rule: part_name,
                priority,
            };
            errors.push(EmitError::new(nsg, kind).at(rule.span));
            continue;
        }
        let mut props = Map::new();
        if let Some(d) = &rule.description {
            props.insert("description".into(), s.lit(&d.value));
        }
        props.insert("protocol".into(), rule.protocol.value.azure_name().into());
        put_ports(&mut props, "sourcePortRange", &src_ports);
        put_ports(&mut props, "destinationPortRange", &dst_ports);
        put_addresses(&mut props, "sourceAddressPrefix", a, s);
        put_addresses(&mut props, "destinationAddressPrefix", b, s);
        let access = match rule.access.value {
            Access::Allow => "Allow",
            Access::Deny => "Deny",
        };
        props.insert("access".into(), access.into());
        props.insert("priority".into(), priority.into());
        let direction = match rule.direction {
            Direction::Inbound => "Inbound",
            Direction::Outbound => "Outbound",
        };
        props.insert("direction".into(), direction.into());
        let mut obj = Map::new();
        obj.insert("name".into(), s.lit(&part_name));
        obj.insert("properties".into(), Value::Object(props));
        out.push(Part {
            name: part_name,
            direction: rule.direction,
            priority,
            source_rule: name.clone(),
            span: rule.span,
            value: Value::Object(obj),
        });
    }
    out
}

/// The `securityRules` array of one NSG.
pub(crate) fn security_rules(nsg: &PlannedNsg, s: &Strings) -> Result<Vec<Value>, Vec<EmitError>> {
    let mut errors = Vec::new();
    let mut all = Vec::new();
    for planned in &nsg.rules {
        if check_fields(&nsg.name, planned, &mut errors) {
            all.extend(parts(&nsg.name, planned, s, &mut errors));
        }
    }
    let mut priorities: BTreeMap<(Direction, u32), &Part> = BTreeMap::new();
    let mut names: BTreeMap<String, &Part> = BTreeMap::new();
    for part in &all {
        if let Some(prev) = priorities.insert((part.direction, part.priority), part) {
            let kind = EmitErrorKind::PriorityTaken {
                rule: part.name.clone(),
                other: prev.name.clone(),
                priority: part.priority,
                direction: part.direction,
            };
            let err = EmitError::new(&nsg.name, kind).at(part.span);
            errors.push(err.with_other(prev.span));
        }
        if let Some(prev) = names.insert(part.name.to_lowercase(), part) {
            let kind = EmitErrorKind::NameTaken {
                name: part.name.clone(),
                rule: part.source_rule.clone(),
            };
            let err = EmitError::new(&nsg.name, kind).at(part.span);
            errors.push(err.with_other(prev.span));
        }
    }
    if all.len() > MAX_RULES {
        let kind = EmitErrorKind::TooManyRules { count: all.len() };
        errors.push(EmitError::new(&nsg.name, kind));
    }
    match errors.is_empty() {
        true => Ok(all.into_iter().map(|p| p.value).collect()),
        false => Err(errors),
    }
}
