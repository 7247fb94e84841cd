//! MI007: a managed-instance subnet without an NSG or a route table.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};

pub const RULE: Rule = Rule {
    code: "MI007",
    doc: include_str!("mi007.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    // a `.misec` subnet has both (defaults `<subnet>-nsg`, `<subnet>-rt`)
    // unless it says `nsg none` or `route-table none`, as an import of a
    // subnet without them does
    if !view.subnet_facts_known() {
        return;
    }
    let req = &view.profile.subnet;
    let missing: Vec<&str> = [
        (
            req.nsg_required && view.subnet.nsg.is_none(),
            "network security group",
        ),
        (
            req.route_table_required && view.subnet.route_table.is_none(),
            "route table",
        ),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect();
    if missing.is_empty() {
        return;
    }
    let what = missing.join(" and no ");
    out.push(
        Diagnostic::new(
            "MI007",
            view.subnet.name.span,
            format!("subnet `{}` has no {what} associated", view.subnet.name.value),
        )
        .label(format!("no {what}"))
        .note(format!(
            "profile `{}` requires the managed instance's subnet to have its own network security group and route table; the platform's policy checks them at deployment",
            view.profile.name
        ))
        .help(help(cx, view)),
    );
}

/// From `.misec`, the statements to remove; from JSON, what to associate.
fn help(cx: &Context<'_>, view: &SubnetView<'_>) -> String {
    if cx.model.origin != crate::model::Origin::Misec {
        return "associate them with the subnet (`networkSecurityGroup` and `routeTable` in its properties); an NSG defined but not associated protects nothing".to_string();
    }
    let statements: Vec<&str> = [
        (view.subnet.nsg.is_none(), "`nsg none`"),
        (view.subnet.route_table.is_none(), "`route-table none`"),
    ]
    .into_iter()
    .filter_map(|(none, s)| none.then_some(s))
    .collect();
    format!(
        "remove {}: misec then compiles the subnet's own network security group and route table",
        statements.join(" and ")
    )
}
