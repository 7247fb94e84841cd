//! The typed model of a subnet's network security: what `resolve` makes of a
//! `.misec` file and what `import` makes of Azure JSON. Lint, query and emit
//! see only this, so every check works on both kinds of input.
//!
//! Invariants: every name is resolved, every address is a valid prefix (host
//! bits clear) or a service tag in Azure's casing, every port range has
//! `lo <= hi`. Items expanded from a named set keep the span of the element
//! (`span`) and of the set reference in the rule (`via`).

pub mod date;
pub mod priority;

pub use date::Date;

use std::net::IpAddr;

use ipnet::IpNet;

use crate::source::{FileId, Span, Spanned};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    Allow,
    Deny,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Inbound,
    Outbound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Icmp,
    Esp,
    Ah,
    Any,
}

impl Protocol {
    /// The `.misec` keywords, in the language's order.
    pub const KEYWORDS: [(&'static str, Protocol); 6] = [
        ("tcp", Protocol::Tcp),
        ("udp", Protocol::Udp),
        ("icmp", Protocol::Icmp),
        ("esp", Protocol::Esp),
        ("ah", Protocol::Ah),
        ("any", Protocol::Any),
    ];

    /// The `.misec` keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
            Protocol::Esp => "esp",
            Protocol::Ah => "ah",
            Protocol::Any => "any",
        }
    }

    /// As Azure spells it in a security rule.
    pub fn azure_name(self) -> &'static str {
        match self {
            Protocol::Tcp => "Tcp",
            Protocol::Udp => "Udp",
            Protocol::Icmp => "Icmp",
            Protocol::Esp => "Esp",
            Protocol::Ah => "Ah",
            Protocol::Any => "*",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GatewayKind {
    None,
    Vpn,
    ExpressRoute,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ConnectionKind {
    #[default]
    Proxy,
    Redirect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NextHopKind {
    Internet,
    VnetLocal,
    Gateway,
    None,
    Appliance,
}

impl NextHopKind {
    /// Every kind, for lookups by name.
    pub const ALL: [NextHopKind; 5] = [
        NextHopKind::Internet,
        NextHopKind::VnetLocal,
        NextHopKind::Gateway,
        NextHopKind::None,
        NextHopKind::Appliance,
    ];

    /// The `.misec` keywords after `via`.
    pub const KEYWORDS: [(&'static str, NextHopKind); 5] = [
        ("internet", NextHopKind::Internet),
        ("vnet-local", NextHopKind::VnetLocal),
        ("gateway", NextHopKind::Gateway),
        ("none", NextHopKind::None),
        ("appliance", NextHopKind::Appliance),
    ];

    /// The `.misec` keyword after `via`.
    pub fn keyword(self) -> &'static str {
        match self {
            NextHopKind::Internet => "internet",
            NextHopKind::VnetLocal => "vnet-local",
            NextHopKind::Gateway => "gateway",
            NextHopKind::None => "none",
            NextHopKind::Appliance => "appliance",
        }
    }

    /// As Azure spells it in a route's `nextHopType`.
    pub fn azure_name(self) -> &'static str {
        match self {
            NextHopKind::Internet => "Internet",
            NextHopKind::VnetLocal => "VnetLocal",
            NextHopKind::Gateway => "VirtualNetworkGateway",
            NextHopKind::None => "None",
            NextHopKind::Appliance => "VirtualAppliance",
        }
    }
}

/// Instance features that need traffic of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// Transactional replication: outbound TCP 445 to file shares.
    Replication,
    /// The public data endpoint: inbound TCP 3342.
    PublicEndpoint,
    /// Failover groups: TCP 5022 and 11000-11999 between the paired subnets.
    FailoverGroup,
}

impl Feature {
    pub const ALL: [(&'static str, Feature); 3] = [
        ("replication", Feature::Replication),
        ("public-endpoint", Feature::PublicEndpoint),
        ("failover-group", Feature::FailoverGroup),
    ];
}

/// Where a model came from. Some checks only make sense for one kind
/// (AZ007: several service tags on one side can only come from Azure JSON,
/// the compiler splits such rules itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Misec,
    AzureJson,
}

/// A port range, both ends inclusive, `lo <= hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortRange {
    pub lo: u16,
    pub hi: u16,
}

impl PortRange {
    pub const ANY: PortRange = PortRange { lo: 0, hi: 65535 };

    pub fn single(port: u16) -> PortRange {
        PortRange { lo: port, hi: port }
    }

    pub fn is_any(self) -> bool {
        self == PortRange::ANY
    }
}

/// One address element of a rule side or route prefix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Address {
    /// `any` / Azure `*`
    Any,
    /// A prefix with host bits clear (a single IP is a /32 or /128).
    Prefix(IpNet),
    /// A service tag in Azure's casing (`VirtualNetwork`, `Storage.westeurope`).
    Tag(String),
}

impl std::fmt::Display for Address {
    /// In `.misec` (and `misec query`) syntax: `any`, a tag, a prefix, and a
    /// single address without its `/32` or `/128`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Address::Any => f.write_str("any"),
            Address::Prefix(n) if n.prefix_len() == n.max_prefix_len() => write!(f, "{}", n.addr()),
            Address::Prefix(n) => write!(f, "{n}"),
            Address::Tag(t) => f.write_str(t),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressItem {
    pub address: Address,
    /// The element's own text (in a `let` list, or in the rule).
    pub span: Span,
    /// The set name in the rule that brought this element in, if any.
    pub via: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortItem {
    pub range: PortRange,
    pub span: Span,
    pub via: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleOrigin {
    /// Written by the user (or present in imported JSON).
    User,
    /// A `default allow|deny` catch-all.
    Default,
    /// Instantiated from the profile's mandatory rules.
    Mandatory,
    /// One of Azure's default rules (65000, 65001, 65500).
    AzureDefault,
}

/// One NSG security rule. An empty `source`/`destination` never occurs:
/// "any" is `[Address::Any]`; any port is `[PortRange::ANY]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityRule {
    pub name: Spanned<String>,
    pub direction: Direction,
    pub access: Spanned<Access>,
    pub protocol: Spanned<Protocol>,
    pub source: Vec<AddressItem>,
    pub source_ports: Vec<PortItem>,
    pub destination: Vec<AddressItem>,
    pub destination_ports: Vec<PortItem>,
    /// The priority written (or imported); `None` means "assign in source order".
    pub priority: Option<Spanned<u32>>,
    pub description: Option<Spanned<String>>,
    pub origin: RuleOrigin,
    /// The whole rule.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nsg {
    pub name: Spanned<String>,
    /// Inbound and outbound rules, each direction in source order
    /// (highest precedence first).
    pub rules: Vec<SecurityRule>,
    pub span: Span,
}

impl Nsg {
    pub fn rules(&self, direction: Direction) -> impl Iterator<Item = &SecurityRule> {
        self.rules.iter().filter(move |r| r.direction == direction)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextHop {
    pub kind: NextHopKind,
    /// The appliance address; only `Appliance` has one in a valid model.
    pub address: Option<Spanned<IpAddr>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub name: Spanned<String>,
    /// `Address::Prefix` or `Address::Tag` (never `Any`).
    pub prefix: AddressItem,
    pub next_hop: Spanned<NextHop>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteTable {
    pub name: Spanned<String>,
    pub routes: Vec<Route>,
    /// `bgp-propagation on|off`; `None` means Azure's default (on).
    pub bgp_propagation: Option<Spanned<bool>>,
    pub span: Span,
}

/// The instances a subnet will hold, by service tier (`instances [4
/// general-purpose, 1 business-critical]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Instances {
    pub general_purpose: u32,
    pub business_critical: u32,
}

/// What a subnet is to misec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SubnetKind {
    /// A managed instance's subnet: every lint applies. Every subnet of a
    /// `.misec` file is one.
    #[default]
    ManagedInstance,
    /// An NSG or route table imported without the subnet it protects: its
    /// rules and routes are checked, but facts about the subnet itself
    /// (size, delegation, endpoints) are unknown, not absent.
    Standalone,
    /// Another subnet of an imported vnet (a gateway, Bastion or application
    /// subnet): not checked against managed-instance requirements.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub name: Spanned<String>,
    pub kind: SubnetKind,
    /// `None` when missing (already reported) or unknown in an import.
    pub address: Option<Spanned<IpNet>>,
    /// The subnet's own `profile`, overriding the file's.
    pub profile: Option<Spanned<String>>,
    pub connection: Option<Spanned<ConnectionKind>>,
    /// Span of `delegated` when delegated to Microsoft.Sql/managedInstances.
    pub delegated: Option<Span>,
    pub service_endpoints: Vec<Spanned<String>>,
    pub nat_gateway: Option<Span>,
    pub features: Vec<Spanned<Feature>>,
    /// `created DATE`: when the subnet was created (global peering depends
    /// on it); `None` is unknown.
    pub created: Option<Spanned<Date>>,
    /// `instances [...]`: the instances the subnet will hold (MI009).
    pub instances: Option<Spanned<Instances>>,
    /// `failover-group PREFIX`: the partner instance's subnet (MI111).
    pub failover_group: Option<Spanned<IpNet>>,
    /// `default-outbound on|off` (import: `defaultOutboundAccess`); `None`
    /// is Azure's default (on).
    pub default_outbound: Option<Spanned<bool>>,
    /// Always present for `.misec`; absent in an import when no NSG is associated.
    pub nsg: Option<Nsg>,
    pub route_table: Option<RouteTable>,
    pub span: Span,
}

impl Subnet {
    /// A subnet of `kind` that says nothing yet: no address, no NSG, no
    /// route table, no facts.
    pub fn new(name: Spanned<String>, kind: SubnetKind, span: Span) -> Subnet {
        Subnet {
            name,
            kind,
            address: None,
            profile: None,
            connection: None,
            delegated: None,
            service_endpoints: Vec::new(),
            nat_gateway: None,
            features: Vec::new(),
            created: None,
            instances: None,
            failover_group: None,
            default_outbound: None,
            nsg: None,
            route_table: None,
            span,
        }
    }

    pub fn connection(&self) -> ConnectionKind {
        self.connection
            .as_ref()
            .map(|c| c.value)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peering {
    pub name: Spanned<String>,
    pub region: Option<Spanned<String>>,
    pub use_remote_gateways: Option<Span>,
    pub remote_gateway_transit: Option<Span>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vnet {
    pub name: Spanned<String>,
    pub address: Vec<Spanned<IpNet>>,
    pub region: Option<Spanned<String>>,
    /// `None`: Azure-provided DNS.
    pub dns: Option<Vec<Spanned<IpAddr>>>,
    pub dns_span: Option<Span>,
    pub gateway: Option<Spanned<GatewayKind>>,
    pub microsoft_peering: Option<Spanned<bool>>,
    pub peerings: Vec<Peering>,
    pub subnets: Vec<Subnet>,
    pub span: Span,
}

impl Vnet {
    /// A vnet that says nothing yet: no address space, no subnets.
    pub fn new(name: Spanned<String>, span: Span) -> Vnet {
        Vnet {
            name,
            address: Vec::new(),
            region: None,
            dns: None,
            dns_span: None,
            gateway: None,
            microsoft_peering: None,
            peerings: Vec::new(),
            subnets: Vec::new(),
            span,
        }
    }
}

/// Everything one input file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub file: FileId,
    pub origin: Origin,
    /// The file's `profile` statement (for imported JSON: misec's own
    /// `metadata.misec.profile`, where the file has it).
    pub profile: Option<Spanned<String>>,
    /// For imported JSON: the latest `apiVersion` of its `Microsoft.Network`
    /// resources, evidence of its era. `None` for `.misec` files.
    pub api_version: Option<String>,
    pub vnets: Vec<Vnet>,
}

impl Model {
    /// Every subnet with its vnet, in source order.
    pub fn subnets(&self) -> impl Iterator<Item = (&Vnet, &Subnet)> {
        self.vnets
            .iter()
            .flat_map(|v| v.subnets.iter().map(move |s| (v, s)))
    }
}
