//! AZ010: two routes of one route table have the same prefix.
//!
//! Input: the subnet's effective route table (the profile's routes first,
//! then the user's). Output: one diagnostic per route that repeats an earlier
//! route's prefix, on the later route's prefix (always a user route: the
//! profile's prefixes are unique), with the earlier route as the secondary
//! label. Service tags compare case-insensitively.

use std::collections::BTreeMap;

use super::azure::{address_text, at, hop_text, is_mandatory_route};
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Address, Route};

pub const RULE: Rule = Rule {
    code: "AZ010",
    doc: include_str!("az010.md"),
    scope: Scope::Subnet(check),
};

/// A prefix as Azure compares it.
fn key(address: &Address) -> String {
    match address {
        Address::Tag(t) => t.to_ascii_lowercase(),
        other => address_text(other),
    }
}

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, &Route> = BTreeMap::new();
    for route in &view.effective.routes {
        let k = key(&route.prefix.address);
        let Some(first) = seen.get(&k) else {
            seen.insert(k, route);
            continue;
        };
        let prefix = address_text(&route.prefix.address);
        let mandatory = is_mandatory_route(cx, first);
        if mandatory && view.effective.platform_adds {
            // the same prefix and next hop would be a copy (MI205); another
            // next hop for the platform's prefix: its answer is not documented
            let mut d = Diagnostic::new(
                "AZ010",
                at(&route.prefix),
                format!(
                    "the platform adds route `{}` for `{prefix}`, which route `{}` sends to {}",
                    first.name.value,
                    route.name.value,
                    hop_text(&route.next_hop.value)
                ),
            )
            .label(format!("`{prefix}` → {}", hop_text(&route.next_hop.value)))
            .secondary(at(&first.prefix), format!("`{}` → {} is a mandatory route of profile `{}`", first.name.value, hop_text(&first.next_hop.value), view.profile.name))
            .note("the network intent policy extends the route table with its routes and checks the effective routes; what it does with a route of its prefix and another next hop is not documented: it may refuse the change or the deployment")
            .help(format!("send `{prefix}` {} as the platform does, or leave the prefix to the platform", hop_text(&first.next_hop.value)));
            d.severity = crate::diagnostic::Severity::Warning;
            out.push(d);
            continue;
        }
        let mut d = Diagnostic::new(
            "AZ010",
            at(&route.prefix),
            format!(
                "routes `{}` and `{}` both have prefix `{prefix}`",
                route.name.value, first.name.value
            ),
        )
        .label(format!("`{prefix}` → {}", hop_text(&route.next_hop.value)))
        .secondary(
            at(&first.prefix),
            format!(
                "also the prefix of route `{}` → {}",
                first.name.value,
                hop_text(&first.next_hop.value)
            ),
        )
        .note("Azure rejects a route table in which two routes have the same address prefix");
        if mandatory {
            d = d.note(format!(
                "`{}` is a mandatory route of profile `{}`",
                first.name.value, view.profile.name
            ));
        }
        let help = match (
            mandatory,
            route.next_hop.value.kind == first.next_hop.value.kind,
        ) {
            (true, _) => format!(
                "remove route `{}`: the profile's route already covers `{prefix}`",
                route.name.value
            ),
            (false, true) => format!("remove one of the two routes for `{prefix}`"),
            (false, false) => format!("keep one route for `{prefix}`, with the next hop you mean"),
        };
        out.push(d.help(help));
    }
}
