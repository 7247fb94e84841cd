//! `misec profiles --format json`: the built-in profiles, or one profile's
//! requirements, ports, mandatory rules and routes, as one JSON document.
//!
//! Input: the built-ins, or one [`Profile`] and optionally a subnet and
//! region to fill the templates in with. Output: a `serde_json::Value`
//! whose keys keep their insertion order; identical input, identical text.

use ipnet::IpNet;
use serde_json::{json, Value};

use super::template::{expand, Vars};
use super::{load, MandatoryRule, Profile};

/// `{"profiles": [{"name", "default", "summary"}]}`
pub fn list_json() -> Value {
    let list: Vec<Value> = load::builtin_names()
        .iter()
        .map(|name| {
            let summary = match load::load_builtin(name) {
                Some(Ok(p)) => Value::from(p.summary),
                _ => Value::Null,
            };
            json!({"name": name, "default": *name == load::DEFAULT, "summary": summary})
        })
        .collect();
    json!({ "profiles": list })
}

impl Profile {
    /// The profile as JSON; templates filled in where `subnet` and `region`
    /// allow, left as written (`{subnet}`) elsewhere.
    pub fn describe_json(&self, subnet: Option<IpNet>, region: Option<&str>) -> Value {
        let vars = Vars::new(subnet, region);
        let fill = |t: &str| expand(t, &vars).unwrap_or_else(|_| t.to_string());
        let fill_all = |list: &[String]| list.iter().map(|t| fill(t)).collect::<Vec<_>>();
        let rule = |r: &MandatoryRule| {
            json!({
                "name": fill(&r.name),
                "priority": r.priority,
                "access": format!("{:?}", r.access).to_lowercase(),
                "protocol": r.protocol.azure_name(),
                "source": fill_all(&r.source),
                "source_ports": r.source_ports,
                "destination": fill_all(&r.destination),
                "destination_ports": r.destination_ports,
                "description": r.description,
                "optional": r.optional,
                "source_document": r.provenance,
            })
        };
        let s = &self.subnet;
        json!({
            "name": self.name,
            "default": self.name == load::DEFAULT,
            "summary": self.summary,
            "api_version": self.api_version,
            "sources": self.sources,
            "subnet": {
                "min_addresses": s.min_addresses,
                "recommended_addresses": s.recommended_addresses,
                "delegation_required": s.delegation_required,
                "service_endpoints_allowed": s.service_endpoints_allowed,
                "nat_gateway_allowed": s.nat_gateway_allowed,
                "ipv6_allowed": s.ipv6_allowed,
                "global_peering_allowed": s.global_peering_allowed,
                "microsoft_peering_allowed": s.microsoft_peering_allowed,
                "default_route_must_be_internet": s.default_route_must_be_internet,
                "platform_dns_required": s.platform_dns_required,
                "nsg_required": s.nsg_required,
                "route_table_required": s.route_table_required,
            },
            "platform_provisioned": self.platform_provisioned,
            "mandatory_first": self.mandatory_first,
            "ports": {
                "tds": self.ports.tds,
                "redirect": match self.ports.redirect {
                    r if r.lo == r.hi => r.lo.to_string(),
                    r => format!("{}-{}", r.lo, r.hi),
                },
                "replication": self.ports.replication,
                "public_endpoint": self.ports.public_endpoint,
            },
            "inbound": self.inbound.iter().map(rule).collect::<Vec<_>>(),
            "outbound": self.outbound.iter().map(rule).collect::<Vec<_>>(),
            "routes": self.routes.iter().map(|r| json!({
                "name": fill(&r.name),
                "prefix": fill(&r.prefix),
                "next_hop": r.next_hop.azure_name(),
                "optional": r.optional,
                "source_document": r.provenance,
            })).collect::<Vec<_>>(),
            "notes": self.notes,
        })
    }
}
