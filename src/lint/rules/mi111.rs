//! MI111: auto-failover group replication is blocked between the subnet and
//! its partner (`failover-group PREFIX`), on the profile's
//! `ports.failover_group` (5022 and 11000-11999), in either direction.
//!
//! Input: the subnet's compiled policies and its route table. Output: per
//! direction, one diagnostic when a deny rule certainly takes replication
//! packets (error), or may take them (warning, "may"); and a route check: a
//! user route covering the partner that drops the traffic (`none`) is an
//! error, one through an appliance a warning (the documents want the
//! traffic direct, not through a hub). Every flow question goes to the flow
//! engine; the route is the most specific user route containing the
//! partner's prefix.

use super::traffic;
use crate::diagnostic::{Diagnostic, Severity};
use crate::flow::build;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Address, Direction, NextHopKind, PortRange, Protocol, Route};

pub const RULE: Rule = Rule {
    code: "MI111",
    doc: include_str!("mi111.md"),
    scope: Scope::Subnet(check),
};

fn ports_text(ports: &[PortRange]) -> String {
    let list: Vec<String> = ports
        .iter()
        .map(|r| {
            if r.lo == r.hi {
                r.lo.to_string()
            } else {
                format!("{}-{}", r.lo, r.hi)
            }
        })
        .collect();
    list.join(", ")
}

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(partner) = &view.subnet.failover_group else {
        return;
    };
    let ports = &view.profile.ports.failover_group;
    if ports.is_empty() {
        return;
    }
    if let Some(subnet) = &view.subnet.address {
        if traffic::filtered(view) {
            for dir in [Direction::Inbound, Direction::Outbound] {
                nsg(view, dir, subnet.value, partner, ports, out);
            }
        }
    }
    route(view, partner, ports, out);
}

fn nsg(
    view: &SubnetView<'_>,
    dir: Direction,
    subnet: ipnet::IpNet,
    partner: &crate::source::Spanned<ipnet::IpNet>,
    ports: &[PortRange],
    out: &mut Vec<Diagnostic>,
) {
    let (here, there) = (Address::Prefix(subnet), Address::Prefix(partner.value));
    let (src, dst) = match dir {
        Direction::Inbound => (&there, &here),
        Direction::Outbound => (&here, &there),
    };
    let query = build::parts(
        view.flow,
        Protocol::Tcp,
        [src],
        [PortRange::ANY],
        [dst],
        ports.iter().copied(),
    )
    .certain
    .intersect(&traffic::seen(view, dir));
    let coverage = view.policy(dir).coverage(&query);
    let denial = coverage
        .denied()
        .next()
        .map(|p| (p, true))
        .or_else(|| coverage.maybe_denied().next().map(|p| (p, false)));
    let Some((part, certain)) = denial else {
        return;
    };
    let (verb, label) = if certain {
        ("is blocked", "denies")
    } else {
        ("may be blocked", "may deny")
    };
    let (rule, priority) = traffic::name(view, dir, part.rule);
    let way = match dir {
        Direction::Inbound => format!("from partner subnet `{}`", partner.value),
        Direction::Outbound => format!("to partner subnet `{}`", partner.value),
    };
    let mut d = Diagnostic::new(
        "MI111",
        partner.span,
        format!(
            "failover group replication {way} {verb} by `{}`'s {} rules",
            view.subnet
                .nsg
                .as_ref()
                .map_or(view.subnet.name.value.as_str(), |n| n.name.value.as_str()),
            traffic::direction_word(dir)
        ),
    )
    .label(format!(
        "replication needs {} TCP {}",
        traffic::direction_word(dir),
        ports_text(ports)
    ));
    if let Some(span) = traffic::name_span(view, dir, part.rule) {
        d = d.secondary(
            span,
            format!(
                "`{rule}` (priority {priority}) {label} {}",
                traffic::sample(view, &part.packets)
            ),
        );
    }
    d = d.note("an auto-failover group seeds and replicates its databases between the two instances on these ports, both ways; where the network security group blocks them, seeding gets stuck");
    if !certain {
        d = d.note("whether the partner's addresses are in the tags of the deciding rule (`VirtualNetwork` covers peered networks and on-premises ranges only when they are connected) cannot be known from this file");
        d.severity = Severity::Warning;
    }
    let (from, to) = match dir {
        Direction::Inbound => (partner.value.to_string(), "subnet".to_string()),
        Direction::Outbound => ("subnet".to_string(), partner.value.to_string()),
    };
    out.push(d.help(format!(
        "allow it before `{rule}`, e.g. `failover-{}: allow tcp from {from} to {to} port [{}]`",
        match dir {
            Direction::Inbound => "in",
            Direction::Outbound => "out",
        },
        ports_text(ports)
    )));
}

/// The most specific user route whose prefix holds the partner's.
fn covering<'v>(view: &'v SubnetView<'_>, partner: ipnet::IpNet) -> Option<&'v Route> {
    super::routes::user_routes(view)
        .iter()
        .filter(|r| match &r.prefix.address {
            Address::Prefix(p) => p.contains(&partner),
            _ => false,
        })
        .max_by_key(|r| match &r.prefix.address {
            Address::Prefix(p) => p.prefix_len(),
            _ => 0,
        })
}

fn route(
    view: &SubnetView<'_>,
    partner: &crate::source::Spanned<ipnet::IpNet>,
    ports: &[PortRange],
    out: &mut Vec<Diagnostic>,
) {
    let Some(r) = covering(view, partner.value) else {
        return;
    };
    let (verb, severity, why) = match r.next_hop.value.kind {
        NextHopKind::None => (
            "is dropped",
            Severity::Error,
            "a route with next hop `none` drops every packet it takes",
        ),
        NextHopKind::Appliance => (
            "goes through an appliance",
            Severity::Warning,
            "Microsoft's documents want replication between the two instances direct, not routed through a hub network",
        ),
        _ => return,
    };
    let mut d = Diagnostic::new(
        "MI111",
        partner.span,
        format!(
            "failover group replication to partner subnet `{}` {verb}",
            partner.value
        ),
    )
    .label(format!("replication on TCP {}", ports_text(ports)))
    .secondary(r.name.span, format!("route `{}` takes it", r.name.value))
    .note(why);
    d.severity = severity;
    out.push(d.help(format!(
        "let the traffic to `{}` go direct: remove the route (Azure's own routes reach a peered network) or add a more specific one `via gateway` across a VPN",
        partner.value
    )));
}
