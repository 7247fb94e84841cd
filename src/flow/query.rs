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

use super::build::{self, Flow};
use super::policy::Policy;
use super::set::PacketSet;
use crate::model::Access;

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
}
