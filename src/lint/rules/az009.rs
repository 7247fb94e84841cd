//! AZ009: more than 25 routes with a service-tag prefix in one route table,
//! the profile's mandatory routes included.
//!
//! Input: the subnet's effective route table. Output: one diagnostic on the
//! route table's name, with the first tag route past the limit as a
//! secondary label when the file has it.

use super::azure::{is_mandatory_route, ordinal};
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Address, Route};

pub const RULE: Rule = Rule {
    code: "AZ009",
    doc: include_str!("az009.md"),
    scope: Scope::Subnet(check),
};

const MAX: usize = 25;

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(table) = &view.subnet.route_table else {
        return;
    };
    let tagged: Vec<&Route> = view
        .effective
        .routes
        .iter()
        .filter(|r| matches!(r.prefix.address, Address::Tag(_)))
        .collect();
    if tagged.len() <= MAX {
        return;
    }
    let mandatory = tagged.iter().filter(|r| is_mandatory_route(cx, r)).count();
    let mut d = Diagnostic::new(
        "AZ009",
        table.name.span,
        format!(
            "route table `{}` has {} routes with a service tag as prefix; Azure allows at most {MAX}",
            table.name.value,
            tagged.len()
        ),
    )
    .label(format!("{} service-tag routes", tagged.len()));
    if let Some(past) = tagged.get(MAX).filter(|r| !is_mandatory_route(cx, r)) {
        d = d.secondary(
            super::azure::at(&past.prefix),
            format!("the {} service-tag route", ordinal(MAX + 1)),
        );
    }
    if mandatory > 0 {
        d = d.note(format!(
            "profile `{}` adds {mandatory} mandatory service-tag routes, and they count",
            view.profile.name
        ));
    }
    out.push(
        d.note("Azure limits a route table to 25 routes whose address prefix is a service tag")
            .help("route a broader service tag (such as `AzureCloud` instead of its regional tags), or the tag's prefixes"),
    );
}
