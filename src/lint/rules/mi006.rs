//! MI006: the subnet is not dedicated to managed instances: it is Azure's
//! gateway subnet (`GatewaySubnet`), or its NSG or route table also serves
//! another subnet of the file (names compare case-insensitively, as Azure
//! resource names do). Each subnet of a sharing pair reports its own side.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::Subnet;
use crate::source::Spanned;

pub const RULE: Rule = Rule {
    code: "MI006",
    doc: include_str!("mi006.md"),
    scope: Scope::Subnet(check),
};

const GATEWAY_SUBNET: &str = "GatewaySubnet";

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let subnet = view.subnet;
    if subnet.name.value.eq_ignore_ascii_case(GATEWAY_SUBNET) {
        out.push(
            Diagnostic::new(
                "MI006",
                subnet.name.span,
                format!("subnet `{}` is a gateway subnet", subnet.name.value),
            )
            .label("Azure reserves this name for virtual network gateways")
            .note("a managed instance needs a dedicated subnet, and it can't be a gateway subnet")
            .help("put the managed instance in a subnet of its own with another name"),
        );
    }
    shared(cx, view, "NSG", nsg, "nsg", out);
    shared(cx, view, "route table", rt, "route-table", out);
}

fn nsg(s: &Subnet) -> Option<&Spanned<String>> {
    s.nsg.as_ref().map(|n| &n.name)
}

fn rt(s: &Subnet) -> Option<&Spanned<String>> {
    s.route_table.as_ref().map(|t| &t.name)
}

/// Reports the first other subnet whose `resource` has the same name.
fn shared(
    cx: &Context<'_>,
    view: &SubnetView<'_>,
    what: &str,
    resource: fn(&Subnet) -> Option<&Spanned<String>>,
    keyword: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(mine) = resource(view.subnet) else {
        return;
    };
    let other = cx.model.subnets().find_map(|(vnet, s)| {
        let name = resource(s)?;
        (!std::ptr::eq(s, view.subnet) && name.value.eq_ignore_ascii_case(&mine.value))
            .then_some((vnet, s, name))
    });
    let Some((vnet, other, name)) = other else {
        return;
    };
    let whose = if std::ptr::eq(vnet, view.vnet) {
        format!("subnet `{}`", other.name.value)
    } else {
        format!(
            "subnet `{}` of vnet `{}`",
            other.name.value, vnet.name.value
        )
    };
    out.push(
        Diagnostic::new(
            "MI006",
            mine.span,
            format!(
                "{what} `{}` of subnet `{}` is also used by {whose}",
                mine.value, view.subnet.name.value
            ),
        )
        .label(if mine.span == view.subnet.name.span {
            format!("its {what} is named `{}` by default", mine.value)
        } else {
            format!("{what} `{}`", mine.value)
        })
        .secondary(name.span, format!("also the {what} of {whose}"))
        .note("a managed instance subnet must be dedicated: the platform manages its NSG and route table, and other subnets must not depend on them")
        .help(format!(
            "give subnet `{}` a {what} of its own with `{keyword} NAME`",
            view.subnet.name.value
        )),
    );
}
