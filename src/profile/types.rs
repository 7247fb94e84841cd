//! The checked form of a profile: what the loader (`check`) makes of the
//! YAML, what the build script embeds for the built-in profiles, and what
//! instantiation and the lints read. Plain data; the invariants are the
//! loader's (see the module above).

use crate::model::{Access, Date, NextHopKind, PortRange, Protocol};
use crate::source::Span;

/// One era's requirements.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// `mi-2020-service-aided`
    pub name: String,
    pub summary: String,
    /// Which dates the era covers (the YAML's `covers:`).
    pub covers: Option<String>,
    /// Where each fact comes from (documents, templates).
    pub sources: Vec<String>,
    /// The `apiVersion` emitted templates use for Microsoft.Network.
    pub api_version: String,
    pub subnet: SubnetRequirements,
    /// The platform adds the mandatory rules and routes itself (service-aided):
    /// an imported NSG is evaluated with them in front.
    pub platform_provisioned: bool,
    /// User rules must come after the mandatory ones (MI104).
    pub mandatory_first: bool,
    pub inbound: Vec<MandatoryRule>,
    pub outbound: Vec<MandatoryRule>,
    pub routes: Vec<MandatoryRoute>,
    /// The ports clients and instance features use.
    pub ports: Ports,
    /// When global peering works, by the subnet's creation date; `None`:
    /// `subnet.global_peering_allowed` alone decides.
    pub global_peering: Option<GlobalPeering>,
    /// How many addresses instances need (MI009); `None`: no formula.
    pub sizing: Option<Sizing>,
    /// The era's end (MI010): its configuration can no longer be deployed.
    pub ended: Option<Ended>,
    /// Further requirements in prose (custom DNS, replication ports, …),
    /// shown by `misec profiles NAME`.
    pub notes: Vec<String>,
    /// The whole profile document, for labels that point at the profile.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetRequirements {
    /// MI001: fewer addresses than this is an error.
    pub min_addresses: u32,
    /// MI002: fewer than this is a warning.
    pub recommended_addresses: u32,
    /// MI003: the subnet must be delegated to Microsoft.Sql/managedInstances.
    pub delegation_required: bool,
    /// MI004: service endpoints are allowed.
    pub service_endpoints_allowed: bool,
    /// MI005: a NAT gateway may be attached.
    pub nat_gateway_allowed: bool,
    /// MI110: IPv6 prefixes may appear in rules and routes.
    pub ipv6_allowed: bool,
    /// MI301: peering to another region is supported.
    pub global_peering_allowed: bool,
    /// MI302: Microsoft peering on an ExpressRoute circuit is supported.
    pub microsoft_peering_allowed: bool,
    /// MI203: management traffic must reach Internet directly, so a default
    /// route elsewhere breaks it.
    pub default_route_must_be_internet: bool,
    /// MI106: outbound traffic to AzurePlatformDNS must not be denied.
    pub platform_dns_required: bool,
    /// MI007: the subnet must have an NSG associated.
    pub nsg_required: bool,
    /// MI007: the subnet must have a route table associated.
    pub route_table_required: bool,
}

/// The ports clients and instance features use (the YAML's `ports:`), which
/// the lints check are allowed: MI107 and SEC001 (TDS and redirect), MI108
/// (replication), MI109 and SEC001 (the public endpoint). All TCP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ports {
    /// TDS: clients log in on it (inbound).
    pub tds: u16,
    /// Where redirected connections go after the login (inbound).
    pub redirect: PortRange,
    /// SMB to the file share transactional replication writes to (outbound).
    pub replication: u16,
    /// The public data endpoint (inbound).
    pub public_endpoint: u16,
    /// Auto-failover group replication between the partner subnets, both
    /// directions (MI111); empty when the profile does not say.
    pub failover_group: Vec<PortRange>,
    /// Where the ports come from (the YAML's `source:` line).
    pub provenance: Option<String>,
}

/// Global peering by creation date: fails for subnets created before
/// `fails_before`, works from `works_from` (`fails_before <= works_from`);
/// between them the documents disagree, and misec says *may*.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalPeering {
    pub fails_before: Date,
    pub works_from: Date,
    pub provenance: Option<String>,
    /// The `global_peering` entry in the YAML.
    pub span: Span,
}

/// An address formula: reserved + GP·general_purpose + BC·business_critical
/// + groups·per_group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formula {
    pub reserved: u32,
    pub general_purpose: u32,
    pub business_critical: u32,
    pub per_group: u32,
}

/// The era's sizing rule (MI009).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sizing {
    /// What the instances occupy: fewer addresses is an error.
    pub required: Formula,
    /// With room to scale: fewer is a warning.
    pub recommended: Option<Formula>,
    pub provenance: Option<String>,
    pub span: Span,
}

/// The era's end (MI010).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub date: Date,
    pub what: String,
    pub provenance: Option<String>,
    pub span: Span,
}

/// A rule the platform needs. Address and name fields are templates:
/// `{subnet}` is the subnet prefix (`10.20.1.0/24`), `{subnet-dashed}` the same
/// with dashes (`10-20-1-0-24`), `{region}` and `{paired-region}` the vnet's
/// region and its pair.
#[derive(Debug, Clone, PartialEq)]
pub struct MandatoryRule {
    pub name: String,
    pub description: Option<String>,
    pub priority: u32,
    pub access: Access,
    pub protocol: Protocol,
    pub source: Vec<String>,
    pub source_ports: Vec<String>,
    pub destination: Vec<String>,
    pub destination_ports: Vec<String>,
    /// The ports must be allowed by one single rule (MI103).
    pub single_rule: bool,
    /// May be absent without harm (2024's "optional" rules).
    pub optional: bool,
    /// Where the requirement comes from (the YAML's `source:` line).
    pub provenance: Option<String>,
    /// The rule's entry in the profile YAML.
    pub span: Span,
    /// The value of its `name:` and `priority:` keys (the entry where absent),
    /// so that labels point at the line that matters.
    pub name_span: Span,
    pub priority_span: Span,
}

/// A route the platform needs; `prefix` is a template as for rules.
#[derive(Debug, Clone, PartialEq)]
pub struct MandatoryRoute {
    pub name: String,
    pub prefix: String,
    pub next_hop: NextHopKind,
    pub optional: bool,
    /// Where the requirement comes from (the YAML's `source:` line).
    pub provenance: Option<String>,
    /// The route's entry in the profile YAML.
    pub span: Span,
}
