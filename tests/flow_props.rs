//! The engine against brute force on a small address space: set operations
//! against explicit enumeration; `decide`, `coverage`, `shadowed`,
//! `redundant` against a first-match evaluator, exactly when every tag is
//! resolved, and soundly (every certain answer holds) in random assignments of
//! addresses to unresolved tags.
//!
//! The space: 10.0.0.0/29 plus one outside IPv4 address, 2001:db8::/126 plus
//! one outside IPv6 address (each outside address stands for all others,
//! since rules only name prefixes inside or `/0`), source ports {0, 1+},
//! destination ports 0..=7 plus 8 standing for the rest.

// helpers outside `#[test]` functions unwrap too: this is test code
#![allow(clippy::unwrap_used)]

mod common;

use common::props::config as cfg;
use std::collections::BTreeMap;
use std::net::IpAddr;

use ipnet::IpNet;
use misec::flow::{AddrPoint, AddrSet, Context, Flow, PacketSet, Policy, Proto, TagResolver};
use misec::model::{
    Access, Address, AddressItem, Direction, PortItem, PortRange, Protocol, RuleOrigin,
    SecurityRule,
};
use misec::source::{Span, Spanned};
use proptest::prelude::*;

const V4: u32 = 0x0A00_0000;
const V4_OUT: u32 = 0xC000_0201;
const V6: u128 = 0x2001_0db8 << 96;
const V6_OUT: u128 = (0x2001_0db8_0001 << 80) | 1;
const TAGS: [&str; 5] = [
    "TagA",
    "TagB",
    "VirtualNetwork",
    "Internet",
    "AzureLoadBalancer",
];
const PROTOS: [Proto; 4] = [Proto::Tcp, Proto::Udp, Proto::Icmp, Proto::Esp];

/// Concrete addresses: 8 + 1 IPv4, 4 + 1 IPv6. Tags only ever hold the
/// inside ones (`DOMAIN_INSIDE`), so the outside ones stay representative.
fn ips() -> Vec<IpAddr> {
    let mut v: Vec<IpAddr> = (0..8)
        .map(|k| IpAddr::from((V4 + k).to_be_bytes()))
        .collect();
    v.push(IpAddr::from(V4_OUT.to_be_bytes()));
    v.extend((0..4).map(|k| IpAddr::from((V6 + k).to_be_bytes())));
    v.push(IpAddr::from(V6_OUT.to_be_bytes()));
    v
}
const INSIDE: [usize; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12];

fn net(ip: IpAddr, len: u8) -> IpNet {
    IpNet::new(ip, len).unwrap().trunc()
}

/// Every address element a generated rule may use.
fn choices() -> Vec<Address> {
    let ips = ips();
    let mut v = vec![
        Address::Any,
        Address::Prefix(net(ips[0], 0)),
        Address::Prefix(net(ips[9], 0)),
    ];
    for len in 29..=32u8 {
        for k in (0..8).step_by(1 << (32 - len)) {
            v.push(Address::Prefix(net(ips[k], len)));
        }
    }
    for len in 126..=128u8 {
        for k in (0..4).step_by(1 << (128 - len)) {
            v.push(Address::Prefix(net(ips[9 + k], len)));
        }
    }
    v.extend(TAGS.iter().map(|t| Address::Tag(t.to_string())));
    v
}

#[derive(Debug, Clone)]
struct Spec {
    allow: bool,
    proto: u8,
    src: Vec<usize>,
    sport: u8,
    dst: Vec<usize>,
    dports: Option<Vec<(u16, u16)>>,
    priority: u32,
}

fn spec() -> impl Strategy<Value = Spec> {
    let n = choices().len();
    let dports = prop::option::weighted(
        0.8,
        prop::collection::vec(
            (0u16..8, 0u16..3).prop_map(|(lo, w)| (lo, (lo + w).min(7))),
            1..3,
        ),
    );
    (
        any::<bool>(),
        0u8..4,
        prop::collection::vec(0..n, 1..3),
        0u8..3,
        prop::collection::vec(0..n, 1..3),
        dports,
        100u32..110,
    )
        .prop_map(|(allow, proto, src, sport, dst, dports, priority)| Spec {
            allow,
            proto,
            src,
            sport,
            dst,
            dports,
            priority,
        })
}

fn build(spec: &Spec) -> SecurityRule {
    let c = choices();
    let sp = Span::default();
    let items = |ids: &[usize]| {
        ids.iter()
            .map(|&i| AddressItem {
                address: c[i].clone(),
                span: sp,
                via: None,
            })
            .collect()
    };
    let port = |lo, hi| PortItem {
        range: PortRange { lo, hi },
        span: sp,
        via: None,
    };
    SecurityRule {
        name: Spanned::new("r".to_string(), sp),
        direction: Direction::Inbound,
        access: Spanned::new(
            if spec.allow {
                Access::Allow
            } else {
                Access::Deny
            },
            sp,
        ),
        protocol: Spanned::new(
            [Protocol::Tcp, Protocol::Udp, Protocol::Icmp, Protocol::Any][spec.proto as usize],
            sp,
        ),
        source: items(&spec.src),
        source_ports: vec![match spec.sport {
            0 => port(0, 65535),
            1 => port(0, 0),
            _ => port(1, 65535),
        }],
        destination: items(&spec.dst),
        destination_ports: match &spec.dports {
            None => vec![port(0, 65535)],
            Some(list) => list.iter().map(|&(lo, hi)| port(lo, hi)).collect(),
        },
        priority: None,
        description: None,
        origin: RuleOrigin::User,
        span: sp,
    }
}

/// One assignment of addresses to tags (bit k: `ips()[INSIDE[k]]`).
#[derive(Debug, Clone)]
struct World(BTreeMap<String, Vec<IpAddr>>);

fn vnet() -> Vec<IpNet> {
    vec![net(ips()[0], 30)]
}

/// `facts`: the world obeys the documented facts the engine relies on for
/// unresolved tags; a fully resolved world needs none (the resolver decides).
fn world(masks: &[u16; 5], facts: bool) -> World {
    let ips = ips();
    let mut map = BTreeMap::new();
    // worlds obey the facts the engine uses: VirtualNetwork holds the vnet
    // (bits 0..4); Internet is outside VirtualNetwork; AzureLoadBalancer is
    // 168.63.129.16, which is outside this address domain
    let vnet_mask = masks[2] | 0xF;
    for (t, &mask) in TAGS.iter().zip(masks) {
        let mask = match *t {
            "VirtualNetwork" => vnet_mask,
            "Internet" if facts => mask & !vnet_mask,
            "AzureLoadBalancer" if facts => 0,
            _ => mask,
        };
        let set = (0..12)
            .filter(|k| mask & (1 << k) != 0)
            .map(|k| ips[INSIDE[k]])
            .collect();
        map.insert(t.to_ascii_lowercase(), set);
    }
    World(map)
}

fn resolver(w: &World) -> TagResolver {
    TagResolver::from_prefixes(TAGS.iter().map(|t| {
        let nets = w.0[&t.to_ascii_lowercase()]
            .iter()
            .map(|&ip| IpNet::from(ip))
            .collect();
        (*t, nets)
    }))
}

fn addr_matches(a: &Address, ip: IpAddr, w: &World) -> bool {
    match a {
        Address::Any => true,
        Address::Prefix(n) => n.contains(&ip),
        Address::Tag(t) => {
            w.0.get(&t.to_ascii_lowercase())
                .is_some_and(|s| s.contains(&ip))
        }
    }
}

type Concrete = (Proto, IpAddr, u16, IpAddr, u16);

fn rule_matches(r: &SecurityRule, p: &Concrete, w: &World) -> bool {
    let proto = match r.protocol.value {
        Protocol::Any => true,
        Protocol::Tcp => p.0 == Proto::Tcp,
        Protocol::Udp => p.0 == Proto::Udp,
        Protocol::Icmp => p.0 == Proto::Icmp,
        _ => false,
    };
    let port =
        |items: &[PortItem], x: u16| items.iter().any(|i| i.range.lo <= x && x <= i.range.hi);
    proto
        && r.source.iter().any(|a| addr_matches(&a.address, p.1, w))
        && port(&r.source_ports, p.2)
        && r.destination
            .iter()
            .any(|a| addr_matches(&a.address, p.3, w))
        && port(&r.destination_ports, p.4)
}

/// Same-family packets of the space.
fn packets() -> Vec<Concrete> {
    let ips = ips();
    let mut v = Vec::new();
    for &proto in &PROTOS {
        for &s in &ips {
            for &d in ips.iter().filter(|d| d.is_ipv4() == s.is_ipv4()) {
                for sport in 0..2 {
                    for dport in 0..9 {
                        v.push((proto, s, sport, d, dport));
                    }
                }
            }
        }
    }
    v
}

/// For every packet, the ids of the rules that match it, in evaluation order.
fn matches(policy: &Policy<'_>, w: &World, pkts: &[Concrete]) -> Vec<Vec<usize>> {
    let order: Vec<usize> = policy.order().collect();
    pkts.iter()
        .map(|p| {
            order
                .iter()
                .copied()
                .filter(|&id| rule_matches(policy.rule(id).unwrap().0, p, w))
                .collect()
        })
        .collect()
}

fn access(policy: &Policy<'_>, id: usize) -> Access {
    policy.rule(id).unwrap().0.access.value
}

fn brute_shadowed(m: &[Vec<usize>], id: usize) -> bool {
    m.iter().all(|ms| ms.first() != Some(&id))
}

fn brute_redundant(policy: &Policy<'_>, m: &[Vec<usize>], id: usize) -> bool {
    m.iter().all(|ms| match ms.as_slice() {
        [first, next, ..] if *first == id => access(policy, *next) == access(policy, id),
        [first] if *first == id => false,
        _ => true,
    })
}

fn numbered<'a>(rules: &'a [SecurityRule], specs: &[Spec]) -> Vec<(&'a SecurityRule, u32)> {
    rules.iter().zip(specs.iter().map(|s| s.priority)).collect()
}

/// Is a concrete packet in what a symbolic set denotes in world `w`?
fn denotes(ctx: &Context<'_>, set: &PacketSet, p: &Concrete, w: &World) -> bool {
    let side = |a: &AddrSet, ip: IpAddr| {
        a.contains(AddrPoint::from(ip))
            || (0..ctx.atom_count()).any(|id| {
                a.atoms.contains(id)
                    && addr_matches(&Address::Tag(ctx.atom_name(id).unwrap()), ip, w)
            })
    };
    set.cubes().iter().any(|c| {
        c.proto & p.0.bit() != 0
            && side(&c.src, p.1)
            && c.sport.contains(p.2)
            && side(&c.dst, p.3)
            && c.dport.contains(p.4)
    })
}

proptest! {
    #![proptest_config(cfg(48))]

    #[test]
    fn exact_when_every_tag_is_resolved(
        specs in prop::collection::vec(spec(), 1..8),
        masks in any::<[u16; 5]>(),
        probe in 0usize..1000,
    ) {
        let rules: Vec<SecurityRule> = specs.iter().map(build).collect();
        let w = world(&masks, false);
        let res = resolver(&w);
        let ctx = Context::new(Some(&res), &vnet());
        let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules, &specs));
        let pkts = packets();
        let m = matches(&policy, &w, &pkts);
        for id in 0..policy.len() {
            // shadowing, like redundancy, is sound rather than exact here (see
            // the engine's doc): a "shadowed" answer is always true
            if policy.shadowed(id).is_some() {
                prop_assert!(brute_shadowed(&m, id), "shadowed {}", id);
            }
            // redundancy is sound, not exact: `any` and prefixes also hold
            // the atoms of tags (even resolved ones), so the engine may keep a
            // rule that brute force shows redundant; it never does the reverse
            if policy.redundant(id) {
                prop_assert!(brute_redundant(&policy, &m, id), "redundant {}", id);
            }
        }
        for (p, ms) in pkts.iter().zip(&m).skip(probe % 37).step_by(37) {
            let d = policy.decide(&concrete_flow(p)).unwrap();
            prop_assert!(d.is_certain());
            prop_assert_eq!(d.rule, ms[0]);
        }
        let q = policy.sides(probe % rules.len()).unwrap().certain.clone();
        let cov = policy.coverage(&q);
        for (p, ms) in pkts.iter().zip(&m) {
            let parts: Vec<_> = cov.parts.iter().filter(|part| denotes(&ctx, &part.packets, p, &w)).collect();
            if denotes(&ctx, &q, p, &w) {
                prop_assert_eq!(parts.len(), 1);
                prop_assert!(parts[0].certain && parts[0].rule == ms[0]);
            } else {
                prop_assert!(parts.is_empty());
            }
        }
    }

    #[test]
    fn certain_answers_hold_in_every_world(
        specs in prop::collection::vec(spec(), 1..8),
        worlds in prop::collection::vec(any::<[u16; 5]>(), 3),
        probe in 0usize..1000,
    ) {
        let rules: Vec<SecurityRule> = specs.iter().map(build).collect();
        let ctx = Context::new(None, &vnet());
        let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules, &specs));
        let pkts = packets();
        let flows = probe_flows(probe);
        let q = policy.sides(probe % rules.len()).unwrap().certain.clone();
        let cov = policy.coverage(&q);
        for masks in &worlds {
            let w = world(masks, true);
            let m = matches(&policy, &w, &pkts);
            for id in 0..policy.len() {
                if policy.shadowed(id).is_some() {
                    prop_assert!(brute_shadowed(&m, id), "shadowed {}", id);
                }
                if policy.redundant(id) {
                    prop_assert!(brute_redundant(&policy, &m, id), "redundant {}", id);
                }
            }
            for f in &flows {
                let d = policy.decide(f).unwrap();
                let fset = misec::flow::build::flow(&ctx, f);
                for (p, ms) in pkts.iter().zip(&m) {
                    if denotes(&ctx, &fset, p, &w) {
                        prop_assert!(ms[0] == d.rule || d.maybe.contains(&ms[0]), "{} {:?}", f, p);
                        prop_assert!(!d.is_certain() || ms[0] == d.rule);
                    }
                }
            }
            for (p, ms) in pkts.iter().zip(&m) {
                if !denotes(&ctx, &q, p, &w) {
                    continue;
                }
                let parts: Vec<_> = cov.parts.iter().filter(|part| denotes(&ctx, &part.packets, p, &w)).collect();
                prop_assert!(parts.iter().any(|part| part.rule == ms[0]));
                for part in parts.iter().filter(|part| part.certain) {
                    prop_assert_eq!(part.rule, ms[0]);
                }
            }
        }
    }
}

fn concrete_flow(p: &Concrete) -> Flow {
    Flow {
        protocol: p.0,
        src: Address::Prefix(IpNet::from(p.1)),
        src_port: PortRange::single(p.2),
        dst: Address::Prefix(IpNet::from(p.3)),
        dst_port: PortRange::single(p.4),
    }
}

/// A few flows, with tags and literal addresses on either side.
fn probe_flows(seed: usize) -> Vec<Flow> {
    let ips = ips();
    let ends = [
        Address::Tag("TagA".into()),
        Address::Tag("virtualnetwork".into()),
        Address::Tag("Internet".into()),
        Address::Prefix(IpNet::from(ips[seed % 9])),
        Address::Prefix(IpNet::from(ips[(seed / 9) % 9])),
    ];
    (0..4)
        .map(|k| Flow {
            protocol: PROTOS[(seed + k) % 4],
            src: ends[(seed + k) % 5].clone(),
            src_port: PortRange::single((k % 2) as u16),
            dst: ends[(seed / 5 + 2 * k) % 5].clone(),
            dst_port: PortRange::single(((seed + 3 * k) % 9) as u16),
        })
        .collect()
}
