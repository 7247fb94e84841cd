//! `routes { NAME: PREFIX via HOP }` to [`Route`]s.
//!
//! A prefix is a CIDR, a service tag or a set; `any` or ports are E104. A set
//! (or list) with several prefixes yields one route per prefix, named
//! `NAME-` followed by the prefix with every character other than an ASCII
//! letter or digit turned into `-` (`onprem-192-168-0-0-16`, IPv6
//! `hub-fd00---8` for `fd00::/8`), or by the tag as Azure spells it
//! (`dns-AzurePlatformDNS`; tags hold only letters, digits and dots). Both are
//! valid Azure names. A single prefix keeps `NAME`. Names are unique per
//! route table after this expansion (E102), compared case-insensitively.

use std::collections::BTreeMap;

use ipnet::IpNet;

use crate::diagnostic::Diagnostic;
use crate::model::{Address, NextHop, Route};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, ElementKind, RouteEntry};

use super::Resolver;

impl Resolver {
    pub(crate) fn route_block(
        &mut self,
        block: &ast::RouteBlock,
        subnet: Option<IpNet>,
        table: &str,
        names: &mut BTreeMap<String, Span>,
        out: &mut Vec<Route>,
    ) {
        for entry in &block.entries {
            let RouteEntry::Route(r) = entry else {
                continue;
            };
            let next_hop = self.next_hop(&r.next_hop);
            let mut prefixes = Vec::new();
            for item in self.addresses(&r.prefix, subnet) {
                if item.address == Address::Any {
                    let mut d = Diagnostic::new("E104", item.span, "`any` is not a route prefix")
                        .label("every address")
                        .help("for every destination write `0.0.0.0/0`");
                    if let Some(via) = item.via {
                        d = d.secondary(via, "used as the route prefix here");
                    }
                    self.diags.push(d);
                } else {
                    prefixes.push(item);
                }
            }
            let several = prefixes.len() > 1;
            for prefix in prefixes {
                let name = if several {
                    format!("{}-{}", r.name.name, suffix(&prefix.address))
                } else {
                    r.name.name.clone()
                };
                let key = name.to_ascii_lowercase();
                if let Some(first) = names.get(&key) {
                    self.diags.push(
                        Diagnostic::new(
                            "E102",
                            r.name.span,
                            format!("route `{name}` is defined twice in route table `{table}`"),
                        )
                        .label("defined again here")
                        .secondary(*first, "first defined here")
                        .note("a set with several prefixes yields one route per prefix, named after the prefix")
                        .help(format!("rename one of the two routes named `{name}`")),
                    );
                    continue;
                }
                names.insert(key, r.name.span);
                out.push(Route {
                    name: Spanned::new(name, r.name.span),
                    prefix,
                    next_hop: next_hop.clone(),
                    span: r.span,
                });
            }
        }
    }

    fn next_hop(&mut self, hop: &ast::NextHopDecl) -> Spanned<NextHop> {
        let address = hop.address.as_ref().and_then(|e| match &e.kind {
            ElementKind::Ip(ip) => Some(Spanned::new(*ip, e.span)),
            ElementKind::Invalid => None,
            ElementKind::Cidr(ip, _) => {
                self.diags.push(
                    Diagnostic::new(
                        "E105",
                        e.span,
                        "the appliance address must be a single IP address",
                    )
                    .label("a prefix")
                    .help(format!("write the appliance's address, e.g. `{ip}`")),
                );
                None
            }
            _ => {
                self.diags.push(
                    Diagnostic::new("E105", e.span, "expected the IP address of the appliance")
                        .label("not an IP address")
                        .help("write the appliance's address, e.g. `appliance 10.20.3.4`"),
                );
                None
            }
        });
        // kept for every kind: an address on another next hop is AZ011's to report
        Spanned::new(
            NextHop {
                kind: hop.kind.value,
                address,
            },
            hop.span,
        )
    }
}

fn suffix(address: &Address) -> String {
    match address {
        Address::Prefix(net) => net
            .to_string()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect(),
        Address::Tag(t) => t.clone(),
        Address::Any => "any".into(),
    }
}
