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
//!
//! The table is judged with Azure's system routes beside it, as Azure
//! evaluates it: the vnet's address space → VnetLocal, `0.0.0.0/0` →
//! Internet, and the reserved private and shared ranges → None (a user route
//! for the same prefix replaces a system route; peering and gateway routes
//! have prefixes the file does not give, and are not modelled). A required
//! route whose traffic only a system route sends the right way is a gap
//! against the documents, a warning that says so, not lost traffic.

use super::azure::{address_text, hop_text, is_mandatory_route, same_prefix};
use super::routes::{first_prefixes, required, system_routes, takes_over, Hop, Prefix};
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
    let around = Around::new(view);
    for m in &req {
        let finding = match &m.prefix.address {
            Address::Prefix(q) => prefix_route(cx, view, &around, m, *q),
            Address::Tag(_) => tag_route(view, m),
            Address::Any => None,
        };
        let Some((bad, culprits, system)) = finding else {
            continue;
        };
        if bad.is_empty() {
            out.push(gap(view, table.name.span, m, system));
            continue;
        }
        out.push(report(cx, view, table.name.span, m, &bad, &culprits));
    }
}

/// What every required route of a subnet is judged against, computed once
/// per subnet rather than once per required route (a profile requires up to
/// 166 of them): the effective table's prefix routes and Azure's system routes.
struct Around<'v> {
    table: Vec<(Prefix, ipnet::IpNet, &'v Route)>,
    system: Vec<(Prefix, ipnet::IpNet, NextHopKind)>,
    /// The private and shared ranges Azure drops (system routes to None).
    dropped: AddrSet,
}

impl<'v> Around<'v> {
    fn new(view: &'v SubnetView<'_>) -> Around<'v> {
        let table = view
            .effective
            .routes
            .iter()
            .filter_map(|r| match &r.prefix.address {
                Address::Prefix(p) => Some((Prefix::of(p), *p, r)),
                _ => None,
            })
            .collect();
        let system: Vec<_> = system_routes(view)
            .into_iter()
            .map(|(p, hop)| (Prefix::of(&p), p, hop))
            .collect();
        let dropped = system
            .iter()
            .filter(|(_, _, hop)| *hop == NextHopKind::None)
            .fold(AddrSet::empty(), |set, (_, p, _)| {
                set.union(&AddrSet::prefix(*p))
            });
        Around {
            table,
            system,
            dropped,
        }
    }
}

/// The addresses of required route `m` that go elsewhere (or nowhere), the
/// routes that send them elsewhere, and the one system route (if any) that
/// alone sends some of them the right way.
fn prefix_route<'v>(
    cx: &Context<'_>,
    view: &'v SubnetView<'_>,
    around: &Around<'v>,
    m: &Route,
    q: ipnet::IpNet,
) -> Option<(AddrSet, Vec<&'v Route>, Option<ipnet::IpNet>)> {
    let want = m.next_hop.value.kind;
    // only routes whose prefix meets `q` can decide any of its addresses
    let bits = Prefix::of(&q);
    let mut meeting: Vec<(ipnet::IpNet, Hop<'v>)> = around
        .table
        .iter()
        .filter(|(b, _, _)| b.meets(bits))
        .map(|(_, p, r)| (*p, Hop::Table(r)))
        .collect();
    // private and shared ranges are no management endpoint: Azure drops
    // them by design, not against a required Internet route
    let internet = want == NextHopKind::Internet;
    let reserved = match internet {
        true => around.dropped.clone(),
        false => AddrSet::empty(),
    };
    for &(b, p, hop) in &around.system {
        if internet && hop == NextHopKind::None {
            continue;
        }
        // a table route for the same prefix replaces the system route
        let replaced = meeting.iter().any(|(n, _)| *n == p);
        if b.meets(bits) && !replaced {
            meeting.push((p, Hop::System(hop)));
        }
    }
    // longest prefix first; equal prefixes side by side
    meeting.sort_by(|a, b| b.0.prefix_len().cmp(&a.0.prefix_len()).then(a.0.cmp(&b.0)));
    let mut remaining = AddrSet::prefix(q);
    if want == NextHopKind::Internet {
        // management endpoints are public: the vnet's own addresses need
        // not reach Internet (see `routes::takes_over`)
        remaining = remaining.difference(view.flow.vnet());
    }
    remaining = remaining.difference(&reserved);
    let mut bad = AddrSet::empty();
    let mut culprits = Vec::new();
    let mut system = None;
    let mut i = 0;
    while i < meeting.len() && !remaining.is_empty() {
        let p = meeting[i].0;
        let group: Vec<Hop<'v>> = meeting[i..]
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
        if group.iter().any(|r| r.kind() == want) {
            if group.iter().all(|r| matches!(r, Hop::System(_))) {
                system.get_or_insert(p);
            }
            continue;
        }
        let table: Vec<&'v Route> = group
            .iter()
            .filter_map(|r| match r {
                Hop::Table(r) => Some(*r),
                Hop::System(_) => None,
            })
            .collect();
        let taken = table
            .iter()
            .any(|r| !is_mandatory_route(cx, r) && takes_over(view, r, m));
        if !taken {
            bad = bad.union(&here);
            culprits.extend(table);
        }
    }
    bad = bad.union(&remaining);
    (!bad.is_empty() || system.is_some()).then_some((bad, culprits, system))
}

/// A required route whose traffic Azure's system route already sends the
/// required way: missing against the documents, no traffic lost.
fn gap(view: &SubnetView<'_>, span: Span, m: &Route, system: Option<ipnet::IpNet>) -> Diagnostic {
    let prefix = address_text(&m.prefix.address);
    let want = m.next_hop.value.kind.azure_name();
    let by = system.map_or_else(String::new, |p| format!(" `{p}`"));
    let mut d = Diagnostic::new(
        "MI201",
        span,
        format!(
            "required route `{}` (`{prefix}` → {want}) is not in the route table",
            m.name.value
        ),
    )
    .label(format!("no route for `{prefix}`"))
    .secondary(m.span, format!("profile `{}` requires this route", view.profile.name))
    .note(format!(
        "Azure's system route{by} sends this traffic to {want} as it is, so none of it goes elsewhere; the gap is against the profile's documents, which require the route in the subnet's own table"
    ))
    .help(format!("add a route `{prefix}` with next hop type `{want}` to the route table"));
    d.severity = crate::diagnostic::Severity::Warning;
    d
}

/// A required tag route: present for the same tag with the required hop, or
/// taken over by a user route (MI202's), or missing.
fn tag_route<'v>(
    view: &'v SubnetView<'_>,
    m: &Route,
) -> Option<(AddrSet, Vec<&'v Route>, Option<ipnet::IpNet>)> {
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
    // a tag's addresses are unknown offline: treated as missing outright
    Some((AddrSet::all(), Vec::new(), None))
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
