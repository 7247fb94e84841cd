//! Boxes against cubes: over generated cubes (nested IPv4 prefixes, IPv6,
//! atoms, `any`, port lists, protocols), expanding and subtracting in
//! turn keeps exactly the packets the cube operations keep, within the
//! well-formed ones, tested at every corner of every cube and next to it.

use super::*;
use crate::flow::interval::IntervalSet;
use crate::flow::lcg::Lcg;
use crate::flow::{build, AddrPoint, Packet, Proto, ALL_PROTOCOLS};

fn addr(g: &mut Lcg) -> AddrSet {
    let mut a = AddrSet::empty();
    for _ in 0..1 + g.below(2) {
        let b = match g.below(7) {
            0 => AddrSet::all(),
            1 => AddrSet::atom(g.below(3)),
            2 => AddrSet {
                v6: IntervalSet::range(u128::from(g.below(4)) << 100, u128::MAX >> 1),
                ..AddrSet::empty()
            },
            _ => {
                let width = [0, 4, 8, 16, 24][g.below(5) as usize];
                let lo = (0x0a00_0000 | (g.below(4) << 8) | g.below(3)) & (u32::MAX << width);
                AddrSet {
                    v4: IntervalSet::range(lo, lo | !(u32::MAX << width)),
                    ..AddrSet::empty()
                }
            }
        };
        a = a.union(&b);
    }
    a
}

fn ports(g: &mut Lcg) -> IntervalSet<u16> {
    let p = |g: &mut Lcg| [0u16, 80, 443, 1433, 11000, 65535][g.below(6) as usize];
    match g.below(4) {
        0 => IntervalSet::full(),
        1 => IntervalSet::single(p(g)).union(&IntervalSet::single(p(g))),
        _ => {
            let (a, b) = (p(g), p(g));
            IntervalSet::range(a.min(b), a.max(b))
        }
    }
}

fn cube(g: &mut Lcg) -> Cube {
    Cube {
        proto: [ALL_PROTOCOLS, Proto::Tcp.bit(), Proto::Udp.bit()][g.below(3) as usize],
        src: addr(g),
        sport: ports(g),
        dst: addr(g),
        dport: ports(g),
    }
}

fn boxes(c: &Cube) -> Vec<Bx> {
    let mut out = Vec::new();
    assert!(expand(c, MAX_BOXES, &mut out));
    out
}

/// Corners of every cube and their neighbours in every dimension.
fn probes(cubes: &[Cube]) -> Vec<Packet> {
    let nudge = |a: AddrPoint, d: i8| match a {
        AddrPoint::V4(x) => AddrPoint::V4(x.wrapping_add_signed(d.into())),
        AddrPoint::V6(x) => AddrPoint::V6(x.wrapping_add_signed(d.into())),
        AddrPoint::Atom(x) => AddrPoint::Atom(x.wrapping_add_signed(d.into())),
    };
    let mut out = Vec::new();
    for c in cubes {
        for high in [false, true] {
            let Some(p) = c.corner(high) else { continue };
            for d in [-1i8, 0, 1] {
                for proto in [Proto::Tcp, Proto::Udp, Proto::Icmp] {
                    out.push(Packet {
                        proto,
                        src: nudge(p.src, d),
                        dst: nudge(p.dst, -d),
                        ..p
                    });
                    out.push(Packet {
                        proto,
                        sport: p.sport.wrapping_add_signed(d.into()),
                        dport: p.dport.wrapping_add_signed((-d).into()),
                        ..p
                    });
                    // an IPv4 source facing the other family's corner
                    out.push(Packet {
                        proto,
                        src: AddrPoint::V4(0x0a00_0000),
                        dst: nudge(p.dst, d),
                        ..p
                    });
                }
            }
        }
    }
    out
}

#[test]
fn subtraction_keeps_what_cube_subtraction_keeps() {
    let wf = build::well_formed();
    let mut g = Lcg(5);
    let mut cut = 0;
    for _ in 0..400 {
        let start = cube(&mut g);
        let cuts: Vec<Cube> = (0..1 + g.below(6)).map(|_| cube(&mut g)).collect();
        let mut plain = PacketSet::from_cube(start.clone()).intersect(&wf);
        let mut flat = BoxSet::of(&boxes(&start));
        let mut all = cuts.clone();
        all.push(start);
        let probes = probes(&all);
        for c in &cuts {
            let removed = plain.subtract_cube(c);
            assert_eq!(flat.subtract(&boxes(c)), removed, "cut by {c:?}");
            cut += usize::from(removed);
            assert_eq!(flat.is_empty(), plain.is_empty());
            for p in &probes {
                assert_eq!(flat.contains(p), plain.contains(p), "{p:?}");
            }
            let other = cube(&mut g);
            assert_eq!(
                flat.meets(&boxes(&other)),
                plain.intersects_cube(&other),
                "meets {other:?}"
            );
        }
    }
    // both outcomes were exercised
    assert!(cut > 200, "{cut}");
}

#[test]
fn a_rule_past_the_limit_is_not_expanded() {
    let many = IntervalSet::from_ranges((0..20u16).map(|k| (k * 10, k * 10)));
    let c = Cube {
        sport: many.clone(),
        dport: many,
        ..Cube::all()
    };
    let one = PacketSet::from_cube(c);
    let small = PacketSet::all();
    assert!(BoxTable::new([(&small, &small)].into_iter()).is_some());
    assert!(BoxTable::new([(&small, &small), (&one, &small)].into_iter()).is_none());
}
