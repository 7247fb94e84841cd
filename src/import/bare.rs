//! The subnet a bare NSG or route table protects, when the JSON holds no
//! subnet (`misec build` without `--with-subnets`, `az network nsg show`,
//! REST bodies).
//!
//! Input: an NSG or a route table. Output: the prefix and the evidence, or
//! `None` when nothing in it says. Evidence, in order: the platform's
//! reserved names, which spell the subnet (`…_UseOnly_mi-internal-in-10-20-1-0-24-v10`,
//! `…_UseOnly_subnet-10-20-1-0-24-to-vnetlocal`); then, for an NSG, the one
//! prefix every inbound rule with a prefix destination protects (and every
//! outbound rule with a prefix source sends from). Several candidates are
//! no answer: misec never guesses between them.

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};

use super::USE_ONLY_PREFIX;
use crate::model::{Address, Direction, NextHopKind, Nsg, RouteTable, SecurityRule};
use crate::source::{Span, Spanned};

/// An inferred prefix, the span of its evidence and the evidence in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inference {
    pub prefix: IpNet,
    pub span: Span,
    pub why: String,
}

/// The subnet prefix a reserved name spells (`10-20-1-0-24`), if any.
pub fn prefix_in_name(name: &str) -> Option<IpNet> {
    let rest = name.strip_prefix(USE_ONLY_PREFIX)?;
    let parts: Vec<&str> = rest.split('-').collect();
    parts.windows(5).find_map(|w| {
        let octets: Vec<u8> = w[..4].iter().filter_map(|p| p.parse().ok()).collect();
        let len: u8 = w[4].parse().ok()?;
        let [a, b, c, d] = octets.as_slice() else {
            return None;
        };
        let net = Ipv4Net::new(Ipv4Addr::new(*a, *b, *c, *d), len).ok()?;
        (net.trunc() == net).then_some(IpNet::V4(net))
    })
}

/// The prefix an NSG protects.
pub fn nsg(nsg: &Nsg) -> Option<Inference> {
    let named = nsg.rules.iter().find_map(|r| {
        prefix_in_name(&r.name.value).map(|prefix| Inference {
            prefix,
            span: r.name.span,
            why: format!("the platform's rule name `{}` spells it", r.name.value),
        })
    });
    named.or_else(|| protected(&nsg.rules))
}

/// The region the platform's own entries name (`Storage.eastus2` in
/// `…_UseOnly_mi-strg-p-out-…`, `AzureCloud.westeurope` in a route): the
/// first regional tag of a reserved entry is the instance's region, the
/// second its pair.
pub fn region(nsgs: &[&Nsg], tables: &[&RouteTable]) -> Option<Spanned<String>> {
    let reserved = |name: &str| name.starts_with(USE_ONLY_PREFIX);
    let rules = nsgs
        .iter()
        .flat_map(|n| &n.rules)
        .filter(|r| reserved(&r.name.value))
        .flat_map(|r| r.destination.iter().chain(&r.source));
    let routes = tables
        .iter()
        .flat_map(|t| &t.routes)
        .filter(|r| reserved(&r.name.value))
        .map(|r| &r.prefix);
    rules.chain(routes).find_map(|item| match &item.address {
        Address::Tag(t) => t
            .split_once('.')
            .map(|(_, region)| Spanned::new(region.to_string(), item.span)),
        _ => None,
    })
}

/// The prefix a route table serves.
pub fn route_table(table: &RouteTable) -> Option<Inference> {
    let named = table.routes.iter().find_map(|r| {
        prefix_in_name(&r.name.value).map(|prefix| Inference {
            prefix,
            span: r.name.span,
            why: format!("the platform's route name `{}` spells it", r.name.value),
        })
    });
    // the manual eras' mandatory `subnet_to_vnetlocal` keeps the subnet's
    // own prefix in the vnet
    named.or_else(|| {
        table.routes.iter().find_map(|r| {
            let name = r.name.value.to_ascii_lowercase().replace('-', "_");
            let local = r.next_hop.value.kind == NextHopKind::VnetLocal;
            match (
                &r.prefix.address,
                local && name.starts_with("subnet_to_vnetlocal"),
            ) {
                (Address::Prefix(prefix), true) => Some(Inference {
                    prefix: *prefix,
                    span: r.prefix.span,
                    why: format!(
                        "route `{}` keeps the subnet's own prefix in the vnet",
                        r.name.value
                    ),
                }),
                _ => None,
            }
        })
    })
}

/// The one prefix the rules protect: every inbound rule's prefix
/// destination and every outbound rule's prefix source, when they agree.
fn protected(rules: &[SecurityRule]) -> Option<Inference> {
    let mut found: Option<(IpNet, Span)> = None;
    for rule in rules {
        let side = match rule.direction {
            Direction::Inbound => &rule.destination,
            Direction::Outbound => &rule.source,
        };
        for item in side {
            let Address::Prefix(p) = &item.address else {
                continue;
            };
            match &found {
                None => found = Some((*p, item.span)),
                Some((q, _)) if q == p => {}
                Some(_) => return None,
            }
        }
    }
    found.map(|(prefix, span)| Inference {
        prefix,
        span,
        why: "every inbound rule protects it and every outbound rule sends from it".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_spell_the_subnet() {
        let p = |s: &str| prefix_in_name(&format!("{USE_ONLY_PREFIX}{s}"));
        assert_eq!(
            p("mi-internal-in-10-20-1-0-24-v10"),
            Some("10.20.1.0/24".parse().unwrap())
        );
        assert_eq!(
            p("subnet-10-4-1-0-26-to-vnetlocal"),
            Some("10.4.1.0/26".parse().unwrap())
        );
        assert_eq!(p("mi-AzureActiveDirectory"), None);
        // host bits set, or not a prefix at all
        assert_eq!(p("x-10-20-1-5-24"), None);
        assert_eq!(p("x-300-20-1-0-24"), None);
        assert_eq!(prefix_in_name("mi-internal-in-10-20-1-0-24-v10"), None);
    }
}
