//! Do two rule lists of one direction allow the same flows, and do two route
//! lists hold the same routes? The packet engine (`flow::Policy`) decides
//! every generated flow under both lists; the verdicts (allow / deny) must
//! agree.
//!
//! Flows are generated deterministically from both lists: every protocol;
//! as addresses the first and last address of every prefix either list
//! names, the addresses just outside them, every tag used, `any`, and the
//! context's vnet prefixes; as ports every range end and the ports just
//! outside it, plus 0 and 65535. The full product is decided when it is
//! small; larger products are walked with a fixed stride through the same
//! product (so no run differs from another).

use std::collections::BTreeSet;
use std::net::IpAddr;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use misec::flow::{Context, Flow, Policy, Proto};
use misec::model::{Address, Direction, NextHopKind, PortRange, Route, SecurityRule};

/// Above this many flows, a fixed-stride subset of the product is decided.
const MAX_FLOWS: usize = 60_000;

/// One side of a comparison: rules of one direction with their priorities.
pub type Rules<'a> = Vec<(&'a SecurityRule, u32)>;

fn host(a: IpAddr) -> Address {
    Address::Prefix(match a {
        IpAddr::V4(v) => IpNet::V4(Ipv4Net::new(v, 32).unwrap()),
        IpAddr::V6(v) => IpNet::V6(Ipv6Net::new(v, 128).unwrap()),
    })
}

fn step(a: IpAddr, up: bool) -> Option<IpAddr> {
    match a {
        IpAddr::V4(v) => {
            let n = u32::from(v);
            let m = if up {
                n.checked_add(1)?
            } else {
                n.checked_sub(1)?
            };
            Some(IpAddr::from(m.to_be_bytes()))
        }
        IpAddr::V6(v) => {
            let n = u128::from(v);
            let m = if up {
                n.checked_add(1)?
            } else {
                n.checked_sub(1)?
            };
            Some(IpAddr::from(m.to_be_bytes()))
        }
    }
}

fn add_prefix(net: IpNet, out: &mut BTreeSet<Address>) {
    let (first, last) = (net.network(), net.broadcast());
    out.insert(host(first));
    out.insert(host(last));
    out.extend(step(first, false).map(host));
    out.extend(step(last, true).map(host));
}

fn add_address(a: &Address, out: &mut BTreeSet<Address>) {
    match a {
        Address::Prefix(net) => add_prefix(*net, out),
        other => {
            out.insert(other.clone());
        }
    }
}

fn add_ports(r: PortRange, out: &mut BTreeSet<u16>) {
    out.extend([r.lo, r.hi]);
    out.extend(r.lo.checked_sub(1));
    out.extend(r.hi.checked_add(1));
}

/// Addresses and ports drawn from both lists (see the module comment).
pub fn probes(lists: &[&Rules<'_>], vnet: &[IpNet]) -> (Vec<Address>, Vec<u16>, Vec<u16>) {
    let mut addrs = BTreeSet::from([Address::Any]);
    let mut sports = BTreeSet::from([0, 65535]);
    let mut dports = BTreeSet::from([0, 65535]);
    for net in vnet {
        add_prefix(*net, &mut addrs);
    }
    for (rule, _) in lists.iter().flat_map(|l| l.iter()) {
        for item in rule.source.iter().chain(&rule.destination) {
            add_address(&item.address, &mut addrs);
        }
        for p in &rule.source_ports {
            add_ports(p.range, &mut sports);
        }
        for p in &rule.destination_ports {
            add_ports(p.range, &mut dports);
        }
    }
    (
        addrs.into_iter().collect(),
        sports.into_iter().collect(),
        dports.into_iter().collect(),
    )
}

fn describe(policy: &Policy<'_>, id: usize) -> String {
    policy.rule(id).map_or("?".to_string(), |(r, p)| {
        format!("`{}` (priority {p}, {:?})", r.name.value, r.access.value)
    })
}

/// Decides generated flows under `a` and `b`; `Err` names the first flow
/// whose verdicts differ and the rule that decided it on each side. `Ok`
/// is the number of flows compared. With `subnet`, only the packets the
/// subnet's NSG sees are generated: inbound to an address in it, outbound
/// from one.
pub fn same_verdicts(
    label: &str,
    ctx: &Context<'_>,
    direction: Direction,
    a: &Rules<'_>,
    b: &Rules<'_>,
    vnet: &[IpNet],
    subnet: Option<IpNet>,
) -> Result<usize, String> {
    let pa = Policy::new(ctx, direction, a);
    let pb = Policy::new(ctx, direction, b);
    let (addrs, sports, dports) = probes(&[a, b], vnet);
    let inside: Vec<Address> = match subnet {
        Some(net) => addrs
            .iter()
            .filter(|x| matches!(x, Address::Prefix(p) if net.contains(p)))
            .cloned()
            .collect(),
        None => addrs.clone(),
    };
    let inside = if inside.is_empty() {
        addrs.clone()
    } else {
        inside
    };
    // the subnet's own addresses are always among the probes (`vnet` holds it)
    let (srcs, dsts) = match direction {
        Direction::Inbound => (&addrs, &inside),
        Direction::Outbound => (&inside, &addrs),
    };
    let total = Proto::ALL.len() * srcs.len() * dsts.len() * sports.len() * dports.len();
    // an odd stride coprime with nothing in particular walks the product evenly
    let stride = if total > MAX_FLOWS {
        (total / MAX_FLOWS) | 1
    } else {
        1
    };
    let mut compared = 0;
    let mut k = 0;
    while k < total {
        let mut i = k;
        let dport = dports[i % dports.len()];
        i /= dports.len();
        let sport = sports[i % sports.len()];
        i /= sports.len();
        let dst = &dsts[i % dsts.len()];
        i /= dsts.len();
        let src = &srcs[i % srcs.len()];
        i /= srcs.len();
        let proto = Proto::ALL[i % Proto::ALL.len()];
        let flow = Flow {
            protocol: proto,
            src: src.clone(),
            src_port: PortRange::single(sport),
            dst: dst.clone(),
            dst_port: PortRange::single(dport),
        };
        let (da, db) = (pa.decide(&flow), pb.decide(&flow));
        if da.as_ref().map(|d| d.access) != db.as_ref().map(|d| d.access) {
            return Err(format!(
                "{label} {direction:?}: `{flow}` is decided by {} in the source but by {} in the compiled NSG",
                da.map_or("nothing".into(), |d| describe(&pa, d.rule)),
                db.map_or("nothing".into(), |d| describe(&pb, d.rule)),
            ));
        }
        compared += 1;
        k += stride;
    }
    Ok(compared)
}

/// A route as Azure evaluates it: prefix → next hop.
pub type RouteKey = (Address, NextHopKind, Option<IpAddr>);

pub fn route_keys<'r>(routes: impl IntoIterator<Item = &'r Route>) -> Vec<RouteKey> {
    let mut keys: Vec<RouteKey> = routes
        .into_iter()
        .map(|r| {
            (
                r.prefix.address.clone(),
                r.next_hop.value.kind,
                r.next_hop.value.address.as_ref().map(|a| a.value),
            )
        })
        .collect();
    keys.sort();
    keys
}

/// The first route only one side has, if any.
pub fn same_routes(label: &str, a: &[RouteKey], b: &[RouteKey]) -> Result<(), String> {
    if a == b {
        return Ok(());
    }
    let only_a = a.iter().find(|k| !b.contains(k));
    let only_b = b.iter().find(|k| !a.contains(k));
    Err(format!(
        "{label}: routes differ ({} vs {}); only in the source: {only_a:?}; only in the compiled table: {only_b:?}",
        a.len(),
        b.len()
    ))
}
