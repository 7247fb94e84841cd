//! AZ001: a rule's priority is outside Azure's range 100–4096, whether written
//! or assigned by the compiler.
//!
//! Input: the subnet's effective rules. Output: one diagnostic per user rule
//! out of range, on its priority (or its name when the priority was assigned).

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::priority::{MAX, MIN};
use crate::model::{Direction, RuleOrigin};

pub const RULE: Rule = Rule {
    code: "AZ001",
    doc: include_str!("az001.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    for direction in [Direction::Inbound, Direction::Outbound] {
        for placed in view.effective.rules(direction) {
            let rule = &placed.rule;
            // the profile's rules are checked when the profile is loaded
            if rule.origin == RuleOrigin::Mandatory || (MIN..=MAX).contains(&placed.priority) {
                continue;
            }
            let p = placed.priority;
            let (span, label) = match &rule.priority {
                Some(written) => (written.span, format!("priority {p}")),
                None => (rule.name.span, format!("assigned priority {p}")),
            };
            let side = if p < MIN { "below" } else { "above" };
            out.push(
                Diagnostic::new(
                    "AZ001",
                    span,
                    format!("rule `{}` has priority {p}, {side} Azure's range {MIN}-{MAX}", rule.name.value),
                )
                .label(label)
                .note(format!("Azure accepts security rule priorities from {MIN} to {MAX} and rejects the whole NSG otherwise; 65000 and above belong to its default rules"))
                .help(format!("give `{}` a priority from {MIN} to {MAX}", rule.name.value)),
            );
        }
    }
}
