//! MI008: default outbound access is off (`default-outbound off`, import:
//! `defaultOutboundAccess: false`), which makes the subnet private; managed
//! instances do not support private subnets, in any era.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};

pub const RULE: Rule = Rule {
    code: "MI008",
    doc: include_str!("mi008.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !view.subnet_facts_known() {
        return;
    }
    let Some(off) = view.subnet.default_outbound.as_ref().filter(|d| !d.value) else {
        return;
    };
    out.push(
        Diagnostic::new(
            "MI008",
            off.span,
            format!(
                "subnet `{}` has default outbound access off; managed instances do not support private subnets",
                view.subnet.name.value
            ),
        )
        .label("a private subnet")
        .note("deploying managed instances in private subnets, where default outbound access is disabled, is not supported")
        .help("remove `default-outbound off` (Azure's default is on); to control egress, route `0.0.0.0/0` through a firewall where the profile allows it"),
    );
}
