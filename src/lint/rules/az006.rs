//! AZ006: more than 4,000 source (or destination) addresses and ranges in
//! one NSG, counted the way AZ005 counts rules (see there): per Azure rule,
//! so a prefix counts in every rule the compiler writes it into.
//!
//! Input: the subnet's effective NSG. Output: at most one diagnostic per
//! side, on the NSG's name, with the rule that crosses the limit as a
//! secondary label when the file has it.

use super::az005::{counted, crossing};
use super::azure::{ordinal, thousands};
use crate::diagnostic::Diagnostic;
use crate::emit::SplitPart;
use crate::lint::{Context, Rule, Scope, SubnetView};

pub const RULE: Rule = Rule {
    code: "AZ006",
    doc: include_str!("az006.md"),
    scope: Scope::Subnet(check_addresses),
};

const MAX_ADDRESSES: usize = 4000;

fn check_addresses(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(nsg) = &view.subnet.nsg else {
        return;
    };
    let rules = counted(cx, view);
    type Side = fn(&SplitPart) -> usize;
    let sides: [(&str, Side); 2] = [
        ("source", |p| p.source_prefixes),
        ("destination", |p| p.destination_prefixes),
    ];
    for (side, of) in sides {
        let count = |parts: &[SplitPart]| parts.iter().map(of).sum::<usize>();
        let total: usize = rules.iter().map(|(_, p)| count(p)).sum();
        if total <= MAX_ADDRESSES {
            continue;
        }
        let mut d = Diagnostic::new(
            "AZ006",
            nsg.name.span,
            format!(
                "NSG `{}` has {} {side} addresses and ranges; Azure allows at most {}",
                nsg.name.value,
                thousands(total),
                thousands(MAX_ADDRESSES)
            ),
        )
        .label(format!("{} {side} prefixes in its rules", thousands(total)));
        if let Some(rule) = crossing(&rules, MAX_ADDRESSES, count) {
            d = d.secondary(
                rule.name.span,
                format!(
                    "the {} {side} prefix is in this rule",
                    ordinal(MAX_ADDRESSES + 1)
                ),
            );
        }
        out.push(
            d.note("Azure limits the IP addresses and ranges written as sources, and those written as destinations, to 4,000 each per NSG; service tags do not count")
                .note("a prefix counts once for every Azure rule it is written in, so a set used in several rules counts in each")
                .help("merge adjacent prefixes into shorter ones, or use a service tag where one covers them"),
        );
    }
}
