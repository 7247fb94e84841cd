//! The engine's fast paths against the plain computations they stand for,
//! answer for answer and cube for cube: `shadowed` (with the rules that cut
//! in) and `redundant` against a walk over every rule with plain set
//! operations; `PacketSet::subtract_cube`, `difference` and
//! `difference_within` against rebuilding every cube. The shortcuts
//! (bounds, point index, corner probes, a kept answer) may only make the
//! engine faster, never change what it says: diagnostics are built from
//! these answers and these cubes.
//!
//! Policies are generated with many overlaps (nested IPv4 prefixes from /8
//! to /32, `any`, tags, IPv6, port lists and ranges, both accesses), the
//! shapes that make a rule shadowed by several others.

#![allow(clippy::unwrap_used)]

mod common;

use common::props::config as cfg;

use ipnet::IpNet;
use misec::flow::{build, Context, Cube, PacketSet, Policy};
use misec::model::{
    Access, Address, AddressItem, Direction, PortItem, PortRange, Protocol, RuleOrigin,
    SecurityRule,
};
use misec::source::{Span, Spanned};
use proptest::prelude::*;

/// Addresses that nest and overlap: `10.0.0.0/8` down to hosts of
/// `10.1.2.0/24`, one outside prefix, IPv6, `any` and tags.
fn address(k: u8) -> Address {
    let net = |s: &str| Address::Prefix(s.parse::<IpNet>().unwrap());
    match k % 14 {
        0 => Address::Any,
        1 => Address::Tag("Internet".into()),
        2 => Address::Tag("VirtualNetwork".into()),
        3 => Address::Tag("Storage".into()),
        4 => net("10.0.0.0/8"),
        5 => net("10.1.0.0/16"),
        6 => net("10.1.2.0/24"),
        7 => net("10.1.2.0/28"),
        8 => net("10.1.2.5/32"),
        9 => net("10.1.3.0/24"),
        10 => net("10.2.0.0/16"),
        11 => net("192.0.2.0/24"),
        12 => net("2001:db8::/32"),
        _ => net("2001:db8:1::/48"),
    }
}

fn ports(k: u8) -> Vec<PortRange> {
    let r = |lo, hi| PortRange { lo, hi };
    match k % 7 {
        0 => vec![PortRange::ANY],
        1 => vec![r(1433, 1433)],
        2 => vec![r(11000, 11999)],
        3 => vec![r(1433, 1433), r(11000, 11999)],
        4 => vec![r(1000, 2000)],
        5 => vec![r(80, 80), r(443, 443)],
        _ => vec![r(0, 1433)],
    }
}

type Spec = (bool, u8, Vec<u8>, Vec<u8>, u8);

fn rule(spec: &Spec) -> SecurityRule {
    let (allow, proto, src, dst, dports) = spec;
    let sp = Span::default();
    let items = |ks: &[u8]| {
        ks.iter()
            .map(|&k| AddressItem {
                address: address(k),
                span: sp,
                via: None,
            })
            .collect()
    };
    SecurityRule {
        name: Spanned::new("r".to_string(), sp),
        direction: Direction::Inbound,
        access: Spanned::new(if *allow { Access::Allow } else { Access::Deny }, sp),
        protocol: Spanned::new(
            [Protocol::Tcp, Protocol::Udp, Protocol::Any][*proto as usize % 3],
            sp,
        ),
        source: items(src),
        source_ports: vec![PortItem {
            range: PortRange::ANY,
            span: sp,
            via: None,
        }],
        destination: items(dst),
        destination_ports: ports(*dports)
            .into_iter()
            .map(|range| PortItem {
                range,
                span: sp,
                via: None,
            })
            .collect(),
        priority: None,
        description: None,
        origin: RuleOrigin::User,
        span: sp,
    }
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::bool::weighted(0.7),
        any::<u8>(),
        prop::collection::vec(any::<u8>(), 1..3),
        prop::collection::vec(any::<u8>(), 1..3),
        any::<u8>(),
    )
}

/// The rules with priorities in their order (100, 101, ...).
fn in_order(rules: &[SecurityRule]) -> Vec<(&SecurityRule, u32)> {
    (rules.iter().enumerate())
        .map(|(i, r)| (r, 100 + i as u32))
        .collect()
}

/// The address space of the policies' vnet.
fn vnet() -> Vec<IpNet> {
    vec!["10.1.0.0/16".parse().unwrap()]
}

/// Positions in evaluation order and each rule's certain set.
fn walk_order<'p>(policy: &'p Policy<'_>) -> Vec<(usize, &'p PacketSet)> {
    policy
        .order()
        .map(|id| (id, &policy.sides(id).unwrap().certain))
        .collect()
}

fn access(policy: &Policy<'_>, id: usize) -> Access {
    policy.rule(id).unwrap().0.access.value
}

/// The rules before `id` that take some of its packets first, when
/// together they take all of them.
fn plain_shadowed(policy: &Policy<'_>, id: usize) -> Option<Vec<usize>> {
    let order = walk_order(policy);
    let pos = order.iter().position(|&(i, _)| i == id)?;
    let mut rest = build::well_formed_part(order[pos].1);
    let mut by = Vec::new();
    for &(j, certain) in &order[..pos] {
        if rest.intersects(certain) {
            by.push(j);
            rest = rest.difference(certain);
        }
    }
    rest.is_empty().then_some(by)
}

/// What `id` decides, followed through the later rules: settled by the same
/// access, or a verdict that changes when another access may take it.
fn plain_redundant(policy: &Policy<'_>, id: usize) -> bool {
    let order = walk_order(policy);
    let pos = order.iter().position(|&(i, _)| i == id).unwrap();
    let mut rest = build::well_formed_part(order[pos].1);
    for &(_, certain) in &order[..pos] {
        rest = rest.difference(certain);
    }
    for &(j, certain) in &order[pos + 1..] {
        if rest.is_empty() {
            return true;
        }
        if access(policy, j) != access(policy, id) {
            if rest.intersects(&policy.sides(j).unwrap().possible) {
                return false;
            }
        } else {
            rest = rest.difference(certain);
        }
    }
    rest.is_empty()
}

proptest! {
    #![proptest_config(cfg(96))]

    #[test]
    fn shadowing_and_redundancy_are_the_plain_walks(
        // on both sides of 32 rules with the defaults: the walks follow
        // cubes in small policies and boxes in larger ones
        specs in prop::collection::vec(spec(), 1..48),
    ) {
        let rules: Vec<SecurityRule> = specs.iter().map(rule).collect();
        let numbered = in_order(&rules);
        let vnet = vnet();
        let ctx = Context::new(None, &vnet);
        let policy = Policy::new(&ctx, Direction::Inbound, &numbered);
        for id in 0..policy.len() {
            let plain = plain_shadowed(&policy, id);
            prop_assert_eq!(policy.shadowed(id), plain.clone(), "shadowed {}", id);
            // asked again, the kept answer
            prop_assert_eq!(policy.shadowed(id), plain, "shadowed {} again", id);
            // after the shadowing walk, which hands on what it learnt
            let redundant = plain_redundant(&policy, id);
            prop_assert_eq!(policy.redundant(id), redundant, "redundant {}", id);
            // asked again, when that was used up
            prop_assert_eq!(policy.redundant(id), redundant, "redundant {} again", id);
        }
        // asked with no shadowing walk before
        let fresh = Policy::new(&ctx, Direction::Inbound, &numbered);
        for id in 0..fresh.len() {
            prop_assert_eq!(fresh.redundant(id), plain_redundant(&fresh, id), "redundant {} alone", id);
        }
    }

    #[test]
    fn fast_set_operations_give_the_same_cubes(
        a in prop::collection::vec(spec(), 1..6),
        b in prop::collection::vec(spec(), 1..6),
        c in spec(),
    ) {
        let vnet: Vec<IpNet> = vec!["10.1.0.0/16".parse().unwrap()];
        let ctx = Context::new(None, &vnet);
        // sets of several overlapping cubes, from rules' possible sets too
        let set = |specs: &[Spec]| {
            PacketSet::from_cubes(specs.iter().flat_map(|s| {
                let sides = build::rule(&ctx, &rule(s));
                sides.certain.cubes().iter().chain(sides.possible.cubes()).cloned().collect::<Vec<Cube>>()
            }))
        };
        let (a, b) = (set(&a), set(&b));
        let cube = build::rule(&ctx, &rule(&c)).certain.cubes()[0].clone();
        // subtraction keeps the cubes it misses in place and splits the rest
        let mut fast = a.clone();
        fast.subtract_cube(&cube);
        let rebuilt: Vec<Cube> = a
            .cubes()
            .iter()
            .flat_map(|x| {
                let one = PacketSet::from_cube(x.clone());
                let cut = PacketSet::from_cube(cube.clone());
                if one.intersects(&cut) { one.difference(&cut).cubes().to_vec() } else { vec![x.clone()] }
            })
            .collect();
        prop_assert_eq!(fast.cubes(), rebuilt.as_slice());
        // `a \ b`: each cube of `b` subtracted in turn, none passed over
        let mut plain = a.clone();
        for u in b.cubes() {
            plain.subtract_cube(u);
        }
        prop_assert_eq!(&a.difference(&b), &plain);
        // `(a \ b) ∩ cube`, the same cubes in the same order
        prop_assert_eq!(a.difference_within(&b, &cube), plain.intersect_cube(&cube));
    }
}

proptest! {
    // policies of 130 rules and more, each walk checked against the plain one
    #![proptest_config(cfg(12))]

    #[test]
    fn answers_spread_over_threads_are_the_plain_walks(
        // above the size from which a policy spreads its walks over threads
        specs in prop::collection::vec(spec(), 130..170),
        threads in 2usize..5,
    ) {
        let rules: Vec<SecurityRule> = specs.iter().map(rule).collect();
        let numbered = in_order(&rules);
        let vnet = vnet();
        let ctx = Context::new(None, &vnet);
        let policy = Policy::new(&ctx, Direction::Inbound, &numbered);
        let ids: Vec<usize> = (0..policy.len()).collect();
        // as SEC003 and SEC004 ask: every shadowing answer, then the
        // redundancy of the rules that are not shadowed
        policy.settle_shadowed(&ids, threads);
        let open: Vec<usize> = ids.iter().copied().filter(|&id| policy.shadowed(id).is_none()).collect();
        let redundant = policy.redundant_each(&open, threads);
        for &id in &ids {
            prop_assert_eq!(policy.shadowed(id), plain_shadowed(&policy, id), "shadowed {}", id);
        }
        prop_assert_eq!(redundant.len(), open.len());
        for (&id, &r) in open.iter().zip(&redundant) {
            prop_assert_eq!(r, plain_redundant(&policy, id), "redundant {}", id);
        }
        // redundancy spread with no shadowing walk before
        let fresh = Policy::new(&ctx, Direction::Inbound, &numbered);
        let alone = fresh.redundant_each(&ids, threads);
        for (&id, &r) in ids.iter().zip(&alone) {
            prop_assert_eq!(r, plain_redundant(&fresh, id), "redundant {} alone", id);
        }
    }
}

/// A policy built over threads is the policy built one rule after another:
/// the same sets for every rule and the same atoms, numbered alike, for
/// tags first met in any order on either side.
#[test]
fn a_policy_built_over_threads_is_the_same_policy() {
    let tags = [
        "Sql",
        "Storage",
        "AzureCloud",
        "EventHub",
        "Internet",
        "AzureLoadBalancer",
        "any",
        "VirtualNetwork",
        "sql",
        "GatewayManager",
    ];
    let specs: Vec<Spec> = (0..200u32)
        .map(|k| {
            let k8 = (k % 251) as u8;
            (
                k % 4 != 3,
                k8,
                vec![k8, k8.wrapping_mul(7)],
                vec![k8.wrapping_add(3)],
                k8,
            )
        })
        .collect();
    let mut rules: Vec<SecurityRule> = specs.iter().map(rule).collect();
    for (k, r) in rules.iter_mut().enumerate() {
        if k % 3 == 0 {
            r.source[0].address = Address::Tag(tags[(k * 7 + 3) % tags.len()].into());
        }
        if k % 5 == 1 {
            r.destination[0].address = Address::Tag(tags[(k * 3) % tags.len()].into());
        }
    }
    // priorities out of the rules' order, so evaluation order differs
    let numbered: Vec<(&SecurityRule, u32)> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r, 100 + ((i as u32 * 37) % 200)))
        .collect();
    let vnet = vnet();
    let (one_ctx, spread_ctx) = (Context::new(None, &vnet), Context::new(None, &vnet));
    let one = Policy::new(&one_ctx, Direction::Inbound, &numbered);
    let spread = Policy::spread_new(&spread_ctx, Direction::Inbound, &numbered, 3);
    assert!(one_ctx.atom_count() > 6, "the tags give atoms of their own");
    assert_eq!(spread_ctx.atom_count(), one_ctx.atom_count());
    for atom in 0..one_ctx.atom_count() {
        assert_eq!(
            spread_ctx.atom_name(atom),
            one_ctx.atom_name(atom),
            "atom {atom}"
        );
    }
    assert_eq!(
        spread.order().collect::<Vec<_>>(),
        one.order().collect::<Vec<_>>()
    );
    for id in 0..one.len() {
        let (a, b) = (one.sides(id).unwrap(), spread.sides(id).unwrap());
        assert_eq!(a.certain, b.certain, "certain set of rule {id}");
        assert_eq!(a.possible, b.possible, "possible set of rule {id}");
    }
}
