//! The questions lints and `misec query` ask of a [`Policy`].
//!
//! Input: a compiled policy and a flow, a packet set or a rule id.
//! Output: [`Decision`], [`Coverage`], shadowing and redundancy answers.
//!
//! Invariants (three-valued truth): an answer called certain holds for every
//! assignment of addresses to unresolved tags. Certain facts come only from
//! symbolic containment in rules' certain sets; anything a rule's possible set
//! touches is "may". The answers are exact when no unresolved tag is
//! involved.

use super::bounds::Bounds;
use super::build::{self, Flow};
use super::policy::Policy;
use super::set::{Packet, PacketSet};
use crate::model::Access;
use std::ops::Range;

/// The verdict for one flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The first rule that matches every packet of the flow.
    pub rule: usize,
    pub access: Access,
    /// Higher-precedence rules that may match (part of) the flow: when one
    /// does, it decides instead. Empty when the decision is certain.
    pub maybe: Vec<usize>,
}

impl Decision {
    pub fn is_certain(&self) -> bool {
        self.maybe.is_empty()
    }
}

/// The part of a packet set one rule decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub rule: usize,
    pub access: Access,
    /// `true`: these packets are certainly decided by `rule`; `false`: `rule`
    /// may decide them (an unresolved tag is involved).
    pub certain: bool,
    pub packets: PacketSet,
}

/// How a policy decides a packet set, rule by rule in evaluation order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    pub parts: Vec<Part>,
}

impl Coverage {
    /// No rule denies, or may deny, any of the packets: all are certainly allowed.
    pub fn all_allowed(&self) -> bool {
        self.parts.iter().all(|p| p.access == Access::Allow)
    }

    /// Parts certainly denied, each with its rule.
    pub fn denied(&self) -> impl Iterator<Item = &Part> {
        self.parts
            .iter()
            .filter(|p| p.certain && p.access == Access::Deny)
    }

    /// Parts a rule may deny (not certain).
    pub fn maybe_denied(&self) -> impl Iterator<Item = &Part> {
        self.parts
            .iter()
            .filter(|p| !p.certain && p.access == Access::Deny)
    }

    /// Parts certainly allowed, each with its rule.
    pub fn allowed(&self) -> impl Iterator<Item = &Part> {
        self.parts
            .iter()
            .filter(|p| p.certain && p.access == Access::Allow)
    }
}

impl Policy<'_> {
    /// The verdict for a flow; `None` when the flow denotes no packet (a
    /// resolved tag without prefixes).
    pub fn decide(&self, flow: &Flow) -> Option<Decision> {
        self.decide_set(&build::flow(self.ctx, flow).concrete_where_possible())
    }

    /// The verdict for a set of packets that should share one decider.
    pub fn decide_set(&self, q: &PacketSet) -> Option<Decision> {
        if q.is_empty() {
            return None;
        }
        let mut maybe = Vec::new();
        for e in &self.entries {
            if q.is_subset(&e.sides.certain) {
                return Some(Decision {
                    rule: e.id,
                    access: e.access,
                    maybe,
                });
            }
            if q.intersects(&e.sides.possible) {
                maybe.push(e.id);
            }
        }
        None
    }

    /// Which rule decides which part of `q`. The parts partition `q` (minus
    /// tag atoms that add nothing to `q`'s concrete addresses).
    pub fn coverage(&self, q: &PacketSet) -> Coverage {
        let mut parts = Vec::new();
        // not yet certainly decided
        let mut rest = q.concrete_where_possible();
        // the part of `rest` some earlier rule may have decided
        let mut unsure = PacketSet::empty();
        for e in &self.entries {
            if rest.is_empty() {
                break;
            }
            if !rest.intersects(&e.sides.possible) {
                continue;
            }
            let touched = rest.intersect(&e.sides.possible);
            let sure = match e.sides.certain.cubes() {
                [c] => rest.difference_within(&unsure, c),
                _ => rest.difference(&unsure).intersect(&e.sides.certain),
            };
            let maybe = touched.difference(&sure);
            for (certain, packets) in [(true, sure), (false, maybe)] {
                if !packets.is_empty() {
                    parts.push(Part {
                        rule: e.id,
                        access: e.access,
                        certain,
                        packets,
                    });
                }
            }
            unsure.extend(touched);
            if let Some(c) = e.certain_cube() {
                rest.subtract_cube(c);
                unsure.subtract_cube(c);
            }
        }
        Coverage { parts }
    }

    /// `Some(ids)` when the higher-precedence rules together certainly match
    /// every packet rule `id` matches; `ids` are those that cut into it, in
    /// evaluation order (empty when the rule matches nothing at all).
    pub fn shadowed(&self, id: usize) -> Option<Vec<usize>> {
        match self.shadow.get(id) {
            Some(cell) => cell.get_or_init(|| self.shadowed_now(id)).clone(),
            None => self.shadowed_now(id),
        }
    }

    fn shadowed_now(&self, id: usize) -> Option<Vec<usize>> {
        let pos = *self.position.get(id)?;
        let me = self.entries.get(pos)?;
        let mut rest = build::well_formed_part(&me.sides.certain);
        let higher = self.entries.get(..pos)?;
        // cheap refutation: a corner packet no higher rule matches
        for cube in rest.cubes() {
            for high in [false, true] {
                let probe = cube.corner(high)?;
                // no higher rule takes the probe: not shadowed
                self.first_certain(&probe, 0..pos)?;
            }
        }
        let mut by = Vec::new();
        // a rule whose bounds miss the rule's own cannot cut into it
        let mine = Bounds::of(&rest);
        for (e, (bounds, _)) in higher.iter().zip(&self.bounds) {
            if rest.is_empty() {
                break;
            }
            if !bounds.meets(&mine) {
                continue;
            }
            if let Some(c) = e.certain_cube() {
                if rest.subtract_cube(c) {
                    by.push(e.id);
                }
            }
        }
        rest.is_empty().then_some(by)
    }

    /// The first entry in `range` (positions) whose certain set contains `p`.
    fn first_certain(&self, p: &Packet, range: Range<usize>) -> Option<usize> {
        self.index.candidates(p, range).find(|&at| {
            self.entries
                .get(at)
                .is_some_and(|e| e.sides.certain.contains(p))
        })
    }

    /// Removing rule `id` certainly changes no verdict: every packet it
    /// decides is decided the same way by the rules after it.
    pub fn redundant(&self, id: usize) -> bool {
        let Some(&pos) = self.position.get(id) else {
            return false;
        };
        let Some(me) = self.entries.get(pos) else {
            return false;
        };
        // what `id` may decide: its packets no earlier rule certainly takes
        let mut rest = build::well_formed_part(&me.sides.certain);
        // cheap refutation, following one corner packet through the same walk
        // as below, so it gives exactly its answer: a packet no earlier rule
        // certainly takes stays with `id`; after it, a rule of the same access
        // that certainly takes it settles it, and one of the other access that
        // may take it first is a verdict that changes
        for cube in rest.cubes() {
            for high in [false, true] {
                let Some(probe) = cube.corner(high) else {
                    continue;
                };
                if self.first_certain(&probe, 0..pos).is_some() {
                    continue;
                }
                let lower = self.index.candidates(&probe, pos + 1..self.entries.len());
                for e in lower.filter_map(|at| self.entries.get(at)) {
                    if e.access == me.access {
                        if e.sides.certain.contains(&probe) {
                            break;
                        }
                    } else if e.sides.possible.contains(&probe) {
                        return false;
                    }
                }
            }
        }
        // what is left of `rest` stays inside these bounds: a rule whose
        // bounds miss them neither cuts into it nor may take it
        let mine = Bounds::of(&rest);
        let walk = self.entries.iter().zip(&self.bounds);
        for (e, (certain, _)) in walk.clone().take(pos) {
            if rest.is_empty() {
                return true;
            }
            if !certain.meets(&mine) {
                continue;
            }
            if let Some(c) = e.certain_cube() {
                rest.subtract_cube(c);
            }
        }
        for (e, (certain, possible)) in walk.skip(pos + 1) {
            if rest.is_empty() {
                return true;
            }
            if e.access != me.access {
                if possible.meets(&mine) && rest.intersects(&e.sides.possible) {
                    return false;
                }
            } else if !certain.meets(&mine) {
                continue;
            } else if let Some(c) = e.certain_cube() {
                rest.subtract_cube(c);
            }
        }
        rest.is_empty()
    }
}
