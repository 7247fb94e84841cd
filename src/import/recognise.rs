//! Which imported rules and routes are the profile's own mandatory ones, so
//! that `misec import` leaves them to the profile instead of repeating them.
//!
//! A rule is recognised by meaning, not by name: same direction and access,
//! and exactly the same packets (both directions of containment, asked of the
//! flow engine). A route is recognised by prefix and next hop. The platform's
//! reserved names (`Microsoft.Sql-managedInstances_UseOnly_…`) are always
//! left to the platform under a service-aided profile, even where the
//! profile does not list them (a later era's platform wrote them).

use std::collections::BTreeMap;

use ipnet::IpNet;

use super::USE_ONLY_PREFIX;
use crate::flow::{self, build};
use crate::model::{Model, Route, SecurityRule};
use crate::profile::Profile;
use crate::source::Span;

/// Who provides an imported rule or route instead of the `.misec` file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// The profile holds the same rule or route: misec emits it.
    Profile,
    /// Only the platform's reserved name says so: the platform adds it
    /// itself, and the profile does not list it.
    Platform,
}

/// The rules and routes of `model` (by span) that the profile, or the
/// platform under a service-aided profile, provides.
pub fn provided_by_profile(model: &Model, profile: &Profile) -> BTreeMap<Span, Provider> {
    let mut provided = BTreeMap::new();
    for (vnet, subnet) in model.subnets() {
        let mandatory = profile.instantiate(vnet, subnet);
        let mut prefixes: Vec<IpNet> = vnet.address.iter().map(|a| a.value).collect();
        prefixes.extend(subnet.address.as_ref().map(|a| a.value));
        let ctx = flow::Context::new(None, &prefixes);
        let reserved =
            |name: &str| profile.platform_provisioned && name.starts_with(USE_ONLY_PREFIX);
        // one mandatory entry stands for one imported entry: a file that
        // holds the platform's rule and a user's copy of it keeps the copy,
        // so its rebuild is the file again. Entries under the mandatory
        // entry's own name are matched first.
        let rules: Vec<&SecurityRule> = subnet.nsg.iter().flat_map(|n| &n.rules).collect();
        let taken = pair(
            &rules,
            &mandatory.rules,
            |r| &r.name.value,
            |a, b| same_rule(&ctx, a, b),
        );
        for (rule, matched) in rules.iter().zip(taken) {
            if matched {
                provided.insert(rule.span, Provider::Profile);
            } else if reserved(&rule.name.value) {
                provided.insert(rule.span, Provider::Platform);
            }
        }
        let routes: Vec<&Route> = subnet.route_table.iter().flat_map(|t| &t.routes).collect();
        let taken = pair(&routes, &mandatory.routes, |r| &r.name.value, same_route);
        for (route, matched) in routes.iter().zip(taken) {
            if matched {
                provided.insert(route.span, Provider::Profile);
            } else if reserved(&route.name.value) {
                provided.insert(route.span, Provider::Platform);
            }
        }
    }
    provided
}

/// Which of `found` some entry of `wanted` stands for, each entry of
/// `wanted` used once: first those under its own name, then by meaning in
/// file order.
fn pair<T>(
    found: &[&T],
    wanted: &[T],
    name: impl Fn(&T) -> &String,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<bool> {
    let mut used = vec![false; wanted.len()];
    let mut matched = vec![false; found.len()];
    for by_name in [true, false] {
        for (i, f) in found.iter().enumerate() {
            if matched[i] {
                continue;
            }
            let hit = wanted
                .iter()
                .enumerate()
                .find(|(j, w)| !used[*j] && (!by_name || name(f) == name(w)) && same(f, w));
            if let Some((j, _)) = hit {
                used[j] = true;
                matched[i] = true;
            }
        }
    }
    matched
}

fn same_rule(ctx: &flow::Context<'_>, a: &SecurityRule, b: &SecurityRule) -> bool {
    if a.direction != b.direction || a.access.value != b.access.value {
        return false;
    }
    let (a, b) = (build::rule(ctx, a).certain, build::rule(ctx, b).certain);
    a.is_subset(&b) && b.is_subset(&a)
}

fn same_route(a: &Route, b: &Route) -> bool {
    a.prefix.address == b.prefix.address
        && a.next_hop.value.kind == b.next_hop.value.kind
        && a.next_hop.value.address.as_ref().map(|x| x.value)
            == b.next_hop.value.address.as_ref().map(|x| x.value)
}
