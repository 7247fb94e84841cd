//! MI201: a route the profile requires is missing, or its traffic goes to
//! another next hop — judged by coverage, not by name.
//!
//! Input: the subnet's effective route table and the profile's required
//! routes. For a required prefix route, every address of its prefix must be
//! sent, by longest-prefix match over the effective table, to the required
//! next hop. Addresses that a user route takes over are MI202's and left out
//! here. A required service-tag route must be present as a route for the
//! same tag (a tag's addresses are unknown, so nothing else can be proven to
//! cover it). Output: one diagnostic per required route not honoured, on
//! the route table's name, with the uncovered prefixes as a note; nothing
//! for a subnet without a route table in the input.

use super::azure::{address_text, hop_text, is_mandatory_route, same_prefix};
use super::routes::{first_prefixes, required, takes_over};
use crate::diagnostic::Diagnostic;
use crate::flow::AddrSet;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Address, NextHopKind, Origin, Route};
use crate::source::Span;

pub const RULE: Rule = Rule {
    code: "MI201",
    doc: include_str!("mi201.md"),
    scope: Scope::Subnet(check),
};

/// How many uncovered prefixes a note lists.
const SHOWN: usize = 4;

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let req = required(view);
    if req.is_empty() {
        return;
    }
    let Some(table) = &view.subnet.route_table else {
        // an imported NSG alone says nothing about its subnet's routes; a
        // managed-instance subnet without any route table lacks them all
        if view.subnet_facts_known() {
            out.push(no_table(view, &req));
        }
        return;
    };
    for m in &req {
        let finding = match &m.prefix.address {
            Address::Prefix(q) => prefix_route(cx, view, m, *q),
            Address::Tag(_) => tag_route(view, m),
            Address::Any => None,
        };
        let Some((bad, culprits)) = finding else {
            continue;
        };
        out.push(report(cx, view, table.name.span, m, &bad, &culprits));
    }
}

/// The addresses of required route `m` that go elsewhere (or nowhere), and
/// the routes that send them elsewhere.
fn prefix_route<'v>(
    cx: &Context<'_>,
    view: &'v SubnetView<'_>,
    m: &Route,
    q: ipnet::IpNet,
) -> Option<(AddrSet, Vec<&'v Route>)> {
    let want = m.next_hop.value.kind;
    // only routes whose prefix meets `q` can decide any of its addresses
    let mut meeting: Vec<(ipnet::IpNet, &Route)> = view
        .effective
        .routes
        .iter()
        .filter_map(|r| match &r.prefix.address {
            Address::Prefix(p) if p.contains(&q) || q.contains(p) => Some((*p, r)),
            _ => None,
        })
        .collect();
    // longest prefix first; equal prefixes side by side
    meeting.sort_by(|a, b| b.0.prefix_len().cmp(&a.0.prefix_len()).then(a.0.cmp(&b.0)));
    let mut remaining = AddrSet::prefix(q);
    if want == NextHopKind::Internet {
        // management endpoints are public: the vnet's own addresses need
        // not reach Internet (see `routes::takes_over`)
        remaining = remaining.difference(view.flow.vnet());
    }
    let mut bad = AddrSet::empty();
    let mut culprits = Vec::new();
    let mut i = 0;
    while i < meeting.len() && !remaining.is_empty() {
        let p = meeting[i].0;
        let group: Vec<&Route> = meeting[i..]
            .iter()
            .take_while(|(n, _)| *n == p)
            .map(|(_, r)| *r)
            .collect();
        i += group.len();
        let here = remaining.intersect(&AddrSet::prefix(p));
        if here.is_empty() {
            continue;
        }
        remaining = remaining.difference(&here);
        // two routes for one prefix are AZ010's; one with the right hop is enough here
        if group.iter().any(|r| r.next_hop.value.kind == want) {
            continue;
        }
        let taken = group
            .iter()
            .any(|r| !is_mandatory_route(cx, r) && takes_over(view, r, m));
        if !taken {
            bad = bad.union(&here);
            culprits.extend(group);
        }
    }
    bad = bad.union(&remaining);
    (!bad.is_empty()).then_some((bad, culprits))
}

/// A required tag route: present for the same tag with the required hop, or
/// taken over by a user route (MI202's), or missing.
fn tag_route<'v>(view: &'v SubnetView<'_>, m: &Route) -> Option<(AddrSet, Vec<&'v Route>)> {
    let same: Vec<&Route> = view
        .effective
        .routes
        .iter()
        .filter(|r| same_prefix(&r.prefix.address, &m.prefix.address))
        .collect();
    if !same.is_empty() {
        // the right hop, or another hop MI202 reports
        return None;
    }
    Some((AddrSet::empty(), Vec::new()))
}

/// One diagnostic for every required route, when there is no table at all.
fn no_table(view: &SubnetView<'_>, req: &[Route]) -> Diagnostic {
    let names: Vec<String> = req
        .iter()
        .take(SHOWN)
        .map(|m| {
            format!(
                "`{}` (`{}` → {})",
                m.name.value,
                address_text(&m.prefix.address),
                m.next_hop.value.kind.azure_name()
            )
        })
        .collect();
    let more = req.len().saturating_sub(SHOWN);
    let list = if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    };
    Diagnostic::new(
        "MI201",
        view.subnet.name.span,
        format!(
            "subnet `{}` has no route table, so the {} routes profile `{}` requires are missing",
            view.subnet.name.value,
            req.len(),
            view.profile.name
        ),
    )
    .label("no route table is associated with this subnet")
    .note(format!("required: {list}"))
    .help(format!(
        "associate a route table holding the required routes (`misec profiles {}` lists them)",
        view.profile.name
    ))
}

fn report(
    cx: &Context<'_>,
    view: &SubnetView<'_>,
    span: Span,
    m: &Route,
    bad: &AddrSet,
    culprits: &[&Route],
) -> Diagnostic {
    let prefix = address_text(&m.prefix.address);
    let want = m.next_hop.value.kind.azure_name();
    let whole = match &m.prefix.address {
        Address::Prefix(q) => AddrSet::prefix(*q) == *bad,
        _ => true,
    };
    let mut d = if whole && culprits.is_empty() {
        Diagnostic::new(
            "MI201",
            span,
            format!(
                "required route `{}` (`{prefix}` → {want}) is missing",
                m.name.value
            ),
        )
        .label(format!("no route for `{prefix}`"))
    } else {
        Diagnostic::new(
            "MI201",
            span,
            format!(
                "traffic of required route `{}` (`{prefix}` → {want}) does not all go to {want}",
                m.name.value
            ),
        )
        .label(format!("not every address of `{prefix}` goes to {want}"))
    };
    for r in culprits
        .iter()
        .filter(|r| !is_mandatory_route(cx, r))
        .take(SHOWN)
    {
        d = d.secondary(
            r.prefix.span,
            format!("sends part of it to {}", hop_text(&r.next_hop.value)),
        );
    }
    d = d.secondary(
        m.span,
        format!("profile `{}` requires this route", view.profile.name),
    );
    if !whole {
        let (nets, more) = first_prefixes(bad, SHOWN);
        let list: Vec<String> = nets.iter().map(|n| format!("`{n}`")).collect();
        let tail = if more { ", …" } else { "" };
        d = d.note(format!("not sent to {want}: {}{tail}", list.join(", ")));
    }
    d = d.note("the managed instance's management traffic to these addresses must take the required next hop");
    let help = match cx.model.origin {
        Origin::Misec => format!(
            "route `{prefix}` to {want}, as the profile does (remove the route that replaces it)"
        ),
        Origin::AzureJson => {
            format!("add a route `{prefix}` with next hop type `{want}` to the route table")
        }
    };
    d.help(help)
}
