//! MI301: a peering to a vnet in another region (global VNet peering) where a
//! managed instance subnet's profile does not support it. The vnet's regions
//! are compared by their canonical names, so imported spellings agree.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope};
use crate::model::Vnet;
use crate::region;

pub const RULE: Rule = Rule {
    code: "MI301",
    doc: include_str!("mi301.md"),
    scope: Scope::Vnet(check),
};

fn same_region(a: &str, b: &str) -> bool {
    match (region::canonical(a), region::canonical(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a.eq_ignore_ascii_case(b),
    }
}

fn check(cx: &Context<'_>, vnet: &Vnet, out: &mut Vec<Diagnostic>) {
    let Some(home) = &vnet.region else {
        return;
    };
    let Some((subnet, profile)) = cx
        .profiles_of(vnet)
        .find(|(_, p)| !p.subnet.global_peering_allowed)
    else {
        return;
    };
    for peering in &vnet.peerings {
        let Some(there) = &peering.region else {
            continue;
        };
        if same_region(&there.value, &home.value) {
            continue;
        }
        out.push(
            Diagnostic::new(
                "MI301",
                there.span,
                format!(
                    "peering `{}` reaches `{}`, another region than vnet `{}` in `{}`; profile `{}` does not support global peering",
                    peering.name.value, there.value, vnet.name.value, home.value, profile.name
                ),
            )
            .label(format!("a vnet in `{}`", there.value))
            .secondary(home.span, format!("vnet `{}` is in `{}`", vnet.name.value, home.value))
            .note(format!(
                "managed instance subnet `{}` sits behind an internal load balancer, which clients across a global peering cannot reach",
                subnet.name.value
            ))
            .help(format!(
                "peer with a vnet in `{}`, or connect the regions through a VPN gateway",
                home.value
            )),
        );
    }
}
