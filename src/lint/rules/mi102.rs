//! MI102: traffic a mandatory rule must allow is allowed by no rule.
//!
//! Input: each required mandatory rule of the subnet's profile, its packets,
//! and the effective policy of its direction.
//! Output: one diagnostic per mandatory rule whose packets are (or may be)
//! denied with no allow rule after the deciding deny that would take them:
//! the rule is missing, misdirected (source and destination swapped) or
//! incomplete. A deny rule in front of an existing allow is MI101's. And one
//! per user rule that carries a mandatory rule's name but matches none of its
//! packets while other rules let them through (misdirected).
//!
//! Where it arises: imports under manual profiles, where the NSG must carry
//! the mandatory rules itself (the platform adds them only in service-aided
//! eras); and `.misec` files whose user rule takes a mandatory rule's name,
//! which replaces it (misec, like the platform, matches rules by name).

use super::traffic::{self, Denial};
use crate::diagnostic::Diagnostic;
use crate::flow::{build, PacketSet};
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Direction, Origin, SecurityRule};

pub const RULE: Rule = Rule {
    code: "MI102",
    doc: include_str!("mi102.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !traffic::filtered(view) {
        return;
    }
    for mandatory in traffic::required_rules(view) {
        let set = traffic::packets(view, &mandatory);
        let direction = mandatory.direction;
        let missing: Vec<Denial> = traffic::denials(view, direction, &set)
            .into_iter()
            .filter(|d| !d.missing.is_empty())
            .collect();
        // certain parts first: they make the message
        let Some(first) = missing
            .iter()
            .find(|d| d.certain)
            .or_else(|| missing.first())
        else {
            // the traffic gets through, but perhaps not through the rule
            // that carries the mandatory rule's name
            if let Some(d) = misdirected(cx, view, &mandatory, &set) {
                out.push(d);
            }
            continue;
        };
        let denied = missing
            .iter()
            .fold(PacketSet::empty(), |acc, d| acc.union(&d.missing));
        let partial = !set.difference(&denied).is_empty();
        out.push(report(cx, view, &mandatory, first, partial));
    }
}

fn report(
    cx: &Context<'_>,
    view: &SubnetView<'_>,
    mandatory: &SecurityRule,
    d: &Denial,
    partial: bool,
) -> Diagnostic {
    let direction = mandatory.direction;
    let m = &mandatory.name.value;
    let flow = traffic::sample(view, &d.missing);
    let (decider, _) = traffic::name(view, direction, d.decider);
    let by_azure = traffic::is_azure_default(view, direction, d.decider);
    let namesake = traffic::namesake(view, mandatory);
    let verb = if d.certain { "is" } else { "may be" };
    let message = format!(
        "{}{} traffic that mandatory rule `{m}` must allow {verb} denied",
        if partial { "part of the " } else { "" },
        traffic::direction_word(direction)
    );
    let denies = if d.certain { "denies" } else { "may deny" };
    let (span, label) = match namesake {
        Some(r) => (
            r.name.span,
            format!("takes the place of mandatory rule `{m}` but does not allow {flow}"),
        ),
        None if by_azure => (
            traffic::name_span(view, direction, d.decider).unwrap_or(mandatory.span),
            format!("no rule of this NSG allows {flow}; Azure's `{decider}` {denies} it"),
        ),
        None => (
            traffic::name_span(view, direction, d.decider).unwrap_or(mandatory.span),
            format!("{denies} {flow}, and no rule allows it"),
        ),
    };
    let mut diag = Diagnostic::new("MI102", span, message)
        .label(label)
        .secondary(
            traffic::head(cx, mandatory.span),
            format!("the profile requires `{m}`"),
        );
    if namesake.is_some() && !by_azure {
        if let Some(s) = traffic::name_span(view, direction, d.decider) {
            diag = diag.secondary(s, format!("`{decider}` {denies} {flow}"));
        }
    }
    diag = diag.note(format!(
        "profile `{}` requires `{}`",
        view.profile.name,
        traffic::misec_text(mandatory)
    ));
    // the rule named like the mandatory one is the likeliest to be reversed
    let swapped = namesake
        .filter(|r| reverses(view, r, &d.missing))
        .or_else(|| swapped_rule(view, direction, &d.missing));
    if let Some(r) = swapped {
        diag = diag.secondary(
            r.name.span,
            "allows the reverse direction: source and destination look swapped",
        );
    }
    match (cx.model.origin, namesake) {
        (Origin::Misec, Some(_)) => {
            diag = diag.note(format!(
                "a rule named like a mandatory rule replaces it: misec does not emit the profile's `{m}`"
            ))
        }
        (Origin::AzureJson, _) if !view.profile.platform_provisioned => {
            diag = diag.note(format!(
                "under profile `{}` the platform does not add its rules: the NSG must carry them",
                view.profile.name
            ))
        }
        _ => {}
    }
    diag = diag.note(
        "the platform manages the instance through this traffic: without it deployment \
         fails or the instance becomes unavailable",
    );
    if !d.certain {
        diag = diag.note(traffic::may_note(view, direction, d, Some(mandatory)));
    }
    let help = match (swapped, namesake, cx.model.origin) {
        (Some(r), _, _) => format!(
            "swap the source and destination of `{}`",
            r.name.value
        ),
        (None, Some(r), Origin::Misec) => format!(
            "rename `{}` so misec emits the profile's rule, or make it allow all of the mandatory traffic",
            r.name.value
        ),
        (None, Some(r), Origin::AzureJson) => format!(
            "make `{}` match the profile's rule above",
            r.name.value
        ),
        (None, None, _) => format!(
            "add the profile's rule `{m}` to the NSG, in front of the user rules"
        ),
    };
    diag.help(help)
}

/// A user rule named like `mandatory` that certainly matches none of its
/// packets `set` (even where tags may overlap): the rule is misdirected,
/// and the traffic only gets through because some other rule allows it.
/// The 2018-09 quickstart's `allow_health_probe_inbound` (source `*`,
/// destination `AzureLoadBalancer`) is one.
fn misdirected(
    cx: &Context<'_>,
    view: &SubnetView<'_>,
    mandatory: &SecurityRule,
    set: &PacketSet,
) -> Option<Diagnostic> {
    let r = traffic::namesake(view, mandatory)?;
    let direction = mandatory.direction;
    let possible = build::rule(view.flow, r).possible;
    if set.is_empty() || set.intersects(&possible) {
        return None;
    }
    let m = &mandatory.name.value;
    let flow = traffic::sample(view, set);
    let swapped = reverses(view, r, set);
    let mut diag = Diagnostic::new(
        "MI102",
        r.name.span,
        format!(
            "rule `{}` carries the name of mandatory rule `{m}` but matches none of its {} traffic",
            r.name.value,
            traffic::direction_word(direction)
        ),
    )
    .label(format!("does not match {flow}"))
    .secondary(
        traffic::head(cx, mandatory.span),
        format!("the profile requires `{m}`"),
    )
    .note(format!(
        "profile `{}` requires `{}`",
        view.profile.name,
        traffic::misec_text(mandatory)
    ));
    // the user's rules that let the traffic through instead
    let coverage = view.policy(direction).coverage(set);
    let mut instead: Vec<String> = Vec::new();
    for part in coverage
        .allowed()
        .filter(|p| traffic::is_user_id(view, direction, p.rule))
    {
        let (other, _) = traffic::name(view, direction, part.rule);
        if instead.contains(&other) {
            continue;
        }
        if let Some(span) = traffic::name_span(view, direction, part.rule) {
            let sample = traffic::sample(view, &part.packets);
            diag = diag.secondary(span, format!("`{other}` allows {sample} instead"));
        }
        instead.push(other);
    }
    if !instead.is_empty() {
        let names: Vec<String> = instead.iter().map(|n| format!("`{n}`")).collect();
        diag = diag.note(format!(
            "the mandatory traffic gets through only because {} {} it: narrowing or removing \
             {} would cut the instance's management traffic",
            names.join(" and "),
            if names.len() == 1 { "allows" } else { "allow" },
            if names.len() == 1 { "it" } else { "them" },
        ));
    }
    if swapped {
        diag = diag.note("with source and destination exchanged it would match: they look swapped");
    }
    Some(diag.help(if swapped {
        format!("swap the source and destination of `{}`", r.name.value)
    } else {
        format!("make `{}` match the profile's rule above", r.name.value)
    }))
}

/// A user allow rule of `direction` whose reverse (source and destination
/// exchanged, ports with them) certainly covers `missing`: the misdirected
/// rules of the 2018-09 quickstart template.
fn swapped_rule<'v>(
    view: &'v SubnetView<'_>,
    direction: Direction,
    missing: &PacketSet,
) -> Option<&'v SecurityRule> {
    view.effective
        .rules(direction)
        .iter()
        .map(|p| &*p.rule)
        .filter(|r| crate::effective::is_user(r) && r.access.value == crate::model::Access::Allow)
        .find(|r| reverses(view, r, missing))
}

/// Whether `r` with source and destination exchanged (ports with them)
/// certainly covers `missing`.
fn reverses(view: &SubnetView<'_>, r: &SecurityRule, missing: &PacketSet) -> bool {
    let reverse = build::parts(
        view.flow,
        r.protocol.value,
        r.destination.iter().map(|i| &i.address),
        r.destination_ports.iter().map(|p| p.range),
        r.source.iter().map(|i| &i.address),
        r.source_ports.iter().map(|p| p.range),
    );
    missing.is_subset(&reverse.certain)
}
