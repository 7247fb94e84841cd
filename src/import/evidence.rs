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
use std::collections::BTreeSet;
use std::rc::Rc;

use ipnet::IpNet;

use super::{json, USE_ONLY_PREFIX};
use crate::flow::{self, build, PacketSet};
use crate::model::{Address, Model, Route, SecurityRule, SubnetKind};
use crate::profile::Profile;

/// Per profile: the weighted count of file entries it explains, and what
/// they were (for the reason).
pub struct Score {
    pub weight: f64,
    pub entries: usize,
}

pub fn content_scores(model: &Model, profiles: &[Rc<Profile>]) -> Vec<Score> {
    // for each entry of the file, which profiles explain it
    let mut explained: Vec<BTreeSet<usize>> = Vec::new();
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
        // each mandatory rule's packets once per subnet, not once per rule
        // of the file (a template may carry thousands)
        let mandatory: Vec<Vec<Packets<'_>>> = made
            .iter()
            .map(|m| m.rules.iter().map(|r| Packets::of(&ctx, r)).collect())
            .collect();
        for rule in subnet.nsg.iter().flat_map(|n| &n.rules) {
            let mine = Packets::of(&ctx, rule);
            let name = reserved(&rule.name.value);
            let by: BTreeSet<usize> = (0..profiles.len())
                .filter(|&i| {
                    mandatory[i].iter().any(|m| mine.same(m))
                        || name.as_deref().is_some_and(|n| {
                            rule_names().get(i).is_some_and(|t| named_like_lower(n, t))
                        })
                })
                .collect();
            explained.push(by);
        }
        for route in subnet.route_table.iter().flat_map(|t| &t.routes) {
            let name = reserved(&route.name.value);
            let by: BTreeSet<usize> = (0..profiles.len())
                .filter(|&i| {
                    made[i].routes.iter().any(|m| same_route(route, m))
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

/// A rule's direction, access and certain packets, for comparing rules by
/// exact traffic.
struct Packets<'r> {
    rule: &'r SecurityRule,
    certain: PacketSet,
}

impl<'r> Packets<'r> {
    fn of(ctx: &flow::Context<'_>, rule: &'r SecurityRule) -> Packets<'r> {
        Packets {
            rule,
            certain: build::rule(ctx, rule).certain,
        }
    }

    /// The same direction and access, and exactly the same packets (some).
    fn same(&self, o: &Packets<'_>) -> bool {
        self.rule.direction == o.rule.direction
            && self.rule.access.value == o.rule.access.value
            && !self.certain.is_empty()
            && match (self.certain.cubes(), o.certain.cubes()) {
                // a box of non-empty, normalized dimensions is one set of
                // packets: equal boxes are equal sets and unequal ones differ
                ([a], [b]) => a == b,
                _ => self.certain.is_subset(&o.certain) && o.certain.is_subset(&self.certain),
            }
    }
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

/// The latest `apiVersion` of the file's `Microsoft.Network` resources.
pub fn network_api_version(root: &json::Json<'_>) -> Option<String> {
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
