//! MI304: a peering uses the remote vnet's gateway while this vnet has a
//! gateway of its own. Whether the remote side allows gateway transit is a
//! fact of the other vnet, which one file does not show, so only the
//! own-gateway conflict is reported.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope};
use crate::model::{GatewayKind, Vnet};

pub const RULE: Rule = Rule {
    code: "MI304",
    doc: include_str!("mi304.md"),
    scope: Scope::Vnet(check),
};

fn check(cx: &Context<'_>, vnet: &Vnet, out: &mut Vec<Diagnostic>) {
    let Some(gateway) = &vnet.gateway else {
        return;
    };
    let kind = match gateway.value {
        GatewayKind::None => return,
        GatewayKind::Vpn => "VPN",
        GatewayKind::ExpressRoute => "ExpressRoute",
    };
    if cx.profiles_of(vnet).next().is_none() {
        return;
    }
    for peering in &vnet.peerings {
        let Some(span) = peering.use_remote_gateways else {
            continue;
        };
        out.push(
            Diagnostic::new(
                "MI304",
                span,
                format!(
                    "peering `{}` uses remote gateways, but vnet `{}` has its own {kind} gateway",
                    peering.name.value, vnet.name.value
                ),
            )
            .label("uses the remote vnet's gateway")
            .secondary(gateway.span, format!("vnet `{}` has a {kind} gateway", vnet.name.value))
            .note("Azure allows remote gateways only in a vnet without a gateway of its own; the managed instance's vnet must not have a gateway when clients reach it through a peered vnet's gateway")
            .help(format!(
                "remove `use-remote-gateways` from peering `{}`, or remove the vnet's own gateway (`gateway none`)",
                peering.name.value
            )),
        );
    }
}
