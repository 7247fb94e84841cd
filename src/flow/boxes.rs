//! Flat boxes: the packet sets of the shadowing and redundancy walks.
//!
//! Input: cubes (a rule's certain or possible set). Output: [`BoxSet`], the
//! same packets restricted to the well-formed ones (see
//! [`super::build::well_formed`]), as a list of boxes with one interval per
//! dimension and one address family per side; exact subtraction and
//! intersection tests over them.
//!
//! Why: those walks only ask set questions (does this rule meet what is
//! left, is anything left), never which cubes hold the packets, so any exact
//! representation gives the same answers. A cube carries inline storage for
//! IPv6 ranges and range lists (about 300 bytes, with heap spills when a
//! cut leaves more than two ranges); a box is `Copy`, and testing two boxes
//! is a few comparisons.
//!
//! Boxes come in two widths by family pair: a *narrow* box (both sides IPv4
//! addresses or tag atoms, the pairs nearly every rule has) holds its
//! addresses as `u32` and takes 28 bytes; a *wide* box (a side is IPv6; an
//! atom facing it is widened) holds them as `u128` and takes 80. Both are
//! one generic [`Bx`], with the same operations; a set and a rule's boxes
//! keep the two apart ([`Boxes`]), as they keep family pairs apart.
//!
//! Invariants: no box is empty in any dimension; every box is well formed
//! (an IPv4 side never faces an IPv6 side); boxes of a set may overlap, and
//! their order means nothing. A cube expands to the product of its ranges,
//! so a rule with many prefixes and port ranges expands to many boxes:
//! [`BoxTable::new`] gives up past [`MAX_BOXES`] a rule, and the walks then
//! keep to cubes, as they do on policies of fewer than [`MIN_RULES`] rules.
//! `tests/flow_walks.rs` generates policies on both sides of that size.

use super::addr::AddrSet;
use super::set::{Cube, PacketSet};

/// The most boxes one rule's set may expand to.
pub(super) const MAX_BOXES: usize = 256;

/// The fewest rules (with Azure's defaults) of a policy whose walks use
/// boxes: below, building the boxes costs more than the walks save (a
/// fleet's small NSGs), and the walks keep to cubes.
pub(super) const MIN_RULES: usize = 32;

/// Narrow family pairs (`Bx::fam`): IPv4 × IPv4, IPv4 × atom, atom × IPv4,
/// atom × atom.
const NARROW: usize = 4;
/// Wide family pairs: IPv6 × IPv6, IPv6 × atom, atom × IPv6.
const WIDE: usize = 3;

/// One box: an interval per dimension, both address sides of one family
/// each; `A` is `u32` for the narrow family pairs, `u128` for the wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bx<A> {
    src: (A, A),
    dst: (A, A),
    sport: (u16, u16),
    dport: (u16, u16),
    proto: u8,
    /// The family pair, among those of its width: boxes of different
    /// pairs are disjoint.
    fam: u8,
}

fn overlap<T: Ord>(a: &(T, T), b: &(T, T)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

impl<A: Copy + Ord + Step> Bx<A> {
    /// Whether two boxes of one family pair meet (a [`BoxSet`] keeps the
    /// pairs apart, so the family is not tested again); cheapest and most
    /// selective dimensions first, as `Cube::intersects`.
    #[inline]
    fn meets_within(&self, o: &Self) -> bool {
        self.proto & o.proto != 0
            && overlap(&self.dport, &o.dport)
            && overlap(&self.dst, &o.dst)
            && overlap(&self.sport, &o.sport)
            && overlap(&self.src, &o.src)
    }

    /// Push `self \ o` (they meet) as disjoint boxes: peel off, one
    /// dimension at a time, the parts below and above `o`, then keep the
    /// part inside for the next dimension; what is left lies in `o`.
    /// Kept out of line: it runs for the few boxes a rule cuts, and the
    /// loops that test every box stay small without it.
    #[inline(never)]
    fn minus(self, o: &Self, out: &mut Vec<Self>) {
        let mut rest = self;
        let outside = rest.proto & !o.proto;
        if outside != 0 {
            out.push(Bx {
                proto: outside,
                ..rest
            });
            rest.proto &= o.proto;
        }
        rest.dport = peel(rest, rest.dport, o.dport, out, |b, d| b.dport = d);
        rest.dst = peel(rest, rest.dst, o.dst, out, |b, d| b.dst = d);
        rest.sport = peel(rest, rest.sport, o.sport, out, |b, d| b.sport = d);
        peel(rest, rest.src, o.src, out, |b, d| b.src = d);
    }
}

/// Push the parts of `mine` below and above `theirs` (they overlap) as
/// copies of `rest` with `set` applied; return the part inside.
fn peel<A: Copy, T: Copy + Ord + Step>(
    rest: Bx<A>,
    mine: (T, T),
    theirs: (T, T),
    out: &mut Vec<Bx<A>>,
    set: impl Fn(&mut Bx<A>, (T, T)),
) -> (T, T) {
    // `theirs.0 > mine.0 >= MIN` and `theirs.1 < mine.1 <= MAX`: the
    // steps below stay in range
    for (lo, hi, part) in [
        (mine.0, theirs.0, (mine.0, theirs.0.down())),
        (theirs.1, mine.1, (theirs.1.up(), mine.1)),
    ] {
        if lo < hi {
            let mut piece = rest;
            set(&mut piece, part);
            out.push(piece);
        }
    }
    (mine.0.max(theirs.0), mine.1.min(theirs.1))
}

/// A successor and predecessor, only asked where they exist.
trait Step {
    fn up(self) -> Self;
    fn down(self) -> Self;
}

macro_rules! step {
    ($($t:ty),*) => {$(
        impl Step for $t {
            fn up(self) -> Self {
                self.saturating_add(1)
            }
            fn down(self) -> Self {
                self.saturating_sub(1)
            }
        }
    )*};
}

step!(u16, u32, u128);

/// The number of intervals of an address side.
fn count(a: &AddrSet) -> usize {
    a.v4.ranges().len() + a.v6.ranges().len() + a.atoms.ranges().len()
}

/// How many narrow and wide boxes `s` expands to, each at most
/// [`MAX_BOXES`] (a hint for the room to make).
fn sizes(s: &PacketSet) -> (usize, usize) {
    let (mut narrow, mut wide) = (0usize, 0usize);
    for c in s.cubes() {
        let (src, dst) = (&c.src, &c.dst);
        let ports = c
            .sport
            .ranges()
            .len()
            .saturating_mul(c.dport.ranges().len());
        let (s4, s6, sa) = (
            src.v4.ranges().len(),
            src.v6.ranges().len(),
            src.atoms.ranges().len(),
        );
        let (d4, d6, da) = (
            dst.v4.ranges().len(),
            dst.v6.ranges().len(),
            dst.atoms.ranges().len(),
        );
        let n = (s4 + sa).saturating_mul(d4 + da).saturating_mul(ports);
        let w = (s6.saturating_mul(d6 + da))
            .saturating_add(sa.saturating_mul(d6))
            .saturating_mul(ports);
        narrow = narrow.saturating_add(n).min(MAX_BOXES);
        wide = wide.saturating_add(w).min(MAX_BOXES);
    }
    (narrow, wide)
}

/// Push a box for every source interval, destination interval, source
/// port range and destination port range of `c`, of one family pair
/// (an atom facing IPv6 widened to `u128`).
fn pairs<A: Copy + From<S> + From<D>, S: Copy, D: Copy>(
    out: &mut Vec<Bx<A>>,
    fam: u8,
    srcs: &[(S, S)],
    dsts: &[(D, D)],
    c: &Cube,
) {
    let (sport, dport) = (c.sport.ranges(), c.dport.ranges());
    for &s in srcs {
        for &d in dsts {
            let (src, dst) = ((s.0.into(), s.1.into()), (d.0.into(), d.1.into()));
            for &sport in sport {
                for &dport in dport {
                    out.push(Bx {
                        src,
                        dst,
                        sport,
                        dport,
                        proto: c.proto,
                        fam,
                    });
                }
            }
        }
    }
}

/// A set's boxes of both widths (a rule's, from a [`BoxTable`]).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Boxes<'a> {
    narrow: &'a [Bx<u32>],
    wide: &'a [Bx<u128>],
}

/// Where a set's boxes of both widths lie in a [`BoxTable`].
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    narrow: (usize, usize),
    wide: (usize, usize),
}

/// Boxes of both widths being built.
#[derive(Debug, Default)]
struct Built {
    narrow: Vec<Bx<u32>>,
    wide: Vec<Bx<u128>>,
}

impl Built {
    fn len(&self) -> usize {
        self.narrow.len() + self.wide.len()
    }

    /// Push the well-formed boxes of `c`; `false` (and nothing pushed)
    /// when there would be more than `cap` (counting the pairs of an IPv4
    /// and an IPv6 interval, which make no box).
    fn expand(&mut self, c: &Cube, cap: usize) -> bool {
        let ports = c
            .sport
            .ranges()
            .len()
            .saturating_mul(c.dport.ranges().len());
        if count(&c.src)
            .saturating_mul(count(&c.dst))
            .saturating_mul(ports)
            > cap
        {
            return false;
        }
        let (s4, s6, sa) = (c.src.v4.ranges(), c.src.v6.ranges(), c.src.atoms.ranges());
        let (d4, d6, da) = (c.dst.v4.ranges(), c.dst.v6.ranges(), c.dst.atoms.ranges());
        let n = &mut self.narrow;
        pairs(n, 0, s4, d4, c);
        pairs(n, 1, s4, da, c);
        pairs(n, 2, sa, d4, c);
        pairs(n, 3, sa, da, c);
        // an IPv4 address never talks to an IPv6 one
        let w = &mut self.wide;
        pairs(w, 0, s6, d6, c);
        pairs(w, 1, s6, da, c);
        pairs(w, 2, sa, d6, c);
        true
    }

    /// Push the boxes of every cube of `s`; `None` past [`MAX_BOXES`].
    fn add(&mut self, s: &PacketSet) -> Option<Span> {
        let from = (self.narrow.len(), self.wide.len());
        let start = self.len();
        for c in s.cubes() {
            let cap = MAX_BOXES.saturating_sub(self.len() - start);
            if !self.expand(c, cap) {
                return None;
            }
        }
        Some(Span {
            narrow: (from.0, self.narrow.len()),
            wide: (from.1, self.wide.len()),
        })
    }

    fn get(&self, span: Span) -> Boxes<'_> {
        Boxes {
            narrow: self.narrow.get(span.narrow.0..span.narrow.1).unwrap_or(&[]),
            wide: self.wide.get(span.wide.0..span.wide.1).unwrap_or(&[]),
        }
    }
}

/// What is left of a set of one width during a walk, by family pair: a box
/// only ever meets boxes of its own pair, so a rule's box is tested against
/// those alone (a rule on IPv4 prefixes never looks at the tag parts of
/// what is left of an `any` rule).
#[derive(Debug, Clone)]
struct Fams<A, const N: usize> {
    fams: [Vec<Bx<A>>; N],
    /// Pieces made by the current subtraction (kept for its allocation).
    spare: Vec<Bx<A>>,
}

impl<A, const N: usize> Default for Fams<A, N> {
    fn default() -> Self {
        Fams {
            fams: std::array::from_fn(|_| Vec::new()),
            spare: Vec::new(),
        }
    }
}

impl<A: Copy + Ord + Step, const N: usize> Fams<A, N> {
    fn of(boxes: &[Bx<A>]) -> Self {
        let mut set = Fams::default();
        for b in boxes {
            if let Some(v) = set.fams.get_mut(usize::from(b.fam)) {
                if v.capacity() == 0 {
                    v.reserve(boxes.len());
                }
                v.push(*b);
            }
        }
        set
    }

    fn is_empty(&self) -> bool {
        self.fams.iter().all(Vec::is_empty)
    }

    fn meets(&self, o: &[Bx<A>]) -> bool {
        o.iter().any(|b| {
            self.fams
                .get(usize::from(b.fam))
                .is_some_and(|v| v.iter().any(|a| a.meets_within(b)))
        })
    }

    fn subtract(&mut self, o: &[Bx<A>]) -> bool {
        let mut cut = false;
        for b in o {
            let Some(v) = self.fams.get_mut(usize::from(b.fam)) else {
                continue;
            };
            // most boxes miss the rule: find the next one it cuts in a tight
            // loop of tests, put the last box in its place (the order means
            // nothing) and its pieces, which miss the rule, aside; so a box
            // the rule misses is tested once and never moved
            let spare = &mut self.spare;
            let mut at = 0;
            while let Some(k) = v
                .get(at..)
                .and_then(|r| r.iter().position(|a| a.meets_within(b)))
            {
                at += k;
                let a = v.swap_remove(at);
                a.minus(b, spare);
                cut = true;
            }
            v.append(spare);
        }
        cut
    }
}

/// What is left of a set during a walk: its narrow and wide boxes, by
/// family pair.
#[derive(Debug, Clone, Default)]
pub(super) struct BoxSet {
    narrow: Fams<u32, NARROW>,
    wide: Fams<u128, WIDE>,
}

impl BoxSet {
    pub fn of(boxes: Boxes<'_>) -> BoxSet {
        BoxSet {
            narrow: Fams::of(boxes.narrow),
            wide: Fams::of(boxes.wide),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.narrow.is_empty() && self.wide.is_empty()
    }

    /// Whether any packet is in both.
    pub fn meets(&self, o: Boxes<'_>) -> bool {
        self.narrow.meets(o.narrow) || self.wide.meets(o.wide)
    }

    /// Remove `o`'s packets; returns whether any were here.
    pub fn subtract(&mut self, o: Boxes<'_>) -> bool {
        let narrow = self.narrow.subtract(o.narrow);
        let wide = self.wide.subtract(o.wide);
        narrow || wide
    }

    /// Whether `p` is in the set (tests).
    #[cfg(test)]
    fn contains(&self, p: &super::set::Packet) -> bool {
        use super::AddrPoint::{Atom, V4, V6};
        fn within<A: Copy + Ord>(
            fams: &[Vec<Bx<A>>],
            fam: usize,
            p: &super::set::Packet,
            (s, d): (A, A),
        ) -> bool {
            fams.get(fam).is_some_and(|v| {
                v.iter().any(|b| {
                    b.proto & p.proto.bit() != 0
                        && overlap(&b.src, &(s, s))
                        && overlap(&b.dst, &(d, d))
                        && overlap(&b.sport, &(p.sport, p.sport))
                        && overlap(&b.dport, &(p.dport, p.dport))
                })
            })
        }
        let (n, w) = (&self.narrow.fams, &self.wide.fams);
        match (p.src, p.dst) {
            (V4(s), V4(d)) => within(n, 0, p, (s, d)),
            (V4(s), Atom(d)) => within(n, 1, p, (s, d)),
            (Atom(s), V4(d)) => within(n, 2, p, (s, d)),
            (Atom(s), Atom(d)) => within(n, 3, p, (s, d)),
            (V6(s), V6(d)) => within(w, 0, p, (s, d)),
            (V6(s), Atom(d)) => within(w, 1, p, (s, u128::from(d))),
            (Atom(s), V6(d)) => within(w, 2, p, (u128::from(s), d)),
            (V4(_), V6(_)) | (V6(_), V4(_)) => false,
        }
    }
}

/// Every rule's certain and possible sets as boxes, by evaluation position.
#[derive(Debug, Default)]
pub(super) struct BoxTable {
    boxes: Built,
    /// Per position: the certain set's boxes, the possible set's.
    spans: Vec<(Span, Span)>,
}

impl BoxTable {
    /// `None` when a set expands to more than [`MAX_BOXES`] boxes.
    pub fn new<'a>(sets: impl Iterator<Item = (&'a PacketSet, &'a PacketSet)>) -> Option<Self> {
        let sets: Vec<_> = sets.collect();
        let mut t = BoxTable::default();
        // room for every box at once: growing would copy them again
        let (narrow, wide) = (sets.iter())
            .flat_map(|&(c, p)| [sizes(c), sizes(p)])
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        t.boxes.narrow.reserve_exact(narrow);
        t.boxes.wide.reserve_exact(wide);
        t.spans.reserve_exact(sets.len());
        for (certain, possible) in sets {
            let c = t.boxes.add(certain)?;
            let p = t.boxes.add(possible)?;
            t.spans.push((c, p));
        }
        Some(t)
    }

    /// The well-formed part of the certain set at `pos`.
    pub fn certain(&self, pos: usize) -> Boxes<'_> {
        self.spans
            .get(pos)
            .map_or_else(Boxes::default, |s| self.boxes.get(s.0))
    }

    /// The well-formed part of the possible set at `pos`.
    pub fn possible(&self, pos: usize) -> Boxes<'_> {
        self.spans
            .get(pos)
            .map_or_else(Boxes::default, |s| self.boxes.get(s.1))
    }
}

#[cfg(test)]
#[path = "boxes_tests.rs"]
mod tests;
