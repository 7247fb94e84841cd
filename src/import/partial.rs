//! Checks that a partly known template leaves undone.
//!
//! Input: the imported model, the import's diagnostics (E303 marks a value
//! only the deployment knows) and the lint findings on the model. Output:
//! the findings that do not depend on a value left out, and each E303 with a
//! note naming the NSG, route table or subnet whose checks are not made.
//!
//! Invariant: only findings inside (or about the subnet of) an NSG, route
//! table or subnet that lost an item are dropped; every other resource and
//! subnet is reported as checked.

use std::collections::BTreeMap;

use super::arm::Found;
use crate::diagnostic::Diagnostic;
use crate::model::{Direction, Model};
use crate::source::{Span, Spanned};

/// Findings about the items that were read, which no missing item can make
/// false: limits, names, descriptions, repeated priorities and prefixes.
const STILL_TRUE: &[&str] = &["AZ001", "AZ002", "AZ003", "AZ004", "AZ008", "AZ010"];

fn within(inner: Span, outer: Span) -> bool {
    inner.file == outer.file && outer.start <= inner.start && inner.end <= outer.end
}

/// Keeps the findings that no E303 makes uncertain, and says in each E303
/// which checks it leaves undone.
pub fn undone(
    model: &Model,
    import: &mut [Diagnostic],
    findings: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut affected: Vec<Span> = Vec::new();
    for d in import.iter_mut().filter(|d| d.code == "E303") {
        let spans: Vec<Span> = std::iter::once(d.span())
            .chain(d.secondary.iter().map(|l| l.span))
            .collect();
        let inside = |outer: Span| spans.iter().any(|s| within(*s, outer));
        let mut what = Vec::new();
        for (_, subnet) in model.subnets() {
            let nsg = subnet.nsg.as_ref().filter(|n| inside(n.span));
            let rt = subnet.route_table.as_ref().filter(|t| inside(t.span));
            let own = inside(subnet.span);
            if let Some(n) = nsg {
                what.push(format!("the rules and traffic of NSG `{}`", n.name.value));
                affected.push(n.span);
            }
            if let Some(t) = rt {
                what.push(format!("the routes of route table `{}`", t.name.value));
                affected.push(t.span);
            }
            if nsg.is_some() || rt.is_some() || own {
                what.push(format!("subnet `{}`", subnet.name.value));
                affected.push(subnet.span);
                affected.push(subnet.name.span);
            }
        }
        what.dedup();
        if !what.is_empty() {
            d.notes
                .push(format!("checks left undone: {}", what.join(", ")));
        }
    }
    findings
        .into_iter()
        .filter(|f| {
            f.code.starts_with('E')
                || STILL_TRUE.contains(&f.code)
                || !affected.iter().any(|a| within(f.span(), *a))
        })
        .collect()
}

/// Points each E303 about a child rule or route at the NSG or route table it
/// belongs to (a secondary label), so that [`undone`] finds the checks it
/// leaves undone.
pub fn adopt(found: &Found, diags: &mut [Diagnostic]) {
    for (i, parent) in &found.orphans {
        let nsg = found.nsgs.iter().map(|(n, _)| (&n.name, "NSG"));
        let rt = found
            .route_tables
            .iter()
            .map(|(t, _)| (&t.name, "route table"));
        let owner = nsg
            .chain(rt)
            .find(|(n, _)| n.value.eq_ignore_ascii_case(parent));
        if let (Some((name, kind)), Some(d)) = (owner, diags.get_mut(*i)) {
            d.secondary.push(crate::diagnostic::Label::new(
                name.span,
                format!("it belongs to {kind} `{}`", name.value),
            ));
        }
    }
}

/// AZ002 for rules left out by an E303 whose priority is known: Azure
/// rejects the NSG whatever the unknown value turns out to be. Pairs of rules
/// that were both read are the lint's.
pub fn priorities(found: &Found, out: &mut Vec<Diagnostic>) {
    // only a partial rule is ever blamed: without one there is nothing to say
    if found.partial_rules.is_empty() {
        return;
    }
    type Entry<'f> = (&'f Spanned<String>, Direction, Spanned<u32>, bool);
    let mut by_nsg: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for (nsg, _) in &found.nsgs {
        let key = nsg.name.value.to_ascii_lowercase();
        for r in &nsg.rules {
            if let Some(p) = &r.priority {
                by_nsg.entry(key.clone()).or_default().push((
                    &r.name,
                    r.direction,
                    p.clone(),
                    false,
                ));
            }
        }
    }
    for (parent, r) in &found.child_rules {
        if let Some(p) = &r.priority {
            let key = parent.value.to_ascii_lowercase();
            by_nsg
                .entry(key)
                .or_default()
                .push((&r.name, r.direction, p.clone(), false));
        }
    }
    for (key, name, d, p) in &found.partial_rules {
        by_nsg
            .entry(key.clone())
            .or_default()
            .push((name, *d, p.clone(), true));
    }
    for rules in by_nsg.values() {
        for (i, (name, dir, p, partial)) in rules.iter().enumerate() {
            if !*partial {
                continue;
            }
            // blame the partial rule: against a read rule, or an earlier partial one
            let other = rules.iter().enumerate().find(|(j, (n, d, q, part))| {
                *j != i
                    && (!*part || *j < i)
                    && d == dir
                    && q.value == p.value
                    && n.value != name.value
            });
            let Some((_, (other, _, q, _))) = other else {
                continue;
            };
            let side = match dir {
                Direction::Inbound => "inbound",
                Direction::Outbound => "outbound",
            };
            out.push(
                Diagnostic::new(
                    "AZ002",
                    p.span,
                    format!(
                        "{side} rules `{}` and `{}` both have priority {}",
                        name.value, other.value, p.value
                    ),
                )
                .label(format!("priority {}", p.value))
                .secondary(q.span, format!("also used here, by `{}`", other.value))
                .note("Azure rejects an NSG in which two rules of one direction share a priority")
                .note(format!(
                    "`{}` is otherwise only known at deployment; its priority is known",
                    name.value
                ))
                .help(format!(
                    "give `{}` or `{}` another priority",
                    name.value, other.value
                )),
            );
        }
    }
}
