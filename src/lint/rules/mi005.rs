//! MI005: a NAT gateway is attached to the subnet where the profile does not
//! allow one (every era so far).

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};

pub const RULE: Rule = Rule {
    code: "MI005",
    doc: include_str!("mi005.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !view.subnet_facts_known() {
        return;
    }
    if view.profile.subnet.nat_gateway_allowed {
        return;
    }
    let Some(span) = view.subnet.nat_gateway else {
        return;
    };
    out.push(
        Diagnostic::new(
            "MI005",
            span,
            format!(
                "subnet `{}` has a NAT gateway; profile `{}` does not support one",
                view.subnet.name.value, view.profile.name
            ),
        )
        .label("NAT gateway attached")
        .note("the instance's load balancer cannot share inbound and outbound flows with Virtual Network NAT, so the instance becomes unavailable")
        .help("remove `nat-gateway`; to control outbound addresses, route through a firewall with a user route instead"),
    );
}
