//! MI101: a user deny rule with higher precedence takes traffic that a
//! mandatory rule must allow.
//!
//! Input: each required mandatory rule of the subnet's profile (optional ones
//! are left alone), its packets, and the effective policy of its direction.
//! Output: one diagnostic per (user deny rule, mandatory rule) pair where the
//! deny rule decides packets that an allow rule after it would have allowed
//! (the mandatory rule itself, or in an import the NSG's own copy of it).
//! Packets nothing else allows are MI102's.
//!
//! Certainty: "denies" only when the engine proves the deny rule decides the
//! packets; "may deny" when an unresolved service tag is involved.

use super::traffic::{self, Denial};
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Direction, Origin, SecurityRule};

pub const RULE: Rule = Rule {
    code: "MI101",
    doc: include_str!("mi101.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !traffic::filtered(view) {
        return;
    }
    for mandatory in traffic::required_rules(view) {
        let set = traffic::packets(view, &mandatory);
        let direction = mandatory.direction;
        // one diagnostic per deny rule: its certain parts win over "may"
        let mut found: Vec<(usize, Denial)> = Vec::new();
        for d in traffic::denials(view, direction, &set) {
            if d.blocked.is_empty() || !traffic::is_user_id(view, direction, d.decider) {
                continue;
            }
            match found.iter_mut().find(|(id, _)| *id == d.decider) {
                Some((_, seen)) if !seen.certain && d.certain => *seen = d,
                Some(_) => {}
                None => found.push((d.decider, d)),
            }
        }
        for (_, d) in found {
            out.push(report(cx, view, &mandatory, direction, &d));
        }
    }
}

fn report(
    cx: &Context<'_>,
    view: &SubnetView<'_>,
    mandatory: &SecurityRule,
    direction: Direction,
    d: &Denial,
) -> Diagnostic {
    let (deny, deny_priority) = traffic::name(view, direction, d.decider);
    let m = &mandatory.name.value;
    let verb = if d.certain { "denies" } else { "may deny" };
    let flow = traffic::sample(view, &d.blocked);
    let span = traffic::name_span(view, direction, d.decider).unwrap_or(mandatory.span);
    let mut diag = Diagnostic::new(
        "MI101",
        span,
        format!(
            "rule `{deny}` {verb} {} traffic that mandatory rule `{m}` must allow",
            traffic::direction_word(direction)
        ),
    )
    .label(format!("{verb} {flow}"))
    .secondary(
        traffic::head(cx, mandatory.span),
        format!("mandatory rule `{m}` needs this traffic"),
    );
    // in an import the NSG's own copy of the mandatory rule is the one that loses
    // (the copy named like the mandatory rule, else the first later allow)
    let namesake = traffic::namesake(view, mandatory)
        .filter(|r| traffic::packets(view, r).intersects(&d.blocked));
    let later = namesake.or_else(|| {
        d.blocked_allow
            .filter(|&id| traffic::is_user_id(view, direction, id))
            .and_then(|id| traffic::rule(view, direction, id))
    });
    if let Some(r) = later {
        diag = diag.secondary(
            r.name.span,
            format!("`{}` would allow it, but comes later", r.name.value),
        );
    }
    let allow_priority = match later {
        Some(r) => view
            .effective
            .rules(direction)
            .iter()
            .find(|p| p.rule.name.span == r.name.span)
            .map(|p| p.priority),
        None => d
            .blocked_allow
            .map(|id| traffic::name(view, direction, id).1),
    };
    diag = diag.note(format!(
        "`{deny}` (priority {deny_priority}) is evaluated before {}, so it {verb} {flow}; \
         you can check a flow with `misec query`",
        match allow_priority {
            Some(p) => format!("the rule that allows this traffic (priority {p})"),
            None => "the rule that allows this traffic".to_string(),
        }
    ));
    diag = diag.note(
        "the platform manages the instance through this traffic: without it deployment \
         fails or the instance becomes unavailable",
    );
    if !d.certain {
        diag = diag.note(traffic::may_note(view, direction, d, Some(mandatory)));
    }
    let floor = view.profile.mandatory_floor(direction);
    let deny_rule = traffic::rule(view, direction, d.decider);
    let explicit = deny_rule.and_then(|r| r.priority.as_ref());
    let help = match (cx.model.origin, explicit) {
        (Origin::Misec, Some(p)) => format!(
            "narrow `{deny}` so it leaves {flow} alone, or drop `priority {}` so misec numbers it after the mandatory rules",
            p.value
        ),
        _ => format!(
            "narrow `{deny}` so it leaves {flow} alone, or move it after the mandatory rules (a priority above {floor})"
        ),
    };
    diag.help(help)
}
