//! Shadowing and redundancy: a rule's packets followed through the rules
//! before (and after) it.
//!
//! Input: a compiled [`Policy`] and a rule id. Output: [`Policy::shadowed`]
//! (with the rules that cut in, in evaluation order) and
//! [`Policy::redundant`].
//!
//! Invariants: the answers are those of the plain walks over every rule
//! with exact set operations (`tests/flow_walks.rs`). They are set
//! questions (does this rule meet what is left, is anything left), so the
//! walks follow what is left as flat boxes (module `boxes`), cheaper to
//! test and cut than cubes; a policy with a rule of too many boxes keeps to
//! cubes, with the same answers, and so does a small policy. Certain
//! answers come only from certain sets; "may" (a tag's unknown region)
//! from possible sets, as in `query`.
//!
//! A redundancy walk begins as the shadowing walk of the same rule does
//! (the same corner probes, then the same cuts by the earlier rules), so
//! the shadowing walk leaves what it found in `Policy::prior` and the
//! redundancy walk takes it, once; asked alone, it does the work itself.

use super::bounds::Bounds;
use super::boxes::{BoxSet, BoxTable};
use super::build;
use super::policy::{Entry, Policy};
use super::set::{Cube, Packet, PacketSet};
use crate::spread;
use std::borrow::Cow;
use std::ops::Range;

/// What the shadowing walk of a rule learnt, for its redundancy walk,
/// which begins the same way: the same corner probes against the rules
/// before it, then the same cuts by them.
#[derive(Debug)]
pub(super) enum Prior {
    /// The first `taken` corner probes are certainly taken by an earlier
    /// rule; the next one (if it exists) is not.
    Refuted { taken: usize },
    /// Every probe is taken; what the earlier rules leave of the rule.
    Walked(Left),
}

/// What is left of a rule once the earlier rules have cut into it, kept
/// without the table its boxes belong to.
#[derive(Debug)]
pub(super) enum Left {
    Boxes(Box<BoxSet>),
    Cubes(PacketSet),
}

/// What is left of a rule's packets during a walk.
enum Rest<'t> {
    Boxes(Box<BoxSet>, &'t BoxTable),
    Cubes(PacketSet),
}

impl<'t> Rest<'t> {
    fn keep(self) -> Left {
        match self {
            Rest::Boxes(b, _) => Left::Boxes(b),
            Rest::Cubes(c) => Left::Cubes(c),
        }
    }

    /// `left` back as a walk over `table` (the policy's, if it has one).
    fn resume(left: Left, table: Option<&'t BoxTable>) -> Option<Rest<'t>> {
        match (left, table) {
            (Left::Boxes(b), Some(t)) => Some(Rest::Boxes(b, t)),
            (Left::Cubes(c), None) => Some(Rest::Cubes(c)),
            _ => None,
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Rest::Boxes(b, _) => b.is_empty(),
            Rest::Cubes(c) => c.is_empty(),
        }
    }

    /// Remove the certain set of `e` (at position `pos`); whether it took
    /// any of what was left.
    fn subtract(&mut self, pos: usize, e: &Entry) -> bool {
        match self {
            Rest::Boxes(b, t) => b.subtract(t.certain(pos)),
            Rest::Cubes(c) => e.certain_cube().is_some_and(|cube| c.subtract_cube(cube)),
        }
    }

    /// Whether `e` (at position `pos`) may take some of what is left.
    fn meets_possible(&self, pos: usize, e: &Entry) -> bool {
        match self {
            Rest::Boxes(b, t) => b.meets(t.possible(pos)),
            Rest::Cubes(c) => c.intersects(&e.sides.possible),
        }
    }
}

/// The fewest rules (with Azure's defaults) of a policy whose per-rule
/// answers are spread over threads: below, starting a thread costs more
/// than the walks it would take over (a fleet's small NSGs, a hand-written
/// `.misec`).
pub(super) const SPREAD_MIN: usize = 128;

impl Policy<'_> {
    /// Answers [`Policy::shadowed`] for each of `ids` ahead of asking (the
    /// policy keeps the answers, and what the walks leave for
    /// [`Policy::redundant`]), over `threads` threads (0: one per CPU)
    /// when the policy is large enough for them to pay. The answers are
    /// those of asking one after another: each rule's walk reads the
    /// policy and writes only its own slots.
    pub fn settle_shadowed(&self, ids: &[usize], threads: usize) {
        spread::map(self.spread(threads), ids.len(), |k| {
            if let Some(&id) = ids.get(k) {
                self.shadowed(id);
            }
        });
    }

    /// [`Policy::redundant`] of each of `ids`, in order, over up to
    /// `threads` threads as [`Policy::settle_shadowed`].
    pub fn redundant_each(&self, ids: &[usize], threads: usize) -> Vec<bool> {
        spread::map(self.spread(threads), ids.len(), |k| {
            ids.get(k).is_some_and(|&id| self.redundant(id))
        })
    }

    fn spread(&self, threads: usize) -> usize {
        spread::when(self.entries.len() >= SPREAD_MIN, threads)
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

    /// The well-formed part of a rule's certain set, as cubes (for the
    /// corner probes and the bounds, before any walk).
    fn well_formed<'p>(me: &'p Entry) -> Cow<'p, PacketSet> {
        // a set without IPv6 addresses is its own well-formed part
        let certain = &me.sides.certain;
        let v4 = |c: &Cube| c.src.v6.is_empty() && c.dst.v6.is_empty();
        if certain.cubes().iter().all(v4) {
            Cow::Borrowed(certain)
        } else {
            Cow::Owned(build::well_formed_part(certain))
        }
    }

    /// What a walk follows from the rule at `pos`, once the probes have
    /// not settled it: its boxes, or its cubes (`cubes`, moved).
    fn walker(&self, pos: usize, cubes: Cow<'_, PacketSet>) -> Rest<'_> {
        match self.box_table() {
            Some(t) => Rest::Boxes(Box::new(BoxSet::of(t.certain(pos))), t),
            None => Rest::Cubes(cubes.into_owned()),
        }
    }

    fn shadowed_now(&self, id: usize) -> Option<Vec<usize>> {
        let pos = *self.position.get(id)?;
        let me = self.entries.get(pos)?;
        let cubes = Self::well_formed(me);
        let higher = self.entries.get(..pos)?;
        // cheap refutation: a corner packet no higher rule matches
        let mut taken = 0;
        for cube in cubes.cubes() {
            for high in [false, true] {
                let probe = cube.corner(high)?;
                // no higher rule takes the probe: not shadowed
                if self.first_certain(&probe, 0..pos).is_none() {
                    self.remember(id, Prior::Refuted { taken });
                    return None;
                }
                taken += 1;
            }
        }
        let mut by = Vec::new();
        // a rule whose bounds miss the rule's own cannot cut into it
        let mine = Bounds::of(&cubes);
        let mut rest = self.walker(pos, cubes);
        for (at, (e, (bounds, _))) in higher.iter().zip(&self.bounds).enumerate() {
            if rest.is_empty() {
                break;
            }
            if bounds.meets(&mine) && rest.subtract(at, e) {
                by.push(e.id);
            }
        }
        if rest.is_empty() {
            return Some(by);
        }
        self.remember(id, Prior::Walked(rest.keep()));
        None
    }

    fn remember(&self, id: usize, prior: Prior) {
        if let Some(Ok(mut slot)) = self.prior.get(id).map(|m| m.lock()) {
            *slot = Some(prior);
        }
    }

    /// What the shadowing walk of `id` left for its redundancy walk.
    fn recall(&self, id: usize) -> Option<Prior> {
        self.prior.get(id)?.lock().ok()?.take()
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
        let cubes = Self::well_formed(me);
        let prior = self.recall(id);
        // the probes the shadowing walk found taken, and whether it walked
        let taken = match &prior {
            Some(Prior::Refuted { taken }) => *taken,
            Some(Prior::Walked(_)) => usize::MAX,
            None => 0,
        };
        let known = matches!(prior, Some(Prior::Refuted { .. }));
        // cheap refutation, following one corner packet through the same walk
        // as below, so it gives exactly its answer: a packet no earlier rule
        // certainly takes stays with `id`; after it, a rule of the same access
        // that certainly takes it settles it, and one of the other access that
        // may take it first is a verdict that changes
        let mut k = 0;
        for cube in cubes.cubes() {
            for high in [false, true] {
                let at = k;
                k += 1;
                let Some(probe) = cube.corner(high) else {
                    continue;
                };
                // probe number `taken` is the one the shadowing walk found free
                let free = if at < taken {
                    false
                } else if known && at == taken {
                    true
                } else {
                    self.first_certain(&probe, 0..pos).is_none()
                };
                if !free {
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
        let mine = Bounds::of(&cubes);
        let walk = self.entries.iter().zip(&self.bounds).enumerate();
        // the earlier rules' cuts, unless the shadowing walk made them
        let (mut rest, done) = match prior {
            Some(Prior::Walked(left)) => match Rest::resume(left, self.box_table()) {
                Some(rest) => (rest, pos),
                None => (self.walker(pos, cubes), 0),
            },
            _ => (self.walker(pos, cubes), 0),
        };
        for (at, (e, (certain, _))) in walk.clone().take(pos).skip(done) {
            if rest.is_empty() {
                return true;
            }
            if certain.meets(&mine) {
                rest.subtract(at, e);
            }
        }
        for (at, (e, (certain, possible))) in walk.skip(pos + 1) {
            if rest.is_empty() {
                return true;
            }
            if e.access != me.access {
                if possible.meets(&mine) && rest.meets_possible(at, e) {
                    return false;
                }
            } else if certain.meets(&mine) {
                rest.subtract(at, e);
            }
        }
        rest.is_empty()
    }
}
