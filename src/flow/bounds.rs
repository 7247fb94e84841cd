//! Bounding boxes of packet sets: a cheap, conservative "may these meet?"
//! that lets the walks over a policy's rules skip the rules far from the
//! set in question without touching their cubes.
//!
//! Input: a [`PacketSet`]. Output: [`Bounds`], per dimension the lowest and
//! highest value (IPv6 only as present or not).
//!
//! Invariant (what callers rely on): when two sets meet, their bounds meet;
//! so `!a.meets(b)` proves the sets disjoint. Bounds never decide more.

use super::addr::AddrSet;
use super::interval::{IntervalSet, Point};
use super::set::{Cube, PacketSet};

/// `lo..=hi`; empty when `lo > hi`.
type Span<T> = (T, T);

fn span<T: Point>(s: &IntervalSet<T>) -> Span<T> {
    match (s.ranges().first(), s.ranges().last()) {
        (Some(f), Some(l)) => (f.0, l.1),
        _ => (T::MAX, T::MIN),
    }
}

fn hull<T: Point>(a: Span<T>, b: Span<T>) -> Span<T> {
    (a.0.min(b.0), a.1.max(b.1))
}

fn overlap<T: Point>(a: Span<T>, b: Span<T>) -> bool {
    a.0 <= b.1 && b.0 <= a.1 && a.0 <= a.1 && b.0 <= b.1
}

/// One address side: IPv4 and atom spans, whether any IPv6 address is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Side {
    v4: Span<u32>,
    atoms: Span<u32>,
    v6: bool,
}

impl Side {
    const EMPTY: Side = Side {
        v4: (u32::MAX, 0),
        atoms: (u32::MAX, 0),
        v6: false,
    };

    fn of(a: &AddrSet) -> Side {
        Side {
            v4: span(&a.v4),
            atoms: span(&a.atoms),
            v6: !a.v6.is_empty(),
        }
    }

    fn hull(self, o: Side) -> Side {
        Side {
            v4: hull(self.v4, o.v4),
            atoms: hull(self.atoms, o.atoms),
            v6: self.v6 || o.v6,
        }
    }

    fn meets(&self, o: &Side) -> bool {
        overlap(self.v4, o.v4) || overlap(self.atoms, o.atoms) || (self.v6 && o.v6)
    }
}

/// The bounding box of a packet set (all its cubes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Bounds {
    proto: u8,
    dport: Span<u16>,
    sport: Span<u16>,
    dst: Side,
    src: Side,
}

impl Bounds {
    pub fn of_cube(c: &Cube) -> Bounds {
        Bounds {
            proto: c.proto,
            dport: span(&c.dport),
            sport: span(&c.sport),
            dst: Side::of(&c.dst),
            src: Side::of(&c.src),
        }
    }

    pub fn of(set: &PacketSet) -> Bounds {
        let empty = Bounds {
            proto: 0,
            dport: (u16::MAX, 0),
            sport: (u16::MAX, 0),
            dst: Side::EMPTY,
            src: Side::EMPTY,
        };
        set.cubes().iter().fold(empty, |b, c| Bounds {
            proto: b.proto | c.proto,
            dport: hull(b.dport, span(&c.dport)),
            sport: hull(b.sport, span(&c.sport)),
            dst: b.dst.hull(Side::of(&c.dst)),
            src: b.src.hull(Side::of(&c.src)),
        })
    }

    /// `false` proves the two sets disjoint.
    pub fn meets(&self, o: &Bounds) -> bool {
        self.proto & o.proto != 0
            && overlap(self.dport, o.dport)
            && self.dst.meets(&o.dst)
            && self.src.meets(&o.src)
            && overlap(self.sport, o.sport)
    }
}

#[cfg(test)]
mod tests {
    //! Bounds against exact intersection: over generated sets (prefixes of
    //! every width, IPv6, atoms, port lists), sets that meet always have
    //! bounds that meet.

    use super::*;
    use crate::flow::lcg::Lcg;
    use crate::flow::{Proto, ALL_PROTOCOLS};

    fn addr(g: &mut Lcg) -> AddrSet {
        let mut a = AddrSet::empty();
        for _ in 0..1 + g.below(2) {
            match g.below(5) {
                0 => a = a.union(&AddrSet::atom(g.below(4))),
                1 => {
                    a.v6 = a.v6.union(&IntervalSet::range(
                        u128::from(g.below(9)) << 100,
                        u128::MAX,
                    ))
                }
                _ => {
                    let lo = g.below(64) << 26;
                    a.v4 =
                        a.v4.union(&IntervalSet::range(lo, lo.saturating_add(1 << g.below(27))));
                }
            }
        }
        a
    }

    fn ports(g: &mut Lcg) -> IntervalSet<u16> {
        let lo = [0u16, 80, 443, 1433, 11000, 65535][g.below(6) as usize];
        let hi = lo.saturating_add([0u16, 1, 1000, 65535][g.below(4) as usize]);
        IntervalSet::range(lo, hi).union(&IntervalSet::single(g.below(2000) as u16))
    }

    fn set(g: &mut Lcg) -> PacketSet {
        PacketSet::from_cubes((0..1 + g.below(3)).map(|_| Cube {
            proto: if g.below(2) == 0 {
                ALL_PROTOCOLS
            } else {
                Proto::Udp.bit() << g.below(2)
            },
            src: addr(g),
            sport: ports(g),
            dst: addr(g),
            dport: ports(g),
        }))
    }

    #[test]
    fn sets_that_meet_have_bounds_that_meet() {
        let mut g = Lcg(11);
        let (mut met, mut apart) = (0, 0);
        for _ in 0..20_000 {
            let (a, b) = (set(&mut g), set(&mut g));
            let (ba, bb) = (Bounds::of(&a), Bounds::of(&b));
            if a.intersects(&b) {
                met += 1;
                assert!(ba.meets(&bb), "{a:?} meets {b:?}");
            } else if !ba.meets(&bb) {
                apart += 1;
            }
        }
        // both outcomes were exercised
        assert!(met > 100 && apart > 100, "{met} {apart}");
        assert!(!Bounds::of(&PacketSet::empty()).meets(&Bounds::of(&PacketSet::all())));
    }
}
