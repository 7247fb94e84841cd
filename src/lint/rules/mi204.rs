//! MI204: BGP route propagation is disabled on the subnet's route table, so
//! routes learned from a gateway (on-premises networks) do not reach the
//! managed instance subnet.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};

pub const RULE: Rule = Rule {
    code: "MI204",
    doc: include_str!("mi204.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(table) = &view.subnet.route_table else {
        return;
    };
    let Some(bgp) = &table.bgp_propagation else {
        return;
    };
    if bgp.value {
        return;
    }
    out.push(
        Diagnostic::new(
            "MI204",
            bgp.span,
            format!(
                "BGP route propagation is disabled on route table `{}` of subnet `{}`",
                table.name.value, view.subnet.name.value
            ),
        )
        .label("propagation off")
        .note("routes that a VPN or ExpressRoute gateway learns over BGP are then not applied to the subnet, so clients on-premises cannot reach the instance unless a user route covers them")
        .help("remove `bgp-propagation off` (propagation is on by default), or add routes for the on-premises prefixes"),
    );
}
