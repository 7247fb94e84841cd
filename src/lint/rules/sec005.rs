//! SEC005: no `default deny` inbound, so Azure's default rules allow the
//! whole virtual network (and what it is peered with) in.
//!
//! Input: the inbound policy of a subnet with an NSG.
//! Output: one info diagnostic when no rule in front of Azure's
//! `AllowVnetInBound` (65000) matches all of its packets (a deny-all, or an
//! allow-all, which SEC002 reports), so it still admits the virtual network;
//! labelled on the NSG's name. One subset test per rule.

use super::traffic;
use crate::diagnostic::Diagnostic;
use crate::flow::build;
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
    let dir = Direction::Inbound;
    let policy = view.policy(dir);
    // the first default rule is AllowVnetInBound; a rule of the NSG that
    // holds all of its packets (a deny-all, or an allow-all) takes them
    let Some(vnet) = policy.sides(policy.first_default()) else {
        return;
    };
    // only what reaches the subnet passes its NSG inbound: a last rule that
    // denies everything into the subnet is a deny-all
    let vnet = build::well_formed_part(&vnet.certain).intersect(&traffic::seen(view, dir));
    let covered = (0..policy.first_default())
        .any(|id| policy.sides(id).is_some_and(|s| vnet.is_subset(&s.certain)));
    if covered {
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
