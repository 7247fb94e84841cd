//! MI106: outbound traffic to `AzurePlatformDNS` denied where the profile
//! needs platform DNS.
//!
//! Input: the outbound policy, `profile.subnet.platform_dns_required`.
//! Output: one diagnostic per deny rule that names the `AzurePlatformDNS`
//! tag and decides (or may decide) traffic from the subnet to it, labelled
//! on the tag. Azure's platform DNS (168.63.129.16) is not subject to NSG
//! rules unless a rule names this tag, so a `default deny` does not block it.

use super::traffic;
use crate::diagnostic::Diagnostic;
use crate::flow::build;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Access, Address, Direction, PortRange, Protocol};

pub const RULE: Rule = Rule {
    code: "MI106",
    doc: include_str!("mi106.md"),
    scope: Scope::Subnet(check),
};

const TAG: &str = "AzurePlatformDNS";

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !view.profile.subnet.platform_dns_required || !traffic::filtered(view) {
        return;
    }
    let dir = Direction::Outbound;
    let names_tag = |id: usize| {
        traffic::rule(view, dir, id).is_some_and(|r| {
            r.access.value == Access::Deny
                && r.destination
                    .iter()
                    .any(|i| matches!(&i.address, Address::Tag(t) if t.eq_ignore_ascii_case(TAG)))
        })
    };
    // the common case, and the cheap one: no deny rule names the tag
    if !(0..view.effective.rules(dir).len()).any(names_tag) {
        return;
    }
    let tag = Address::Tag(TAG.to_string());
    let query = build::parts(
        view.flow,
        Protocol::Any,
        [&Address::Any],
        [PortRange::ANY],
        [&tag],
        [PortRange::ANY],
    )
    .certain
    .intersect(&traffic::seen(view, dir));
    let mut reported: Vec<usize> = Vec::new();
    for d in traffic::denials_by(view, dir, &query, names_tag) {
        if reported.contains(&d.decider) {
            continue;
        }
        let Some(rule) = traffic::rule(view, dir, d.decider) else {
            continue;
        };
        let Some(item) = rule
            .destination
            .iter()
            .find(|i| matches!(&i.address, Address::Tag(t) if t.eq_ignore_ascii_case(TAG)))
        else {
            continue;
        };
        reported.push(d.decider);
        let packets = d.blocked.union(&d.missing);
        let verb = if d.certain { "denies" } else { "may deny" };
        let mut diag = Diagnostic::new(
            "MI106",
            item.via.unwrap_or(item.span),
            format!(
                "rule `{}` {verb} outbound traffic to `{TAG}`",
                rule.name.value
            ),
        )
        .label(format!("{verb} {}", traffic::sample(view, &packets)))
        .note(
            "the instance depends on platform DNS for its own operations, even with custom DNS \
             servers; blocking it with the `AzurePlatformDNS` tag renders the instance unavailable",
        )
        .note(
            "Azure's DNS at 168.63.129.16 is filtered only by rules that name this tag, so a \
             general deny does not block it",
        );
        if !d.certain {
            diag = diag.note(traffic::may_note(view, dir, &d, None));
        }
        out.push(diag.help(format!(
            "remove `{TAG}` from `{}`, or allow outbound traffic to `{TAG}` in front of it",
            rule.name.value
        )));
    }
}
