//! MI003: the subnet is not delegated to `Microsoft.Sql/managedInstances`
//! where the profile requires delegation (service-aided configuration).

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};

pub const RULE: Rule = Rule {
    code: "MI003",
    doc: include_str!("mi003.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !view.subnet_facts_known() {
        return;
    }
    if !view.profile.subnet.delegation_required || view.subnet.delegated.is_some() {
        return;
    }
    out.push(
        Diagnostic::new(
            "MI003",
            view.subnet.name.span,
            format!(
                "subnet `{}` is not delegated to `Microsoft.Sql/managedInstances`; profile `{}` requires it",
                view.subnet.name.value, view.profile.name
            ),
        )
        .label("not delegated")
        .note("in the service-aided configuration the platform manages the subnet's NSG rules and routes through the delegation; without it the instance cannot be deployed")
        .help("add `delegated` to the subnet"),
    );
}
