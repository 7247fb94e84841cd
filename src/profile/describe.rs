//! Text for `misec profiles`: the list of built-in profiles, and one
//! profile's requirements (the client and feature ports among them),
//! mandatory rules and routes as aligned tables.
//!
//! Input: the built-ins or one [`Profile`], optionally a subnet and region to
//! instantiate the templates with. Output: plain text, deterministic (same
//! input, same bytes), no trailing spaces.

use ipnet::IpNet;

use super::template::{expand, Vars};
use super::{load, MandatoryRule, Profile};
use crate::model::{Access, NextHopKind, PortRange, Protocol};

/// The built-in profiles, one per line with their summary; the default marked.
pub fn list() -> String {
    let rows: Vec<Vec<String>> = load::builtin_names()
        .iter()
        .map(|name| {
            let summary = match load::load_builtin(name) {
                Some(Ok(p)) => p.summary,
                _ => "(cannot be loaded)".to_string(),
            };
            let mark = if *name == load::DEFAULT {
                "(default)"
            } else {
                ""
            };
            vec![name.to_string(), mark.to_string(), summary]
        })
        .collect();
    let mut out = table(&["PROFILE", "", "SUMMARY"], &rows);
    out.push_str("\n`misec profiles NAME` shows one profile's requirements, rules and routes\n");
    out
}

impl Profile {
    /// The profile's requirements and mandatory rules and routes; with
    /// `subnet` and `region` the templates are filled in where they can be.
    pub fn describe(&self, subnet: Option<IpNet>, region: Option<&str>) -> String {
        let vars = Vars::new(subnet, region);
        let fill = |t: &str| expand(t, &vars).unwrap_or_else(|_| t.to_string());
        let mut out = String::new();
        let default = if self.name == load::DEFAULT {
            " (default)"
        } else {
            ""
        };
        out.push_str(&format!(
            "profile {}{default}\n  {}\n",
            self.name, self.summary
        ));
        if let Some(covers) = &self.covers {
            out.push_str(&format!("  covers {covers}\n"));
        }
        if subnet.is_some() || region.is_some() {
            let mut parts = Vec::new();
            if let Some(s) = subnet {
                parts.push(format!("subnet {s}"));
            }
            if let Some(r) = &vars.region {
                parts.push(format!("region {r}"));
            }
            if let Some(p) = &vars.paired_region {
                parts.push(format!("paired region {p}"));
            }
            out.push_str(&format!("  instantiated for {}\n", parts.join(", ")));
        }
        if !self.sources.is_empty() {
            out.push_str("\nsources\n");
            for s in &self.sources {
                out.push_str(&format!("  - {s}\n"));
            }
        }
        let s = &self.subnet;
        let yes_no = |b: bool, yes: &str, no: &str| if b { yes } else { no }.to_string();
        let facts = vec![
            vec![
                "Microsoft.Network api version".into(),
                self.api_version.clone(),
            ],
            vec![
                "minimum subnet addresses".into(),
                s.min_addresses.to_string(),
            ],
            vec![
                "recommended subnet addresses".into(),
                s.recommended_addresses.to_string(),
            ],
            vec![
                "delegation to Microsoft.Sql/managedInstances".into(),
                yes_no(s.delegation_required, "required", "not required"),
            ],
            vec![
                "service endpoints".into(),
                yes_no(s.service_endpoints_allowed, "allowed", "not allowed"),
            ],
            vec![
                "NAT gateway".into(),
                yes_no(s.nat_gateway_allowed, "allowed", "not allowed"),
            ],
            vec![
                "IPv6 in rules and routes".into(),
                yes_no(s.ipv6_allowed, "allowed", "not allowed"),
            ],
            vec![
                "global VNet peering".into(),
                super::describe_eras::global_peering(self),
            ],
            vec![
                "Microsoft peering".into(),
                yes_no(s.microsoft_peering_allowed, "supported", "not supported"),
            ],
            vec![
                "default route 0.0.0.0/0".into(),
                yes_no(
                    s.default_route_must_be_internet,
                    "must go to Internet",
                    "may go elsewhere",
                ),
            ],
            vec![
                "network security group".into(),
                yes_no(s.nsg_required, "must be associated", "optional"),
            ],
            vec![
                "route table".into(),
                yes_no(s.route_table_required, "must be associated", "optional"),
            ],
            vec![
                "outbound to AzurePlatformDNS".into(),
                yes_no(
                    s.platform_dns_required,
                    "must not be denied",
                    "no requirement",
                ),
            ],
            vec![
                "mandatory rules and routes".into(),
                yes_no(
                    self.platform_provisioned,
                    "provisioned by the platform",
                    "written by the user",
                ),
            ],
            vec![
                "user rules".into(),
                yes_no(
                    self.mandatory_first,
                    "after the mandatory rules",
                    "anywhere",
                ),
            ],
            vec![
                "client connections (TDS)".into(),
                format!("inbound TCP {}", self.ports.tds),
            ],
            vec![
                "redirected connections".into(),
                format!("inbound TCP {}", port_range(self.ports.redirect)),
            ],
            vec![
                "transactional replication".into(),
                format!("outbound TCP {}", self.ports.replication),
            ],
            vec![
                "public endpoint".into(),
                format!("inbound TCP {}", self.ports.public_endpoint),
            ],
        ];
        let mut facts = facts;
        facts.extend(super::describe_eras::rows(self));
        out.push_str("\nrequirements\n");
        out.push_str(&indent(&table(&[], &facts)));
        if !self.notes.is_empty() {
            out.push_str("\nnotes\n");
            for n in &self.notes {
                out.push_str(&format!("  - {n}\n"));
            }
        }
        for (title, rules) in [("inbound", &self.inbound), ("outbound", &self.outbound)] {
            out.push_str(&format!("\nmandatory {title} rules ({})\n", rules.len()));
            if rules.is_empty() {
                out.push_str("  none\n");
                continue;
            }
            let rows: Vec<Vec<String>> = rules.iter().map(|r| rule_row(r, &fill)).collect();
            out.push_str(&indent(&table(
                &[
                    "PRIORITY",
                    "NAME",
                    "ACCESS",
                    "PROTOCOL",
                    "SOURCE",
                    "SOURCE PORTS",
                    "DESTINATION",
                    "PORTS",
                    "NOTE",
                ],
                &rows,
            )));
        }
        out.push_str(&format!("\nmandatory routes ({})\n", self.routes.len()));
        if self.routes.is_empty() {
            out.push_str("  none\n");
        } else {
            let rows: Vec<Vec<String>> = self
                .routes
                .iter()
                .map(|r| {
                    let note = if r.optional { "optional" } else { "" };
                    vec![
                        fill(&r.name),
                        fill(&r.prefix),
                        next_hop(r.next_hop).into(),
                        note.into(),
                    ]
                })
                .collect();
            out.push_str(&indent(&table(
                &["NAME", "PREFIX", "NEXT HOP", "NOTE"],
                &rows,
            )));
        }
        out
    }
}

fn rule_row(r: &MandatoryRule, fill: &dyn Fn(&str) -> String) -> Vec<String> {
    let join = |list: &[String]| list.iter().map(|a| fill(a)).collect::<Vec<_>>().join(",");
    let mut note = Vec::new();
    if r.single_rule {
        note.push("single rule");
    }
    if r.optional {
        note.push("optional");
    }
    vec![
        r.priority.to_string(),
        fill(&r.name),
        match r.access {
            Access::Allow => "allow",
            Access::Deny => "deny",
        }
        .into(),
        protocol(r.protocol).into(),
        join(&r.source),
        join(&r.source_ports),
        join(&r.destination),
        join(&r.destination_ports),
        note.join(", "),
    ]
}

/// `445` or `11000-11999`.
fn port_range(r: PortRange) -> String {
    if r.lo == r.hi {
        r.lo.to_string()
    } else {
        format!("{}-{}", r.lo, r.hi)
    }
}

fn protocol(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp => "icmp",
        Protocol::Esp => "esp",
        Protocol::Ah => "ah",
        Protocol::Any => "any",
    }
}

fn next_hop(k: NextHopKind) -> &'static str {
    match k {
        NextHopKind::Internet => "Internet",
        NextHopKind::VnetLocal => "VnetLocal",
        NextHopKind::Gateway => "VirtualNetworkGateway",
        NextHopKind::None => "None",
        NextHopKind::Appliance => "VirtualAppliance",
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// Columns padded to their widest cell (in characters), two spaces apart,
/// no trailing spaces; no header line when `headers` is empty.
fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain([headers.len()])
        .max()
        .unwrap_or(0);
    let mut widths = vec![0usize; columns];
    let header_row: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    let all = std::iter::once(&header_row)
        .filter(|h| !h.is_empty())
        .chain(rows);
    for row in all.clone() {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in all {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(&widths) {
            line.push_str(cell);
            line.extend(std::iter::repeat_n(
                ' ',
                w.saturating_sub(cell.chars().count()) + 2,
            ));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
