//! AZ005: more than 1,000 rules in one NSG, counted on what Azure will
//! hold: the effective rules, mandatory ones included, and for `.misec`
//! after the compiler splits rules per service tag and address family
//! ([`crate::emit::split`]). An imported rule is one Azure rule as written.
//!
//! Input: the subnet's effective NSG. Output: at most one diagnostic, on
//! the NSG's name, with the rule that crosses the limit as a
//! secondary label when the file has it.

use super::azure::{ordinal, thousands};
use crate::diagnostic::Diagnostic;
use crate::emit::{split, SplitPart};
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Address, AddressItem, Direction, Origin, RuleOrigin, SecurityRule};

pub const RULE: Rule = Rule {
    code: "AZ005",
    doc: include_str!("az005.md"),
    scope: Scope::Subnet(check_rules),
};

const MAX_RULES: usize = 1000;

/// The Azure rules one model rule becomes.
fn parts(origin: Origin, rule: &SecurityRule) -> Vec<SplitPart> {
    let prefixes = |side: &[AddressItem]| {
        side.iter()
            .filter(|i| matches!(i.address, Address::Prefix(_)))
            .count()
    };
    match origin {
        Origin::Misec => split(rule),
        Origin::AzureJson => vec![SplitPart {
            source_prefixes: prefixes(&rule.source),
            destination_prefixes: prefixes(&rule.destination),
        }],
    }
}

/// The effective rules, inbound then outbound, with their Azure parts.
pub(super) fn counted<'v>(
    cx: &Context<'_>,
    view: &'v SubnetView<'_>,
) -> Vec<(&'v SecurityRule, Vec<SplitPart>)> {
    [Direction::Inbound, Direction::Outbound]
        .into_iter()
        .flat_map(|d| view.effective.rules(d))
        .map(|p| (&*p.rule, parts(cx.model.origin, &p.rule)))
        .collect()
}

fn check_rules(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(nsg) = &view.subnet.nsg else {
        return;
    };
    let rules = counted(cx, view);
    let total: usize = rules.iter().map(|(_, p)| p.len()).sum();
    if total <= MAX_RULES {
        return;
    }
    let mandatory: usize = rules
        .iter()
        .filter(|(r, _)| r.origin == RuleOrigin::Mandatory)
        .map(|(_, p)| p.len())
        .sum();
    let mut d = Diagnostic::new(
        "AZ005",
        nsg.name.span,
        format!(
            "NSG `{}` has {} rules; Azure allows at most {}",
            nsg.name.value,
            thousands(total),
            thousands(MAX_RULES)
        ),
    )
    .label(format!(
        "{} rules, {mandatory} of them mandatory",
        thousands(total)
    ));
    if let Some(rule) = crossing(&rules, MAX_RULES, |p| p.len()) {
        d = d.secondary(
            rule.name.span,
            format!("the {} rule is here", ordinal(MAX_RULES + 1)),
        );
    }
    if rules.len() < total {
        d = d.note(format!(
            "the file's {} rules become {} Azure rules: Azure takes one service tag per side and never IPv4 and IPv6 prefixes in one rule, so the compiler emits one rule per combination",
            thousands(rules.len()),
            thousands(total)
        ));
    }
    out.push(
        d.note("Azure rejects an NSG with more than 1,000 security rules, the platform's mandatory ones included")
            .help("merge rules with the same access, protocol and ports into one rule with several prefixes"),
    );
}

/// The first rule at which the running count passes `max`.
pub(super) fn crossing<'r>(
    rules: &[(&'r SecurityRule, Vec<SplitPart>)],
    max: usize,
    count: impl Fn(&[SplitPart]) -> usize,
) -> Option<&'r SecurityRule> {
    let mut sum = 0;
    for (rule, parts) in rules {
        sum += count(parts);
        if sum > max {
            return (rule.origin != RuleOrigin::Mandatory).then_some(*rule);
        }
    }
    None
}
