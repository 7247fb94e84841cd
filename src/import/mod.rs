//! Import: existing Azure JSON to the same [`Model`] `.misec` files produce.
//!
//! Input: the text of an ARM deployment template (array or languageVersion
//! 2.0 `resources`, nested resources, inline nested deployments), the output
//! of `az network nsg show` / `az network route-table show` (with or without
//! `properties`), or a REST example (`{parameters, responses: {"200": {body}}}`).
//! Output: a `Model { origin: AzureJson, .. }` whose every item spans the JSON
//! text it came from, and E301 diagnostics for what cannot be read: invalid
//! JSON, JSON that is no Azure network configuration, and values that depend
//! on the deployment (those items are skipped, never guessed).
//!
//! Field names compare case-insensitively, as ARM does. Names built from
//! unknown parts use stand-ins (a parameter's own name), so references still
//! match; only values that matter to the checks are reported as unknown.

mod arm;
mod assemble;
mod decompile;
mod eval;
#[cfg(test)]
mod eval_tests;
mod expr;
mod funcs;
pub mod json;
mod network;
mod read;
pub mod recognise;
mod values;

use ipnet::IpNet;

use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::source::{FileId, Span};

pub use decompile::to_misec;

/// What the caller knows that the JSON may not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The prefix of the subnet that NSGs and route tables not associated
    /// with a subnet of the file are assumed to protect.
    pub subnet_prefix: Option<IpNet>,
}

/// The rule and route name prefix the platform reserves for its own entries.
pub const USE_ONLY_PREFIX: &str = "Microsoft.Sql-managedInstances_UseOnly_";

/// Reads one JSON file. Never fails: an unreadable file gives an empty model
/// and an E301.
pub fn import(file: FileId, text: &str, options: &ImportOptions) -> (Model, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let all = Span::new(file, 0, text.len());
    let empty = || assemble::model(file, all, arm::Found::default(), None);
    let root = match json::parse(file, text) {
        Ok(root) => root,
        Err(d) => return (empty(), vec![*d]),
    };
    let mut walker = arm::Walker {
        found: arm::Found::default(),
        diags: &mut diags,
        expanded: 0,
    };
    match shape(&root) {
        Shape::Template => {
            let scope = eval::Scope::new(&root, Vec::new());
            if let Some(resources) = root.get("resources") {
                walker.resources(&scope, resources, None);
            }
        }
        Shape::Resource(r) => {
            let scope = eval::Scope::empty();
            let list = json::Json {
                span: r.span,
                value: json::Value::Array(vec![r.clone()]),
            };
            walker.resources(&scope, &list, None);
        }
        Shape::Not(d) => return (empty(), vec![*d]),
    }
    let found = walker.found;
    let nothing = found.nsgs.is_empty()
        && found.route_tables.is_empty()
        && found.vnets.is_empty()
        && found.child_rules.is_empty()
        && found.child_routes.is_empty()
        && found.child_subnets.is_empty();
    if nothing {
        let span = root.get("resources").map_or(root.span, |r| r.span);
        let mut d = Diagnostic::new(
            "E301",
            span,
            "no network security group, route table or virtual network found",
        )
        .label("these resources declare none");
        d = match found.linked.first() {
            Some(link) => d
                .secondary(*link, "the network may be deployed by this linked template")
                .help("import the linked template file instead"),
            None => d.help("import the template that declares `Microsoft.Network/networkSecurityGroups` or `Microsoft.Network/routeTables`"),
        };
        diags.push(d);
    }
    let model = assemble::model(file, all, found, options.subnet_prefix);
    (model, diags)
}

enum Shape<'j, 'a> {
    Template,
    Resource(&'j json::Json<'a>),
    Not(Box<Diagnostic>),
}

fn shape<'j, 'a>(root: &'j json::Json<'a>) -> Shape<'j, 'a> {
    let expected = "expected an ARM deployment template, the output of `az network nsg show` or `az network route-table show`, or a REST response body";
    if !root.is_object() {
        let d = Diagnostic::new("E301", root.span, format!("this JSON is {}, not an Azure network configuration", root.kind()))
            .label(expected)
            .help("export the template with `az group export`, or save `az network nsg show --output json`");
        return Shape::Not(Box::new(d));
    }
    if root.get("resources").is_some() {
        return Shape::Template;
    }
    if let Some(responses) = root.get("responses").and_then(|r| r.as_object()) {
        if let Some(body) = responses
            .iter()
            .find_map(|m| m.value.get("body").filter(|b| b.is_object()))
        {
            return shape(body);
        }
    }
    if root.get("type").is_some()
        && (root.get("properties").is_some()
            || root.get("securityRules").is_some()
            || root.get("routes").is_some())
    {
        return Shape::Resource(root);
    }
    let mut d = Diagnostic::new(
        "E301",
        root.span,
        "this JSON is not an Azure network configuration",
    )
    .label(expected);
    if root.get("changeNumber").is_some() && root.get("values").is_some() {
        d = d
            .note("this looks like a service tags file (`ServiceTags_Public_*.json`)")
            .help("name it under `service-tags:` in `.misec.yaml` instead of importing it");
    } else {
        d = d.help("a template has a `resources` list; a resource from `az ... show` has `type` and `properties`");
    }
    Shape::Not(Box::new(d))
}

/// The profile an imported model most likely targets, and why (the CLI
/// prints the reason).
pub fn infer_profile(model: &Model) -> (&'static str, String) {
    for (_, subnet) in model.subnets() {
        if subnet.delegated.is_some() {
            return (
                "mi-2020-service-aided",
                format!(
                    "subnet `{}` is delegated to `Microsoft.Sql/managedInstances`",
                    subnet.name.value
                ),
            );
        }
    }
    for (_, subnet) in model.subnets() {
        let rules = subnet
            .nsg
            .iter()
            .flat_map(|n| n.rules.iter().map(|r| &r.name));
        let routes = subnet
            .route_table
            .iter()
            .flat_map(|t| t.routes.iter().map(|r| &r.name));
        if let Some(name) = rules
            .chain(routes)
            .find(|n| n.value.starts_with(USE_ONLY_PREFIX))
        {
            return (
                "mi-2020-service-aided",
                format!(
                    "`{}` is a name the service-aided platform gives its own entries",
                    name.value
                ),
            );
        }
    }
    (
        "mi-2020-manual",
        "no subnet is delegated to `Microsoft.Sql/managedInstances` and no rule or route carries the platform's names".to_string(),
    )
}
