//! MI001: the subnet has fewer addresses than the profile's minimum (a
//! subnet that declares `instances` under a profile with a sizing rule is
//! MI009's instead).

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};

pub const RULE: Rule = Rule {
    code: "MI001",
    doc: include_str!("mi001.md"),
    scope: Scope::Subnet(check),
};

/// The number of addresses in a prefix, saturating (an IPv6 /64 is "many").
pub fn size(prefix: &ipnet::IpNet) -> u128 {
    let host_bits = u32::from(prefix.max_prefix_len() - prefix.prefix_len());
    1u128.checked_shl(host_bits).unwrap_or(u128::MAX)
}

/// The longest prefix length that still has `addresses` addresses (IPv4).
pub fn longest_prefix_for(addresses: u32) -> u8 {
    let bits = addresses.max(1).next_power_of_two().trailing_zeros();
    32u8.saturating_sub(bits as u8)
}

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    // a subnet that declares its instances is judged by MI009
    if !view.subnet_facts_known() || super::mi009::sized_by_instances(view) {
        return;
    }
    let Some(address) = &view.subnet.address else {
        return;
    };
    let min = view.profile.subnet.min_addresses;
    let have = size(&address.value);
    if have >= u128::from(min) {
        return;
    }
    out.push(
        Diagnostic::new(
            "MI001",
            address.span,
            format!(
                "subnet `{}` has {have} addresses; profile `{}` needs at least {min}",
                view.subnet.name.value, view.profile.name
            ),
        )
        .label(format!("a /{} has {have} addresses", address.value.prefix_len()))
        .note("a managed instance subnet must leave room for the virtual cluster's nodes, which Azure places in it")
        .help(format!(
            "use a /{} or larger prefix",
            longest_prefix_for(min)
        )),
    );
}
