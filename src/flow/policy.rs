//! One direction of an NSG, compiled for evaluation: the caller's rules with
//! their effective priorities, followed by Azure's default rules.
//!
//! Input: `&[(&SecurityRule, u32)]` (rules of one direction with the
//! priorities the caller assigned, see `model::priority`), the direction, and
//! a [`Context`].
//! Output: a [`Policy`] whose rules are named by id: `0..n` is the caller's
//! slice index, `n..n+3` are Azure's defaults (65000, 65001, 65500).
//!
//! Invariants: evaluation order is priority, then slice order (stable), then
//! the defaults, so the last rule denies everything and every packet has a
//! decider. Each rule's certain and possible sets are computed once.

use super::bounds::Bounds;
use super::boxes::{self, BoxTable};
use super::build::{self, Sides};
use super::index::PointIndex;
use super::set::Cube;
use super::tags::Context;
use super::walk::{Prior, SPREAD_MIN};
use crate::model::{
    Access, Address, AddressItem, Direction, PortItem, PortRange, Protocol, RuleOrigin,
    SecurityRule,
};
use crate::source::{Span, Spanned};
use crate::spread;
use std::sync::{Mutex, OnceLock};

/// Azure's default rules of one direction, highest precedence first.
pub fn azure_default_rules(direction: Direction) -> Vec<SecurityRule> {
    let vnet = || Address::Tag("VirtualNetwork".to_string());
    let (allow_vnet, second, second_src, second_dst, deny_all) = match direction {
        Direction::Inbound => (
            "AllowVnetInBound",
            "AllowAzureLoadBalancerInBound",
            Address::Tag("AzureLoadBalancer".to_string()),
            Address::Any,
            "DenyAllInBound",
        ),
        Direction::Outbound => (
            "AllowVnetOutBound",
            "AllowInternetOutBound",
            Address::Any,
            Address::Tag("Internet".to_string()),
            "DenyAllOutBound",
        ),
    };
    vec![
        default_rule(direction, allow_vnet, 65000, Access::Allow, vnet(), vnet()),
        default_rule(
            direction,
            second,
            65001,
            Access::Allow,
            second_src,
            second_dst,
        ),
        default_rule(
            direction,
            deny_all,
            65500,
            Access::Deny,
            Address::Any,
            Address::Any,
        ),
    ]
}

fn default_rule(
    direction: Direction,
    name: &str,
    priority: u32,
    access: Access,
    src: Address,
    dst: Address,
) -> SecurityRule {
    let span = Span::default();
    let addr = |address| AddressItem {
        address,
        span,
        via: None,
    };
    let any_port = || PortItem {
        range: PortRange::ANY,
        span,
        via: None,
    };
    SecurityRule {
        name: Spanned::new(name.to_string(), span),
        direction,
        access: Spanned::new(access, span),
        protocol: Spanned::new(Protocol::Any, span),
        source: vec![addr(src)],
        source_ports: vec![any_port()],
        destination: vec![addr(dst)],
        destination_ports: vec![any_port()],
        priority: Some(Spanned::new(priority, span)),
        description: None,
        origin: RuleOrigin::AzureDefault,
        span,
    }
}

/// One rule ready for evaluation.
#[derive(Debug)]
pub(super) struct Entry {
    pub id: usize,
    pub access: Access,
    pub sides: Sides,
}

impl Entry {
    /// The rule's exact (symbolic) set as one cube, if it matches anything.
    pub fn certain_cube(&self) -> Option<&Cube> {
        self.sides.certain.cubes().first()
    }
}

/// The rules of one direction in evaluation order, with Azure's defaults.
#[derive(Debug)]
pub struct Policy<'a> {
    pub(super) ctx: &'a Context<'a>,
    pub(super) direction: Direction,
    user: Vec<(&'a SecurityRule, u32)>,
    defaults: Vec<SecurityRule>,
    /// Evaluation order.
    pub(super) entries: Vec<Entry>,
    /// Rule id → position in `entries`.
    pub(super) position: Vec<usize>,
    /// Which entries may contain a packet (over their possible sets).
    pub(super) index: PointIndex,
    /// Shadowing answers by rule id, computed on first ask: SEC003 and
    /// SEC004 both ask about every rule.
    pub(super) shadow: Vec<OnceLock<Option<Vec<usize>>>>,
    /// By rule id: what the shadowing walk learnt that the redundancy walk
    /// would learn again (taken by it, so kept at most until then).
    pub(super) prior: Vec<Mutex<Option<Prior>>>,
    /// By position: the bounds of each entry's certain and possible sets,
    /// so that walks skip the rules far from the packets they follow.
    pub(super) bounds: Vec<(Bounds, Bounds)>,
    /// By position: the sets as boxes for the shadowing and redundancy
    /// walks, built on first ask (`None`: a rule has too many).
    pub(super) boxes: OnceLock<Option<BoxTable>>,
}

impl<'a> Policy<'a> {
    /// `rules` are one direction's rules; their own `direction` is not read.
    pub fn new(
        ctx: &'a Context<'a>,
        direction: Direction,
        rules: &[(&'a SecurityRule, u32)],
    ) -> Policy<'a> {
        Policy::spread_new(ctx, direction, rules, 1)
    }

    /// [`Policy::new`], building the rules' sets over `threads` threads (0:
    /// one per CPU) when there are enough of them to pay (see
    /// [`Policy::settle_shadowed`]). The policy is the same for any number.
    pub fn spread_new(
        ctx: &'a Context<'a>,
        direction: Direction,
        rules: &[(&'a SecurityRule, u32)],
        threads: usize,
    ) -> Policy<'a> {
        let defaults = azure_default_rules(direction);
        let mut order: Vec<usize> = (0..rules.len()).collect();
        order.sort_by_key(|&i| rules.get(i).map_or(u32::MAX, |r| r.1));
        let n = rules.len();
        // evaluation order: the caller's rules by priority, then the defaults
        let all: Vec<(usize, &SecurityRule)> = (order.iter())
            .filter_map(|&id| rules.get(id).map(|(rule, _)| (id, *rule)))
            .chain(defaults.iter().enumerate().map(|(k, rule)| (n + k, rule)))
            .collect();
        let threads = spread::when(all.len() >= SPREAD_MIN, threads);
        if threads != 1 {
            // atoms numbered as one rule after another would number them
            for (_, rule) in &all {
                build::intern_tags(ctx, rule);
            }
        }
        let entries = spread::map(threads, all.len(), |k| {
            all.get(k).map(|&(id, rule)| entry(ctx, id, rule))
        });
        let entries: Vec<Entry> = entries.into_iter().flatten().collect();
        let mut position = vec![0; entries.len()];
        for (pos, e) in entries.iter().enumerate() {
            if let Some(slot) = position.get_mut(e.id) {
                *slot = pos;
            }
        }
        let index = PointIndex::new(entries.iter().map(|e| &e.sides.possible));
        let bounds = entries
            .iter()
            .map(|e| (Bounds::of(&e.sides.certain), Bounds::of(&e.sides.possible)))
            .collect();
        Policy {
            ctx,
            direction,
            user: rules.to_vec(),
            defaults,
            entries,
            shadow: (0..position.len()).map(|_| OnceLock::new()).collect(),
            prior: (0..position.len()).map(|_| Mutex::new(None)).collect(),
            bounds,
            boxes: OnceLock::new(),
            position,
            index,
        }
    }

    pub fn context(&self) -> &'a Context<'a> {
        self.ctx
    }

    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The number of rule ids (the caller's rules and the three defaults).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The id of the first default rule (the number of caller's rules).
    pub fn first_default(&self) -> usize {
        self.user.len()
    }

    /// A rule and its effective priority, by id.
    pub fn rule(&self, id: usize) -> Option<(&SecurityRule, u32)> {
        match self.user.get(id) {
            Some(&(r, p)) => Some((r, p)),
            None => {
                let r = self.defaults.get(id.checked_sub(self.user.len())?)?;
                Some((r, r.priority.as_ref().map_or(u32::MAX, |p| p.value)))
            }
        }
    }

    /// A rule's certain and possible sets, by id.
    pub fn sides(&self, id: usize) -> Option<&Sides> {
        self.entry(id).map(|e| &e.sides)
    }

    /// Rule ids in evaluation order.
    pub fn order(&self) -> impl Iterator<Item = usize> + '_ {
        self.entries.iter().map(|e| e.id)
    }

    /// Every entry's sets as boxes, unless one has too many or the policy
    /// is too small for them to pay.
    pub(super) fn box_table(&self) -> Option<&BoxTable> {
        if self.entries.len() < boxes::MIN_RULES {
            return None;
        }
        self.boxes
            .get_or_init(|| {
                BoxTable::new((self.entries.iter()).map(|e| (&e.sides.certain, &e.sides.possible)))
            })
            .as_ref()
    }

    pub(super) fn entry(&self, id: usize) -> Option<&Entry> {
        self.entries.get(*self.position.get(id)?)
    }
}

fn entry(ctx: &Context<'_>, id: usize, rule: &SecurityRule) -> Entry {
    Entry {
        id,
        access: rule.access.value,
        sides: build::rule(ctx, rule),
    }
}
