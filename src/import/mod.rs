//! Import: existing Azure JSON to the same [`Model`] `.misec` files produce.
//!
//! Input: the text of an ARM deployment template (array or languageVersion
//! 2.0 `resources`, nested resources, nested deployments and modules), the
//! output of `az network nsg show` / `az network route-table show` (with or
//! without `properties`), or a REST example (`{parameters, responses:
//! {"200": {body}}}`), and the deployment's values ([`ImportOptions`]).
//! Output: a `Model { origin: AzureJson, .. }` whose every item spans the JSON
//! text it came from, and diagnostics: E301 for what cannot be read (invalid
//! JSON, JSON that is no Azure network configuration, a value a field does
//! not take), E302 for a resource defined twice, E303 (a warning) for a
//! value only the deployment knows. Items that need an unknown value are
//! skipped, never guessed.
//!
//! Field names compare case-insensitively, as ARM does. Names built from
//! unknown parts use stand-ins (a parameter's own name; `…` for a value of
//! the deployment), so references still match; only values that matter to
//! the checks are reported as unknown.

mod arm;
mod assemble;
mod bare;
mod decompile;
pub mod deploy;
mod eval;
mod eval_expr;
#[cfg(test)]
mod eval_tests;
mod evidence;
mod evidence_match;
mod expr;
mod fields;
mod funcs;
mod infer;
pub mod json;
mod json_fast;
#[cfg(test)]
mod json_fast_tests;
mod lambda;
pub mod merge;
mod nested;
mod network;
pub mod partial;
mod read;
pub mod recognise;
mod user_funcs;
mod values;

use ipnet::IpNet;

use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::source::{FileId, Span, Spanned};

pub use decompile::to_misec;
pub use infer::infer_profile;

/// What the caller knows that the JSON may not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The prefix of the subnet that NSGs and route tables not associated
    /// with a subnet of the file are assumed to protect.
    pub subnet_prefix: Option<IpNet>,
    /// Parameter values and context values (`--parameters`, `--param`,
    /// `--location`, `--resource-group`, `--subscription`).
    pub deployment: deploy::Deployment,
}

/// The rule and route name prefix the platform reserves for its own entries.
pub const USE_ONLY_PREFIX: &str = "Microsoft.Sql-managedInstances_UseOnly_";

/// Reads one JSON file. Never fails: an unreadable file gives an empty model
/// and an E301.
pub fn import(file: FileId, text: &str, options: &ImportOptions) -> (Model, Vec<Diagnostic>) {
    let (model, diags, _) = read_file(file, text, options, None);
    (model, diags)
}

/// [`import`] of a file whose name is `path` (as given): a REST body, which
/// holds neither `type` nor `name`, is recognised by its shape and named
/// after the file (`sqlmi-nsg.json` holds NSG `sqlmi-nsg`). A template's
/// `metadata.misec.profile` (written by `misec build`) becomes the model's
/// `profile`, spanning the value. Unlike [`import`], says what it found out
/// about the subnet of each bare NSG and route table (IMP001, IMP002), as
/// `check`, `import` and `query` report it.
pub fn import_named(
    file: FileId,
    text: &str,
    options: &ImportOptions,
    path: Option<&str>,
) -> (Model, Vec<Diagnostic>) {
    let (model, mut diags, findings) = read_file(file, text, options, path);
    // a file read only in part (E301) is not checked, which its error says;
    // a finding per NSG it did read would only repeat that
    if !diags.iter().any(|d| d.code == "E301") {
        diags.extend(findings.iter().map(subnet_finding));
    }
    (model, diags)
}

fn read_file(
    file: FileId,
    text: &str,
    options: &ImportOptions,
    path: Option<&str>,
) -> (Model, Vec<Diagnostic>, Vec<assemble::Finding>) {
    let mut diags = Vec::new();
    let all = Span::new(file, 0, text.len());
    let empty = || assemble::model(file, all, arm::Found::default(), None, &[]).0;
    let root = match json::parse(file, text) {
        Ok(root) => root,
        Err(d) => return (empty(), vec![*d], Vec::new()),
    };
    let mut walker = arm::Walker {
        found: arm::Found::default(),
        diags: &mut diags,
        defined: std::collections::BTreeMap::new(),
        template: 0,
        templates: 1,
        expanded: 0,
    };
    let mut profile = None;
    match shape(&root) {
        Shape::Template => {
            profile = root
                .path(&["metadata", "misec", "profile"])
                .and_then(|p| p.as_str().map(|s| Spanned::new(s.to_string(), p.span)));
            let scope = eval::Scope::new(
                &root,
                options.deployment.params.clone(),
                &options.deployment,
            );
            if let Some(resources) = root.get("resources") {
                walker.resources(&scope, resources, None);
            }
        }
        Shape::Body(kind) => {
            let scope = eval::Scope::empty();
            let r = named_body(&root, kind, path);
            let list = json::Json {
                span: r.span,
                value: json::Value::Array(vec![r]),
            };
            walker.resources(&scope, &list, None);
        }
        Shape::Resource(r) => {
            let scope = eval::Scope::empty();
            let list = json::Json {
                span: r.span,
                value: json::Value::Array(vec![r.clone()]),
            };
            walker.resources(&scope, &list, None);
        }
        Shape::Not(d) => return (empty(), vec![*d], Vec::new()),
    }
    let found = walker.found;
    partial::adopt(&found, &mut diags);
    partial::priorities(&found, &mut diags);
    let nothing = found.nsgs.is_empty()
        && found.route_tables.is_empty()
        && found.vnets.is_empty()
        && found.child_rules.is_empty()
        && found.child_routes.is_empty()
        && found.child_subnets.is_empty();
    // misec's own template of a file without subnets holds nothing, truly
    let own = root.path(&["metadata", "misec"]).is_some();
    if nothing && !own {
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
    let known = metadata_subnets(&root);
    let (mut model, findings) = assemble::model(file, all, found, options.subnet_prefix, &known);
    model.profile = profile;
    // read here, where the tree is parsed, so that era inference need not
    // parse the text again
    model.api_version = evidence::network_api_version(&root);
    (model, diags, findings)
}

/// `metadata.misec.subnets` of misec's own templates: the prefix each NSG
/// and route table protects, by resource name (lowercase).
fn metadata_subnets(root: &json::Json) -> Vec<(String, bare::Inference)> {
    let Some(members) = root
        .path(&["metadata", "misec", "subnets"])
        .and_then(|j| j.as_object())
    else {
        return Vec::new();
    };
    members
        .iter()
        .filter_map(|m| {
            let prefix = m.value.as_str()?.parse().ok()?;
            let why = "misec's metadata gives it".to_string();
            let span = m.value.span;
            Some((m.key.to_lowercase(), bare::Inference { prefix, span, why }))
        })
        .collect()
}

/// IMP001 where the subnet of a bare NSG or route table was inferred, IMP002
/// (naming the checks not made) where nothing says what it is.
fn subnet_finding(f: &assemble::Finding) -> Diagnostic {
    match &f.inference {
        Some(i) => Diagnostic::new(
            "IMP001",
            i.span,
            format!(
                "{} is checked as protecting subnet `{}`, inferred from the file",
                f.subject, i.prefix
            ),
        )
        .label(format!("{}: `{}`", i.why, i.prefix))
        .note("the file holds no subnet: the mandatory rules and routes are checked for this prefix")
        .help("give the prefix with `--subnet-prefix CIDR` if it is another"),
        None => Diagnostic::new(
            "IMP002",
            f.span,
            format!(
                "the subnet {} protects is not known: its mandatory rules and routes were not checked",
                f.subject
            ),
        )
        .label("no subnet in the file uses it, and no rule or route name spells one")
        .note("not checked without the subnet's prefix: the mandatory rules (MI101-MI104) and routes (MI201-MI203), and every check of traffic to or from `subnet`")
        .help("give the subnet's prefix with `--subnet-prefix CIDR`, or check the template that also declares the subnet"),
    }
}

enum Shape<'j, 'a> {
    Template,
    Resource(&'j json::Json<'a>),
    /// A REST body without `type`: the resource type its shape shows.
    Body(&'static str),
    Not(Box<Diagnostic>),
}

/// A REST body with the `type` its shape shows and, when it has none, the
/// name of its file.
fn named_body<'a>(root: &json::Json<'a>, kind: &'static str, path: Option<&str>) -> json::Json<'a> {
    let mut out = root.clone();
    let stem = path
        .map(std::path::Path::new)
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned());
    let string = |s: String| json::Json {
        span: root.span,
        value: json::Value::String(std::borrow::Cow::Owned(s)),
    };
    if let json::Value::Object(members) = &mut out.value {
        let member = |key: &'static str, value| json::Member {
            key: std::borrow::Cow::Borrowed(key),
            key_span: root.span,
            value,
        };
        members.push(member("type", string(kind.to_string())));
        if root.get("name").is_none() {
            let name = stem.unwrap_or_else(|| "imported".to_string());
            members.push(member("name", string(name)));
        }
    }
    out
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
    // a REST body (`PUT`'s, or misec's `--target rest`): no `type`, the
    // resource shows by what its properties hold
    if root.get("type").is_none() {
        let p = read::props(root);
        let list = |key| p.get(key).is_some_and(|j| j.as_array().is_some());
        if list("securityRules") {
            return Shape::Body("Microsoft.Network/networkSecurityGroups");
        }
        if list("routes") {
            return Shape::Body("Microsoft.Network/routeTables");
        }
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
