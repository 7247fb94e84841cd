//! Which packets one direction of an NSG decides differently on two sides.
//!
//! Input: two [`Policy`]s of the same direction whose contexts intern the
//! same tags in the same order (so atom ids mean the same region on both).
//! Output: [`Changed`] groups, one per (old deciding rule, new deciding rule,
//! certainty), each with its packets as disjoint cubes, merged.
//!
//! Invariants: only verdicts count, never names or numbers: rules are
//! compared by access and packet sets. The rules both sides share at the
//! front decide the same packets the same way, and so do those they share at
//! the back for packets no other rule matches; only the packets some rule in
//! between matches are examined ("the region"), which keeps a diff of two
//! 1,000-rule NSGs that differ in one rule about as cheap as one check. In
//! the region each side's [`Policy::coverage`] says which rule decides which
//! packets (certainly, or may where an unresolved service tag is involved);
//! a change is a pair of parts with different access whose packets meet.
//! A pair is certain only when both parts are; a "may" pair is about
//! concrete addresses only (see [`concrete`]). A "may" pair that one rule
//! present on both sides would settle the same way is not a change.

use std::collections::BTreeMap;

use crate::flow::build::well_formed_part;
use crate::flow::{PacketSet, Part, Policy};
use crate::model::Access;

use super::boxes::merge;

/// Packets one pair of rules decides differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The deciding rule's id in the old policy.
    pub old: usize,
    /// The deciding rule's id in the new policy.
    pub new: usize,
    /// The new verdict (the old one is the other).
    pub now: Access,
    /// Every packet of every cube changes whatever the service tags hold.
    pub certain: bool,
    /// Disjoint cubes, merged where one dimension differs.
    pub packets: PacketSet,
}

/// A rule's identity for comparison: what it does, not what it is called.
fn same(old: &Policy<'_>, a: usize, new: &Policy<'_>, b: usize) -> bool {
    let access = |p: &Policy<'_>, id| p.rule(id).map(|(r, _)| r.access.value);
    access(old, a) == access(new, b) && old.sides(a).is_some() && old.sides(a) == new.sides(b)
}

/// The changes between `old` and `new` (same direction).
pub fn compare(old: &Policy<'_>, new: &Policy<'_>) -> Vec<Changed> {
    let old_order: Vec<usize> = old.order().collect();
    let new_order: Vec<usize> = new.order().collect();
    let common = |pairs: &mut dyn Iterator<Item = (&usize, &usize)>| {
        pairs.take_while(|(&a, &b)| same(old, a, new, b)).count()
    };
    let front = common(&mut old_order.iter().zip(&new_order));
    let max_back = old_order.len().min(new_order.len()) - front;
    let back = common(&mut old_order.iter().rev().zip(new_order.iter().rev())).min(max_back);
    let middle = |order: &[usize], policy: &Policy<'_>| {
        let end = order.len() - back;
        let ids = order.get(front..end).unwrap_or(&[]).to_vec();
        ids.into_iter()
            .filter_map(|id| policy.sides(id).map(|s| s.possible.clone()))
            .collect::<Vec<_>>()
    };
    let mut region = PacketSet::empty();
    for set in middle(&old_order, old)
        .into_iter()
        .chain(middle(&new_order, new))
    {
        region = region.union(&set);
    }
    if region.is_empty() {
        return Vec::new();
    }
    let mut region = well_formed_part(&region);
    for &id in old_order.get(..front).unwrap_or(&[]) {
        if let Some(c) = old.sides(id).and_then(|s| s.certain.cubes().first()) {
            region.subtract_cube(c);
        }
    }
    let before = |policy: &Policy<'_>, order: &[usize]| {
        let mut at = vec![0; policy.len()];
        for (pos, &id) in order.iter().enumerate() {
            if let Some(slot) = at.get_mut(id) {
                *slot = pos;
            }
        }
        at
    };
    let (old_pos, new_pos) = (before(old, &old_order), before(new, &new_order));
    let old_parts = old.coverage(&region).parts;
    let new_parts = new.coverage(&region).parts;
    let mut groups: BTreeMap<(usize, usize, bool), Vec<PacketSet>> = BTreeMap::new();
    for a in &old_parts {
        for b in &new_parts {
            if a.access == b.access || !a.packets.intersects(&b.packets) {
                continue;
            }
            let certain = a.certain && b.certain;
            if !certain && settled(old, new, (a, &old_pos), (b, &new_pos)) {
                continue;
            }
            let mut both = a.packets.intersect(&b.packets);
            if !certain {
                both = concrete(&both);
            }
            if !both.is_empty() {
                groups
                    .entry((a.rule, b.rule, certain))
                    .or_default()
                    .push(both);
            }
        }
    }
    groups
        .into_iter()
        .filter_map(|((a, b, certain), sets)| {
            let now = new.rule(b)?.0.access.value;
            let cubes = sets.iter().flat_map(|s| s.cubes().iter().cloned());
            Some(Changed {
                old: a,
                new: b,
                now,
                certain,
                packets: merge(cubes.collect()),
            })
        })
        .collect()
}

/// The packets between concrete addresses. A tag's region is concrete
/// addresses too: where a verdict only may change, the concrete packets
/// already say which, and the tag's symbolic packets would repeat them.
fn concrete(set: &PacketSet) -> PacketSet {
    PacketSet::from_cubes(set.cubes().iter().map(|c| {
        let mut c = c.clone();
        c.src.atoms = Default::default();
        c.dst.atoms = Default::default();
        c
    }))
}

/// A "may" pair that cannot happen: the part that is only possible is a rule
/// the other side also has, in front of the other side's decider, so
/// whenever it matches it decides on both sides alike.
fn settled(
    old: &Policy<'_>,
    new: &Policy<'_>,
    (a, old_pos): (&Part, &[usize]),
    (b, new_pos): (&Part, &[usize]),
) -> bool {
    let pos = |at: &[usize], id: usize| at.get(id).copied().unwrap_or(usize::MAX);
    let twin_before =
        |from: &Policy<'_>, id: usize, to: &Policy<'_>, limit: usize, at: &[usize]| {
            to.order()
                .take_while(|&other| pos(at, other) < limit)
                .any(|other| same(from, id, to, other))
        };
    (!a.certain && twin_before(old, a.rule, new, pos(new_pos, b.rule), new_pos))
        || (!b.certain && {
            // `same` compares old-then-new; ask it the other way round
            let limit = pos(old_pos, a.rule);
            old.order()
                .take_while(|&other| pos(old_pos, other) < limit)
                .any(|other| same(old, other, new, b.rule))
        })
}
