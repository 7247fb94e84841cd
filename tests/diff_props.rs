//! `diff::packets::compare` against brute force: on random pairs of rule
//! lists (independent, one rule changed, rules split item by item, renamed
//! and renumbered), with every service tag resolved so the engine is exact:
//!
//! - the diff is empty exactly when every packet of the domain gets the same
//!   verdict on both sides;
//! - applying the reported boxes to OLD's verdicts gives NEW's on every
//!   packet, each packet is in at most one box, and the rules a change names
//!   are the first matching rules on each side.
//!
//! The domain: 10.0.0.0/29 plus one outside IPv4 address and one IPv6
//! address (each outside address stands for all others, since rules only
//! name prefixes inside it, or `any`), source ports {0, 1+}, destination
//! ports 0..=7 plus 8 standing for the rest; both sides of a packet of one
//! family.

#![allow(clippy::unwrap_used)] // test code

mod common;

use std::net::IpAddr;

use common::props::config as cfg;
use ipnet::IpNet;
use misec::diff::packets::compare;
use misec::flow::{AddrPoint, Context, Cube, Packet, Policy, Proto, TagResolver};
use misec::model::{
    Access, Address, AddressItem, Direction, PortItem, PortRange, Protocol, RuleOrigin,
    SecurityRule,
};
use misec::source::{Span, Spanned};
use proptest::prelude::*;

const V4: u32 = 0x0A00_0000;
const V4_OUT: u32 = 0xC000_0201;
const V6_OUT: u128 = (0x2001_0db8 << 96) | 1;
const TAGS: [&str; 4] = ["TagA", "Internet", "VirtualNetwork", "AzureLoadBalancer"];

fn v4(k: u32) -> IpAddr {
    IpAddr::from((V4 + k).to_be_bytes())
}

/// Address elements a rule may use: `any`, prefixes inside the domain, tags.
fn choices() -> Vec<Address> {
    let mut v = vec![Address::Any];
    for len in 29..=32u8 {
        for k in (0..8).step_by(1 << (32 - len)) {
            v.push(Address::Prefix(IpNet::new(v4(k), len).unwrap()));
        }
    }
    v.extend(TAGS.iter().map(|t| Address::Tag(t.to_string())));
    v
}

/// Every tag resolved: masks over the eight inside addresses.
fn resolver(masks: &[u8; 4]) -> TagResolver {
    TagResolver::from_prefixes(TAGS.iter().zip(masks).map(|(t, &m)| {
        let nets = (0..8u32)
            .filter(|k| m & (1 << k) != 0)
            .map(|k| IpNet::from(v4(k)))
            .collect();
        (*t, nets)
    }))
}

#[derive(Debug, Clone)]
struct Spec {
    allow: bool,
    proto: u8,
    src: Vec<usize>,
    sport: u8,
    dst: Vec<usize>,
    dports: Vec<(u16, u16)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let n = choices().len();
    (
        any::<bool>(),
        0u8..4,
        prop::collection::vec(0..n, 1..3),
        0u8..3,
        prop::collection::vec(0..n, 1..3),
        prop::collection::vec((0u16..9, 0u16..3), 1..3),
    )
        .prop_map(|(allow, proto, src, sport, dst, dports)| Spec {
            allow,
            proto,
            src,
            sport,
            dst,
            // 8 stands for "8 and above"
            dports: dports
                .into_iter()
                .map(|(lo, w)| {
                    if lo == 8 {
                        (8, 65535)
                    } else {
                        (lo, (lo + w).min(7))
                    }
                })
                .collect(),
        })
}

fn rule(spec: &Spec, name: String) -> SecurityRule {
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
        name: Spanned::new(name, sp),
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
        destination_ports: spec.dports.iter().map(|&(lo, hi)| port(lo, hi)).collect(),
        priority: None,
        description: None,
        origin: RuleOrigin::User,
        span: sp,
    }
}

/// NEW from OLD: 0 independent, 1 one rule replaced, 2 every rule split
/// item by item (same verdicts), 3 renamed and renumbered (same verdicts).
fn variant(old: &[Spec], kind: u8, other: &[Spec], at: usize) -> Vec<(Spec, String)> {
    let named = |list: &[Spec], prefix: &str| {
        list.iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), format!("{prefix}{i}")))
            .collect()
    };
    match kind {
        0 => named(other, "n"),
        1 => {
            let mut v: Vec<(Spec, String)> = named(old, "r");
            if let (Some(slot), Some(s)) = (v.get_mut(at % old.len().max(1)), other.first()) {
                *slot = (s.clone(), "changed".into());
            }
            v
        }
        2 => old
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                s.src.iter().flat_map(move |&a| {
                    s.dports.iter().map(move |&p| {
                        (
                            Spec {
                                src: vec![a],
                                dports: vec![p],
                                ..s.clone()
                            },
                            format!("r{i}-{a}-{}", p.0),
                        )
                    })
                })
            })
            .collect(),
        _ => named(old, "renamed-"),
    }
}

/// The domain's packets, and the first rule (index, access) matching each.
fn packets() -> Vec<Packet> {
    let mut addrs: Vec<AddrPoint> = (0..8).map(|k| AddrPoint::V4(V4 + k)).collect();
    addrs.push(AddrPoint::V4(V4_OUT));
    let v6 = AddrPoint::V6(V6_OUT);
    let mut pairs: Vec<(AddrPoint, AddrPoint)> = addrs
        .iter()
        .flat_map(|&s| addrs.iter().map(move |&d| (s, d)))
        .collect();
    pairs.push((v6, v6));
    let mut out = Vec::new();
    for proto in [Proto::Tcp, Proto::Udp, Proto::Icmp, Proto::Esp] {
        for &(src, dst) in &pairs {
            for sport in [0, 1] {
                for dport in 0..=8 {
                    out.push(Packet {
                        proto,
                        src,
                        sport,
                        dst,
                        dport,
                    });
                }
            }
        }
    }
    out
}

/// First match, evaluated on the rules themselves (not the engine's sets).
fn verdict(rules: &[SecurityRule], masks: &[u8; 4], p: &Packet) -> (usize, Access) {
    let holds = |a: &Address, at: AddrPoint| match (a, at) {
        (Address::Any, _) => true,
        (Address::Prefix(n), AddrPoint::V4(x)) => n.contains(&IpAddr::from(x.to_be_bytes())),
        (Address::Tag(t), AddrPoint::V4(x)) => {
            let k = TAGS.iter().position(|n| n == t).unwrap();
            (V4..V4 + 8).contains(&x) && masks[k] & (1 << (x - V4)) != 0
        }
        _ => false,
    };
    for (i, r) in rules.iter().enumerate() {
        let proto = match r.protocol.value {
            Protocol::Any => true,
            Protocol::Tcp => p.proto == Proto::Tcp,
            Protocol::Udp => p.proto == Proto::Udp,
            Protocol::Icmp => p.proto == Proto::Icmp,
            _ => false,
        };
        let port =
            |items: &[PortItem], x: u16| items.iter().any(|i| i.range.lo <= x && x <= i.range.hi);
        if proto
            && r.source.iter().any(|a| holds(&a.address, p.src))
            && r.destination.iter().any(|a| holds(&a.address, p.dst))
            && port(&r.source_ports, p.sport)
            && port(&r.destination_ports, p.dport)
        {
            return (i, r.access.value);
        }
    }
    (usize::MAX, Access::Deny) // DenyAllInBound, behind Azure's two allow rules (never reached here: see below)
}

/// The rules with increasing priorities `step` apart (order = list order).
fn placed(v: &[SecurityRule], step: u32) -> Vec<(&SecurityRule, u32)> {
    v.iter()
        .zip(0u32..)
        .map(|(r, i)| (r, 100 + step * i))
        .collect()
}

proptest! {
    #![proptest_config(cfg(96))]

    #[test]
    fn diff_is_exactly_the_changed_verdicts(
        old in prop::collection::vec(spec(), 0..6),
        other in prop::collection::vec(spec(), 0..6),
        kind in 0u8..4,
        at in 0usize..6,
        masks in prop::array::uniform4(any::<u8>()),
    ) {
        let tags = resolver(&masks);
        let vnet = [IpNet::new(v4(0), 30).unwrap()];
        let (octx, nctx) = (Context::new(Some(&tags), &vnet), Context::new(Some(&tags), &vnet));
        let olds: Vec<SecurityRule> = old.iter().enumerate().map(|(i, s)| rule(s, format!("r{i}"))).collect();
        let news: Vec<SecurityRule> = variant(&old, kind, &other, at).iter().map(|(s, n)| rule(s, n.clone())).collect();
        // a final deny-all of the user's, so Azure's defaults never decide and
        // the brute force needs no model of them
        let close = |mut v: Vec<SecurityRule>| {
            v.push(rule(&Spec { allow: false, proto: 3, src: vec![0], sport: 0, dst: vec![0], dports: vec![(0, 65535)] }, "deny-all".into()));
            v
        };
        let (olds, news) = (close(olds), close(news));
        let (op, np) = (placed(&olds, 10), placed(&news, 7));

        let old_policy = Policy::new(&octx, Direction::Inbound, &op);
        let new_policy = Policy::new(&nctx, Direction::Inbound, &np);
        let changes = compare(&old_policy, &new_policy, &Cube::all());
        let mut all_same = true;
        for p in packets() {
            let (oi, ov) = verdict(&olds, &masks, &p);
            let (ni, nv) = verdict(&news, &masks, &p);
            all_same &= ov == nv;
            let holding: Vec<_> = changes.iter().filter(|c| c.packets.contains(&p)).collect();
            prop_assert!(holding.len() <= 1, "{p:?} in {} changes", holding.len());
            let applied = holding.first().map_or(ov, |c| c.now);
            prop_assert_eq!(applied, nv, "{:?}: old {:?} by {}, new {:?} by {}", p, ov, oi, nv, ni);
            if let Some(c) = holding.first() {
                prop_assert!(c.certain, "every tag is resolved: {c:?}");
                prop_assert_eq!((c.old, c.new), (oi, ni), "deciding rules of {:?}", p);
            }
        }
        prop_assert_eq!(changes.is_empty(), all_same, "{:?}", changes);
        if kind >= 2 {
            prop_assert!(changes.is_empty(), "a rewrite with the same verdicts: {:?}", changes);
        }
    }
}

proptest! {
    #![proptest_config(cfg(64))]

    /// With tags left unresolved, a change the diff calls certain happens
    /// in every assignment of addresses to the tags that keeps the facts
    /// the engine relies on (`VirtualNetwork` holds the vnet, `Internet` is
    /// outside it, `AzureLoadBalancer` is one address outside this domain).
    #[test]
    fn certain_changes_hold_whatever_the_tags_hold(
        old in prop::collection::vec(spec(), 0..6),
        other in prop::collection::vec(spec(), 0..6),
        kind in 0u8..2,
        at in 0usize..6,
        worlds in prop::collection::vec(prop::array::uniform4(any::<u8>()), 4),
    ) {
        let vnet = [IpNet::new(v4(0), 30).unwrap()];
        let (octx, nctx) = (Context::new(None, &vnet), Context::new(None, &vnet));
        let olds: Vec<SecurityRule> = old.iter().enumerate().map(|(i, s)| rule(s, format!("r{i}"))).collect();
        let news: Vec<SecurityRule> = variant(&old, kind, &other, at).iter().map(|(s, n)| rule(s, n.clone())).collect();
        let close = |mut v: Vec<SecurityRule>| {
            v.push(rule(&Spec { allow: false, proto: 3, src: vec![0], sport: 0, dst: vec![0], dports: vec![(0, 65535)] }, "deny-all".into()));
            v
        };
        let (olds, news) = (close(olds), close(news));
        let (op, np) = (placed(&olds, 10), placed(&news, 10));
        let old_policy = Policy::new(&octx, Direction::Inbound, &op);
        let new_policy = Policy::new(&nctx, Direction::Inbound, &np);
        let changes = compare(&old_policy, &new_policy, &Cube::all());
        for masks in &worlds {
            // TAGS: TagA, Internet, VirtualNetwork, AzureLoadBalancer
            let vnet_mask = masks[2] | 0x0F;
            let world = [masks[0], masks[1] & !vnet_mask, vnet_mask, 0];
            for p in packets() {
                for c in changes.iter().filter(|c| c.certain && c.packets.contains(&p)) {
                    let (_, ov) = verdict(&olds, &world, &p);
                    let (_, nv) = verdict(&news, &world, &p);
                    prop_assert!(ov != c.now && nv == c.now, "{p:?} in world {world:?}: {ov:?} -> {nv:?}, reported {c:?}");
                }
            }
        }
    }
}
