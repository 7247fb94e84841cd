//! MI004: service endpoints on the subnet where the profile forbids them
//! (the manual configurations of 2018 and 2020).

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};

pub const RULE: Rule = Rule {
    code: "MI004",
    doc: include_str!("mi004.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !view.subnet_facts_known() {
        return;
    }
    if view.profile.subnet.service_endpoints_allowed {
        return;
    }
    let Some((first, rest)) = view.subnet.service_endpoints.split_first() else {
        return;
    };
    let mut d = Diagnostic::new(
        "MI004",
        first.span,
        format!(
            "subnet `{}` has service endpoints; profile `{}` does not allow them",
            view.subnet.name.value, view.profile.name
        ),
    )
    .label(format!("service endpoint `{}`", first.value));
    for other in rest {
        d = d.secondary(other.span, format!("service endpoint `{}`", other.value));
    }
    out.push(
        d.note("without service-aided configuration, a managed instance subnet must have no service endpoint associated with it")
            .help("remove `service-endpoints`, or use a service-aided profile such as `mi-2020-service-aided` with a delegated subnet"),
    );
}
