//! SEC005: no `default deny` inbound, so Azure's default rules allow the
//! whole virtual network (and what it is peered with) in.
//!
//! Input: the inbound policy of a subnet with an NSG.
//! Output: one info diagnostic when Azure's `AllowVnetInBound` (65000) still
//! decides some packets, i.e. no user rule set in front of it denies (or
//! allows) all of them; labelled on the NSG's name.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Direction, Origin};

pub const RULE: Rule = Rule {
    code: "SEC005",
    doc: include_str!("sec005.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(nsg) = &view.subnet.nsg else {
        return;
    };
    let policy = view.policy(Direction::Inbound);
    // the first default rule is AllowVnetInBound
    if policy.shadowed(policy.first_default()).is_some() {
        return;
    }
    let help = match cx.model.origin {
        Origin::Misec => "end the `inbound` block with `default deny`",
        Origin::AzureJson => "add a rule that denies all inbound traffic at priority 4096",
    };
    out.push(
        Diagnostic::new(
            "SEC005",
            nsg.name.span,
            format!(
                "the inbound rules of `{}` do not end with a deny-all",
                nsg.name.value
            ),
        )
        .label("Azure's default rules decide what no rule here matches")
        .note("`AllowVnetInBound` (65000) then allows any traffic from the virtual network, its peered networks and on-premises networks behind its gateway")
        .help(help),
    );
}
