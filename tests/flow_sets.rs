//! Packet-set operations against explicit enumeration: union, intersection,
//! difference, emptiness, subset and intersection tests on random unions of
//! cubes over a small space (10.0.0.0/29 and beyond, 2001:db8::/126 and
//! beyond, tag atoms 0..3, a few ports), atoms and full dimensions included.

mod common;

use common::props::config as cfg;
use misec::flow::{AddrPoint, AddrSet, Cube, IntervalSet, Packet, PacketSet, Proto};
use proptest::prelude::*;

const V4: u32 = 0x0A00_0000;
const V6: u128 = 0x2001_0db8 << 96;

fn interval<T: misec::flow::interval::Point>(ranges: Vec<(T, T)>, full: bool) -> IntervalSet<T> {
    if full {
        IntervalSet::full()
    } else {
        IntervalSet::from_ranges(ranges)
    }
}

fn addr_set() -> impl Strategy<Value = AddrSet> {
    let v4 = prop::collection::vec((0u32..9, 0u32..4), 0..3).prop_map(|r| {
        r.into_iter()
            .map(|(a, w)| (V4 + a, V4 + a + w))
            .collect::<Vec<_>>()
    });
    let v6 = prop::collection::vec((0u128..5, 0u128..3), 0..2).prop_map(|r| {
        r.into_iter()
            .map(|(a, w)| (V6 + a, V6 + a + w))
            .collect::<Vec<_>>()
    });
    (v4, v6, prop::collection::vec(0u32..3, 0..3), 0u8..8).prop_map(|(v4, v6, atoms, full)| {
        AddrSet {
            v4: interval(v4, full & 1 != 0),
            v6: interval(v6, full & 2 != 0),
            atoms: interval(atoms.into_iter().map(|a| (a, a)).collect(), full & 4 != 0),
        }
    })
}

fn ports(max: u16) -> impl Strategy<Value = IntervalSet<u16>> {
    (prop::collection::vec((0u16..max, 0u16..3), 1..3), 0u8..4)
        .prop_map(|(r, f)| interval(r.into_iter().map(|(a, w)| (a, a + w)).collect(), f == 0))
}

fn packet_set() -> impl Strategy<Value = PacketSet> {
    let cube = (1u8..64, addr_set(), ports(2), addr_set(), ports(9)).prop_map(
        |(proto, src, sport, dst, dport)| Cube {
            proto,
            src,
            sport,
            dst,
            dport,
        },
    );
    prop::collection::vec(cube, 0..4).prop_map(PacketSet::from_cubes)
}

/// Symbolic packets of the space, atoms 0..=3 included (3 stands for the rest).
fn symbolic_packets() -> Vec<Packet> {
    let mut addrs: Vec<AddrPoint> = (0..13).map(|k| AddrPoint::V4(V4 + k)).collect();
    addrs.extend((0..7).map(|k| AddrPoint::V6(V6 + k)));
    addrs.extend((0..4).map(AddrPoint::Atom));
    let mut v = Vec::new();
    for proto in Proto::ALL {
        for &src in addrs.iter().step_by(2) {
            for &dst in addrs.iter().skip(1).step_by(2) {
                for sport in [0, 1, 3, 9] {
                    for dport in 0..12 {
                        v.push(Packet {
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
    }
    v
}

proptest! {
    #![proptest_config(cfg(64))]

    #[test]
    fn set_operations_agree_with_enumeration(a in packet_set(), b in packet_set()) {
        let union = a.union(&b);
        let inter = a.intersect(&b);
        let diff = a.difference(&b);
        let (mut subset, mut empty, mut meet) = (true, true, false);
        for p in symbolic_packets() {
            let (x, y) = (a.contains(&p), b.contains(&p));
            prop_assert_eq!(union.contains(&p), x || y);
            prop_assert_eq!(inter.contains(&p), x && y);
            prop_assert_eq!(diff.contains(&p), x && !y, "{:?}", p);
            subset &= !x || y;
            empty &= !x;
            meet |= x && y;
        }
        // the space enumerates every distinct behaviour only partly, so
        // check the implications that enumeration can refute
        if a.is_subset(&b) { prop_assert!(subset); }
        if a.is_empty() { prop_assert!(empty); }
        if meet { prop_assert!(a.intersects(&b)); }
        prop_assert_eq!(a.intersects(&b), !inter.is_empty());
        prop_assert_eq!(a.is_empty(), a.cubes().is_empty());
    }
}
