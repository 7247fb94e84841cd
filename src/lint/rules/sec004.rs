//! SEC004: a redundant rule. Removing it changes no verdict: every packet it
//! decides, the rules after it decide the same way.
//!
//! Input: each user rule's policy id (one `Policy::redundant` pass per rule).
//! Output: one info diagnostic per redundant user rule that is not shadowed
//! (SEC003 reports those), labelled on its name. Certain only.

use super::sec003::shadowing;
use super::traffic;
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::Direction;

pub const RULE: Rule = Rule {
    code: "SEC004",
    doc: include_str!("sec004.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !traffic::filtered(view) {
        return;
    }
    for dir in [Direction::Inbound, Direction::Outbound] {
        let policy = view.policy(dir);
        // a shadowed rule is redundant too, and SEC003 reports it; the
        // shadowing answer is kept by the policy, so ask it first (its
        // walk also hands `redundant` the probes and cuts it made)
        let ids: Vec<usize> = (0..view.effective.rules(dir).len())
            .filter(|&id| traffic::is_user_id(view, dir, id) && shadowing(view, dir, id).is_none())
            .collect();
        let redundant = policy.redundant_each(&ids, cx.threads);
        for (id, redundant) in ids.into_iter().zip(redundant) {
            if !redundant {
                continue;
            }
            let Some(rule) = traffic::rule(view, dir, id) else {
                continue;
            };
            // a rule the platform needs stays, redundant or not
            if traffic::carried_mandatory(view, rule).is_some() {
                continue;
            }
            let name = &rule.name.value;
            // a block that already ends with `default deny` is not told to
            // add one
            let has_default = view
                .effective
                .rules(dir)
                .iter()
                .any(|p| p.rule.origin == crate::model::RuleOrigin::Default);
            let help = if has_default {
                format!("remove `{name}`: the rules after it already decide its packets")
            } else {
                format!(
                    "remove `{name}`, or add `default deny` if it should be the only way in or out"
                )
            };
            out.push(
                Diagnostic::new(
                    "SEC004",
                    rule.name.span,
                    format!("rule `{name}` is redundant: removing it changes no verdict"),
                )
                .label("the rules after it decide its packets the same way")
                .note("Azure's default rules count: without `default deny`, `AllowVnetInBound`/`AllowVnetOutBound` allow the virtual network, and `AllowInternetOutBound` allows the Internet")
                .help(help),
            );
        }
    }
}
