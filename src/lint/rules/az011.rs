//! AZ011: a next-hop address missing for a virtual appliance, or given for
//! another kind of next hop.
//!
//! Input: the routes of the subnet's route table (the profile's routes never
//! have an address). Output: one diagnostic per such route, on the next hop
//! (missing address) or on the address (unexpected).

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{NextHopKind, Origin};

pub const RULE: Rule = Rule {
    code: "AZ011",
    doc: include_str!("az011.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(table) = &view.subnet.route_table else {
        return;
    };
    let misec = cx.model.origin == Origin::Misec;
    for route in &table.routes {
        let hop = &route.next_hop;
        let name = &route.name.value;
        match (hop.value.kind, &hop.value.address) {
            (NextHopKind::Appliance, None) => out.push(
                Diagnostic::new(
                    "AZ011",
                    hop.span,
                    format!("route `{name}` goes to a virtual appliance but gives no appliance address"),
                )
                .label("no next-hop address")
                .note("Azure needs the IP address of the appliance (`nextHopIpAddress`) for a `VirtualAppliance` next hop and rejects the route without it")
                .help(match misec {
                    true => "write the appliance's address after `appliance`, e.g. `via appliance 10.0.3.4`",
                    false => "set `nextHopIpAddress` to the appliance's IP address",
                }),
            ),
            (kind, Some(ip)) if kind != NextHopKind::Appliance => out.push(
                Diagnostic::new(
                    "AZ011",
                    ip.span,
                    format!(
                        "route `{name}` has a next-hop address, but its next hop is `{}`",
                        kind.azure_name()
                    ),
                )
                .label(format!("`{}` is only for a virtual appliance", ip.value))
                .note("Azure accepts a next-hop IP address only with the `VirtualAppliance` next hop type and rejects the route otherwise")
                .help(match misec {
                    true => format!("remove `{}`, or route to `appliance {}`", ip.value, ip.value),
                    false => "remove `nextHopIpAddress`, or set `nextHopType` to `VirtualAppliance`".to_string(),
                }),
            ),
            _ => {}
        }
    }
}
