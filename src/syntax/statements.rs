//! Statements inside `vnet` and `subnet` blocks. Input: the token stream at
//! a statement keyword; output: the statement with a span from its keyword to
//! its last token. Keywords are matched only here, at the start of a
//! statement, so they stay usable as names everywhere else.

use super::ast::{
    ConnectionKind, GatewayKind, SubnetDecl, SubnetStmt, SubnetStmtKind, VnetStmt, VnetStmtKind,
    Word,
};
use super::{PResult, Parser};

pub(crate) const VNET_STMTS: &[&str] = &[
    "address",
    "region",
    "dns",
    "gateway",
    "microsoft-peering",
    "peering",
    "subnet",
];

pub(crate) const SUBNET_STMTS: &[&str] = &[
    "address",
    "profile",
    "connection",
    "delegated",
    "service-endpoints",
    "nat-gateway",
    "bgp-propagation",
    "features",
    "nsg",
    "route-table",
    "inbound",
    "outbound",
    "routes",
    "created",
    "instances",
    "failover-group",
    "default-outbound",
];

const ON_OFF: &[(&str, bool)] = &[("on", true), ("off", false)];

impl Parser<'_> {
    /// `vnet_stmt = "address" value | "region" ident | "dns" value
    ///   | "gateway" gateway_kind | "microsoft-peering" on_off
    ///   | peering_decl | subnet_decl ;`
    pub(crate) fn vnet_stmt(&mut self) -> PResult<VnetStmt> {
        let start = self.peek().start;
        let kind = match self.peek_word() {
            Some("address") => {
                self.bump();
                VnetStmtKind::Address(self.value("an address prefix or a `[...]` list of them")?)
            }
            Some("region") => {
                self.bump();
                VnetStmtKind::Region(self.ident(
                    "a region name",
                    "name an Azure region, e.g. `region westeurope`",
                )?)
            }
            Some("dns") => {
                self.bump();
                VnetStmtKind::Dns(self.value("a DNS server address or a `[...]` list of them")?)
            }
            Some("gateway") => {
                self.bump();
                VnetStmtKind::Gateway(self.gateway_kind()?)
            }
            Some("microsoft-peering") => {
                self.bump();
                VnetStmtKind::MicrosoftPeering(self.on_off()?)
            }
            Some("peering") => VnetStmtKind::Peering(self.peering_decl()?),
            Some("subnet") => VnetStmtKind::Subnet(self.subnet_decl()?),
            _ => return self.unknown_stmt("a vnet statement", VNET_STMTS),
        };
        Ok(VnetStmt {
            kind,
            span: self.span(start, self.last_end),
        })
    }

    /// `gateway_kind = "none" | "vpn" | "expressroute" ;`
    pub(crate) fn gateway_kind(&mut self) -> PResult<Word<GatewayKind>> {
        self.keyword(
            &[
                ("none", GatewayKind::None),
                ("vpn", GatewayKind::Vpn),
                ("expressroute", GatewayKind::ExpressRoute),
            ],
            "a gateway kind",
        )
    }

    /// `on_off = "on" | "off" ;`
    pub(crate) fn on_off(&mut self) -> PResult<Word<bool>> {
        self.keyword(ON_OFF, "`on` or `off`")
    }

    /// `connection_kind = "proxy" | "redirect" ;`
    pub(crate) fn connection_kind(&mut self) -> PResult<Word<ConnectionKind>> {
        self.keyword(
            &[
                ("proxy", ConnectionKind::Proxy),
                ("redirect", ConnectionKind::Redirect),
            ],
            "a connection type",
        )
    }

    /// `subnet_decl = "subnet" ident "{" { subnet_stmt } "}" ;`
    pub(crate) fn subnet_decl(&mut self) -> PResult<SubnetDecl> {
        let start = self.bump().start;
        let name = self.ident("a subnet name", "name the subnet, e.g. `subnet sqlmi {`")?;
        let open = self.open_brace("a subnet")?;
        let (body, end) = self.block(open, false, Self::subnet_stmt, |span| SubnetStmt {
            kind: SubnetStmtKind::Error,
            span,
        });
        Ok(SubnetDecl {
            name,
            body,
            span: self.span(start, end),
        })
    }

    /// `subnet_stmt = "address" value | "profile" ident
    ///   | "connection" connection_kind | "delegated"
    ///   | "service-endpoints" value | "nat-gateway" | "bgp-propagation" on_off
    ///   | "features" value | "nsg" ident | "route-table" ident
    ///   | "nsg" "none" | "route-table" "none"
    ///   | "inbound" rule_block | "outbound" rule_block | "routes" route_block
    ///   | "created" date | "instances" instances | "failover-group" value
    ///   | "default-outbound" on_off ;`
    pub(crate) fn subnet_stmt(&mut self) -> PResult<SubnetStmt> {
        let start = self.peek().start;
        let Some(word) = self.peek_word() else {
            return self.unknown_stmt("a subnet statement", SUBNET_STMTS);
        };
        if !SUBNET_STMTS.contains(&word) {
            return self.unknown_stmt("a subnet statement", SUBNET_STMTS);
        }
        self.bump();
        let kind = match word {
            "address" => SubnetStmtKind::Address(self.value("the subnet's address prefix")?),
            "profile" => SubnetStmtKind::Profile(self.ident(
                "a profile name",
                "name a profile, e.g. `profile mi-2020-service-aided`",
            )?),
            "connection" => SubnetStmtKind::Connection(self.connection_kind()?),
            "delegated" => SubnetStmtKind::Delegated,
            "service-endpoints" => SubnetStmtKind::ServiceEndpoints(
                self.value("a service endpoint name or a `[...]` list of them")?,
            ),
            "nat-gateway" => SubnetStmtKind::NatGateway,
            "bgp-propagation" => SubnetStmtKind::BgpPropagation(self.on_off()?),
            "features" => {
                SubnetStmtKind::Features(self.value("a feature name or a `[...]` list of them")?)
            }
            "nsg" if self.peek_word() == Some("none") => {
                self.bump();
                SubnetStmtKind::NoNsg
            }
            "route-table" if self.peek_word() == Some("none") => {
                self.bump();
                SubnetStmtKind::NoRouteTable
            }
            "nsg" => SubnetStmtKind::Nsg(self.ident(
                "a network security group name",
                "name the network security group, e.g. `nsg prod-sqlmi-nsg`",
            )?),
            "route-table" => SubnetStmtKind::RouteTable(self.ident(
                "a route table name",
                "name the route table, e.g. `route-table prod-sqlmi-rt`",
            )?),
            "inbound" => SubnetStmtKind::Inbound(self.rule_block()?),
            "outbound" => SubnetStmtKind::Outbound(self.rule_block()?),
            "created" => SubnetStmtKind::Created(self.date()?),
            "instances" => SubnetStmtKind::Instances(self.instances()?),
            "failover-group" => {
                SubnetStmtKind::FailoverGroup(self.value("the partner subnet's address prefix")?)
            }
            "default-outbound" => SubnetStmtKind::DefaultOutbound(self.on_off()?),
            _ => SubnetStmtKind::Routes(self.route_block()?),
        };
        Ok(SubnetStmt {
            kind,
            span: self.span(start, self.last_end),
        })
    }
}
