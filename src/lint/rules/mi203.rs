//! MI203: a default route `0.0.0.0/0` to something other than Internet,
//! where the profile needs management traffic to reach Internet directly
//! (`default_route_must_be_internet`, the 2018 architecture).
//!
//! Input: the subnet's effective route table. Output: one diagnostic per
//! such route, on its prefix, with the profile's own default route as the
//! secondary label when it has one.

use super::azure::{at, hop_text, is_mandatory_route};
use super::routes::{is_default, required};
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::NextHopKind;

pub const RULE: Rule = Rule {
    code: "MI203",
    doc: include_str!("mi203.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !view.profile.subnet.default_route_must_be_internet {
        return;
    }
    let theirs = required(view)
        .into_iter()
        .find(|r| is_default(&r.prefix.address));
    for route in &view.effective.routes {
        if !is_default(&route.prefix.address)
            || route.next_hop.value.kind == NextHopKind::Internet
            || is_mandatory_route(cx, route)
        {
            continue;
        }
        let hop = hop_text(&route.next_hop.value);
        let mut d = Diagnostic::new(
            "MI203",
            at(&route.prefix),
            format!(
                "default route `{}` sends all traffic to {hop}, but profile `{}` needs it to go to Internet",
                route.name.value, view.profile.name
            ),
        )
        .label(format!("`0.0.0.0/0` → {hop}"));
        if let Some(r) = &theirs {
            d = d.secondary(r.span, "the profile's default route goes to Internet");
        }
        out.push(
            d.note("in this architecture the management service reaches the instance through its public endpoint, and the replies must leave the subnet for Internet directly; through an appliance or gateway they arrive from another address and are dropped")
                .help("route only the prefixes that need it (for example on-premises ranges) through the appliance or gateway, and keep `0.0.0.0/0` → Internet"),
        );
    }
}
