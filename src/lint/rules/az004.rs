//! AZ004: a rule's description is longer than Azure's 140 characters.
//!
//! Input: the user's rules (the profile's descriptions are short). Output:
//! one diagnostic per long description, on the description.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::RuleOrigin;

pub const RULE: Rule = Rule {
    code: "AZ004",
    doc: include_str!("az004.md"),
    scope: Scope::Subnet(check),
};

const MAX: usize = 140;

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(nsg) = &view.subnet.nsg else {
        return;
    };
    for rule in nsg.rules.iter().filter(|r| r.origin == RuleOrigin::User) {
        let Some(description) = &rule.description else {
            continue;
        };
        let len = description.value.chars().count();
        if len <= MAX {
            continue;
        }
        out.push(
            Diagnostic::new(
                "AZ004",
                description.span,
                format!(
                    "the description of rule `{}` has {len} characters; Azure allows at most {MAX}",
                    rule.name.value
                ),
            )
            .label(format!("{len} characters"))
            .note("Azure rejects a security rule whose description is longer than 140 characters")
            .help(format!(
                "shorten the description by {} characters",
                len - MAX
            )),
        );
    }
}
