//! MI205: a user rule or route repeats what the platform adds itself under a
//! service-aided profile (hygiene).
//!
//! Input: the subnet's effective configuration, whose `copies` lists the
//! entries that stand for a mandatory rule or route (the same traffic, the
//! same prefix and next hop, or the platform's name with another version
//! suffix). Output: one info per copy, on its name. Never advice to remove
//! a rule the platform needs: the platform keeps its own.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::Origin;
use crate::source::{Span, Spanned};

pub const RULE: Rule = Rule {
    code: "MI205",
    doc: include_str!("mi205.md"),
    scope: Scope::Subnet(check),
};

/// More route copies than this in one table are reported once, together.
const GROUPED: usize = 3;

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !view.profile.platform_provisioned {
        return;
    }
    let rules = view.subnet.nsg.iter().flat_map(|n| &n.rules);
    let routes = view.subnet.route_table.iter().flat_map(|t| &t.routes);
    let named: Vec<(Span, &Spanned<String>, &str)> = rules
        .map(|r| (r.span, &r.name, "rule"))
        .chain(routes.map(|r| (r.span, &r.name, "route")))
        .collect();
    let mut found: Vec<(&Spanned<String>, &str, &str)> = Vec::new();
    for copy in view.effective.copies.iter().filter(|c| c.exact) {
        let Some((_, name, what)) = named.iter().find(|(s, _, _)| *s == copy.span) else {
            continue;
        };
        // under the platform's reserved name in JSON, the entry may be the
        // platform's own (an export of a live NSG holds them, an older
        // `-vN` included): not a user copy misec can tell apart
        let reserved = crate::import::USE_ONLY_PREFIX;
        let platform_named = name
            .value
            .get(..reserved.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(reserved));
        if platform_named && cx.model.origin != Origin::Misec {
            continue;
        }
        found.push((name, what, copy.platform.as_str()));
    }
    let keep = match cx.model.origin {
        Origin::Misec => "misec emits the platform's own entry in front of yours",
        _ => "the platform's network intent policy adds and keeps its own entry",
    };
    let note = format!(
        "under profile `{}` {keep}; Microsoft advises against taking a dependency on the service-managed rules and routes, which may change",
        view.profile.name
    );
    let route_copies: Vec<_> = found.iter().filter(|f| f.1 == "route").collect();
    let grouped = route_copies.len() > GROUPED;
    for (name, what, platform) in &found {
        if grouped && *what == "route" {
            continue;
        }
        out.push(
            Diagnostic::new(
                "MI205",
                name.span,
                format!(
                    "{what} `{}` repeats `{platform}`, which the platform adds itself",
                    name.value
                ),
            )
            .label(format!("a copy of the platform's {what}"))
            .note(note.clone())
            .help(format!(
                "drop the copy `{}` unless you mean to keep this traffic allowed if the platform's entry changes; then give it a name of your own",
                name.value
            )),
        );
    }
    if let (true, Some(first)) = (grouped, route_copies.first()) {
        let mut d = Diagnostic::new(
            "MI205",
            first.0.span,
            format!(
                "{} routes of the route table repeat routes the platform adds itself",
                route_copies.len()
            ),
        )
        .label(format!("`{}` repeats `{}`", first.0.value, first.2));
        for (name, _, platform) in route_copies.iter().skip(1).take(GROUPED - 1) {
            d = d.secondary(name.span, format!("`{}` repeats `{platform}`", name.value));
        }
        out.push(
            d.note(note)
                .help("drop the copies (the platform keeps its own routes), unless you mean to keep them if the platform's routes change"),
        );
    }
}
