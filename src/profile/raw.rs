//! The profile YAML as written (serde, unknown keys denied) and the
//! diagnostics for YAML that serde_yaml cannot read.
//!
//! Input: YAML text. Output: [`RawProfile`] for `check`, or one E202
//! diagnostic at the location serde_yaml reports.

use serde::Deserialize;
use serde_yaml::Value;

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::source::{FileId, Span};

pub use super::check::check;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub name: String,
    pub summary: String,
    /// Which dates the era covers and what changed at its ends.
    #[serde(default)]
    pub covers: Option<String>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    pub api_version: String,
    pub subnet: RawSubnet,
    pub platform_provisioned: bool,
    pub mandatory_first: bool,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub inbound: Vec<RawRule>,
    #[serde(default)]
    pub outbound: Vec<RawRule>,
    #[serde(default)]
    pub routes: Vec<RawRoute>,
    #[serde(default)]
    pub route_lists: Vec<RawRouteList>,
    pub ports: RawPorts,
    /// Global peering depends on when the subnet was created (MI301).
    #[serde(default)]
    pub global_peering: Option<RawGlobalPeering>,
    /// The addresses instances need (MI009).
    #[serde(default)]
    pub sizing: Option<RawSizing>,
    /// The era can no longer be deployed (MI010).
    #[serde(default)]
    pub ended: Option<RawEnded>,
}

/// Global peering fails for subnets created before `fails_before` and
/// works for those created on or after `works_from`; between the two the
/// documents disagree.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGlobalPeering {
    pub fails_before: String,
    pub works_from: String,
    pub source: Option<String>,
}

/// `required` addresses are what the instances occupy (fewer is an error);
/// `recommended` adds room to scale (fewer is a warning).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSizing {
    pub required: RawFormula,
    pub recommended: Option<RawFormula>,
    pub source: Option<String>,
}

/// reserved + general_purpose·GP + business_critical·BC + per_group·groups
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFormula {
    pub reserved: u32,
    pub general_purpose: u32,
    pub business_critical: u32,
    #[serde(default)]
    pub per_group: u32,
}

/// From `date` the era's configuration can no longer be deployed; `what`
/// says why, in a message's words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEnded {
    pub date: String,
    pub what: String,
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub document: Option<String>,
    pub section: Option<String>,
    pub template: Option<String>,
    pub commit: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubnet {
    pub min_addresses: u32,
    pub recommended_addresses: u32,
    pub delegation_required: bool,
    pub service_endpoints_allowed: bool,
    pub nat_gateway_allowed: bool,
    pub ipv6_allowed: bool,
    pub global_peering_allowed: bool,
    pub microsoft_peering_allowed: bool,
    pub default_route_must_be_internet: bool,
    pub platform_dns_required: bool,
    #[serde(default = "required")]
    pub nsg_required: bool,
    #[serde(default = "required")]
    pub route_table_required: bool,
}

/// What a profile file that does not say requires: every era needs both.
fn required() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub name: String,
    pub description: Option<String>,
    pub priority: i64,
    #[serde(default = "allow")]
    pub access: String,
    pub protocol: String,
    pub from: Vec<String>,
    pub to: Vec<String>,
    /// Destination ports; numbers or strings (`"11000-11999"`, `"*"`).
    #[serde(default = "any_port")]
    pub ports: Vec<Value>,
    #[serde(default = "any_port")]
    pub from_ports: Vec<Value>,
    #[serde(default)]
    pub single_rule: bool,
    #[serde(default)]
    pub optional: bool,
    /// Where the requirement comes from.
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoute {
    pub name: String,
    pub prefix: String,
    pub next_hop: String,
    #[serde(default)]
    pub optional: bool,
    pub source: Option<String>,
}

/// The client and feature ports; numbers or strings (`1433`,
/// `"11000-11999"`), checked by `check_ports`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPorts {
    pub tds: Value,
    pub redirect: Value,
    pub replication: Value,
    pub public_endpoint: Value,
    /// Auto-failover group replication between the partner subnets, both
    /// directions (MI111); absent: not checked.
    #[serde(default)]
    pub failover_group: Option<Vec<Value>>,
    /// Where the ports come from.
    pub source: Option<String>,
}

/// Many routes with one next hop and one source, one `NAME PREFIX` per line
/// of `table` (a literal block); `name_prefix` goes in front of every name.
/// Long lists parse several times faster this way than as mappings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRouteList {
    pub next_hop: String,
    #[serde(default)]
    pub name_prefix: String,
    #[serde(default)]
    pub optional: bool,
    pub source: Option<String>,
    pub table: String,
}

fn allow() -> String {
    "allow".into()
}

fn any_port() -> Vec<Value> {
    vec![Value::String("*".into())]
}

/// The text of a port element, or `None` for something that is no port.
pub fn port_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// Byte offset of serde_yaml's one-based line and column (in characters).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let rest = text.get(line_start..).unwrap_or("");
    let in_line = rest
        .char_indices()
        .take_while(|&(_, c)| c != '\n')
        .nth(column.saturating_sub(1))
        .map_or_else(|| rest.find('\n').unwrap_or(rest.len()), |(i, _)| i);
    line_start + in_line
}

/// E202 for YAML serde_yaml rejects: bad syntax, an unknown key, a wrong
/// type or a missing key.
pub fn serde_diagnostic(file: FileId, text: &str, err: &serde_yaml::Error) -> Diagnostic {
    let at = err
        .location()
        .map_or(0, |loc| offset_of(text, loc.line(), loc.column()));
    let end = text
        .get(at..)
        .unwrap_or("")
        .find(['\n', ':', ','])
        .map_or(text.len(), |n| at + n.max(1));
    let span = Span::new(file, at, end.min(text.len()).max(at));
    let full = err.to_string();
    // serde_yaml appends " at line L column C"; the label already shows it
    let message = full.split(" at line ").next().unwrap_or(&full);
    if let Some(d) = unknown_key(span, message) {
        return d;
    }
    let (path, what) = match message.split_once(": ") {
        Some((path, what)) if !path.contains(' ') => (Some(path), what),
        _ => (None, message),
    };
    let mut d = Diagnostic::new("E202", span, format!("invalid profile: {what}")).label("here");
    if let Some(path) = path {
        d = d.note(format!("at `{path}` in the profile"));
    }
    if path.is_none() && what.starts_with("missing field `ports`") {
        // profile files written before the section existed
        return d.help(
            "add the ports the lints ask about, as the built-in profiles give them: \
             `ports: {tds: \"1433\", redirect: \"11000-11999\", replication: \"445\", \
             public_endpoint: \"3342\", source: \"where these come from\"}`",
        );
    }
    d.help("`misec profiles mi-2020-service-aided` shows a profile's requirements; its YAML is a model to follow")
}

/// serde's "unknown field `x`, expected one of `a`, `b`" as a diagnostic
/// with a "did you mean".
fn unknown_key(span: Span, message: &str) -> Option<Diagnostic> {
    let rest = message.split("unknown field `").nth(1)?;
    let (key, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest
        .split("expected one of ")
        .nth(1)
        .or_else(|| rest.split("expected ").nth(1))
        .map(|list| {
            list.split(", ")
                .map(|k| k.trim().trim_matches('`'))
                .filter(|k| !k.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let help = match did_you_mean(key, expected.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if expected.is_empty() => "remove this key".to_string(),
        None => format!("the keys allowed here are `{}`", expected.join("`, `")),
    };
    Some(
        Diagnostic::new("E202", span, format!("unknown key `{key}` in the profile"))
            .label("not a profile key here")
            .help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_lines_and_characters() {
        let text = "a: 1\nçé: x\n";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 3), 9);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }
}
