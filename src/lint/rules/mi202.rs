//! MI202: a user route takes over traffic of a route the profile requires:
//! the same or a more specific prefix, with another next hop.
//!
//! Input: the file's routes and the profile's required routes for the
//! subnet. Output: one diagnostic per such user route, on its prefix, with
//! the required route (in the profile) as the secondary label. Same-prefix
//! clashes where the required route is also present are AZ010's, default
//! routes under a profile that needs them to go to Internet MI203's (see
//! [`super::routes::takes_over`]).

use super::azure::{address_text, at, hop_text};
use super::routes::{required, takes_over, user_routes};
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Address, Route};

pub const RULE: Rule = Rule {
    code: "MI202",
    doc: include_str!("mi202.md"),
    scope: Scope::Subnet(check),
};

/// How specific a required route is, to name the one longest-prefix match
/// would have chosen.
fn specificity(route: &Route) -> u8 {
    match &route.prefix.address {
        Address::Prefix(p) => p.prefix_len(),
        _ => 0,
    }
}

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let req = required(view);
    if req.is_empty() {
        return;
    }
    for user in user_routes(view) {
        let Some(m) = req
            .iter()
            .filter(|m| takes_over(view, user, m))
            .max_by_key(|m| specificity(m))
        else {
            continue;
        };
        let prefix = address_text(&user.prefix.address);
        let req_prefix = address_text(&m.prefix.address);
        let want = m.next_hop.value.kind.azure_name();
        let got = hop_text(&user.next_hop.value);
        let scope = match prefix == req_prefix {
            true => format!("`{prefix}`"),
            false => format!("`{prefix}`, part of `{req_prefix}`,"),
        };
        out.push(
            Diagnostic::new(
                "MI202",
                at(&user.prefix),
                format!(
                    "route `{}` sends {scope} to {got}, but profile `{}` requires it to go to {want}",
                    user.name.value, view.profile.name
                ),
            )
            .label(format!("`{prefix}` → {got}"))
            .secondary(
                m.span,
                format!("required: `{req_prefix}` → {want} (`{}`)", m.name.value),
            )
            .note("Azure sends each packet by the route with the longest matching prefix, so this route wins over the required one for these addresses")
            .note("the managed instance's management traffic to these addresses must take the required next hop, or the instance loses its connection to the management service")
            .help(format!(
                "remove route `{}`, or send `{prefix}` to {want}",
                user.name.value
            )),
        );
    }
}
