//! `vnet`, `peering` and `subnet` blocks to [`Vnet`], [`Peering`] and
//! [`Subnet`]: statements given once (E102), names unique per vnet (E102),
//! required statements (E109). Statement values are checked in `statements`.
//!
//! A subnet's blocks (`inbound`, `outbound`, `routes`) are resolved after its
//! other statements, so `subnet` in a rule means the subnet's address wherever
//! the `address` statement stands.

use crate::diagnostic::Diagnostic;
use crate::model::{Direction, Nsg, Peering, RouteTable, Subnet, SubnetKind, Vnet};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, PeeringStmtKind, SubnetStmtKind, VnetStmtKind};
use std::collections::BTreeMap;

use super::{duplicate, twice, Resolver};

/// Remembers which single-valued statements a block has seen.
struct Once<'a> {
    scope: &'a str,
    seen: BTreeMap<&'static str, Span>,
}

impl Once<'_> {
    /// True the first time; E102 after that.
    fn first(&mut self, keyword: &'static str, span: Span, diags: &mut Vec<Diagnostic>) -> bool {
        match self.seen.get(keyword) {
            Some(first) => {
                diags.push(twice(keyword, self.scope, span, *first));
                false
            }
            None => {
                self.seen.insert(keyword, span);
                true
            }
        }
    }
}

impl Resolver {
    pub(crate) fn vnet(&mut self, v: &ast::VnetDecl) -> Vnet {
        let scope = format!("vnet `{}`", v.name.name);
        let mut once = Once {
            scope: &scope,
            seen: BTreeMap::new(),
        };
        let mut vnet = Vnet::new(Spanned::new(v.name.name.clone(), v.name.span), v.span);
        let mut has_address = false;
        let mut subnet_names: BTreeMap<String, Span> = BTreeMap::new();
        let mut peering_names: BTreeMap<String, Span> = BTreeMap::new();
        for stmt in &v.body {
            match &stmt.kind {
                VnetStmtKind::Address(value) => {
                    has_address = true;
                    if once.first("address", stmt.span, &mut self.diags) {
                        vnet.address = self.prefixes(value);
                    }
                }
                VnetStmtKind::Region(name) => {
                    if once.first("region", stmt.span, &mut self.diags) {
                        vnet.region = self.region(name);
                    }
                }
                VnetStmtKind::Dns(value) => {
                    if once.first("dns", stmt.span, &mut self.diags) {
                        vnet.dns = Some(self.dns(value));
                        vnet.dns_span = Some(stmt.span);
                    }
                }
                VnetStmtKind::Gateway(w) => {
                    if once.first("gateway", stmt.span, &mut self.diags) {
                        vnet.gateway = Some(Spanned::new(w.value, w.span));
                    }
                }
                VnetStmtKind::MicrosoftPeering(w) => {
                    if once.first("microsoft-peering", stmt.span, &mut self.diags) {
                        vnet.microsoft_peering = Some(Spanned::new(w.value, w.span));
                    }
                }
                VnetStmtKind::Peering(p) => {
                    let key = p.name.name.to_ascii_lowercase();
                    match peering_names.get(&key) {
                        Some(first) => self
                            .diags
                            .push(duplicate("peering", &p.name, *first, &scope)),
                        None => {
                            peering_names.insert(key, p.name.span);
                        }
                    }
                    let peering = self.peering(p);
                    vnet.peerings.push(peering);
                }
                VnetStmtKind::Subnet(s) => {
                    let key = s.name.name.to_ascii_lowercase();
                    match subnet_names.get(&key) {
                        Some(first) => self
                            .diags
                            .push(duplicate("subnet", &s.name, *first, &scope)),
                        None => {
                            subnet_names.insert(key, s.name.span);
                        }
                    }
                    let subnet = self.subnet(s);
                    vnet.subnets.push(subnet);
                }
                VnetStmtKind::Error => {}
            }
        }
        if !has_address {
            self.diags.push(
                Diagnostic::new("E109", v.name.span, format!("vnet `{}` has no `address`", v.name.name))
                    .label("no address space")
                    .note("the address space is what `vnet` means in rules, and every subnet must lie inside it")
                    .help("add the address space, e.g. `address 10.20.0.0/16`"),
            );
        }
        self.containment(&vnet);
        vnet
    }

    fn peering(&mut self, p: &ast::PeeringDecl) -> Peering {
        let scope = format!("peering `{}`", p.name.name);
        let mut once = Once {
            scope: &scope,
            seen: BTreeMap::new(),
        };
        let mut peering = Peering {
            name: Spanned::new(p.name.name.clone(), p.name.span),
            region: None,
            use_remote_gateways: None,
            remote_gateway_transit: None,
            span: p.span,
        };
        for stmt in &p.body {
            match &stmt.kind {
                PeeringStmtKind::Region(name) => {
                    if once.first("region", stmt.span, &mut self.diags) {
                        peering.region = self.region(name);
                    }
                }
                PeeringStmtKind::UseRemoteGateways => {
                    if once.first("use-remote-gateways", stmt.span, &mut self.diags) {
                        peering.use_remote_gateways = Some(stmt.span);
                    }
                }
                PeeringStmtKind::RemoteGatewayTransit => {
                    if once.first("remote-gateway-transit", stmt.span, &mut self.diags) {
                        peering.remote_gateway_transit = Some(stmt.span);
                    }
                }
                PeeringStmtKind::Error => {}
            }
        }
        peering
    }

    fn subnet(&mut self, s: &ast::SubnetDecl) -> Subnet {
        let scope = format!("subnet `{}`", s.name.name);
        let mut once = Once {
            scope: &scope,
            seen: BTreeMap::new(),
        };
        let name = Spanned::new(s.name.name.clone(), s.name.span);
        let mut subnet = Subnet::new(name.clone(), SubnetKind::ManagedInstance, s.span);
        let mut has_address = false;
        let mut nsg_name = Spanned::new(format!("{}-nsg", s.name.name), s.name.span);
        let mut rt_name = Spanned::new(format!("{}-rt", s.name.name), s.name.span);
        let mut bgp = None;
        let mut no_nsg = None;
        let mut no_rt = None;
        for stmt in &s.body {
            let span = stmt.span;
            match &stmt.kind {
                SubnetStmtKind::Address(value) => {
                    has_address = true;
                    if once.first("address", span, &mut self.diags) {
                        let mut prefixes = self.prefixes(value).into_iter();
                        subnet.address = prefixes.next();
                        if let Some(extra) = prefixes.next() {
                            self.diags.push(
                                Diagnostic::new(
                                    "E105",
                                    extra.span,
                                    "a subnet has exactly one address prefix",
                                )
                                .label("a second prefix")
                                .help("give this prefix a subnet of its own"),
                            );
                        }
                    }
                }
                SubnetStmtKind::Profile(p) => {
                    if once.first("profile", span, &mut self.diags) {
                        subnet.profile = Some(Spanned::new(p.name.clone(), p.span));
                    }
                }
                SubnetStmtKind::Connection(w) => {
                    if once.first("connection", span, &mut self.diags) {
                        subnet.connection = Some(Spanned::new(w.value, w.span));
                    }
                }
                SubnetStmtKind::Delegated => {
                    if once.first("delegated", span, &mut self.diags) {
                        subnet.delegated = Some(span);
                    }
                }
                SubnetStmtKind::ServiceEndpoints(value) => {
                    if once.first("service-endpoints", span, &mut self.diags) {
                        subnet.service_endpoints =
                            self.words(value, "a service endpoint name", "Microsoft.Storage");
                    }
                }
                SubnetStmtKind::NatGateway => {
                    if once.first("nat-gateway", span, &mut self.diags) {
                        subnet.nat_gateway = Some(span);
                    }
                }
                SubnetStmtKind::BgpPropagation(w) => {
                    if once.first("bgp-propagation", span, &mut self.diags) {
                        bgp = Some(Spanned::new(w.value, w.span));
                    }
                }
                SubnetStmtKind::Features(value) => {
                    if once.first("features", span, &mut self.diags) {
                        subnet.features = self.features(value);
                    }
                }
                SubnetStmtKind::Nsg(n) => {
                    if once.first("nsg", span, &mut self.diags) {
                        nsg_name = Spanned::new(n.name.clone(), n.span);
                    }
                }
                SubnetStmtKind::RouteTable(n) => {
                    if once.first("route-table", span, &mut self.diags) {
                        rt_name = Spanned::new(n.name.clone(), n.span);
                    }
                }
                SubnetStmtKind::NoNsg => {
                    if once.first("nsg", span, &mut self.diags) {
                        no_nsg = Some(span);
                    }
                }
                SubnetStmtKind::NoRouteTable => {
                    if once.first("route-table", span, &mut self.diags) {
                        no_rt = Some(span);
                    }
                }
                SubnetStmtKind::Created(w) => {
                    if once.first("created", span, &mut self.diags) {
                        subnet.created = Some(Spanned::new(w.value, w.span));
                    }
                }
                SubnetStmtKind::Instances(list) => {
                    if once.first("instances", span, &mut self.diags) {
                        subnet.instances = Some(self.instances(list));
                    }
                }
                SubnetStmtKind::FailoverGroup(value) => {
                    if once.first("failover-group", span, &mut self.diags) {
                        let mut prefixes = self.prefixes(value).into_iter();
                        subnet.failover_group = prefixes.next();
                        if let Some(extra) = prefixes.next() {
                            self.diags.push(
                                Diagnostic::new(
                                    "E105",
                                    extra.span,
                                    "a failover group has one partner subnet",
                                )
                                .label("a second prefix")
                                .help("name the one subnet of the partner instance"),
                            );
                        }
                    }
                }
                SubnetStmtKind::DefaultOutbound(w) => {
                    if once.first("default-outbound", span, &mut self.diags) {
                        subnet.default_outbound = Some(Spanned::new(w.value, w.span));
                    }
                }
                SubnetStmtKind::Inbound(_)
                | SubnetStmtKind::Outbound(_)
                | SubnetStmtKind::Routes(_)
                | SubnetStmtKind::Error => {}
            }
        }
        if !has_address {
            self.diags.push(
                Diagnostic::new(
                    "E109",
                    s.name.span,
                    format!("subnet `{}` has no `address`", s.name.name),
                )
                .label("no address prefix")
                .note("the prefix is what `subnet` means in rules")
                .help("add the subnet's prefix, e.g. `address 10.20.1.0/24`"),
            );
        }
        let prefix = subnet.address.as_ref().map(|a| a.value);
        // both blocks' rules at once: a rule is large, and growing copies it
        let entries = s.body.iter().map(|stmt| match &stmt.kind {
            SubnetStmtKind::Inbound(b) | SubnetStmtKind::Outbound(b) => b.entries.len(),
            _ => 0,
        });
        let mut rules = Vec::with_capacity(entries.sum());
        let mut routes = Vec::new();
        // looked up, never iterated: its order cannot reach the output
        let mut rule_names = std::collections::HashMap::new();
        let mut route_names = BTreeMap::new();
        for stmt in &s.body {
            match &stmt.kind {
                SubnetStmtKind::Inbound(b) => {
                    once.first("inbound", stmt.span, &mut self.diags);
                    self.rule_block(b, Direction::Inbound, prefix, &mut rule_names, &mut rules);
                }
                SubnetStmtKind::Outbound(b) => {
                    once.first("outbound", stmt.span, &mut self.diags);
                    self.rule_block(b, Direction::Outbound, prefix, &mut rule_names, &mut rules);
                }
                SubnetStmtKind::Routes(b) => {
                    once.first("routes", stmt.span, &mut self.diags);
                    self.route_block(b, prefix, &rt_name.value, &mut route_names, &mut routes);
                }
                _ => {}
            }
        }
        if let Some(none) = no_nsg {
            self.nothing_to_hold(s, none, "nsg", &["inbound", "outbound"]);
        }
        if let Some(none) = no_rt {
            self.nothing_to_hold(s, none, "route-table", &["routes", "bgp-propagation"]);
        }
        let nsg_span = nsg_name.span;
        subnet.nsg = no_nsg.is_none().then_some(Nsg {
            name: nsg_name,
            rules,
            span: nsg_span,
        });
        let rt_span = rt_name.span;
        subnet.route_table = no_rt.is_none().then_some(RouteTable {
            name: rt_name,
            routes,
            bgp_propagation: bgp,
            span: rt_span,
        });
        subnet
    }

    /// E102 for statements that need the NSG or route table that `KEYWORD
    /// none` says the subnet does not have.
    fn nothing_to_hold(&mut self, s: &ast::SubnetDecl, none: Span, keyword: &str, needs: &[&str]) {
        for stmt in &s.body {
            let word = match &stmt.kind {
                SubnetStmtKind::Inbound(_) => "inbound",
                SubnetStmtKind::Outbound(_) => "outbound",
                SubnetStmtKind::Routes(_) => "routes",
                SubnetStmtKind::BgpPropagation(_) => "bgp-propagation",
                _ => continue,
            };
            if !needs.contains(&word) {
                continue;
            }
            let what = if keyword == "nsg" {
                "network security group"
            } else {
                "route table"
            };
            self.diags.push(
                Diagnostic::new(
                    "E102",
                    stmt.span,
                    format!(
                        "subnet `{}` says `{keyword} none` and has `{word}`",
                        s.name.name
                    ),
                )
                .label(format!("`{word}` belongs to the subnet's {what}"))
                .secondary(none, format!("the subnet has no {what}"))
                .help(format!(
                    "remove `{keyword} none` to give the subnet a {what}, or remove `{word}`"
                )),
            );
        }
    }
}
