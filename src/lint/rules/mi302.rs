//! MI302: Microsoft peering is enabled on an ExpressRoute circuit reaching the
//! vnet, where a managed instance subnet's profile does not support it.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope};
use crate::model::Vnet;

pub const RULE: Rule = Rule {
    code: "MI302",
    doc: include_str!("mi302.md"),
    scope: Scope::Vnet(check),
};

fn check(cx: &Context<'_>, vnet: &Vnet, out: &mut Vec<Diagnostic>) {
    let Some(on) = vnet.microsoft_peering.as_ref().filter(|m| m.value) else {
        return;
    };
    let Some((subnet, profile)) = cx
        .profiles_of(vnet)
        .find(|(_, p)| !p.subnet.microsoft_peering_allowed)
    else {
        return;
    };
    out.push(
        Diagnostic::new(
            "MI302",
            on.span,
            format!(
                "Microsoft peering is enabled for vnet `{}`; profile `{}` does not support it",
                vnet.name.value, profile.name
            ),
        )
        .label("Microsoft peering on")
        .secondary(
            subnet.name.span,
            format!("managed instance subnet `{}`", subnet.name.value),
        )
        .note("Microsoft peering changes how traffic between the instance and the Azure services it depends on flows, and deployments into such a vnet are expected to fail")
        .help("turn Microsoft peering off on the circuit (`microsoft-peering off`), or reach Microsoft services through private peering and the Internet"),
    );
}
