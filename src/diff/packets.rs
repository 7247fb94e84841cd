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
//! between may match are examined ("the region"), which keeps a diff of two
//! 1,000-rule NSGs that differ in one rule about as cheap as one check.
//!
//! Two passes over the region:
//! - symbolic: each side's first rule whose certain set holds a packet
//!   decides it (an unresolved tag is its own region); a pair of deciders
//!   with different access is a change. It is certain where, on both sides,
//!   no earlier rule may hold the packets ([`Policy::decide_set`]); packets
//!   between concrete addresses and those naming a tag's region are judged
//!   apart, so a tag does not make a concrete change uncertain.
//! - possible: where [`Policy::coverage`] says an earlier rule may decide
//!   (its tag may hold a concrete address, such as `Internet` for a public
//!   prefix), a pair of parts with different access is a change that may
//!   happen, about concrete packets. A pair that cannot happen because a rule
//!   on the other side certainly holds every packet of the "may" rule and
//!   comes first is left out.
//!
//! Within a group the cubes are disjoint.

use std::collections::BTreeMap;

use crate::flow::build::well_formed_part;
use crate::flow::{AddrSet, Cube, PacketSet, Part, Policy};
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

/// The changes between `old` and `new` (same direction), among the packets
/// of `within` (the packets the subnet's NSG sees in this direction).
pub fn compare(old: &Policy<'_>, new: &Policy<'_>, within: &Cube) -> Vec<Changed> {
    let old_order: Vec<usize> = old.order().collect();
    let new_order: Vec<usize> = new.order().collect();
    let common = |pairs: &mut dyn Iterator<Item = (&usize, &usize)>| {
        pairs.take_while(|(&a, &b)| same(old, a, new, b)).count()
    };
    let front = common(&mut old_order.iter().zip(&new_order));
    let max_back = old_order.len().min(new_order.len()) - front;
    let back = common(&mut old_order.iter().rev().zip(new_order.iter().rev())).min(max_back);
    let middle = |order: &[usize]| order.get(front..order.len() - back).unwrap_or(&[]).to_vec();
    let (old_middle, new_middle) = (middle(&old_order), middle(&new_order));
    // disjoint cubes, so that every part below is disjoint too
    let mut region = PacketSet::empty();
    for set in old_middle
        .iter()
        .filter_map(|&id| old.sides(id))
        .chain(new_middle.iter().filter_map(|&id| new.sides(id)))
        .map(|s| s.possible.intersect_cube(within))
    {
        let fresh = set.difference(&region);
        region = region.union(&fresh);
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
    let mut groups: BTreeMap<(usize, usize, bool), PacketSet> = BTreeMap::new();
    let mut add = |key, set: PacketSet| {
        let entry = groups.entry(key).or_default();
        let fresh = set.difference(entry);
        *entry = entry.union(&fresh);
    };
    // what each side's rules decide, tags as their symbolic regions
    let old_sym = symbolic(old, old_order.get(front..).unwrap_or(&[]), &region);
    let new_sym = symbolic(new, new_order.get(front..).unwrap_or(&[]), &region);
    // rules whose tags' regions change verdict, told symbolically
    let mut told: (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for (a, pa) in &old_sym {
        for (b, pb) in &new_sym {
            if access(old, *a) == access(new, *b) || !pa.intersects(pb) {
                continue;
            }
            // regions of tags that neither rule names go as `any` goes
            let names = names_tags(old, *a) || names_tags(new, *b);
            if names {
                told.0.push(*a);
                told.1.push(*b);
            }
            for cube in pa.intersect(pb).cubes() {
                for (k, piece) in split_concrete(cube).into_iter().enumerate() {
                    if k == 1 && !names {
                        continue;
                    }
                    if piece.is_empty() {
                        continue;
                    }
                    let sure = |p: &Policy<'_>, id| {
                        p.decide_set(&piece)
                            .is_some_and(|d| d.rule == id && d.is_certain())
                    };
                    let certain = sure(old, *a) && sure(new, *b);
                    add((*a, *b, certain), piece);
                }
            }
        }
    }
    // where an earlier rule may decide instead (its tags may hold a concrete
    // packet): a change that may happen, about concrete packets
    // only concrete packets: a tag's region is told by the symbolic pass, and
    // leaving it out keeps every rule without tags out of this pass's way
    let plain = concrete(&region);
    let old_parts = old.coverage(&plain).parts;
    let new_parts = new.coverage(&plain).parts;
    let old_pos = positions(old, &old_order);
    let new_pos = positions(new, &new_order);
    for a in &old_parts {
        for b in new_parts.iter().filter(|b| !(a.certain && b.certain)) {
            if a.access == b.access || !a.packets.intersects(&b.packets) {
                continue;
            }
            if settled(old, new, (a, &old_pos), (b, &new_pos)) {
                continue;
            }
            // the tag's own packets already say what changes
            if (!a.certain && told.0.contains(&a.rule)) || (!b.certain && told.1.contains(&b.rule))
            {
                continue;
            }
            let both = concrete(&a.packets.intersect(&b.packets));
            if !both.is_empty() {
                add((a.rule, b.rule, false), both);
            }
        }
    }
    groups
        .into_iter()
        .filter_map(|((a, b, certain), set)| {
            let now = access(new, b)?;
            Some(Changed {
                old: a,
                new: b,
                now,
                certain,
                packets: merge(set.cubes().to_vec()),
            })
        })
        .collect()
}

fn access(p: &Policy<'_>, id: usize) -> Option<Access> {
    p.rule(id).map(|(r, _)| r.access.value)
}

/// Rule id → position in evaluation order.
fn positions(policy: &Policy<'_>, order: &[usize]) -> Vec<usize> {
    let mut at = vec![usize::MAX; policy.len()];
    for (pos, &id) in order.iter().enumerate() {
        if let Some(slot) = at.get_mut(id) {
            *slot = pos;
        }
    }
    at
}

/// The part of `region` each rule decides when every tag is its own region
/// (first rule whose certain set holds the packet), in evaluation order.
fn symbolic(policy: &Policy<'_>, order: &[usize], region: &PacketSet) -> Vec<(usize, PacketSet)> {
    let mut rest = region.clone();
    let mut parts = Vec::new();
    for &id in order {
        if rest.is_empty() {
            break;
        }
        let Some(c) = policy.sides(id).and_then(|s| s.certain.cubes().first()) else {
            continue;
        };
        if rest.intersects_cube(c) {
            parts.push((id, rest.intersect_cube(c)));
            rest.subtract_cube(c);
        }
    }
    parts
}

/// The rule names a service tag's region on a side (rather than `any`).
fn names_tags(p: &Policy<'_>, id: usize) -> bool {
    let Some(c) = p.sides(id).and_then(|s| s.certain.cubes().first()) else {
        return false;
    };
    let specific = |a: &AddrSet| !a.atoms.is_empty() && !a.atoms.is_full();
    specific(&c.src) || specific(&c.dst)
}

/// A cube as its packets between concrete addresses and the rest (those
/// with a tag's region on a side), in this order, each possibly empty.
fn split_concrete(c: &Cube) -> Vec<PacketSet> {
    let bare = |a: &AddrSet| AddrSet {
        atoms: Default::default(),
        ..a.clone()
    };
    let plain = Cube {
        src: bare(&c.src),
        dst: bare(&c.dst),
        ..c.clone()
    };
    let whole = PacketSet::from_cube(c.clone());
    let plain = PacketSet::from_cube(plain);
    let tagged = whole.difference(&plain);
    vec![plain, tagged]
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

/// A "may" pair that cannot happen: whenever the rule that only may decide
/// really matches, a rule on the other side that certainly holds all its
/// packets comes before the other side's decider and takes the packet.
fn settled(
    old: &Policy<'_>,
    new: &Policy<'_>,
    (a, old_pos): (&Part, &[usize]),
    (b, new_pos): (&Part, &[usize]),
) -> bool {
    let pos = |at: &[usize], id: usize| at.get(id).copied().unwrap_or(usize::MAX);
    let covered = |from: &Policy<'_>, id: usize, to: &Policy<'_>, at: &[usize], limit: usize| {
        let Some(mine) = from.sides(id) else {
            return false;
        };
        to.order()
            .take_while(|&other| pos(at, other) < limit)
            .any(|other| {
                to.sides(other)
                    .is_some_and(|s| mine.certain.is_subset(&s.certain))
            })
    };
    (!a.certain && covered(old, a.rule, new, new_pos, pos(new_pos, b.rule)))
        || (!b.certain && covered(new, b.rule, old, old_pos, pos(old_pos, a.rule)))
}
