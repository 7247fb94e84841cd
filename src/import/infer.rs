//! Which era (profile) an imported file targets, from evidence, all of it,
//! and stated.
//!
//! Input: the imported model, the JSON text it came from, and the built-in
//! profiles. Output: a profile name and a sentence that says which evidence
//! decided and which evidence disagreed.
//!
//! The evidence, strongest first:
//! 1. misec's own metadata (`metadata.misec.profile`, written by `misec
//!    build`): the file says which profile it was built for.
//! 2. What the file carries, compared with each profile's own data: a rule
//!    that allows exactly the traffic of a profile's mandatory rule, a rule or
//!    route under the platform's reserved name of a profile (its `-vN` suffix
//!    included), a route with a profile's prefix and next hop. An entry that
//!    several profiles share counts for each of them in part (1/k), so only
//!    what tells eras apart decides.
//! 3. Delegation: a delegated subnet is under the platform's intent policy,
//!    whatever its rules say, so only service-aided profiles remain.
//! 4. `apiVersion` of the `Microsoft.Network` resources: the template was
//!    written no earlier than that version; the era current then breaks ties.
//!
//! No era is named in Rust: a new profile file is learned from its data.

use std::collections::BTreeSet;

use ipnet::IpNet;

use super::{json, USE_ONLY_PREFIX};
use crate::flow::{self, build};
use crate::model::{Address, Model, Route, SecurityRule, SubnetKind};
use crate::profile::{self, Profile};
use crate::source::Sources;

/// The profile an imported model most likely targets, and why (the CLI
/// prints the reason).
pub fn infer_profile(model: &Model, text: &str, sources: &mut Sources) -> (String, String) {
    let profiles: Vec<Profile> = profile::builtin_names()
        .iter()
        .filter_map(|n| profile::load_builtin(n, sources).and_then(Result::ok))
        .collect();
    let root = (text.contains("misec") || text.contains("apiVersion"))
        .then(|| json::parse(model.file, text).ok())
        .flatten();
    let meta = root.as_ref().and_then(metadata_profile);
    let api = root.as_ref().and_then(network_api_version);
    let scores = content_scores(model, &profiles);
    let delegated = delegation(model);
    let known = meta
        .as_deref()
        .filter(|name| profiles.iter().any(|p| p.name == *name));
    let unknown = meta.as_deref().filter(|_| known.is_none());
    let (name, reason) = decide(&profiles, &scores, delegated, api.as_deref(), unknown);
    match known {
        Some(meta) => {
            let mut stated =
                format!("from misec's metadata (`metadata.misec.profile` is `{meta}`)");
            if name != meta {
                stated.push_str(&format!(
                    "; conflicting evidence: without it the file would be `{name}` ({reason})"
                ));
            }
            (meta.to_string(), stated)
        }
        None => (name, reason),
    }
}

/// Per profile: the weighted count of file entries it explains, and what
/// they were (for the reason).
struct Score {
    weight: f64,
    entries: usize,
}

fn decide(
    profiles: &[Profile],
    scores: &[Score],
    delegated: Option<bool>,
    api: Option<&str>,
    meta: Option<&str>,
) -> (String, String) {
    let mut said = Vec::new();
    if let Some(name) = meta {
        said.push(format!(
            "misec's metadata names `{name}`, which is no built-in profile"
        ));
    }
    let by_api = api.and_then(|v| era_of_api(profiles, v, |_| true));
    let candidates: Vec<usize> = (0..profiles.len())
        .filter(|&i| delegated != Some(true) || profiles[i].platform_provisioned)
        .collect();
    let best_of = |set: &[usize]| -> Option<usize> {
        set.iter()
            .copied()
            .filter(|&i| scores[i].weight > 0.0)
            .max_by(|&a, &b| {
                let key = |i: usize| (scores[i].weight, by_api == Some(i), usize::MAX - i);
                key(a)
                    .partial_cmp(&key(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
    };
    let all: Vec<usize> = (0..profiles.len()).collect();
    let overall = best_of(&all);
    let chosen = best_of(&candidates);
    let api_text = |v: &str| format!("the `Microsoft.Network` apiVersion `{v}`");
    let (index, decided) = match (chosen, delegated) {
        (Some(i), Some(true)) => {
            if let Some(o) = overall.filter(|&o| o != i) {
                said.push(format!(
                    "the rules and routes are most like `{}`'s, but the subnet is delegated to `Microsoft.Sql/managedInstances`, so the platform's intent policy applies",
                    profiles[o].name
                ));
            }
            (
                i,
                content_reason(&profiles[i], &scores[i], "and the subnet's delegation"),
            )
        }
        (Some(i), _) => {
            if delegated == Some(false) && profiles[i].subnet.delegation_required {
                said.push(format!(
                    "no subnet is delegated to `Microsoft.Sql/managedInstances`, which `{}` requires",
                    profiles[i].name
                ));
            }
            (i, content_reason(&profiles[i], &scores[i], ""))
        }
        (None, _) => {
            if let Some(o) = overall {
                said.push(format!(
                    "the rules and routes are most like `{}`'s, but the subnet is delegated to `Microsoft.Sql/managedInstances`, so the platform's intent policy applies",
                    profiles[o].name
                ));
            }
            // nothing the file carries tells eras apart: delegation and the
            // apiVersion decide, else the last era without delegation
            let fits = |p: &Profile| match delegated {
                Some(true) => p.platform_provisioned,
                _ => !p.subnet.delegation_required,
            };
            let pick = api
                .and_then(|v| era_of_api(profiles, v, fits))
                .or_else(|| {
                    let set: Vec<usize> = (0..profiles.len())
                        .filter(|&i| fits(&profiles[i]))
                        .collect();
                    match (delegated, api) {
                        // written before every fitting era: the earliest of them
                        (Some(true), Some(_)) => set.first().copied(),
                        _ => set.last().copied(),
                    }
                })
                .unwrap_or(0);
            let basis = match (delegated, api) {
                (Some(true), Some(v)) => format!("the subnet's delegation to `Microsoft.Sql/managedInstances` and {}", api_text(v)),
                (Some(true), None) => "the subnet's delegation to `Microsoft.Sql/managedInstances` (no apiVersion: the platform applies its current era's policy)".to_string(),
                (_, Some(v)) => format!("{} (no subnet is delegated)", api_text(v)),
                (_, None) => "the absence of evidence (no delegation, no rule or route of any profile, no apiVersion): the last era without delegation".to_string(),
            };
            let tail = match overall {
                Some(_) => "no entry of the file is one of those eras'",
                None => "no rule or route of the file tells the eras apart",
            };
            (pick, format!("decided by {basis}; {tail}"))
        }
    };
    if let (Some(v), Some(a)) = (api, by_api) {
        if a != index && chosen.is_some() {
            said.push(format!(
                "{} points to `{}` (an apiVersion says when a template was written, not which era's entries it carries)",
                api_text(v),
                profiles[a].name
            ));
        }
    }
    let name = profiles
        .get(index)
        .map_or(profile::DEFAULT, |p| p.name.as_str());
    let mut reason = decided;
    if !said.is_empty() {
        reason.push_str("; conflicting evidence: ");
        reason.push_str(&said.join("; "));
    }
    (name.to_string(), reason)
}

fn content_reason(p: &Profile, s: &Score, and: &str) -> String {
    let and = if and.is_empty() {
        String::new()
    } else {
        format!(" {and}")
    };
    let (n, verb) = match s.entries {
        1 => ("one entry".to_string(), "is"),
        n => (format!("{n} entries"), "are"),
    };
    format!(
        "decided by the rules and routes{and}: {n} of the file {verb} `{}`'s mandatory entries (by traffic, prefix or the platform's name), and they tell this era from the others best",
        p.name
    )
}

/// The latest profile (among those `fits` accepts) whose emitted apiVersion
/// is not newer than `version`.
fn era_of_api(
    profiles: &[Profile],
    version: &str,
    fits: impl Fn(&Profile) -> bool,
) -> Option<usize> {
    let day = |v: &str| v.get(..10).unwrap_or(v).to_string();
    (0..profiles.len())
        .filter(|&i| fits(&profiles[i]) && day(&profiles[i].api_version) <= day(version))
        .max_by_key(|&i| (day(&profiles[i].api_version), i))
}

fn delegation(model: &Model) -> Option<bool> {
    let mut known = model
        .subnets()
        .filter(|(_, s)| s.kind == SubnetKind::ManagedInstance)
        .peekable();
    known.peek()?;
    Some(known.any(|(_, s)| s.delegated.is_some()))
}

fn content_scores(model: &Model, profiles: &[Profile]) -> Vec<Score> {
    // for each entry of the file, which profiles explain it
    let mut explained: Vec<BTreeSet<usize>> = Vec::new();
    for (vnet, subnet) in model.subnets() {
        if subnet.kind == SubnetKind::Other {
            continue;
        }
        let mut prefixes: Vec<IpNet> = vnet.address.iter().map(|a| a.value).collect();
        prefixes.extend(subnet.address.as_ref().map(|a| a.value));
        let ctx = flow::Context::new(None, &prefixes);
        let made: Vec<_> = profiles
            .iter()
            .map(|p| p.instantiate(vnet, subnet))
            .collect();
        for rule in subnet.nsg.iter().flat_map(|n| &n.rules) {
            let by: BTreeSet<usize> = (0..profiles.len())
                .filter(|&i| {
                    made[i].rules.iter().any(|m| same_rule(&ctx, rule, m))
                        || named_like(
                            &rule.name.value,
                            profiles[i]
                                .inbound
                                .iter()
                                .chain(&profiles[i].outbound)
                                .map(|m| m.name.as_str()),
                        )
                })
                .collect();
            explained.push(by);
        }
        for route in subnet.route_table.iter().flat_map(|t| &t.routes) {
            let by: BTreeSet<usize> = (0..profiles.len())
                .filter(|&i| {
                    made[i].routes.iter().any(|m| same_route(route, m))
                        || named_like(
                            &route.name.value,
                            profiles[i].routes.iter().map(|m| m.name.as_str()),
                        )
                })
                .collect();
            explained.push(by);
        }
    }
    let mut scores: Vec<Score> = profiles
        .iter()
        .map(|_| Score {
            weight: 0.0,
            entries: 0,
        })
        .collect();
    for by in explained.iter().filter(|b| !b.is_empty()) {
        let share = 1.0 / by.len() as f64;
        for &i in by {
            if let Some(s) = scores.get_mut(i) {
                s.weight += share;
                s.entries += 1;
            }
        }
    }
    scores
}

/// Does `name` carry the platform's reserved prefix and match one of the
/// profile's name templates (placeholders match any text)?
fn named_like<'a>(name: &str, templates: impl Iterator<Item = &'a str>) -> bool {
    if !name.starts_with(USE_ONLY_PREFIX) {
        return false;
    }
    let name = name.to_ascii_lowercase();
    templates
        .filter(|t| t.starts_with(USE_ONLY_PREFIX))
        .any(|t| glob(&name, &t.to_ascii_lowercase()))
}

/// `{…}` in `pattern` matches any non-empty text.
fn glob(text: &str, pattern: &str) -> bool {
    let mut parts = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        parts.push(&rest[..open]);
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    parts.push(rest);
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    if parts.len() == 1 {
        return text == *first;
    }
    if !text.starts_with(first) || !text.ends_with(last) || text.len() < first.len() + last.len() {
        return false;
    }
    let mut at = first.len();
    let end = text.len() - last.len();
    for middle in &parts[1..parts.len() - 1] {
        match text.get(at + 1..end).and_then(|t| t.find(middle)) {
            Some(found) => at += 1 + found + middle.len(),
            None => return false,
        }
    }
    at < end
}

fn same_rule(ctx: &flow::Context<'_>, a: &SecurityRule, b: &SecurityRule) -> bool {
    if a.direction != b.direction || a.access.value != b.access.value {
        return false;
    }
    let (a, b) = (build::rule(ctx, a).certain, build::rule(ctx, b).certain);
    !a.is_empty() && a.is_subset(&b) && b.is_subset(&a)
}

fn same_route(a: &Route, b: &Route) -> bool {
    let prefix = match (&a.prefix.address, &b.prefix.address) {
        (Address::Tag(x), Address::Tag(y)) => x.eq_ignore_ascii_case(y),
        (x, y) => x == y,
    };
    prefix
        && a.next_hop.value.kind == b.next_hop.value.kind
        && a.next_hop.value.address.as_ref().map(|x| x.value)
            == b.next_hop.value.address.as_ref().map(|x| x.value)
}

/// `metadata.misec.profile` of a template misec built.
fn metadata_profile(root: &json::Json<'_>) -> Option<String> {
    let name = root.path(&["metadata", "misec", "profile"])?.as_str()?;
    Some(name.to_string())
}

/// The latest `apiVersion` of the file's `Microsoft.Network` resources.
fn network_api_version(root: &json::Json<'_>) -> Option<String> {
    let mut found = Vec::new();
    walk(root, &mut found);
    found.into_iter().max()
}

fn walk(j: &json::Json<'_>, found: &mut Vec<String>) {
    match &j.value {
        json::Value::Object(members) => {
            let network = j
                .get("type")
                .and_then(|t| t.as_str())
                .is_some_and(|t| t.to_ascii_lowercase().starts_with("microsoft.network/"));
            if network {
                if let Some(v) = j.get("apiVersion").and_then(|v| v.as_str()) {
                    if v.len() >= 10 && v.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                        found.push(v.to_string());
                    }
                }
            }
            for m in members {
                walk(&m.value, found);
            }
        }
        json::Value::Array(items) => items.iter().for_each(|i| walk(i, found)),
        _ => {}
    }
}
