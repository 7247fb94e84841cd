//! The deployment a template is evaluated for: parameter values (from an ARM
//! parameters file and `--param`) and the context values `--location`,
//! `--resource-group` and `--subscription` that `resourceGroup()`,
//! `subscription()` and `deployment()` read.
//!
//! Input: the text of a parameters file, `NAME=VALUE` flags, plain strings.
//! Output: [`Deployment`]; a parameters file that is not one is an E301 with
//! the span of the problem. Values are literal: ARM does not evaluate
//! expressions in parameters files; a Key Vault `reference` stays unknown.
//!
//! Invariant: what is not given is [`Val::Unknown`], never a made-up value.

use super::eval::{deferred, Val};
use super::json::{self, Json, Value};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// What a deployment supplies; everything is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deployment {
    /// Parameter values by name (later entries win: `--param` after the file).
    pub params: Vec<(String, Val)>,
    pub location: Option<String>,
    pub resource_group: Option<String>,
    pub subscription: Option<String>,
}

impl Deployment {
    /// Adds `--param NAME=VALUE`: VALUE is JSON when it parses as JSON, else
    /// a string. `Err` holds the message for a flag without `=`.
    pub fn add_flag(&mut self, flag: &str) -> Result<(), String> {
        let Some((name, value)) = flag.split_once('=') else {
            return Err(format!(
                "`--param {flag}` needs the form NAME=VALUE, e.g. `--param subnetPrefix=10.0.1.0/24`"
            ));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("`--param {flag}` has no parameter name before `=`"));
        }
        let v = match json::parse(FileId::default(), value) {
            Ok(j) => literal(&j),
            Err(_) => Val::Str(value.to_string()),
        };
        self.set(name, v);
        Ok(())
    }

    /// Reads an ARM parameters file (`{"parameters": {"n": {"value": …}}}`,
    /// with or without the deploymentParameters `$schema`, or the bare
    /// `{"n": {"value": …}}` object that `--parameters` also accepts).
    pub fn add_file(&mut self, file: FileId, text: &str) -> Result<(), Box<Diagnostic>> {
        let root = json::parse(file, text)?;
        let params = root.get("parameters").unwrap_or(&root);
        let Some(members) = params.as_object() else {
            return Err(Box::new(not_parameters(params.span, params.kind())));
        };
        for m in members {
            if root.get("parameters").is_none() && m.key.starts_with('$') {
                continue;
            }
            let v = match (m.value.get("value"), m.value.get("reference")) {
                (Some(v), _) => literal(v),
                (None, Some(r)) => deferred(
                    format!(
                        "parameter `{}` is read from a Key Vault at deployment",
                        m.key
                    ),
                    r.span,
                    &m.key,
                ),
                (None, None) => {
                    let d = Diagnostic::new(
                        "E301",
                        m.value.span,
                        format!("parameter `{}` has no `value`", m.key),
                    )
                    .label("expected `{\"value\": ...}`")
                    .help(format!("write `\"{}\": {{\"value\": ...}}`", m.key));
                    return Err(Box::new(d));
                }
            };
            self.set(&m.key, v);
        }
        Ok(())
    }

    fn set(&mut self, name: &str, v: Val) {
        self.params.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.params.push((name.to_string(), v));
    }

    /// `resourceGroup()`: what was given, the rest unknown.
    pub fn resource_group(&self, span: Span) -> Val {
        let name = self.resource_group.as_deref();
        let sub = self.subscription_id(span);
        let id = match (&sub, name) {
            (Val::Str(s), Some(n)) => Val::Str(format!("/subscriptions/{s}/resourceGroups/{n}")),
            _ => missing(
                span,
                "resourceGroup().id",
                "--subscription and --resource-group",
            ),
        };
        Val::Object(vec![
            ("id".into(), id),
            (
                "name".into(),
                name.map_or_else(
                    || missing(span, "resourceGroup().name", "--resource-group"),
                    |n| Val::Str(n.to_string()),
                ),
            ),
            (
                "type".into(),
                Val::Str("Microsoft.Resources/resourceGroups".into()),
            ),
            (
                "location".into(),
                self.location.as_ref().map_or_else(
                    || missing(span, "resourceGroup().location", "--location"),
                    |l| Val::Str(l.clone()),
                ),
            ),
        ])
    }

    /// `subscription()`.
    pub fn subscription(&self, span: Span) -> Val {
        let sub = self.subscription_id(span);
        let id = match &sub {
            Val::Str(s) => Val::Str(format!("/subscriptions/{s}")),
            other => other.clone(),
        };
        Val::Object(vec![
            ("id".into(), id),
            ("subscriptionId".into(), sub),
            (
                "tenantId".into(),
                missing(span, "subscription().tenantId", "a deployment"),
            ),
            (
                "displayName".into(),
                missing(span, "subscription().displayName", "a deployment"),
            ),
        ])
    }

    /// `deployment()`: its location is `--location`; the rest is unknown.
    pub fn deployment(&self, span: Span) -> Val {
        Val::Object(vec![
            (
                "name".into(),
                missing(span, "deployment().name", "a deployment"),
            ),
            (
                "location".into(),
                self.location.as_ref().map_or_else(
                    || missing(span, "deployment().location", "--location"),
                    |l| Val::Str(l.clone()),
                ),
            ),
            (
                "properties".into(),
                missing(span, "deployment().properties", "a deployment"),
            ),
        ])
    }

    fn subscription_id(&self, span: Span) -> Val {
        self.subscription.as_ref().map_or_else(
            || missing(span, "subscription().subscriptionId", "--subscription"),
            |s| Val::Str(s.clone()),
        )
    }
}

fn missing(span: Span, what: &str, flag: &str) -> Val {
    let why = if flag.starts_with("--") {
        format!("`{what}` is only known at deployment (give {flag})")
    } else {
        format!("`{what}` is only known at deployment")
    };
    deferred(why, span, &format!("@{what}"))
}

fn not_parameters(span: Span, kind: &str) -> Diagnostic {
    Diagnostic::new(
        "E301",
        span,
        format!("this parameters file holds {kind}, not parameter values"),
    )
    .label("expected `{\"parameters\": {\"NAME\": {\"value\": ...}}}`")
    .help("give an ARM parameters file, as `az deployment group create --parameters` takes it")
}

/// A JSON value as it is, without evaluating expressions.
pub fn literal(j: &Json) -> Val {
    match &j.value {
        Value::Null => Val::Null,
        Value::Bool(b) => Val::Bool(*b),
        Value::Number(n) => n.parse().map_or_else(|_| Val::Str(n.to_string()), Val::Int),
        Value::String(s) => Val::Str(s.to_string()),
        Value::Array(items) => Val::Array(items.iter().map(literal).collect()),
        Value::Object(members) => Val::Object(
            members
                .iter()
                .map(|m| (m.key.to_string(), literal(&m.value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_as_json_or_text() {
        let mut d = Deployment::default();
        d.add_flag("n=2").unwrap();
        d.add_flag("prefix=10.0.0.0/24").unwrap();
        d.add_flag("list=[\"a\",1]").unwrap();
        d.add_flag("N=3").unwrap();
        assert_eq!(
            d.params,
            vec![
                ("prefix".to_string(), Val::Str("10.0.0.0/24".into())),
                (
                    "list".to_string(),
                    Val::Array(vec![Val::Str("a".into()), Val::Int(1)])
                ),
                ("N".to_string(), Val::Int(3)),
            ]
        );
        assert!(d.add_flag("novalue").is_err());
        assert!(d.add_flag("=1").is_err());
    }

    #[test]
    fn parameters_files_in_both_shapes() {
        let mut d = Deployment::default();
        let file = r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
            "contentVersion": "1.0.0.0",
            "parameters": {"a": {"value": "x"}, "s": {"reference": {"keyVault": {"id": "k"}, "secretName": "p"}}}}"#;
        d.add_file(FileId::default(), file).unwrap();
        assert_eq!(d.params[0], ("a".to_string(), Val::Str("x".into())));
        assert!(matches!(&d.params[1].1, Val::Unknown(u) if u.why.contains("Key Vault")));
        d.add_file(FileId::default(), r#"{"a": {"value": 5}}"#)
            .unwrap();
        assert_eq!(d.params.last(), Some(&("a".to_string(), Val::Int(5))));
        let bad = d.add_file(FileId::default(), r#"{"parameters": {"a": 1}}"#);
        assert!(bad.is_err_and(|e| e.message.contains("has no `value`")));
        assert!(d.add_file(FileId::default(), "[1]").is_err());
    }

    #[test]
    fn context_values_are_known_only_when_given() {
        let mut d = Deployment::default();
        let rg = d.resource_group(Span::default());
        let Val::Object(m) = rg else { panic!() };
        assert!(matches!(&m[3].1, Val::Unknown(u) if u.why.contains("--location")));
        d.location = Some("westeurope".into());
        d.resource_group = Some("rg1".into());
        d.subscription = Some("sub".into());
        let Val::Object(m) = d.resource_group(Span::default()) else {
            panic!()
        };
        assert_eq!(
            m[0].1,
            Val::Str("/subscriptions/sub/resourceGroups/rg1".into())
        );
        assert_eq!(m[3].1, Val::Str("westeurope".into()));
    }
}
