//! MI110: an IPv6 prefix in an NSG rule or a route where the profile does not
//! support IPv6. One diagnostic per written prefix and subnet: a prefix that
//! comes in through a named set is labelled where the set lists it, and each
//! rule or route that uses the set gets a secondary label on its reference.

use std::collections::BTreeMap;

use ipnet::IpNet;

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Address, AddressItem};
use crate::source::Span;

pub const RULE: Rule = Rule {
    code: "MI110",
    doc: include_str!("mi110.md"),
    scope: Scope::Subnet(check),
};

/// Where one written IPv6 prefix is used.
struct Use<'a> {
    prefix: IpNet,
    /// "rule `x`" or "route `y`": the first user, named in the message.
    first: (&'static str, &'a str),
    /// Set references that bring it in, in source order, without repeats.
    via: Vec<(Span, &'static str, &'a str)>,
}

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if view.profile.subnet.ipv6_allowed {
        return;
    }
    let mut found: BTreeMap<Span, Use<'_>> = BTreeMap::new();
    for rule in view.subnet.nsg.iter().flat_map(|n| &n.rules) {
        for item in rule.source.iter().chain(&rule.destination) {
            add(&mut found, item, "rule", &rule.name.value);
        }
    }
    for route in view.subnet.route_table.iter().flat_map(|t| &t.routes) {
        add(&mut found, &route.prefix, "route", &route.name.value);
    }
    report(view, found, out);
}

fn add<'a>(
    found: &mut BTreeMap<Span, Use<'a>>,
    item: &AddressItem,
    what: &'static str,
    name: &'a str,
) {
    let Address::Prefix(prefix @ IpNet::V6(_)) = item.address else {
        return;
    };
    let entry = found.entry(item.span).or_insert(Use {
        prefix,
        first: (what, name),
        via: Vec::new(),
    });
    if let Some(via) = item.via {
        if !entry.via.iter().any(|(s, _, _)| *s == via) {
            entry.via.push((via, what, name));
        }
    }
}

fn report(view: &SubnetView<'_>, found: BTreeMap<Span, Use<'_>>, out: &mut Vec<Diagnostic>) {
    for (span, u) in found {
        let (what, name) = u.first;
        let mut d = Diagnostic::new(
            "MI110",
            span,
            format!(
                "IPv6 prefix `{}` in {what} `{name}`; profile `{}` does not support IPv6",
                u.prefix, view.profile.name
            ),
        )
        .label("IPv6 prefix");
        for (via, what, name) in &u.via {
            d = d.secondary(*via, format!("used by {what} `{name}` through this set"));
        }
        out.push(
            d.note("a managed instance subnet, its NSG and its route table must be IPv4 only; the platform rejects IPv6 anywhere in them")
                .help("remove the IPv6 prefix, or keep IPv6 traffic out of the managed instance subnet"),
        );
    }
}
