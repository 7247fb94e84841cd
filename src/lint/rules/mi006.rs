//! MI006: the subnet is not dedicated to managed instances: it is Azure's
//! gateway subnet (`GatewaySubnet`), or its NSG or route table also serves
//! another subnet of the file (names compare case-insensitively, as Azure
//! resource names do). Each subnet of a sharing pair reports its own side.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Subnet, Vnet};
use crate::source::{Span, Spanned};

pub const RULE: Rule = Rule {
    code: "MI006",
    doc: include_str!("mi006.md"),
    scope: Scope::Subnet(check),
};

const GATEWAY_SUBNET: &str = "GatewaySubnet";

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !view.subnet_facts_known() {
        return;
    }
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
    let by_nsg = sharer(cx, view.subnet, nsg);
    let by_rt = sharer(cx, view.subnet, rt);
    match (by_nsg, by_rt) {
        (Some(a), Some(b)) if std::ptr::eq(a.1, b.1) => {
            out.push(report(
                view,
                &[("NSG", nsg, "nsg"), ("route table", rt, "route-table")],
                a,
            ));
        }
        (a, b) => {
            if let Some(a) = a {
                out.push(report(view, &[("NSG", nsg, "nsg")], a));
            }
            if let Some(b) = b {
                out.push(report(view, &[("route table", rt, "route-table")], b));
            }
        }
    }
}

fn nsg(s: &Subnet) -> Option<&Spanned<String>> {
    s.nsg.as_ref().map(|n| &n.name)
}

fn rt(s: &Subnet) -> Option<&Spanned<String>> {
    s.route_table.as_ref().map(|t| &t.name)
}

type Resource = fn(&Subnet) -> Option<&Spanned<String>>;

/// The first other subnet of the file whose `resource` has the same name.
fn sharer<'a>(
    cx: &'a Context<'_>,
    subnet: &Subnet,
    resource: Resource,
) -> Option<(&'a Vnet, &'a Subnet)> {
    let mine = resource(subnet)?;
    cx.model.subnets().find(|(_, s)| {
        !std::ptr::eq(*s, subnet)
            && resource(s).is_some_and(|n| n.value.eq_ignore_ascii_case(&mine.value))
    })
}

/// One diagnostic for the resources (`what`, name of, keyword) that this
/// subnet shares with `other`.
fn report(
    view: &SubnetView<'_>,
    shared: &[(&str, Resource, &str)],
    (vnet, other): (&Vnet, &Subnet),
) -> Diagnostic {
    let whose = if std::ptr::eq(vnet, view.vnet) {
        format!("subnet `{}`", other.name.value)
    } else {
        format!(
            "subnet `{}` of vnet `{}`",
            other.name.value, vnet.name.value
        )
    };
    let named: Vec<(&str, &Spanned<String>, &Spanned<String>, &str)> = shared
        .iter()
        .filter_map(|(what, resource, keyword)| {
            Some((*what, resource(view.subnet)?, resource(other)?, *keyword))
        })
        .collect();
    let listed: Vec<String> = named
        .iter()
        .map(|(what, mine, _, _)| format!("{what} `{}`", mine.value))
        .collect();
    let primary = named.first().map_or(view.subnet.name.span, |n| n.1.span);
    let mut d = Diagnostic::new(
        "MI006",
        primary,
        format!(
            "{} of subnet `{}` {} also used by {whose}",
            listed.join(" and "),
            view.subnet.name.value,
            if listed.len() > 1 { "are" } else { "is" }
        ),
    );
    let default = |mine: &Spanned<String>| mine.span == view.subnet.name.span;
    if named.iter().all(|(_, mine, _, _)| default(mine)) {
        d = d.label(format!("named {} by default", listed.join(" and ")));
    } else {
        d = d.label(listed.join(" and "));
        for (what, mine, _, _) in named.iter().skip(1) {
            if mine.span != primary {
                d = d.secondary(mine.span, format!("{what} `{}`", mine.value));
            }
        }
    }
    // the other subnet's names, one label per place (default names share one)
    let mut theirs: Vec<(Span, Vec<&str>)> = Vec::new();
    for (what, _, their, _) in &named {
        match theirs.iter_mut().find(|(s, _)| *s == their.span) {
            Some((_, whats)) => whats.push(what),
            None => theirs.push((their.span, vec![what])),
        }
    }
    for (span, whats) in theirs {
        d = d.secondary(span, format!("also the {} of {whose}", whats.join(" and ")));
    }
    let keywords: Vec<String> = named
        .iter()
        .map(|(_, _, _, k)| format!("`{k} NAME`"))
        .collect();
    d.note("a managed instance subnet must be dedicated: the platform manages its NSG and route table, and other subnets must not depend on them")
        .help(format!(
            "give subnet `{}` its own with {}",
            view.subnet.name.value,
            keywords.join(" and ")
        ))
}
