//! SEC002: an allow rule matching any protocol, any source and any
//! destination.
//!
//! Input: the user rules of both directions, compiled in the policies.
//! Output: one diagnostic per user allow rule that matches every protocol
//! from every source to every destination the subnet's NSG can see (the
//! subnet counts as "any" on its own side: the NSG sees nothing else there),
//! whatever its ports. Labelled on the rule's name.

use super::traffic;
use crate::diagnostic::Diagnostic;
use crate::flow::build;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Access, Address, Direction, Protocol, RuleOrigin};

pub const RULE: Rule = Rule {
    code: "SEC002",
    doc: include_str!("sec002.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !traffic::filtered(view) {
        return;
    }
    for dir in [Direction::Inbound, Direction::Outbound] {
        let policy = view.policy(dir);
        let seen = traffic::seen(view, dir);
        for (id, placed) in view.effective.rules(dir).iter().enumerate() {
            let rule = &placed.rule;
            // only an `any`-protocol allow can match every packet; asking
            // the engine about the others would cost a set per rule
            if !crate::effective::is_user(rule)
                || rule.access.value != Access::Allow
                || rule.protocol.value != Protocol::Any
            {
                continue;
            }
            let Some(sides) = policy.sides(id) else {
                continue;
            };
            let everything = build::parts(
                view.flow,
                Protocol::Any,
                [&Address::Any],
                rule.source_ports.iter().map(|p| p.range),
                [&Address::Any],
                rule.destination_ports.iter().map(|p| p.range),
            )
            .certain
            .intersect(&seen);
            if everything.is_empty() || !everything.is_subset(&sides.certain) {
                continue;
            }
            let default = rule.origin == RuleOrigin::Default;
            let ports = traffic::ports(&rule.destination_ports);
            let what = if ports.is_empty() {
                "every packet".to_string()
            } else {
                format!("every packet to{ports}")
            };
            out.push(
                Diagnostic::new(
                    "SEC002",
                    rule.name.span,
                    format!(
                        "rule `{}` allows {what}, from any source, on any protocol",
                        rule.name.value
                    ),
                )
                .label(format!(
                    "allows all {} traffic{}",
                    traffic::direction_word(dir),
                    if ports.is_empty() { String::new() } else { format!(" to{ports}") }
                ))
                .note("every rule after it is dead for the traffic it matches, and the NSG no longer limits who reaches the subnet")
                .help(if default {
                    format!(
                        "end the `{}` block with `default deny` and allow what is needed by name",
                        traffic::direction_word(dir)
                    )
                } else {
                    "name the protocol, sources and destinations the rule is meant for".to_string()
                }),
            );
        }
    }
}
