//! AZ008: more than 400 routes in one route table, the profile's mandatory
//! routes included.
//!
//! Input: the subnet's effective route table. Output: one diagnostic on the
//! route table's name, with the first route past the limit as a secondary
//! label when the file has it.

use super::azure::{is_mandatory_route, ordinal, thousands};
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};

pub const RULE: Rule = Rule {
    code: "AZ008",
    doc: include_str!("az008.md"),
    scope: Scope::Subnet(check),
};

const MAX: usize = 400;

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(table) = &view.subnet.route_table else {
        return;
    };
    let routes = &view.effective.routes;
    if routes.len() <= MAX {
        return;
    }
    let mandatory = routes.iter().filter(|r| is_mandatory_route(cx, r)).count();
    let mut d = Diagnostic::new(
        "AZ008",
        table.name.span,
        format!(
            "route table `{}` has {} routes; Azure allows at most {MAX}",
            table.name.value,
            thousands(routes.len())
        ),
    )
    .label(format!(
        "{} routes, {mandatory} of them mandatory",
        thousands(routes.len())
    ));
    if let Some(past) = routes.get(MAX).filter(|r| !is_mandatory_route(cx, r)) {
        d = d.secondary(past.name.span, format!("the {} route", ordinal(MAX + 1)));
    }
    if mandatory > 0 {
        d = d.note(format!(
            "profile `{}` adds {mandatory} mandatory routes to the table, and they count",
            view.profile.name
        ));
    }
    out.push(
        d.note("Azure rejects a route table with more than 400 routes")
            .help(
                "merge adjacent prefixes into shorter ones, or send a whole range to one next hop",
            ),
    );
}
