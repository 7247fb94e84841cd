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
//! cut leaves more than two ranges); a box is 80 bytes and `Copy`, and
//! testing two boxes is a few comparisons.
//!
//! Invariants: no box is empty in any dimension; every box is well formed
//! (an IPv4 side never faces an IPv6 side); boxes of a set may overlap, and
//! their order means nothing. A cube expands to the product of its ranges,
//! so a rule with many prefixes and port ranges expands to many boxes:
//! [`BoxTable::new`] gives up past [`MAX_BOXES`] a rule, and the walks then
//! keep to cubes, as they do on policies of fewer than [`MIN_RULES`] rules.
//! `tests/flow_walks.rs` generates policies on both sides of that size.

use smallvec::SmallVec;

use super::addr::AddrSet;
use super::set::{Cube, PacketSet};

/// The most boxes one rule's set may expand to.
pub(super) const MAX_BOXES: usize = 256;

/// The fewest rules (with Azure's defaults) of a policy whose walks use
/// boxes: below, building the boxes costs more than the walks save (a
/// fleet's small NSGs), and the walks keep to cubes.
pub(super) const MIN_RULES: usize = 32;

/// Address families of a box side.
const V4: u8 = 0;
const V6: u8 = 1;
const ATOM: u8 = 2;

/// One box: an interval per dimension, both address sides of one family
/// each (IPv4 addresses and atoms widened to `u128`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Bx {
    src: (u128, u128),
    dst: (u128, u128),
    sport: (u16, u16),
    dport: (u16, u16),
    proto: u8,
    /// `src family * 3 + dst family`: boxes of different families are
    /// disjoint.
    fam: u8,
}

fn overlap<T: Ord>(a: &(T, T), b: &(T, T)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

impl Bx {
    /// Whether two boxes of one family pair meet (a [`BoxSet`] keeps the
    /// pairs apart, so the family is not tested again); cheapest and most
    /// selective dimensions first, as `Cube::intersects`.
    fn meets_within(&self, o: &Bx) -> bool {
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
    fn minus(self, o: &Bx, out: &mut Vec<Bx>) {
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
fn peel<T: Copy + Ord + Step>(
    rest: Bx,
    mine: (T, T),
    theirs: (T, T),
    out: &mut Vec<Bx>,
    set: impl Fn(&mut Bx, (T, T)),
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

impl Step for u16 {
    fn up(self) -> Self {
        self.saturating_add(1)
    }
    fn down(self) -> Self {
        self.saturating_sub(1)
    }
}

impl Step for u128 {
    fn up(self) -> Self {
        self.saturating_add(1)
    }
    fn down(self) -> Self {
        self.saturating_sub(1)
    }
}

/// One side's intervals with their families.
fn side(a: &AddrSet) -> SmallVec<[(u8, (u128, u128)); 4]> {
    let wide = |r: &(u32, u32)| (u128::from(r.0), u128::from(r.1));
    let v4 = a.v4.ranges().iter().map(|r| (V4, wide(r)));
    let v6 = a.v6.ranges().iter().map(|&r| (V6, r));
    let atoms = a.atoms.ranges().iter().map(|r| (ATOM, wide(r)));
    v4.chain(v6).chain(atoms).collect()
}

/// Push the well-formed boxes of `c`; `false` (and nothing pushed) when
/// there would be more than `cap`.
fn expand(c: &Cube, cap: usize, out: &mut Vec<Bx>) -> bool {
    let (src, dst) = (side(&c.src), side(&c.dst));
    let (sport, dport) = (c.sport.ranges(), c.dport.ranges());
    let n = src.len() * dst.len() * sport.len() * dport.len();
    if n > cap {
        return false;
    }
    for &(sf, s) in &src {
        for &(df, d) in &dst {
            // an IPv4 address never talks to an IPv6 one
            if (sf == V4 && df == V6) || (sf == V6 && df == V4) {
                continue;
            }
            for &sp in sport {
                for &dp in dport {
                    out.push(Bx {
                        src: s,
                        dst: d,
                        sport: sp,
                        dport: dp,
                        proto: c.proto,
                        fam: sf * 3 + df,
                    });
                }
            }
        }
    }
    true
}

/// The number of family pairs a box may have (`fam < FAMS`).
const FAMS: usize = 9;

/// What is left of a set during a walk, by family pair: a box only ever
/// meets boxes of its own pair, so a rule's box is tested against those
/// alone (a rule on IPv4 prefixes never looks at the tag and IPv6 parts
/// of what is left of an `any` rule).
#[derive(Debug, Clone, Default)]
pub(super) struct BoxSet {
    fams: [Vec<Bx>; FAMS],
    /// Pieces made by the current subtraction (kept for its allocation).
    spare: Vec<Bx>,
}

impl BoxSet {
    pub fn of(boxes: &[Bx]) -> BoxSet {
        let mut set = BoxSet::default();
        for b in boxes {
            if let Some(v) = set.fams.get_mut(usize::from(b.fam)) {
                v.push(*b);
            }
        }
        set
    }

    pub fn is_empty(&self) -> bool {
        self.fams.iter().all(Vec::is_empty)
    }

    /// Whether any packet is in both.
    pub fn meets(&self, o: &[Bx]) -> bool {
        o.iter().any(|b| {
            self.fams
                .get(usize::from(b.fam))
                .is_some_and(|v| v.iter().any(|a| a.meets_within(b)))
        })
    }

    /// Remove `o`'s packets; returns whether any were here.
    pub fn subtract(&mut self, o: &[Bx]) -> bool {
        let mut cut = false;
        for b in o {
            let Some(v) = self.fams.get_mut(usize::from(b.fam)) else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            // most rules miss every box: find the first one they cut in a
            // tight loop of tests, and only from there keep or split
            let Some(first) = v.iter().position(|a| a.meets_within(b)) else {
                continue;
            };
            cut = true;
            let spare = &mut self.spare;
            spare.clear();
            // the boxes before `first` stay; the rest are kept in order
            // (moved down over the cut ones) or split into `spare`
            let mut keep = first;
            for at in first..v.len() {
                let Some(&a) = v.get(at) else {
                    break;
                };
                if a.meets_within(b) {
                    a.minus(b, spare);
                } else {
                    if let Some(slot) = v.get_mut(keep) {
                        *slot = a;
                    }
                    keep += 1;
                }
            }
            v.truncate(keep);
            v.append(spare);
        }
        cut
    }

    /// Whether `p` is in the set (tests).
    #[cfg(test)]
    fn contains(&self, p: &super::set::Packet) -> bool {
        let one = |a: super::AddrPoint| match a {
            super::AddrPoint::V4(x) => (V4, u128::from(x)),
            super::AddrPoint::V6(x) => (V6, x),
            super::AddrPoint::Atom(x) => (ATOM, u128::from(x)),
        };
        let ((sf, s), (df, d)) = (one(p.src), one(p.dst));
        self.fams.iter().flatten().any(|b| {
            b.fam == sf * 3 + df
                && b.proto & p.proto.bit() != 0
                && overlap(&b.src, &(s, s))
                && overlap(&b.dst, &(d, d))
                && overlap(&b.sport, &(p.sport, p.sport))
                && overlap(&b.dport, &(p.dport, p.dport))
        })
    }
}

/// Every rule's certain and possible sets as boxes, by evaluation position.
#[derive(Debug, Default)]
pub(super) struct BoxTable {
    boxes: Vec<Bx>,
    /// Per position: `boxes[certain.0..certain.1]`, `boxes[possible.0..possible.1]`.
    spans: Vec<((usize, usize), (usize, usize))>,
}

impl BoxTable {
    /// `None` when a set expands to more than [`MAX_BOXES`] boxes.
    pub fn new<'a>(sets: impl Iterator<Item = (&'a PacketSet, &'a PacketSet)>) -> Option<Self> {
        let mut t = BoxTable::default();
        // most rules are a box or two on each side
        let n = sets.size_hint().0;
        t.boxes.reserve(4 * n);
        t.spans.reserve(n);
        let add = |s: &PacketSet, boxes: &mut Vec<Bx>| {
            let from = boxes.len();
            for c in s.cubes() {
                if !expand(c, MAX_BOXES.saturating_sub(boxes.len() - from), boxes) {
                    return None;
                }
            }
            Some((from, boxes.len()))
        };
        for (certain, possible) in sets {
            let c = add(certain, &mut t.boxes)?;
            let p = add(possible, &mut t.boxes)?;
            t.spans.push((c, p));
        }
        Some(t)
    }

    fn get(&self, span: Option<(usize, usize)>) -> &[Bx] {
        span.and_then(|(a, b)| self.boxes.get(a..b)).unwrap_or(&[])
    }

    /// The well-formed part of the certain set at `pos`.
    pub fn certain(&self, pos: usize) -> &[Bx] {
        self.get(self.spans.get(pos).map(|s| s.0))
    }

    /// The well-formed part of the possible set at `pos`.
    pub fn possible(&self, pos: usize) -> &[Bx] {
        self.get(self.spans.get(pos).map(|s| s.1))
    }
}

#[cfg(test)]
#[path = "boxes_tests.rs"]
mod tests;
