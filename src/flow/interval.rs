//! Exact sets of integers as sorted interval lists: the building block of
//! every dimension of a packet set (ports `u16`, IPv4 `u32`, IPv6 `u128`,
//! service-tag atoms `u32`).
//!
//! Input: inclusive ranges `lo..=hi`. Output: normalized sets and the usual
//! set operations, all exact.
//!
//! Invariant: the ranges are sorted, each has `lo <= hi`, and no two touch or
//! overlap (`next.lo > prev.hi + 1`), so equal sets have equal
//! representations and emptiness is `ranges.is_empty()`.

use smallvec::{smallvec, SmallVec};

/// An integer type with a successor and a predecessor inside its bounds.
pub trait Point: Copy + Ord + std::fmt::Debug {
    const MIN: Self;
    const MAX: Self;
    /// `self + 1`; only called when `self < MAX`.
    fn succ(self) -> Self;
    /// `self - 1`; only called when `self > MIN`.
    fn pred(self) -> Self;
}

macro_rules! point {
    ($($t:ty),*) => {$(
        impl Point for $t {
            const MIN: Self = <$t>::MIN;
            const MAX: Self = <$t>::MAX;
            fn succ(self) -> Self { self.saturating_add(1) }
            fn pred(self) -> Self { self.saturating_sub(1) }
        }
    )*};
}
point!(u16, u32, u128);

/// The ranges of a set. Most sets of a rule are one or two ranges (a
/// prefix, a port and a port range), kept inline: set operations on rules
/// then allocate nothing.
type Ranges<T> = SmallVec<[(T, T); 2]>;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IntervalSet<T: Point> {
    ranges: Ranges<T>,
}

impl<T: Point> Default for IntervalSet<T> {
    fn default() -> Self {
        IntervalSet {
            ranges: Ranges::new(),
        }
    }
}

impl<T: Point> IntervalSet<T> {
    pub fn empty() -> Self {
        Self::default()
    }

    pub fn full() -> Self {
        Self::range(T::MIN, T::MAX)
    }

    /// `lo..=hi`; empty when `lo > hi`.
    pub fn range(lo: T, hi: T) -> Self {
        if lo > hi {
            Self::empty()
        } else {
            IntervalSet {
                ranges: smallvec![(lo, hi)],
            }
        }
    }

    pub fn single(x: T) -> Self {
        Self::range(x, x)
    }

    /// The union of arbitrary (unsorted, overlapping) ranges.
    pub fn from_ranges(ranges: impl IntoIterator<Item = (T, T)>) -> Self {
        let mut v: Ranges<T> = ranges.into_iter().filter(|(a, b)| a <= b).collect();
        v.sort_unstable();
        let mut out: Ranges<T> = Ranges::with_capacity(v.len());
        for (lo, hi) in v {
            match out.last_mut() {
                Some(last) if last.1 == T::MAX || lo <= last.1.succ() => {
                    last.1 = last.1.max(hi);
                }
                _ => out.push((lo, hi)),
            }
        }
        IntervalSet { ranges: out }
    }

    pub fn ranges(&self) -> &[(T, T)] {
        &self.ranges
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.ranges.as_slice() == [(T::MIN, T::MAX)]
    }

    pub fn first(&self) -> Option<T> {
        self.ranges.first().map(|r| r.0)
    }

    pub fn contains(&self, x: T) -> bool {
        // the last range starting at or before x
        let i = self.ranges.partition_point(|r| r.0 <= x);
        i > 0 && self.ranges.get(i - 1).is_some_and(|r| x <= r.1)
    }

    pub fn intersects(&self, other: &Self) -> bool {
        let (a, b) = (&self.ranges, &other.ranges);
        // fast path for the common one-range sets
        if let (Some(fa), Some(la), Some(fb), Some(lb)) = (a.first(), a.last(), b.first(), b.last())
        {
            if la.1 < fb.0 || lb.1 < fa.0 {
                return false;
            }
        } else {
            return false;
        }
        let (mut i, mut j) = (0, 0);
        while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
            if x.1 < y.0 {
                i += 1;
            } else if y.1 < x.0 {
                j += 1;
            } else {
                return true;
            }
        }
        false
    }

    pub fn intersect(&self, other: &Self) -> Self {
        let (a, b) = (&self.ranges, &other.ranges);
        let mut out = Ranges::new();
        let (mut i, mut j) = (0, 0);
        while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
            let lo = x.0.max(y.0);
            let hi = x.1.min(y.1);
            if lo <= hi {
                out.push((lo, hi));
            }
            if x.1 < y.1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        IntervalSet { ranges: out }
    }

    pub fn union(&self, other: &Self) -> Self {
        if other.is_empty() || self.is_full() {
            return self.clone();
        }
        if self.is_empty() || other.is_full() {
            return other.clone();
        }
        // two single ranges (a rule's usual sets): no sorting
        if let ([(a, b)], [(c, d)]) = (self.ranges.as_slice(), other.ranges.as_slice()) {
            let ((a, b), (c, d)) = if a <= c {
                ((*a, *b), (*c, *d))
            } else {
                ((*c, *d), (*a, *b))
            };
            return if b == T::MAX || c <= b.succ() {
                IntervalSet {
                    ranges: smallvec![(a, b.max(d))],
                }
            } else {
                IntervalSet {
                    ranges: smallvec![(a, b), (c, d)],
                }
            };
        }
        Self::from_ranges(self.ranges.iter().chain(&other.ranges).copied())
    }

    /// `self \ other`.
    pub fn difference(&self, other: &Self) -> Self {
        if !self.intersects(other) {
            return self.clone();
        }
        let mut out = Ranges::new();
        let mut j = 0;
        for &(lo, hi) in &self.ranges {
            let mut cur = lo;
            let mut open = true; // `cur..=hi` still to emit
            while let Some(&(blo, bhi)) = other.ranges.get(j) {
                if bhi < cur {
                    j += 1;
                    continue;
                }
                if blo > hi {
                    break;
                }
                if blo > cur {
                    out.push((cur, blo.pred()));
                }
                if bhi >= hi {
                    open = false;
                    break;
                }
                cur = bhi.succ();
                j += 1;
            }
            if open {
                out.push((cur, hi));
            }
        }
        IntervalSet { ranges: out }
    }

    pub fn is_subset(&self, other: &Self) -> bool {
        let mut j = 0;
        for &(lo, hi) in &self.ranges {
            while other.ranges.get(j).is_some_and(|r| r.1 < lo) {
                j += 1;
            }
            match other.ranges.get(j) {
                Some(&(blo, bhi)) if blo <= lo && hi <= bhi => {}
                _ => return false,
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(r: &[(u16, u16)]) -> IntervalSet<u16> {
        IntervalSet::from_ranges(r.iter().copied())
    }

    #[test]
    fn union_of_two_ranges_is_the_normalized_union() {
        let ends = [0u16, 1, 2, 3, 5, 6, 65534, 65535];
        let ranges: Vec<(u16, u16)> = ends
            .iter()
            .flat_map(|&a| ends.iter().map(move |&b| (a, b)))
            .filter(|(a, b)| a <= b)
            .collect();
        for &x in &ranges {
            for &y in &ranges {
                let (a, b) = (set(&[x]), set(&[y]));
                assert_eq!(a.union(&b), set(&[x, y]), "{x:?} ∪ {y:?}");
            }
        }
    }

    #[test]
    fn normalizes_touching_ranges() {
        assert_eq!(
            set(&[(5, 9), (0, 4), (20, 30)]).ranges(),
            &[(0, 9), (20, 30)]
        );
        assert_eq!(set(&[(0, 65535), (3, 4)]).ranges(), &[(0, 65535)]);
    }

    #[test]
    fn difference_splits_at_the_edges() {
        let a = set(&[(0, 100)]);
        let b = set(&[(0, 0), (10, 20), (100, 200)]);
        assert_eq!(a.difference(&b).ranges(), &[(1, 9), (21, 99)]);
        assert!(IntervalSet::<u16>::full()
            .difference(&IntervalSet::full())
            .is_empty());
    }

    #[test]
    fn subset_needs_one_covering_range() {
        assert!(set(&[(3, 4), (8, 9)]).is_subset(&set(&[(0, 5), (7, 10)])));
        assert!(!set(&[(3, 8)]).is_subset(&set(&[(0, 5), (6, 10)]).difference(&set(&[(6, 6)]))));
    }
}
