//! Hand-built plans for the emitter tests and benchmark (the planner that
//! builds plans from a Model and a Profile is not the emitter's business).
//! Elements are written as Azure text: `*` is any, a CIDR is a prefix,
//! anything else a service tag; ports as `"9000,11000-11999"` or `"*"`.
#![allow(dead_code, clippy::unwrap_used)] // test data

use std::borrow::Cow;
use std::net::IpAddr;

use ipnet::IpNet;
use misec::emit::{Plan, PlannedNsg, PlannedRouteTable, PlannedRule, PlannedSubnet};
use misec::model::{
    Access, Address, AddressItem, Direction, NextHop, NextHopKind, PortItem, PortRange, Protocol,
    Route, RuleOrigin, SecurityRule,
};
use misec::source::{FileId, Span, Spanned};

pub const API: &str = "2024-05-01";

/// A distinct span per call site value, so errors can be traced to a rule.
pub fn span(n: usize) -> Span {
    Span::new(FileId(0), n * 10, n * 10 + 5)
}

fn sp<T>(value: T, n: usize) -> Spanned<T> {
    Spanned::new(value, span(n))
}

pub fn address(text: &str) -> Address {
    if text == "*" {
        Address::Any
    } else if let Ok(net) = text.parse::<IpNet>() {
        Address::Prefix(net)
    } else {
        Address::Tag(text.to_string())
    }
}

fn addresses(list: &[&str], n: usize) -> Vec<AddressItem> {
    list.iter()
        .map(|t| AddressItem {
            address: address(t),
            span: span(n),
            via: None,
        })
        .collect()
}

pub fn ports(text: &str, n: usize) -> Vec<PortItem> {
    text.split(',')
        .map(|p| {
            let range = match p.split_once('-') {
                _ if p == "*" => PortRange::ANY,
                Some((lo, hi)) => PortRange {
                    lo: lo.parse().unwrap(),
                    hi: hi.parse().unwrap(),
                },
                None => PortRange::single(p.parse().unwrap()),
            };
            PortItem {
                range,
                span: span(n),
                via: None,
            }
        })
        .collect()
}

/// `rule("name", In, Allow, Tcp, &["src"], &["dst"], "ports", 200)`; source ports `*`.
#[allow(clippy::too_many_arguments)]
pub fn rule(
    name: &str,
    direction: Direction,
    access: Access,
    protocol: Protocol,
    source: &[&str],
    destination: &[&str],
    dports: &str,
    priority: u32,
) -> PlannedRule<'static> {
    let n = priority as usize
        + if direction == Direction::Inbound {
            0
        } else {
            5000
        };
    PlannedRule {
        rule: Cow::Owned(SecurityRule {
            name: sp(name.to_string(), n),
            direction,
            access: sp(access, n),
            protocol: sp(protocol, n),
            source: addresses(source, n),
            source_ports: ports("*", n),
            destination: addresses(destination, n),
            destination_ports: ports(dports, n),
            priority: Some(sp(priority, n)),
            description: None,
            origin: RuleOrigin::User,
            span: span(n),
        }),
        priority,
    }
}

pub fn described(mut r: PlannedRule<'static>, text: &str) -> PlannedRule<'static> {
    let span = r.rule.span;
    r.rule.to_mut().description = Some(Spanned::new(text.to_string(), span));
    r
}

pub fn mandatory(mut r: PlannedRule<'static>) -> PlannedRule<'static> {
    r.rule.to_mut().origin = RuleOrigin::Mandatory;
    r
}

pub fn route(name: &str, prefix: &str, kind: NextHopKind, ip: Option<&str>, n: usize) -> Route {
    Route {
        name: sp(name.to_string(), n),
        prefix: AddressItem {
            address: address(prefix),
            span: span(n),
            via: None,
        },
        next_hop: sp(
            NextHop {
                kind,
                address: ip.map(|a| sp(a.parse::<IpAddr>().unwrap(), n)),
            },
            n,
        ),
        span: span(n),
    }
}

use Access::{Allow, Deny};
use Direction::{Inbound as In, Outbound as Out};
use Protocol::{Any, Icmp, Tcp, Udp};

const MI: &str = "10.20.1.0/24";
const UO: &str = "Microsoft.Sql-managedInstances_UseOnly_";

/// A service-aided MI subnet: the profile's mandatory rules as the platform
/// names them, then user rules exercising every shape Azure has.
pub fn service_aided() -> Plan<'static> {
    let m = |name: &str| format!("{UO}{name}-10-20-1-0-24");
    let rules = vec![
        mandatory(described(
            rule(
                &m("mi-sqlmgmt-in"),
                In,
                Allow,
                Tcp,
                &["SqlManagement"],
                &[MI],
                "9000,9003,1438,1440,1452",
                100,
            ),
            "Allow MI provisioning Control Plane Deployment and Authentication Service",
        )),
        mandatory(rule(
            &m("mi-corpsaw-in"),
            In,
            Allow,
            Tcp,
            &["CorpNetSaw"],
            &[MI],
            "9000,9003,1440",
            101,
        )),
        mandatory(rule(
            &m("mi-corppublic-in"),
            In,
            Allow,
            Tcp,
            &["CorpNetPublic"],
            &[MI],
            "9000,9003",
            102,
        )),
        mandatory(rule(
            &m("mi-healthprobe-in"),
            In,
            Allow,
            Any,
            &["AzureLoadBalancer"],
            &[MI],
            "*",
            103,
        )),
        mandatory(rule(
            &m("mi-internal-in"),
            In,
            Allow,
            Any,
            &[MI],
            &[MI],
            "*",
            104,
        )),
        mandatory(rule(
            &m("mi-services-out"),
            Out,
            Allow,
            Tcp,
            &[MI],
            &["AzureCloud"],
            "443,12000",
            100,
        )),
        mandatory(rule(
            &m("mi-internal-out"),
            Out,
            Allow,
            Any,
            &[MI],
            &[MI],
            "*",
            101,
        )),
        described(
            rule(
                "allow-apps",
                In,
                Allow,
                Tcp,
                &["10.1.0.0/24", "10.2.0.0/24"],
                &[MI],
                "1433,11000-11999",
                200,
            ),
            "Applications in the spokes",
        ),
        rule(
            "allow-vnet-and-lb",
            In,
            Allow,
            Tcp,
            &["VirtualNetwork", "AzureLoadBalancer"],
            &[MI],
            "1433",
            300,
        ),
        rule(
            "allow-v6",
            In,
            Allow,
            Tcp,
            &["2001:db8:1::/48"],
            &["*"],
            "1433",
            400,
        ),
        rule(
            "allow-ping",
            In,
            Allow,
            Icmp,
            &["10.1.0.0/24"],
            &[MI],
            "*",
            500,
        ),
        rule("deny-all-in", In, Deny, Any, &["*"], &["*"], "*", 4096),
        rule(
            "allow-storage",
            Out,
            Allow,
            Tcp,
            &[MI],
            &["Storage.westeurope", "10.50.0.0/16", "10.51.0.0/16"],
            "443,445",
            200,
        ),
        rule(
            "allow-dns",
            Out,
            Allow,
            Udp,
            &["*"],
            &["168.63.129.16/32"],
            "53",
            300,
        ),
        rule("deny-all-out", Out, Deny, Any, &["*"], &["*"], "*", 4096),
    ];
    let routes = vec![
        route(
            &format!("{UO}subnet-10-20-1-0-24-to-vnetlocal"),
            MI,
            NextHopKind::VnetLocal,
            None,
            1,
        ),
        route(
            &format!("{UO}mi-AzureCloud.westeurope"),
            "AzureCloud.westeurope",
            NextHopKind::Internet,
            None,
            2,
        ),
        route("to-onprem", "192.168.0.0/16", NextHopKind::Gateway, None, 3),
        route("blackhole", "10.99.0.0/16", NextHopKind::None, None, 4),
        route(
            "default-to-firewall",
            "0.0.0.0/0",
            NextHopKind::Appliance,
            Some("10.20.0.4"),
            5,
        ),
    ];
    Plan {
        api_version: API.to_string(),
        nsgs: vec![PlannedNsg {
            name: "sqlmi-nsg".to_string(),
            rules,
        }],
        route_tables: vec![PlannedRouteTable {
            name: "sqlmi-rt".to_string(),
            routes,
            disable_bgp_route_propagation: true,
        }],
        subnets: vec![PlannedSubnet {
            vnet_name: "vnet-prod".to_string(),
            vnet_address: vec!["10.20.0.0/16".parse().unwrap()],
            name: "sqlmi".to_string(),
            address: MI.parse().unwrap(),
            nsg: Some("sqlmi-nsg".to_string()),
            route_table: Some("sqlmi-rt".to_string()),
            delegated: true,
            service_endpoints: vec!["Microsoft.Storage".to_string()],
        }],
    }
}

/// The 2018 manual configuration: `Any` destinations, one route to Internet,
/// BGP propagation left on, no subnets.
pub fn manual_2018() -> Plan<'static> {
    let rules = vec![
        mandatory(rule(
            "allow_management_inbound",
            In,
            Allow,
            Tcp,
            &["*"],
            &["*"],
            "9000,9003,1438,1440,1452",
            100,
        )),
        mandatory(rule(
            "allow_misubnet_inbound",
            In,
            Allow,
            Any,
            &["10.0.0.0/24"],
            &["*"],
            "*",
            200,
        )),
        mandatory(rule(
            "allow_health_probe_inbound",
            In,
            Allow,
            Any,
            &["AzureLoadBalancer"],
            &["*"],
            "*",
            300,
        )),
        mandatory(rule(
            "allow_management_outbound",
            Out,
            Allow,
            Tcp,
            &["*"],
            &["*"],
            "80,443,12000",
            100,
        )),
        mandatory(rule(
            "allow_misubnet_outbound",
            Out,
            Allow,
            Any,
            &["*"],
            &["10.0.0.0/24"],
            "*",
            200,
        )),
        rule(
            "allow_tds_inbound",
            In,
            Allow,
            Tcp,
            &["VirtualNetwork"],
            &["*"],
            "1433",
            1000,
        ),
        rule("deny_all_inbound", In, Deny, Any, &["*"], &["*"], "*", 4096),
    ];
    Plan {
        api_version: "2018-08-01".to_string(),
        nsgs: vec![PlannedNsg {
            name: "mi-nsg".to_string(),
            rules,
        }],
        route_tables: vec![PlannedRouteTable {
            name: "mi-rt".to_string(),
            routes: vec![route(
                "0_0_0_0-0-Internet",
                "0.0.0.0/0",
                NextHopKind::Internet,
                None,
                1,
            )],
            disable_bgp_route_propagation: false,
        }],
        subnets: Vec::new(),
    }
}

/// A plan whose NSG holds `n_rules` Azure rules (alternating directions, up
/// to 3 prefixes per side; every tenth planned rule names two tags and is
/// split in two) and whose route table holds `n_routes` routes.
pub fn large(n_rules: usize, n_routes: usize) -> Plan<'static> {
    let mut rules = Vec::with_capacity(n_rules);
    let mut next = [100u32, 100u32];
    let mut emitted = 0;
    let mut i = 0;
    while emitted < n_rules {
        let dir = if i % 2 == 0 { In } else { Out };
        let slot = &mut next[i % 2];
        let a = format!("10.{}.{}.0/24", i / 250, i % 250);
        let b = format!("10.200.{}.0/24", i % 250);
        let split = i % 10 == 9 && n_rules - emitted >= 2;
        let src: Vec<&str> = match (split, i % 2) {
            (true, _) => vec!["AzureLoadBalancer", "AzureCloud"],
            (false, 0) => vec![a.as_str(), b.as_str(), "172.16.0.0/12"],
            (false, _) => vec!["VirtualNetwork"],
        };
        let name = format!("rule-{i}");
        rules.push(rule(
            &name,
            dir,
            Allow,
            Tcp,
            &src,
            &["10.20.1.0/24"],
            "1433,11000-11999,5022",
            *slot,
        ));
        let parts = if split { 2 } else { 1 };
        *slot += parts;
        emitted += parts as usize;
        i += 1;
    }
    let routes = (0..n_routes)
        .map(|i| {
            let p = format!("10.{}.{}.0/24", 100 + i / 250, i % 250);
            let hop = [
                NextHopKind::Internet,
                NextHopKind::VnetLocal,
                NextHopKind::Gateway,
                NextHopKind::None,
            ];
            route(&format!("route-{i}"), &p, hop[i % 4], None, i)
        })
        .collect();
    Plan {
        api_version: API.to_string(),
        nsgs: vec![PlannedNsg {
            name: "big-nsg".to_string(),
            rules,
        }],
        route_tables: vec![PlannedRouteTable {
            name: "big-rt".to_string(),
            routes,
            disable_bgp_route_propagation: true,
        }],
        subnets: Vec::new(),
    }
}
