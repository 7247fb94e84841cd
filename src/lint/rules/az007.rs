//! AZ007: an imported Azure rule has more than one service tag on one side.
//!
//! Input: the rules of an imported NSG (`.misec` rules are split by the
//! compiler, one tag per Azure rule). Output: one diagnostic per rule and
//! side, on the second tag, with the first as the secondary label.

use super::azure::at;
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Address, AddressItem, Origin, RuleOrigin};

pub const RULE: Rule = Rule {
    code: "AZ007",
    doc: include_str!("az007.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if cx.model.origin != Origin::AzureJson {
        return;
    }
    let Some(nsg) = &view.subnet.nsg else {
        return;
    };
    for rule in nsg.rules.iter().filter(|r| r.origin == RuleOrigin::User) {
        for (side, items) in [("source", &rule.source), ("destination", &rule.destination)] {
            let tags: Vec<&AddressItem> = items
                .iter()
                .filter(|i| matches!(i.address, Address::Tag(_)))
                .collect();
            let (Some(first), Some(second)) = (tags.first(), tags.get(1)) else {
                continue;
            };
            let name = |i: &AddressItem| match &i.address {
                Address::Tag(t) => t.clone(),
                _ => String::new(),
            };
            out.push(
                Diagnostic::new(
                    "AZ007",
                    at(second),
                    format!(
                        "rule `{}` has {} service tags in its {side}; Azure takes one",
                        rule.name.value,
                        tags.len()
                    ),
                )
                .label(format!("a second service tag, `{}`", name(second)))
                .secondary(at(first), format!("first service tag, `{}`", name(first)))
                .note(format!("Azure rejects a security rule whose {side} lists more than one service tag, or a service tag together with prefixes"))
                .help(format!(
                    "split `{}` into one rule per service tag (misec's compiler does this for you)",
                    rule.name.value
                )),
            );
        }
    }
}
