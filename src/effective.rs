//! The effective NSG and route table of one subnet: what Azure will hold and
//! evaluate. Lint, query and build all start here, so they agree on it.
//!
//! Input: a subnet of a model, its vnet, and its profile. Output: the rules of
//! each direction in evaluation order with their final priorities, and the
//! routes, mandatory first.
//!
//! - From `.misec`, the profile's mandatory rules and routes always come first
//!   (the compiler emits them); user rules without a priority are numbered
//!   after the highest mandatory priority (see [`crate::model::priority`]).
//! - From Azure JSON, the mandatory rules are added only where the platform
//!   provisions them itself (service-aided eras), and never twice: a rule or
//!   route the JSON already carries under the platform's name stays as written.

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::model::{priority, Direction, Origin, Route, RuleOrigin, SecurityRule, Subnet, Vnet};
use crate::profile::Profile;

/// A rule with the priority Azure will give it: the user's rule borrowed
/// from the model, the profile's instantiated for the subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedRule<'a> {
    pub rule: Cow<'a, SecurityRule>,
    pub priority: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Effective<'a> {
    /// Inbound rules by priority (ties keep source order).
    pub inbound: Vec<PlacedRule<'a>>,
    /// Outbound rules by priority.
    pub outbound: Vec<PlacedRule<'a>>,
    /// Mandatory routes, then the user's.
    pub routes: Vec<Route>,
    /// Names of mandatory rules and routes the profile marks optional.
    pub optional: std::collections::BTreeSet<String>,
    /// Mandatory items that could not be instantiated, and why.
    pub left_out: Vec<String>,
    /// E111 for rules that found no free priority.
    pub diagnostics: Vec<Diagnostic>,
}

impl PlacedRule<'_> {
    /// The same rule, owning its data.
    pub fn into_owned(self) -> PlacedRule<'static> {
        PlacedRule {
            rule: Cow::Owned(self.rule.into_owned()),
            priority: self.priority,
        }
    }
}

impl<'a> Effective<'a> {
    pub fn rules(&self, direction: Direction) -> &[PlacedRule<'a>] {
        match direction {
            Direction::Inbound => &self.inbound,
            Direction::Outbound => &self.outbound,
        }
    }
}

/// The effective configuration of `subnet` under `profile`.
pub fn effective<'a>(
    origin: Origin,
    vnet: &Vnet,
    subnet: &'a Subnet,
    profile: &Profile,
) -> Effective<'a> {
    let mandatory = profile.instantiate(vnet, subnet);
    let user_rules: &[SecurityRule] = subnet.nsg.as_ref().map_or(&[], |n| n.rules.as_slice());
    let user_routes: &[Route] = subnet
        .route_table
        .as_ref()
        .map_or(&[], |t| t.routes.as_slice());
    let add_mandatory = origin == Origin::Misec || profile.platform_provisioned;
    let mut out = Effective {
        optional: mandatory.optional.clone(),
        left_out: mandatory.problems.clone(),
        ..Effective::default()
    };

    for direction in [Direction::Inbound, Direction::Outbound] {
        let mut placed = Vec::new();
        if add_mandatory {
            for rule in mandatory.rules.iter().filter(|r| r.direction == direction) {
                let written = user_rules
                    .iter()
                    .any(|u| u.name.value.eq_ignore_ascii_case(&rule.name.value));
                if !written {
                    let priority = rule.priority.as_ref().map_or(priority::MIN, |p| p.value);
                    placed.push(PlacedRule {
                        rule: Cow::Owned(rule.clone()),
                        priority,
                    });
                }
            }
        }
        let mine: Vec<&SecurityRule> = user_rules
            .iter()
            .filter(|r| r.direction == direction)
            .collect();
        let floor = if add_mandatory && origin == Origin::Misec {
            profile.mandatory_floor(direction)
        } else {
            0
        };
        let explicit: Vec<Option<u32>> = mine
            .iter()
            .map(|r| r.priority.as_ref().map(|p| p.value))
            .collect();
        let assigned = priority::assign(&explicit, floor);
        for (rule, number) in mine.into_iter().zip(assigned) {
            match number {
                Some(priority) => placed.push(PlacedRule {
                    rule: Cow::Borrowed(rule),
                    priority,
                }),
                None => out.diagnostics.push(no_room(rule)),
            }
        }
        // Azure evaluates by number; a stable sort keeps source order on ties
        placed.sort_by_key(|p| p.priority);
        match direction {
            Direction::Inbound => out.inbound = placed,
            Direction::Outbound => out.outbound = placed,
        }
    }

    if add_mandatory {
        for route in &mandatory.routes {
            let written = user_routes
                .iter()
                .any(|u| u.name.value.eq_ignore_ascii_case(&route.name.value));
            if !written {
                out.routes.push(route.clone());
            }
        }
    }
    out.routes.extend(user_routes.iter().cloned());
    out
}

fn no_room(rule: &SecurityRule) -> Diagnostic {
    Diagnostic::new(
        "E111",
        rule.name.span,
        format!("no priority is left for rule `{}`", rule.name.value),
    )
    .label("cannot be numbered between the rules around it")
    .note("rules without a priority are numbered between the previous rule and the next explicit priority")
    .help("give this rule, or the one after it, an explicit priority that leaves room")
}

/// Whether a rule came from the user (not the profile, not Azure).
pub fn is_user(rule: &SecurityRule) -> bool {
    matches!(rule.origin, RuleOrigin::User | RuleOrigin::Default)
}
