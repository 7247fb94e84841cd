//! REST bodies: one per NSG and route table, as `PUT` takes it and
//! `az network nsg show` / `az network route-table show` return it
//! (`{"location": ..., "properties": {...}}`), named `<resource-name>.json`.
//!
//! Input: a [`Plan`] and the Azure region. Output: `(file name, text)` pairs,
//! NSGs first, then route tables, in plan order. Resource names become file
//! names, so only Azure's name characters are accepted (no `/`, no `..`), and
//! two names that differ only in case (one file on Windows or macOS) clash.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::error::{EmitError, EmitErrorKind};
use super::plan::Plan;
use super::route::route_table_properties;
use super::rule::security_rules;
use super::{to_text, Strings};

/// One body per resource; `location` is the Azure region (`westeurope`).
pub fn rest(plan: &Plan, location: &str) -> Result<Vec<(String, String)>, Vec<EmitError>> {
    let s = Strings { arm: false };
    let mut errors = Vec::new();
    let mut bodies: Vec<(String, Map<String, Value>)> = Vec::new();
    for nsg in &plan.nsgs {
        match security_rules(nsg, &s) {
            Ok(rules) => {
                let mut props = Map::new();
                props.insert("securityRules".into(), Value::Array(rules));
                bodies.push((nsg.name.clone(), props));
            }
            Err(e) => errors.extend(e),
        }
    }
    for table in &plan.route_tables {
        match route_table_properties(table, &s) {
            Ok(props) => bodies.push((table.name.clone(), props)),
            Err(e) => errors.extend(e),
        }
    }
    let mut files = BTreeSet::new();
    let all_names = plan.nsgs.iter().map(|n| &n.name);
    for name in all_names.chain(plan.route_tables.iter().map(|t| &t.name)) {
        if !safe_file_name(name) {
            let kind = EmitErrorKind::UnsafeFileName { name: name.clone() };
            errors.push(EmitError::new(name, kind));
        } else if !files.insert(name.to_lowercase()) {
            let kind = EmitErrorKind::FileNameTaken {
                file: format!("{name}.json"),
            };
            errors.push(EmitError::new(name, kind));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Vec::with_capacity(bodies.len());
    for (name, props) in bodies {
        let mut body = Map::new();
        body.insert("location".into(), location.into());
        body.insert("properties".into(), Value::Object(props));
        out.push((
            format!("{name}.json"),
            to_text(&name, &Value::Object(body))?,
        ));
    }
    Ok(out)
}

/// Azure's name characters, starting with a letter or digit: never a path.
fn safe_file_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}
