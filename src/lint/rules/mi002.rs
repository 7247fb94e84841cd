//! MI002: the subnet meets the profile's minimum but has fewer addresses than
//! the recommended size. Below the minimum is MI001's, so the two never fire
//! together.

use super::mi001::{longest_prefix_for, size};
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};

pub const RULE: Rule = Rule {
    code: "MI002",
    doc: include_str!("mi002.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    // a subnet that declares its instances is judged by MI009
    if !view.subnet_facts_known() || super::mi009::sized_by_instances(view) {
        return;
    }
    let Some(address) = &view.subnet.address else {
        return;
    };
    let min = u128::from(view.profile.subnet.min_addresses);
    let recommended = view.profile.subnet.recommended_addresses;
    let have = size(&address.value);
    if have < min || have >= u128::from(recommended) {
        return;
    }
    out.push(
        Diagnostic::new(
            "MI002",
            address.span,
            format!(
                "subnet `{}` has {have} addresses; profile `{}` recommends at least {recommended}",
                view.subnet.name.value, view.profile.name
            ),
        )
        .label(format!("a /{} has {have} addresses", address.value.prefix_len()))
        .note("Azure reserves five addresses in every subnet, and the virtual cluster needs room to grow when instances are added or scaled; a subnet cannot be resized while an instance is in it")
        .help(format!("use a /{} or larger prefix", longest_prefix_for(recommended))),
    );
}
