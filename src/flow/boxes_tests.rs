//! Boxes against cubes: over generated cubes (nested IPv4 prefixes, IPv6,
//! atoms, `any`, port lists, protocols), expanding and subtracting in
//! turn keeps exactly the packets the cube operations keep, within the
//! well-formed ones, tested at every corner of every cube and next to it.
//! Narrow and wide boxes are both exercised, also at the ends of their
//! ranges (0, `u32::MAX`, `u128::MAX`), and a narrow box's operations give
//! the wide box's answers on the same values.

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

/// Addresses at the ends of each family's range: IPv4 from 0 and up to
/// `u32::MAX`, IPv6 from 0 and up to `u128::MAX`, the first and last atoms,
/// and what `addr` makes.
fn edge_addr(g: &mut Lcg) -> AddrSet {
    let mut a = AddrSet::empty();
    for _ in 0..1 + g.below(2) {
        let v4 = |r: (u32, u32)| AddrSet {
            v4: IntervalSet::range(r.0, r.1),
            ..AddrSet::empty()
        };
        let v6 = |r: (u128, u128)| AddrSet {
            v6: IntervalSet::range(r.0, r.1),
            ..AddrSet::empty()
        };
        let cut = [1, 0x0a00_0000, 0x7fff_ffff, u32::MAX - 1][g.below(4) as usize];
        let wide = u128::from(cut) << (32 * g.below(4));
        let b = match g.below(9) {
            0 => v4((0, cut)),
            1 => v4((cut, u32::MAX)),
            2 => v4((0, u32::MAX)),
            3 => v6((0, wide)),
            4 => v6((wide, u128::MAX)),
            5 => AddrSet::atom([0, 1, u32::MAX][g.below(3) as usize]),
            6 => AddrSet::all_atoms(),
            _ => addr(g),
        };
        a = a.union(&b);
    }
    a
}

fn cube_of(g: &mut Lcg, addr: fn(&mut Lcg) -> AddrSet) -> Cube {
    Cube {
        proto: [ALL_PROTOCOLS, Proto::Tcp.bit(), Proto::Udp.bit()][g.below(3) as usize],
        src: addr(g),
        sport: ports(g),
        dst: addr(g),
        dport: ports(g),
    }
}

fn boxes(c: &Cube) -> Built {
    let mut out = Built::default();
    assert!(out.expand(c, MAX_BOXES));
    out
}

fn all(b: &Built) -> Boxes<'_> {
    Boxes {
        narrow: &b.narrow,
        wide: &b.wide,
    }
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

/// Start from one cube, cut by a few others, and compare with the cubes
/// after every cut; returns how many cuts removed packets and how many
/// narrow and wide boxes the cuts had.
fn cut_and_compare(seed: u64, rounds: usize, addr: fn(&mut Lcg) -> AddrSet) -> [usize; 3] {
    let wf = build::well_formed();
    let mut g = Lcg(seed);
    let mut seen = [0; 3];
    for _ in 0..rounds {
        let start = cube_of(&mut g, addr);
        let cuts: Vec<Cube> = (0..1 + g.below(6)).map(|_| cube_of(&mut g, addr)).collect();
        let mut plain = PacketSet::from_cube(start.clone()).intersect(&wf);
        let mut flat = BoxSet::of(all(&boxes(&start)));
        let mut every = cuts.clone();
        every.push(start);
        let probes = probes(&every);
        for c in &cuts {
            let removed = plain.subtract_cube(c);
            let b = boxes(c);
            seen[1] += b.narrow.len();
            seen[2] += b.wide.len();
            assert_eq!(flat.subtract(all(&b)), removed, "cut by {c:?}");
            seen[0] += usize::from(removed);
            assert_eq!(flat.is_empty(), plain.is_empty());
            for p in &probes {
                assert_eq!(flat.contains(p), plain.contains(p), "{p:?}");
            }
            let other = cube_of(&mut g, addr);
            assert_eq!(
                flat.meets(all(&boxes(&other))),
                plain.intersects_cube(&other),
                "meets {other:?}"
            );
        }
    }
    seen
}

#[test]
fn subtraction_keeps_what_cube_subtraction_keeps() {
    let [cut, narrow, wide] = cut_and_compare(5, 400, addr);
    // both outcomes and both widths were exercised
    assert!(cut > 200, "{cut}");
    assert!(narrow > 1000 && wide > 200, "{narrow} {wide}");
}

#[test]
fn subtraction_at_the_ends_of_each_range() {
    let [cut, narrow, wide] = cut_and_compare(11, 400, edge_addr);
    assert!(cut > 200, "{cut}");
    assert!(narrow > 1000 && wide > 500, "{narrow} {wide}");
}

fn wide(r: (u32, u32)) -> (u128, u128) {
    (r.0.into(), r.1.into())
}

/// A narrow box widened to `u128`.
fn widen(b: &Bx<u32>) -> Bx<u128> {
    Bx {
        src: wide(b.src),
        dst: wide(b.dst),
        sport: b.sport,
        dport: b.dport,
        proto: b.proto,
        fam: b.fam,
    }
}

#[test]
fn a_narrow_box_answers_as_the_same_wide_box() {
    let mut g = Lcg(7);
    let ends = [0, 1, 0x0a00_0000, 0x0a00_00ff, u32::MAX - 1, u32::MAX];
    let span = |g: &mut Lcg| {
        let (a, b) = (ends[g.below(6) as usize], ends[g.below(6) as usize]);
        (a.min(b), a.max(b))
    };
    let mut met = 0;
    for _ in 0..5000 {
        let mut bx = || Bx {
            src: span(&mut g),
            dst: span(&mut g),
            sport: (0, [0, 80, 65535][g.below(3) as usize]),
            dport: ([0, 443, 65535][g.below(3) as usize], 65535),
            proto: [ALL_PROTOCOLS, Proto::Tcp.bit(), Proto::Udp.bit()][g.below(3) as usize],
            fam: 0,
        };
        let (a, b) = (bx(), bx());
        let meets = a.meets_within(&b);
        assert_eq!(meets, widen(&a).meets_within(&widen(&b)), "{a:?} {b:?}");
        if meets {
            met += 1;
            let (mut narrow, mut wide) = (Vec::new(), Vec::new());
            a.minus(&b, &mut narrow);
            widen(&a).minus(&widen(&b), &mut wide);
            let narrow: Vec<Bx<u128>> = narrow.iter().map(widen).collect();
            assert_eq!(narrow, wide, "{a:?} {b:?}");
        }
    }
    assert!(met > 500, "{met}");
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
