//! Comparing a file's entries with a profile's cheaply: rules by a shape
//! read from the model before their packets are built, routes by a
//! fingerprint before they are compared in full.
//!
//! Input: model rules and routes (the file's and the instantiated
//! profiles'). Output: whether two rules have the same certain packets,
//! whether two routes are the same. Invariants: equal packets imply equal
//! shapes, the same routes have equal fingerprints, so the cheap checks
//! never turn a match away.

use std::cell::OnceCell;
use std::net::IpAddr;

use crate::flow::{self, build, IntervalSet, PacketSet};
use crate::model::{Access, Address, Direction, Route, SecurityRule};

/// A rule's direction, access and certain packets, for comparing rules by
/// exact traffic. The packets are built only when another rule has the
/// same [`Shape`]: most rules of a file are compared with none.
pub(super) struct Packets<'r> {
    rule: &'r SecurityRule,
    pub(super) shape: Shape,
    certain: OnceCell<PacketSet>,
}

/// What two rules with the same certain packets (some) have in common,
/// read from the model without building the packets: the direction and
/// access `same` compares, and the protocols and ports of the one cube
/// `build::rule` makes (its addresses are what costs).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Shape {
    direction: Direction,
    access: Access,
    proto: u8,
    sport: IntervalSet<u16>,
    dport: IntervalSet<u16>,
}

impl<'r> Packets<'r> {
    pub(super) fn of(rule: &'r SecurityRule) -> Packets<'r> {
        Packets {
            rule,
            shape: Shape {
                direction: rule.direction,
                access: rule.access.value,
                proto: build::protocol_mask(rule.protocol.value),
                sport: build::port_set(rule.source_ports.iter().map(|p| p.range)),
                dport: build::port_set(rule.destination_ports.iter().map(|p| p.range)),
            },
            certain: OnceCell::new(),
        }
    }

    fn certain(&self, ctx: &flow::Context<'_>) -> &PacketSet {
        self.certain
            .get_or_init(|| build::rule(ctx, self.rule).certain)
    }

    /// The same direction and access, and exactly the same packets (some).
    pub(super) fn same(&self, o: &Packets<'_>, ctx: &flow::Context<'_>) -> bool {
        // a cube's protocols and ports are the rule's: unequal shapes are
        // unequal cubes, and each rule's certain set is one cube or none
        if self.shape != o.shape {
            return false;
        }
        let (mine, other) = (self.certain(ctx), o.certain(ctx));
        !mine.is_empty()
            && match (mine.cubes(), other.cubes()) {
                // a box of non-empty, normalized dimensions is one set of
                // packets: equal boxes are equal sets and unequal ones differ
                ([a], [b]) => a == b,
                _ => mine.is_subset(other) && other.is_subset(mine),
            }
    }
}

/// The same prefix (a tag in any ASCII casing), next hop kind and address.
pub(super) fn same_route(a: &Route, b: &Route) -> bool {
    let prefix = match (&a.prefix.address, &b.prefix.address) {
        (Address::Tag(x), Address::Tag(y)) => x.eq_ignore_ascii_case(y),
        (x, y) => x == y,
    };
    prefix
        && a.next_hop.value.kind == b.next_hop.value.kind
        && a.next_hop.value.address.as_ref().map(|x| x.value)
            == b.next_hop.value.address.as_ref().map(|x| x.value)
}

/// A hash (FNV-1a) of what [`same_route`] compares, tags lowercased: the
/// same routes have the same fingerprint.
pub(super) fn fingerprint(r: &Route) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    let ip = |eat: &mut dyn FnMut(&[u8]), a: IpAddr| match a {
        IpAddr::V4(a) => eat(&a.octets()),
        IpAddr::V6(a) => eat(&a.octets()),
    };
    match &r.prefix.address {
        Address::Any => eat(&[0]),
        Address::Prefix(n) => {
            eat(&[1, n.prefix_len()]);
            ip(&mut eat, n.addr());
        }
        Address::Tag(t) => {
            eat(&[2]);
            for b in t.bytes() {
                eat(&[b.to_ascii_lowercase()]);
            }
        }
    }
    eat(&[r.next_hop.value.kind as u8]);
    if let Some(a) = &r.next_hop.value.address {
        ip(&mut eat, a.value);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::{fingerprint, same_route};
    use crate::model::{Address, AddressItem, NextHop, NextHopKind, Route};
    use crate::source::{Span, Spanned};

    fn route(prefix: Address, kind: NextHopKind, hop: Option<&str>) -> Route {
        Route {
            name: Spanned::new("r".to_string(), Span::default()),
            prefix: AddressItem {
                address: prefix,
                span: Span::default(),
                via: None,
            },
            next_hop: Spanned::new(
                NextHop {
                    kind,
                    address: hop.map(|h| Spanned::new(h.parse().unwrap(), Span::default())),
                },
                Span::default(),
            ),
            span: Span::default(),
        }
    }

    #[test]
    fn the_same_routes_have_the_same_fingerprint() {
        let tag = |t: &str| Address::Tag(t.to_string());
        let net = |n: &str| Address::Prefix(n.parse().unwrap());
        let all = [
            route(tag("Storage"), NextHopKind::Internet, None),
            route(tag("storage"), NextHopKind::Internet, None),
            route(tag("Storage.westeurope"), NextHopKind::Internet, None),
            route(tag("Storag"), NextHopKind::Internet, None),
            route(tag("Storage"), NextHopKind::VnetLocal, None),
            route(net("10.0.0.0/24"), NextHopKind::Internet, None),
            route(net("10.0.0.0/24"), NextHopKind::Appliance, Some("10.0.0.4")),
            route(net("10.0.0.0/24"), NextHopKind::Appliance, Some("10.0.0.5")),
            route(net("10.0.0.0/25"), NextHopKind::Internet, None),
            route(net("::/0"), NextHopKind::Internet, None),
            route(Address::Any, NextHopKind::Internet, None),
        ];
        for a in &all {
            for b in &all {
                if same_route(a, b) {
                    assert_eq!(fingerprint(a), fingerprint(b), "{a:?} {b:?}");
                }
            }
        }
        assert!(same_route(&all[0], &all[1]));
        // distinct routes here differ in fingerprint too, so the full
        // comparison is rarely made
        let mut prints: Vec<u64> = all.iter().map(fingerprint).collect();
        prints.sort_unstable();
        prints.dedup();
        assert_eq!(prints.len(), all.len() - 1);
    }
}
