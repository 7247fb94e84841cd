//! A point-location index over a policy's rules: which rules may contain a
//! given packet, in evaluation order, without testing every rule.
//!
//! Input: each rule's `possible` set (which holds its `certain` set), in
//! evaluation order. Output: for a [`Packet`] and a range of positions, the
//! positions of the only rules whose sets can contain it, ascending.
//!
//! Invariant (what callers rely on): a rule left out of the candidates does
//! not contain the packet, so filtering the candidates with an exact
//! `contains` gives exactly the rules a full scan would find, in the same
//! order. The index only narrows; it never decides.
//!
//! Layout: three dimensions are indexed — source IPv4 address, destination
//! IPv4 address, destination port. In each, a rule is filed under the
//! buckets its values touch at the finest of a few bucket widths where it
//! touches at most [`MAX_BUCKETS`] of them (`/32`, `/24`, `/16`, `/8` for
//! addresses; single ports, blocks of 256), or in the dimension's "wide"
//! list when even the coarsest width is too fine. A query reads one bucket
//! per width plus the wide list in each dimension that applies to the packet
//! and walks the dimension with the fewest candidates. Realistic NSGs differ
//! in addresses or ports from rule to rule, so the candidates are few; rules
//! that are all alike (every one `any`, say) fall back to the full list.

use std::ops::Range;

use super::interval::{IntervalSet, Point};
use super::set::{Cube, Packet, PacketSet};
use super::AddrPoint;

/// The most buckets a rule is filed under at one width.
const MAX_BUCKETS: u64 = 4;

/// Bucket widths of IPv4 addresses, as shifts: `/32`, `/24`, `/16`, `/8`.
const V4_SHIFTS: [u32; 4] = [0, 8, 16, 24];
/// Bucket widths of ports: single ports, blocks of 256.
const PORT_SHIFTS: [u32; 2] = [0, 8];

/// Rules filed by bucket at one width: a sorted table of bucket keys, each
/// with its rules' positions (ascending).
#[derive(Debug, Default)]
struct Level {
    shift: u32,
    keys: Vec<u32>,
    /// `starts[i]..starts[i + 1]` are bucket `keys[i]`'s positions in `items`.
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Level {
    fn build(shift: u32, mut filed: Vec<(u32, u32)>) -> Level {
        // (key, position); positions were pushed in ascending order, and a
        // stable sort by key keeps them so within each bucket
        filed.sort_by_key(|&(key, _)| key);
        // a rule with two values in one bucket is filed there once
        filed.dedup();
        let mut level = Level {
            shift,
            ..Level::default()
        };
        for (key, pos) in filed {
            if level.keys.last() != Some(&key) {
                level.keys.push(key);
                level.starts.push(level.items.len() as u32);
            }
            level.items.push(pos);
        }
        level.starts.push(level.items.len() as u32);
        level
    }

    fn bucket(&self, value: u32) -> &[u32] {
        let key = value >> self.shift;
        let Ok(i) = self.keys.binary_search(&key) else {
            return &[];
        };
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// One indexed dimension.
#[derive(Debug, Default)]
struct Dim {
    levels: Vec<Level>,
    /// Rules too wide for any bucket width, ascending.
    wide: Vec<u32>,
}

impl Dim {
    /// `values[pos]` is the rule's set in this dimension as `u32` ranges
    /// (`None`: the rule has no value of this kind and never matches).
    fn build(shifts: &[u32], values: &[Option<Vec<(u32, u32)>>]) -> Dim {
        let mut filed: Vec<Vec<(u32, u32)>> = vec![Vec::new(); shifts.len()];
        let mut wide = Vec::new();
        for (pos, ranges) in values.iter().enumerate() {
            let Some(ranges) = ranges else { continue };
            let pos = pos as u32;
            let fits = shifts.iter().position(|&s| {
                let touched: u64 = ranges
                    .iter()
                    .map(|&(lo, hi)| u64::from((hi >> s) - (lo >> s)) + 1)
                    .sum();
                touched <= MAX_BUCKETS
            });
            match fits.and_then(|l| Some((l, filed.get_mut(l)?))) {
                Some((l, level)) => {
                    let s = shifts.get(l).copied().unwrap_or(0);
                    for &(lo, hi) in ranges {
                        for key in (lo >> s)..=(hi >> s) {
                            level.push((key, pos));
                        }
                    }
                }
                None => wide.push(pos),
            }
        }
        Dim {
            levels: shifts
                .iter()
                .zip(filed)
                .map(|(&s, f)| Level::build(s, f))
                .collect(),
            wide,
        }
    }

    /// The lists that hold every rule whose set may contain `value` (one
    /// bucket per width, then the wide list; unused slots are empty).
    fn lists(&self, value: u32) -> Lists<'_> {
        let mut lists: Lists<'_> = [&[]; LISTS];
        for (slot, level) in lists.iter_mut().zip(&self.levels) {
            *slot = level.bucket(value);
        }
        if let Some(last) = lists.last_mut() {
            *last = &self.wide;
        }
        lists
    }
}

/// At most one bucket per width (at most four widths) and the wide list.
const LISTS: usize = 5;
type Lists<'a> = [&'a [u32]; LISTS];
// every width has a slot before the wide list's
const _: () = assert!(V4_SHIFTS.len() < LISTS && PORT_SHIFTS.len() < LISTS);

/// The index of one policy's rules.
#[derive(Debug, Default)]
pub(super) struct PointIndex {
    src_v4: Dim,
    dst_v4: Dim,
    dport: Dim,
}

impl PointIndex {
    /// `sets[pos]` is the set of the rule at evaluation position `pos`.
    pub fn new<'a>(sets: impl Iterator<Item = &'a PacketSet> + Clone) -> PointIndex {
        // each rule's values in one dimension, over all its cubes (ranges
        // of different cubes may overlap: a bucket is filed once anyway)
        fn ranges<'a, T: Point + Into<u64> + 'a>(
            sets: impl Iterator<Item = &'a PacketSet>,
            dim: impl Fn(&'a Cube) -> &'a IntervalSet<T>,
        ) -> Vec<Option<Vec<(u32, u32)>>> {
            sets.map(|s| {
                let r: Vec<(u32, u32)> = s
                    .cubes()
                    .iter()
                    .flat_map(|c| dim(c).ranges())
                    .map(|&(lo, hi)| (narrow(lo.into()), narrow(hi.into())))
                    .collect();
                (!r.is_empty()).then_some(r)
            })
            .collect()
        }
        PointIndex {
            src_v4: Dim::build(&V4_SHIFTS, &ranges(sets.clone(), |c| &c.src.v4)),
            dst_v4: Dim::build(&V4_SHIFTS, &ranges(sets.clone(), |c| &c.dst.v4)),
            dport: Dim::build(&PORT_SHIFTS, &ranges(sets, |c| &c.dport)),
        }
    }

    /// Positions in `range` of the rules whose sets may contain `p`,
    /// ascending. Every rule of the range that contains `p` is among them.
    pub fn candidates(&self, p: &Packet, range: Range<usize>) -> Candidates<'_> {
        let mut best = self.dport.lists(u32::from(p.dport));
        for (dim, addr) in [(&self.src_v4, p.src), (&self.dst_v4, p.dst)] {
            if let AddrPoint::V4(a) = addr {
                let lists = dim.lists(a);
                if total(&lists) < total(&best) {
                    best = lists;
                }
            }
        }
        for list in &mut best {
            let from = list.partition_point(|&x| (x as usize) < range.start);
            let to = list.partition_point(|&x| (x as usize) < range.end);
            *list = list.get(from..to).unwrap_or(&[]);
        }
        Candidates { lists: best }
    }
}

fn total(lists: &[&[u32]]) -> usize {
    lists.iter().map(|l| l.len()).sum()
}

/// `u64` values of `u16`/`u32` dimensions back to `u32` (never truncates:
/// only those two kinds are indexed).
fn narrow(x: u64) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// Candidate positions in ascending order: a merge of a few sorted lists
/// (a rule is in at most one of them for a given packet).
pub(super) struct Candidates<'a> {
    lists: Lists<'a>,
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let (i, _) = self
            .lists
            .iter()
            .enumerate()
            .filter_map(|(i, l)| Some((i, *l.first()?)))
            .min_by_key(|&(_, head)| head)?;
        let list = self.lists.get_mut(i)?;
        let (&head, rest) = list.split_first()?;
        *list = rest;
        Some(head as usize)
    }
}

#[cfg(test)]
mod tests {
    //! The index against a full scan: over generated rule sets of every
    //! width (hosts, /24s, /16s, /8s, `any`, port lists, wide ranges, IPv6
    //! and tag atoms), every packet at a rule's corners or next to them gets
    //! exactly the rules a scan finds, in the same order.

    use super::*;
    use crate::flow::{AddrSet, Cube, Proto, ALL_PROTOCOLS};

    /// A small deterministic generator (no randomness crate in the library).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u32 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as u32
        }
        fn below(&mut self, n: u32) -> u32 {
            self.next() % n
        }
    }

    fn v4(g: &mut Lcg) -> AddrSet {
        let width = [0, 0, 8, 16, 24, 32, 31, 12][g.below(8) as usize];
        let base = [0x0a00_0000, 0x0a01_0000, 0xc0a8_0100, 0x6440_0000][g.below(4) as usize]
            | (g.below(4) << 8);
        let mask = if width == 32 { 0 } else { u32::MAX << width };
        let lo = base & mask;
        let mut set = AddrSet::prefixes([]);
        set.v4 = IntervalSet::range(lo, lo | !mask);
        if g.below(5) == 0 {
            set.v4 = set
                .v4
                .union(&IntervalSet::single(0x0a00_0000 + g.below(1024)));
        }
        match g.below(6) {
            0 => set.atoms = IntervalSet::full(),
            1 => set.v6 = IntervalSet::full(),
            2 => set = AddrSet::atom(g.below(3)),
            _ => {}
        }
        set
    }

    fn ports(g: &mut Lcg) -> IntervalSet<u16> {
        let p = |g: &mut Lcg| [80u16, 443, 1433, 11000, 11999, 3342, 255, 256][g.below(8) as usize];
        match g.below(5) {
            0 => IntervalSet::full(),
            1 => IntervalSet::range(11000, 11999),
            2 => IntervalSet::single(p(g)).union(&IntervalSet::single(p(g))),
            3 => IntervalSet::range(p(g).min(1000), p(g).max(1000)),
            _ => IntervalSet::single(p(g)),
        }
    }

    fn set(g: &mut Lcg) -> PacketSet {
        let cubes = 1 + g.below(2);
        PacketSet::from_cubes((0..cubes).map(|_| Cube {
            proto: if g.below(2) == 0 {
                ALL_PROTOCOLS
            } else {
                Proto::Tcp.bit()
            },
            src: v4(g),
            sport: IntervalSet::full(),
            dst: v4(g),
            dport: ports(g),
        }))
    }

    #[test]
    fn candidates_hold_every_rule_a_scan_finds_in_order() {
        let mut g = Lcg(7);
        for round in 0..40 {
            let sets: Vec<PacketSet> = (0..(5 + round * 7)).map(|_| set(&mut g)).collect();
            let index = PointIndex::new(sets.iter());
            let mut probes = Vec::new();
            for s in &sets {
                for c in s.cubes() {
                    for high in [false, true] {
                        if let Some(p) = c.corner(high) {
                            probes.push(p);
                            let nudge = |a: AddrPoint| match a {
                                AddrPoint::V4(x) => AddrPoint::V4(x.wrapping_add(1)),
                                other => other,
                            };
                            probes.push(Packet {
                                src: nudge(p.src),
                                dst: nudge(p.dst),
                                dport: p.dport.wrapping_add(1),
                                ..p
                            });
                        }
                    }
                }
            }
            for p in &probes {
                let from = g.below(sets.len() as u32) as usize;
                for range in [0..sets.len(), from..sets.len(), 0..from] {
                    let scan: Vec<usize> = range.clone().filter(|&i| sets[i].contains(p)).collect();
                    let got: Vec<usize> = index.candidates(p, range.clone()).collect();
                    assert!(got.windows(2).all(|w| w[0] < w[1]), "{got:?}");
                    assert!(got.iter().all(|i| range.contains(i)));
                    let found: Vec<usize> =
                        got.into_iter().filter(|&i| sets[i].contains(p)).collect();
                    assert_eq!(found, scan, "round {round}, packet {p:?}");
                }
            }
        }
    }
}
