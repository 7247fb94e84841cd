//! Virtual networks and subnets: address space, DNS, region, and per subnet
//! its prefix, delegation, service endpoints, NAT gateway and the names of
//! the NSG and route table it references.
//!
//! Input: a `virtualNetworks` resource (or one subnet object) and its scope.
//! Output: [`VnetRes`] / [`SubnetRes`]; unreadable addresses are E301s and
//! are left out.

use std::net::IpAddr;

use ipnet::IpNet;

use super::arm::{item_name, ref_name, SubnetRes, VnetRes, Walker};
use super::eval::{Loops, Scope};
use super::json::Json;
use super::read::props;
use super::values::{self, Problem};
use crate::diagnostic::Diagnostic;
use crate::model::Vnet;
use crate::model::{Subnet, SubnetKind};
use crate::source::Spanned;

pub fn vnet(
    scope: &Scope,
    loops: Loops,
    r: &Json,
    name: Spanned<String>,
    w: &mut Walker,
) -> VnetRes {
    let p = props(r);
    let item = format!("virtual network `{}`", name.value);
    let mut address = Vec::new();
    if let Some(j) = p.path(&["addressSpace", "addressPrefixes"]) {
        match values::texts(scope, loops, j) {
            Ok(texts) => {
                for (t, span) in texts {
                    match prefix(&t, span) {
                        Ok(net) => address.push(Spanned::new(net, span)),
                        Err(e) => w
                            .diags
                            .push(e.field_diagnostic("address space", &item, span)),
                    }
                }
            }
            Err(e) => w
                .diags
                .push(e.field_diagnostic("address space", &item, j.span)),
        }
    }
    let (dns, dns_span) = match p.path(&["dhcpOptions", "dnsServers"]) {
        Some(j) => match values::texts(scope, loops, j) {
            // an empty list is Azure-provided DNS
            Ok(texts) if texts.is_empty() => (None, None),
            Ok(texts) => {
                let mut servers = Vec::new();
                for (t, span) in texts {
                    match t.trim().parse::<IpAddr>() {
                        Ok(ip) => servers.push(Spanned::new(ip, span)),
                        Err(_) => w.diags.push(
                            Problem::Invalid(
                                span,
                                format!("`{t}` is not an IP address"),
                                "write the DNS server's address".into(),
                            )
                            .field_diagnostic(
                                "DNS servers",
                                &item,
                                span,
                            ),
                        ),
                    }
                }
                (Some(servers), Some(j.span))
            }
            Err(e) => {
                w.diags
                    .push(e.field_diagnostic("DNS servers", &item, j.span));
                (None, Some(j.span))
            }
        },
        None => (None, None),
    };
    let region = r
        .get("location")
        .and_then(|l| values::text(scope, loops, l).ok())
        .map(|(t, s)| Spanned::new(t, s));
    let mut subnets = Vec::new();
    w.items(scope, loops, p, "subnets", &mut |w, lp, s| {
        let n = item_name(scope, lp, s);
        subnets.push(subnet(scope, lp, s, n, w.diags));
    });
    let vnet = Vnet {
        address,
        region,
        dns,
        dns_span,
        ..Vnet::new(name, r.span)
    };
    VnetRes { vnet, subnets }
}

fn prefix(t: &str, span: crate::source::Span) -> Result<IpNet, Problem> {
    match values::address(t, span)? {
        crate::model::Address::Prefix(net) => Ok(net),
        _ => Err(Problem::Invalid(
            span,
            format!("`{t}` is not a CIDR prefix"),
            "write a prefix such as `10.0.0.0/24`".into(),
        )),
    }
}

pub fn subnet(
    scope: &Scope,
    loops: Loops,
    s: &Json,
    name: Spanned<String>,
    diags: &mut Vec<Diagnostic>,
) -> SubnetRes {
    let p = props(s);
    let item = format!("subnet `{}`", name.value);
    let address_json = p.get("addressPrefix").or_else(|| p.get("addressPrefixes"));
    let address = address_json.and_then(|j| {
        let first = values::texts(scope, loops, j).and_then(|t| {
            t.into_iter().next().ok_or_else(|| {
                Problem::Invalid(j.span, "no prefix".into(), "write a prefix".into())
            })
        });
        match first.and_then(|(t, span)| prefix(&t, span).map(|n| Spanned::new(n, span))) {
            Ok(net) => Some(net),
            Err(e) => {
                diags.push(e.field_diagnostic("address", &item, j.span));
                None
            }
        }
    });
    let reference = |field: &str, segment: &str| {
        p.path(&[field, "id"])
            .map(|id| ref_name(&values::name(scope, loops, id), segment))
    };
    let delegated = p
        .get("delegations")
        .and_then(|d| d.as_array())
        .unwrap_or_default()
        .iter()
        .find(|d| {
            props(d)
                .get("serviceName")
                .and_then(|n| values::text(scope, loops, n).ok())
                .is_some_and(|(n, _)| {
                    n.trim()
                        .eq_ignore_ascii_case("Microsoft.Sql/managedInstances")
                })
        })
        .map(|d| d.span);
    let service_endpoints = p
        .get("serviceEndpoints")
        .and_then(|d| d.as_array())
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            e.get("service")
                .map(|n| Spanned::new(values::name(scope, loops, n), n.span))
        })
        .collect();
    let nat_gateway = p
        .get("natGateway")
        .filter(|n| n.is_object())
        .map(|n| n.span);
    // `defaultOutboundAccess: false` makes a private subnet (MI008); an
    // expression misec cannot evaluate leaves Azure's default
    let default_outbound = p
        .get("defaultOutboundAccess")
        .and_then(|j| values::boolean(scope, loops, j).ok())
        .map(|(on, span)| Spanned::new(on, span));
    // No template or export shape has a creation date of its own; Azure's
    // responses may carry `systemData.createdAt` (an ISO 8601 time), which
    // is the subnet's creation when present. Anything else stays unknown.
    let created = s.path(&["systemData", "createdAt"]).and_then(|j| {
        let day = j.as_str()?.get(..10)?;
        crate::model::Date::parse(day)
            .ok()
            .map(|d| Spanned::new(d, j.span))
    });
    let subnet = Subnet {
        address,
        delegated,
        service_endpoints,
        nat_gateway,
        default_outbound,
        created,
        // the kind is decided once every subnet of the file is known (assemble)
        ..Subnet::new(name, SubnetKind::Other, s.span)
    };
    SubnetRes {
        subnet,
        nsg_ref: reference("networkSecurityGroup", "networkSecurityGroups"),
        rt_ref: reference("routeTable", "routeTables"),
    }
}
