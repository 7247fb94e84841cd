//! MI104: a user rule placed in front of the mandatory rules where the
//! profile requires them first.
//!
//! Input: the effective rules of each direction, the profile's mandatory
//! rules (with their priorities) and `mandatory_first`.
//! Output: one diagnostic per user rule whose priority number is below that
//! of a mandatory rule of its direction, labelled on its priority.
//!
//! Not reported: a rule named like a mandatory rule (it is the NSG's copy
//! of it), an allow rule that carries all of a mandatory rule's traffic (it
//! is that rule, by traffic: the 2018 documents name them `management`,
//! `mi_subnet`, `health_probe`), and an allow rule all of whose packets some mandatory rule of the
//! direction allows anyway (a piece of a mandatory rule, as in the 2018-12
//! prepare script; MI103 judges those).

use super::traffic;
use crate::diagnostic::Diagnostic;
use crate::effective::is_user;
use crate::flow::PacketSet;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Access, Direction, Origin};

pub const RULE: Rule = Rule {
    code: "MI104",
    doc: include_str!("mi104.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    // without the subnet's prefix its mandatory rules are not known
    // (IMP002 says this check was not made)
    if !view.profile.mandatory_first || view.subnet.address.is_none() {
        return;
    }
    let inst = view.profile.instantiation(view.vnet, view.subnet);
    let mandatory = &inst.rules;
    for direction in [Direction::Inbound, Direction::Outbound] {
        let mine: Vec<_> = mandatory
            .iter()
            .filter(|m| m.direction == direction)
            .collect();
        let Some(last) = mine
            .iter()
            .filter_map(|m| m.priority.as_ref().map(|p| p.value))
            .max()
        else {
            continue;
        };
        let mut union: Option<PacketSet> = None;
        for placed in view.effective.rules(direction) {
            let rule = &placed.rule;
            if !is_user(rule) || placed.priority >= last {
                continue;
            }
            if mine
                .iter()
                .any(|m| m.name.value.eq_ignore_ascii_case(&rule.name.value))
            {
                continue;
            }
            // it carries all of a mandatory rule's traffic: it is the NSG's
            // own copy of that rule, whatever its name
            if traffic::carried_mandatory(view, rule).is_some() {
                continue;
            }
            if rule.access.value == Access::Allow {
                let all = union.get_or_insert_with(|| {
                    mine.iter().fold(PacketSet::empty(), |acc, m| {
                        acc.union(&traffic::packets(view, m))
                    })
                });
                if traffic::packets(view, rule).is_subset(all) {
                    continue;
                }
            }
            // the first mandatory rule it comes in front of
            let Some(after) = mine
                .iter()
                .filter(|m| {
                    m.priority
                        .as_ref()
                        .is_some_and(|p| p.value > placed.priority)
                })
                .min_by_key(|m| m.priority.as_ref().map_or(u32::MAX, |p| p.value))
            else {
                continue;
            };
            let after_priority = after.priority.as_ref().map_or(0, |p| p.value);
            let span = rule.priority.as_ref().map_or(rule.name.span, |p| p.span);
            let name = &rule.name.value;
            let help = match (cx.model.origin, &rule.priority) {
                (Origin::Misec, Some(p)) => format!(
                    "drop `priority {}` so misec numbers `{name}` after the mandatory rules, or give it a number above {last}",
                    p.value
                ),
                _ => format!("give `{name}` a priority above {last}"),
            };
            out.push(
                Diagnostic::new(
                    "MI104",
                    span,
                    format!(
                        "rule `{name}` (priority {}) comes before mandatory rule `{}` (priority {after_priority})",
                        placed.priority, after.name.value
                    ),
                )
                .label(format!(
                    "priority {} is in front of the mandatory rules",
                    placed.priority
                ))
                .secondary(
                    traffic::head(cx, after.span),
                    format!("`{}` must come before every user rule", after.name.value),
                )
                .note(format!(
                    "profile `{}` requires the mandatory {} rules (up to priority {last}) in front of all user rules",
                    view.profile.name,
                    traffic::direction_word(direction)
                ))
                .help(help),
            );
        }
    }
}
