//! AZ002: two rules of one direction share a priority in the effective NSG,
//! mandatory rules included.
//!
//! Input: the subnet's effective rules, sorted by priority (ties keep the
//! mandatory rules first, then source order). Output: one diagnostic per rule
//! that repeats an earlier rule's priority, on the later rule's priority,
//! with the earlier rule as the secondary label. Two mandatory rules never
//! clash (the profile loader checks that).

use crate::diagnostic::Diagnostic;
use crate::effective::PlacedRule;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Direction, RuleOrigin};

pub const RULE: Rule = Rule {
    code: "AZ002",
    doc: include_str!("az002.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    for direction in [Direction::Inbound, Direction::Outbound] {
        let rules = view.effective.rules(direction);
        let mut first: Option<&PlacedRule> = None;
        for placed in rules {
            match first {
                Some(f) if f.priority == placed.priority => {
                    // blame the rule whose number the user chose: not the
                    // profile's, and not a `default` (always 4096)
                    let later_is_default = placed.rule.origin == RuleOrigin::Default;
                    if later_is_default && f.rule.origin == RuleOrigin::User {
                        out.push(clash(view, direction, f, placed));
                    } else if placed.rule.origin != RuleOrigin::Mandatory {
                        out.push(clash(view, direction, placed, f));
                    }
                }
                _ => first = Some(placed),
            }
        }
    }
}

fn clash(
    view: &SubnetView<'_>,
    direction: Direction,
    rule: &PlacedRule,
    other: &PlacedRule,
) -> Diagnostic {
    let p = rule.priority;
    let name = &rule.rule.name.value;
    let other_name = &other.rule.name.value;
    let dir = match direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    };
    let span = rule
        .rule
        .priority
        .as_ref()
        .map_or(rule.rule.name.span, |w| w.span);
    let other_span = other
        .rule
        .priority
        .as_ref()
        .map_or(other.rule.name.span, |w| w.span);
    if other.rule.origin == RuleOrigin::Mandatory && view.effective.platform_adds {
        // the platform adds its rule to an NSG that holds this number: the
        // intent policy's answer is not documented, so misec says *may*
        let mut d = Diagnostic::new(
            "AZ002",
            span,
            format!("the platform adds {dir} rule `{other_name}` at priority {p}, which `{name}` holds"),
        )
        .label(format!("priority {p}"))
        .secondary(other_span, format!("`{other_name}` is a mandatory rule of profile `{}`", view.profile.name))
        .note("the network intent policy extends the NSG with its rules and checks the effective rules; what it does when a number is taken is not documented: it may refuse the change or the deployment, or number its rule otherwise")
        .help(format!("give `{name}` a priority the platform's {dir} rules do not use"));
        d.severity = crate::diagnostic::Severity::Warning;
        return d;
    }
    let mut d = Diagnostic::new(
        "AZ002",
        span,
        format!("{dir} rules `{name}` and `{other_name}` both have priority {p}"),
    )
    .label(format!("priority {p}"))
    .secondary(other_span, format!("also used here, by `{other_name}`"))
    .note("Azure rejects an NSG in which two rules of one direction share a priority");
    if other.rule.origin == RuleOrigin::Default {
        d = d.note(
            "`default allow` and `default deny` always have priority 4096, the lowest precedence",
        );
    }
    if other.rule.origin == RuleOrigin::Mandatory {
        d = d.note(format!(
            "`{other_name}` is a mandatory rule of profile `{}`",
            view.profile.name
        ));
    }
    d.help(format!("give `{name}` a priority no other {dir} rule uses"))
}
