//! SEC003: a shadowed rule. Higher-precedence rules together already
//! decide every packet it matches, so it never takes effect.
//!
//! Input: each user rule's policy id (one `Policy::shadowed` pass per rule).
//! Output: one diagnostic per shadowed user rule, labelled on its name, with
//! secondary labels on the rules that cut into it (at most eight). Certain
//! only: the engine answers from symbolic containment. A rule that matches
//! no packet at all is left alone.

use super::traffic;
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Direction, RuleOrigin};

pub const RULE: Rule = Rule {
    code: "SEC003",
    doc: include_str!("sec003.md"),
    scope: Scope::Subnet(check),
};

/// The shadowing rules of a user rule, when it is shadowed.
pub fn shadowing(view: &SubnetView<'_>, dir: Direction, id: usize) -> Option<Vec<usize>> {
    if !traffic::is_user_id(view, dir, id) {
        return None;
    }
    view.policy(dir).shadowed(id).filter(|by| !by.is_empty())
}

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !traffic::filtered(view) {
        return;
    }
    for dir in [Direction::Inbound, Direction::Outbound] {
        let ids: Vec<usize> = (0..view.effective.rules(dir).len())
            .filter(|&id| traffic::is_user_id(view, dir, id))
            .collect();
        // the walks of a large policy's rules run side by side; the
        // diagnostics below are made in order from the kept answers
        view.policy(dir).settle_shadowed(&ids, cx.threads);
        for id in ids {
            let Some(by) = shadowing(view, dir, id) else {
                continue;
            };
            let Some(rule) = traffic::rule(view, dir, id) else {
                continue;
            };
            // an exact copy of a platform rule is MI205's, and the platform
            // keeps its own: nothing more to say about it here
            if view
                .effective
                .copies
                .iter()
                .any(|c| c.exact && c.span == rule.span)
            {
                continue;
            }
            let name = &rule.name.value;
            let access = rule.access.value;
            let first = traffic::name(view, dir, by[0]).0;
            let message = match by.as_slice() {
                [_] => format!("rule `{name}` is shadowed by `{first}`"),
                many => format!(
                    "rule `{name}` is shadowed by {} rules with higher precedence",
                    many.len()
                ),
            };
            let mut diag =
                Diagnostic::new("SEC003", rule.name.span, message).label("never decides a packet");
            for &b in by.iter().take(8) {
                let Some(r) = traffic::rule(view, dir, b) else {
                    continue;
                };
                let (span, what) = if r.origin == RuleOrigin::Mandatory {
                    (
                        traffic::head(cx, r.span),
                        format!("mandatory rule `{}` comes first", r.name.value),
                    )
                } else {
                    (r.name.span, format!("`{}` comes first", r.name.value))
                };
                diag = diag.secondary(span, what);
            }
            if by.len() > 8 {
                diag = diag.note(format!("and {} more rules", by.len() - 8));
            }
            let same = by.iter().all(|&b| {
                view.rule(dir, b)
                    .is_some_and(|(r, _)| r.access.value == access)
            });
            diag = diag.note(if same {
                "every packet it matches is already decided the same way, so it changes nothing"
            } else {
                "some of the packets it matches are decided the other way by the earlier rules, so it does not do what it says"
            });
            out.push(diag.help(if same {
                format!("remove `{name}`")
            } else {
                format!("remove `{name}`, or move it in front of the rules that take its traffic if it should win")
            }));
        }
    }
}
