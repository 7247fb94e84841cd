//! The evidence of an imported file's era: what it carries compared with
//! each profile's own data (rules by exact traffic, reserved names with
//! their `-vN` suffix, routes by prefix and next hop), misec's own metadata,
//! and the `apiVersion` of its `Microsoft.Network` resources.
//!
//! Input: the model, the profiles, the parsed JSON. Output: per profile a
//! [`Score`] (an entry several profiles explain counts 1/k for each), the
//! metadata's profile name, the latest network apiVersion. Nothing here
//! names an era: every comparison reads the profiles' data.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use ipnet::IpNet;

use super::evidence_match::{fingerprint, same_route, Packets, Shape};
use super::{json, USE_ONLY_PREFIX};
use crate::flow;
use crate::model::{Model, Route, SubnetKind};
use crate::profile::Profile;

/// Per profile: the weighted count of file entries it explains, and what
/// they were (for the reason).
pub struct Score {
    pub weight: f64,
    pub entries: usize,
}

pub fn content_scores(model: &Model, profiles: &[Rc<Profile>]) -> Vec<Score> {
    // for each entry of the file, which profiles explain it
    // (ascending indices: each entry's list is made by filtering `0..n`)
    let mut explained: Vec<Vec<usize>> = Vec::new();
    // the profiles' reserved name templates, lowercased once when a file
    // entry first carries the reserved prefix (most carry none)
    let templates = |names: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        names
            .filter(|t| t.starts_with(USE_ONLY_PREFIX))
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let rule_names: OnceCell<Vec<Vec<String>>> = OnceCell::new();
    let rule_names = || {
        rule_names.get_or_init(|| {
            profiles
                .iter()
                .map(|p| {
                    templates(&mut p.inbound.iter().chain(&p.outbound).map(|m| m.name.as_str()))
                })
                .collect()
        })
    };
    let route_names: OnceCell<Vec<Vec<String>>> = OnceCell::new();
    let route_names = || {
        route_names.get_or_init(|| {
            profiles
                .iter()
                .map(|p| templates(&mut p.routes.iter().map(|m| m.name.as_str())))
                .collect()
        })
    };
    for (vnet, subnet) in model.subnets() {
        let empty = subnet.nsg.iter().all(|n| n.rules.is_empty())
            && subnet.route_table.iter().all(|t| t.routes.is_empty());
        // nothing to explain: instantiating every profile would cost for
        // nothing (a file may hold thousands of empty NSGs)
        if subnet.kind == SubnetKind::Other || empty {
            continue;
        }
        let mut prefixes: Vec<IpNet> = vnet.address.iter().map(|a| a.value).collect();
        prefixes.extend(subnet.address.as_ref().map(|a| a.value));
        let ctx = flow::Context::new(None, &prefixes);
        let made: Vec<_> = profiles
            .iter()
            .map(|p| p.instantiation(vnet, subnet))
            .collect();
        // each mandatory rule once per subnet, not once per rule of the
        // file (a template may carry thousands), indexed by what an equal
        // entry must share: a file entry meets only its candidates
        let mandatory: Vec<Vec<Packets<'_>>> = made
            .iter()
            .map(|m| m.rules.iter().map(Packets::of).collect())
            .collect();
        let mut by_shape: BTreeMap<&Shape, Vec<(usize, &Packets<'_>)>> = BTreeMap::new();
        for (i, list) in mandatory.iter().enumerate() {
            for m in list {
                by_shape.entry(&m.shape).or_default().push((i, m));
            }
        }
        // which profiles carry each of the file's routes: profiles carry
        // many more routes than a subnet's table, so each profile route is
        // fingerprinted once and compared in full only on a match
        let routes: Vec<&Route> = subnet.route_table.iter().flat_map(|t| &t.routes).collect();
        let prints: Vec<u64> = routes.iter().map(|r| fingerprint(r)).collect();
        let mut route_by = vec![vec![false; profiles.len()]; routes.len()];
        for (i, m) in made.iter().enumerate() {
            for r in &m.routes {
                let print = fingerprint(r);
                for (k, by) in route_by.iter_mut().enumerate() {
                    if prints[k] == print && !by[i] && same_route(routes[k], r) {
                        by[i] = true;
                    }
                }
            }
        }
        for rule in subnet.nsg.iter().flat_map(|n| &n.rules) {
            let mine = Packets::of(rule);
            let same: Vec<usize> = by_shape
                .get(&mine.shape)
                .into_iter()
                .flatten()
                .filter(|(_, m)| mine.same(m, &ctx))
                .map(|&(i, _)| i)
                .collect();
            let name = reserved(&rule.name.value);
            let by: Vec<usize> = (0..profiles.len())
                .filter(|&i| {
                    same.contains(&i)
                        || name.as_deref().is_some_and(|n| {
                            rule_names().get(i).is_some_and(|t| named_like_lower(n, t))
                        })
                })
                .collect();
            explained.push(by);
        }
        for (route, same) in routes.iter().zip(&route_by) {
            let name = reserved(&route.name.value);
            let by: Vec<usize> = (0..profiles.len())
                .filter(|&i| {
                    same[i]
                        || name.as_deref().is_some_and(|n| {
                            route_names().get(i).is_some_and(|t| named_like_lower(n, t))
                        })
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
#[cfg(test)]
fn named_like<'a>(name: &str, templates: impl Iterator<Item = &'a str>) -> bool {
    let lower: Vec<String> = templates
        .filter(|t| t.starts_with(USE_ONLY_PREFIX))
        .map(str::to_ascii_lowercase)
        .collect();
    reserved(name).is_some_and(|n| named_like_lower(&n, &lower))
}

/// A name that carries the platform's reserved prefix, lowercased; `None`
/// for any other name (user names never count as the platform's).
fn reserved(name: &str) -> Option<String> {
    name.starts_with(USE_ONLY_PREFIX)
        .then(|| name.to_ascii_lowercase())
}

/// [`named_like`] on a [`reserved`] name and the lowercased templates that
/// carry the reserved prefix.
fn named_like_lower(name: &str, templates: &[String]) -> bool {
    templates.iter().any(|t| glob(name, t))
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

/// The latest `apiVersion` of the file's `Microsoft.Network` resources.
pub fn network_api_version(root: &json::Json<'_>) -> Option<String> {
    let mut found = Vec::new();
    walk(root, &mut found);
    found.into_iter().max()
}

const NETWORK: &str = "microsoft.network/";

fn walk(j: &json::Json<'_>, found: &mut Vec<String>) {
    match &j.value {
        json::Value::Object(members) => {
            // one pass over the members: the first `type` and `apiVersion`
            // (as [`json::Json::get`] finds them), and the values below
            let (mut kind, mut version) = (None, None);
            for m in members {
                if kind.is_none() && m.key.eq_ignore_ascii_case("type") {
                    kind = Some(&m.value);
                } else if version.is_none() && m.key.eq_ignore_ascii_case("apiVersion") {
                    version = Some(&m.value);
                }
                walk(&m.value, found);
            }
            let network = kind.and_then(|t| t.as_str()).is_some_and(|t| {
                t.get(..NETWORK.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(NETWORK))
            });
            if network {
                if let Some(v) = version.and_then(|v| v.as_str()) {
                    if v.len() >= 10 && v.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                        found.push(v.to_string());
                    }
                }
            }
        }
        json::Value::Array(items) => items.iter().for_each(|i| walk(i, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{glob, named_like};

    #[test]
    fn placeholders_match_any_text_and_the_suffix_is_part_of_the_name() {
        let t = "Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in-{subnet-dashed}-v10";
        let v10 = "Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in-10-0-1-0-24-v10";
        let v9 = "Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in-10-0-1-0-24-v9";
        assert!(named_like(v10, [t].into_iter()));
        assert!(!named_like(v9, [t].into_iter()));
        // user names never count as the platform's, whatever they say
        assert!(!named_like(
            "allow_health_probe_inbound",
            ["allow_health_probe_inbound"].into_iter()
        ));
        assert!(glob("a-x-b-y-c", "a-{p}-b-{q}-c"));
        assert!(!glob("a--b-y-c", "a-{p}-b-{q}-c"));
        assert!(!glob("a-x-c", "a-{p}-b-{q}-c"));
        assert!(glob("exact", "exact"));
        assert!(!glob("exactly", "exact"));
    }
}
