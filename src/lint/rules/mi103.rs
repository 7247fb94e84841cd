//! MI103: the ports of a `single_rule` mandatory rule are allowed, but
//! split across several rules.
//!
//! Input: each required mandatory rule the profile marks `single_rule`, its
//! packets, and the effective policy of its direction.
//! Output: one diagnostic when every one of its packets is certainly allowed,
//! by two or more rules, and no single allow rule of the NSG covers them all
//! (the layout of the 2018-12 prepare-subnet script, one rule per port).
//! Denied packets are MI101's and MI102's.
//!
//! In `.misec` files misec emits the mandatory rule itself, which covers its
//! ports; MI103 arises there only when user rules take the mandatory rule's
//! name (and so replace it) and carry its ports piecemeal.

use super::traffic;
use crate::diagnostic::Diagnostic;
use crate::flow::{Cube, IntervalSet, PacketSet};
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Access, SecurityRule};

pub const RULE: Rule = Rule {
    code: "MI103",
    doc: include_str!("mi103.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !traffic::filtered(view) {
        return;
    }
    for mandatory in traffic::required_rules(view) {
        // an instantiated rule keeps its profile entry's span
        let single = view
            .profile
            .rules(mandatory.direction)
            .iter()
            .any(|t| t.span == mandatory.span && t.single_rule);
        if !single {
            continue;
        }
        check_one(cx, view, &mandatory, out);
    }
}

fn check_one(
    cx: &Context<'_>,
    view: &SubnetView<'_>,
    mandatory: &SecurityRule,
    out: &mut Vec<Diagnostic>,
) {
    let direction = mandatory.direction;
    let set = traffic::packets(view, mandatory);
    if set.is_empty() {
        return;
    }
    let policy = view.policy(direction);
    // every part an allow (even where an earlier tag rule may take packets
    // first, that rule allows too): the traffic is certainly allowed
    // every part an allow (even where an earlier tag rule may take packets
    // first, that rule allows too): the traffic is certainly allowed
    if !policy.coverage(&set).all_allowed() {
        return;
    }
    // per port item, the allow rules that carry all of its packets
    let slices: Vec<PacketSet> = mandatory
        .destination_ports
        .iter()
        .map(|p| {
            set.intersect_cube(&Cube {
                dport: IntervalSet::range(p.range.lo, p.range.hi),
                ..Cube::all()
            })
        })
        .collect();
    let mut carriers: Vec<usize> = Vec::new();
    let mut carried = vec![false; slices.len()];
    for id in policy.order().take(policy.first_default()) {
        let allow = view
            .rule(direction, id)
            .is_some_and(|(r, _)| r.access.value == Access::Allow);
        let Some(sides) = policy.sides(id).filter(|_| allow) else {
            continue;
        };
        if set.is_subset(&sides.certain) {
            // one rule holds every port: what the platform looks for
            return;
        }
        let mut any = false;
        for (slice, done) in slices.iter().zip(carried.iter_mut()) {
            if slice.is_subset(&sides.certain) {
                *done = true;
                any = true;
            }
        }
        if any {
            carriers.push(id);
        }
    }
    if carriers.len() < 2 || carried.iter().any(|c| !c) {
        return;
    }
    let m = &mandatory.name.value;
    let list = traffic::port_list(&mandatory.destination_ports);
    let ports = format!("ports {}", list.trim_matches(['[', ']']));
    let Some(&first) = carriers.first() else {
        return;
    };
    let (first_name, _) = traffic::name(view, direction, first);
    let Some(span) = traffic::name_span(view, direction, first) else {
        return;
    };
    let mut diag = Diagnostic::new(
        "MI103",
        span,
        format!(
            "the ports of mandatory rule `{m}` are split across {} rules",
            carriers.len()
        ),
    )
    .label(format!("`{first_name}` allows only some of {ports}"));
    for &id in carriers.iter().skip(1).take(8) {
        if let Some(s) = traffic::name_span(view, direction, id) {
            diag = diag.secondary(s, "allows another part");
        }
    }
    out.push(
        diag.secondary(
            traffic::head(cx, mandatory.span),
            format!("the profile needs `{m}` as one rule"),
        )
        .note(format!(
            "profile `{}` requires `{}`",
            view.profile.name,
            traffic::misec_text(mandatory)
        ))
        .note(
            "when these ports are in separate rules, managed instance deployment fails with \
         `VnetSubnetConflictWithIntendedPolicy` (connectivity architecture, 2020)",
        )
        .help(format!(
            "allow {ports} in one rule (`{m}`), and remove the rules that split them"
        )),
    );
}
