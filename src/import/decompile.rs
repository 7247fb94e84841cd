//! Decompile: an imported [`Model`] back to `.misec` text.
//!
//! Input: a model and the source table (for the file name). Output: `.misec`
//! text in the canonical layout (2-space indent, statement keywords padded to
//! one column, rule and route bodies aligned per subnet) that keeps names,
//! priorities and descriptions. What the language cannot say (the platform's
//! own `…_UseOnly_…` entries, a next-hop address on a next hop that takes
//! none, unknown addresses) is written as comments, never dropped silently.

use std::fmt::Write;

use std::collections::BTreeMap;

use super::recognise::Provider;

use crate::model::{
    Access, Address, AddressItem, Direction, Model, NextHopKind, PortItem, Protocol, Route,
    SecurityRule, Subnet, SubnetKind, Vnet,
};
use crate::source::{Sources, Span};

pub fn to_misec(
    model: &Model,
    sources: &Sources,
    profile: &str,
    why: &str,
    provided: &BTreeMap<Span, Provider>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported from {} by `misec import`.",
        one_line(sources.name(model.file))
    );
    let _ = writeln!(out, "# Profile `{profile}`: {}.", one_line(why));
    let _ = writeln!(out, "profile {profile}");
    for vnet in &model.vnets {
        out.push('\n');
        write_vnet(&mut out, vnet, provided);
    }
    out
}

/// A valid identifier for `name`: letters, digits, `_`, `-`, `.`, starting
/// with a letter.
fn ident(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "n-");
    }
    s
}

fn kw(out: &mut String, indent: &str, width: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{indent}{key:<width$}{value}");
}

fn write_vnet(out: &mut String, vnet: &Vnet, provided: &BTreeMap<Span, Provider>) {
    // `.misec` describes managed-instance subnets; the vnet's other subnets
    // (gateway, Bastion, applications) are named, not translated
    let others: Vec<&Subnet> = vnet
        .subnets
        .iter()
        .filter(|s| s.kind == SubnetKind::Other)
        .collect();
    if others.len() == vnet.subnets.len() && !vnet.subnets.is_empty() {
        let names: Vec<String> = others.iter().map(|s| describe_other(s)).collect();
        let _ = writeln!(
            out,
            "# vnet {} holds no managed-instance subnet: {}",
            one_line(&vnet.name.value),
            names.join(", ")
        );
        return;
    }
    let _ = writeln!(out, "vnet {} {{", ident(&vnet.name.value));
    // a vnet the JSON does not hold (bare NSGs and route tables): its
    // subnets' prefixes stand in for its address space, so the file builds
    let stand_in: Vec<String> = vnet
        .subnets
        .iter()
        .filter(|s| s.kind != SubnetKind::Other)
        .map(|s| s.address.as_ref().map(|a| a.value.to_string()))
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default();
    match vnet.address.as_slice() {
        [] if !stand_in.is_empty() => {
            out.push_str("  # address: not known from the JSON; the subnets' prefixes stand in\n");
            let list = match stand_in.as_slice() {
                [one] => one.clone(),
                many => format!("[{}]", many.join(", ")),
            };
            kw(out, "  ", 9, "address", &list);
        }
        [] => out.push_str("  # address: not known from the JSON\n"),
        [one] => kw(out, "  ", 9, "address", &one.value.to_string()),
        many => {
            let list: Vec<String> = many.iter().map(|a| a.value.to_string()).collect();
            kw(out, "  ", 9, "address", &format!("[{}]", list.join(", ")));
        }
    }
    if let Some(region) = &vnet.region {
        kw(out, "  ", 9, "region", &ident(&region.value));
    }
    if let Some(dns) = &vnet.dns {
        let list: Vec<String> = dns.iter().map(|d| d.value.to_string()).collect();
        kw(out, "  ", 9, "dns", &format!("[{}]", list.join(", ")));
    }
    for subnet in &vnet.subnets {
        out.push('\n');
        if subnet.kind == SubnetKind::Other {
            let _ = writeln!(
                out,
                "  # subnet {}: not a managed-instance subnet, left out",
                describe_other(subnet)
            );
        } else {
            write_subnet(out, subnet, provided);
        }
    }
    out.push_str("}\n");
}

/// `default (10.0.0.0/24)`, for a comment
fn describe_other(subnet: &Subnet) -> String {
    match &subnet.address {
        Some(a) => format!("{} ({})", one_line(&subnet.name.value), a.value),
        None => one_line(&subnet.name.value),
    }
}

/// `text` (a name or value from the JSON) for a `#` comment, which ends at
/// the line's end: control characters (a name may hold `\n`) are written
/// escaped, as `\n`, so the comment stays one line and the file parses.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn write_subnet(out: &mut String, subnet: &Subnet, provided: &BTreeMap<Span, Provider>) {
    let _ = writeln!(out, "  subnet {} {{", ident(&subnet.name.value));
    let i = "    ";
    match &subnet.address {
        Some(a) => kw(out, i, 12, "address", &a.value.to_string()),
        None => out.push_str("    # address: not known from the JSON\n"),
    }
    if let Some(c) = &subnet.created {
        kw(out, i, 12, "created", &c.value.to_string());
    }
    if subnet.delegated.is_some() {
        let _ = writeln!(out, "{i}delegated");
    }
    if let Some(d) = &subnet.default_outbound {
        kw(
            out,
            i,
            12,
            "default-outbound ",
            if d.value { "on" } else { "off" },
        );
    }
    if !subnet.service_endpoints.is_empty() {
        let list: Vec<String> = subnet
            .service_endpoints
            .iter()
            .map(|e| ident(&e.value))
            .collect();
        kw(
            out,
            i,
            12,
            "service-endpoints ",
            &format!("[{}]", list.join(", ")),
        );
    }
    if subnet.nat_gateway.is_some() {
        let _ = writeln!(out, "{i}nat-gateway");
    }
    if let Some(bgp) = subnet
        .route_table
        .as_ref()
        .and_then(|t| t.bgp_propagation.as_ref())
    {
        kw(
            out,
            i,
            12,
            "bgp-propagation ",
            if bgp.value { "on" } else { "off" },
        );
    }
    match &subnet.nsg {
        Some(nsg) => kw(out, i, 12, "nsg", &ident(&nsg.name.value)),
        None => kw(out, i, 12, "nsg", "none"),
    }
    match &subnet.route_table {
        Some(t) => kw(out, i, 12, "route-table", &ident(&t.name.value)),
        None => kw(out, i, 12, "route-table", "none"),
    }
    let rules = subnet.nsg.as_ref().map_or(&[][..], |n| n.rules.as_slice());
    let routes = subnet
        .route_table
        .as_ref()
        .map_or(&[][..], |t| t.routes.as_slice());
    let width = rules
        .iter()
        .map(|r| (&r.name.value, r.span))
        .chain(routes.iter().map(|r| (&r.name.value, r.span)))
        .filter(|(_, span)| !provided.contains_key(span))
        .map(|(n, _)| ident(n).len() + 1)
        .max()
        .unwrap_or(0)
        + 2;
    for direction in [Direction::Inbound, Direction::Outbound] {
        let block: Vec<&SecurityRule> = rules.iter().filter(|r| r.direction == direction).collect();
        if block.is_empty() {
            continue;
        }
        let word = if direction == Direction::Inbound {
            "inbound"
        } else {
            "outbound"
        };
        let _ = writeln!(out, "\n{i}{word} {{");
        for rule in block {
            write_rule(out, rule, width, provided);
        }
        let _ = writeln!(out, "{i}}}");
    }
    if !routes.is_empty() {
        let _ = writeln!(out, "\n{i}routes {{");
        for route in routes {
            write_route(out, route, width, provided);
        }
        let _ = writeln!(out, "{i}}}");
    }
    out.push_str("  }\n");
}

/// `NAME:` padded to `width`, with at least one space after the colon.
fn label(name: &str, width: usize) -> String {
    let head = format!("{}: ", ident(name));
    format!("{head:<width$}")
}

/// Writes one item line, commented out when the profile or the platform
/// provides it.
fn item(
    out: &mut String,
    name: &str,
    provided: Option<Provider>,
    line: String,
    extra: Option<String>,
) {
    let i = "      ";
    match provided {
        Some(Provider::Profile) => {
            let _ = writeln!(out, "{i}# provided by the profile: {}", line.trim_end());
        }
        Some(Provider::Platform) => {
            let _ = writeln!(
                out,
                "{i}# added by the platform (reserved name; not in this profile): {}",
                line.trim_end()
            );
        }
        None => {
            let _ = writeln!(out, "{i}{}", line.trim_end());
        }
    }
    if let Some(extra) = extra {
        let _ = writeln!(out, "{i}# {extra}");
    }
    if ident(name) != name {
        let _ = writeln!(out, "{i}# the name in the JSON is {name:?}");
    }
}

fn write_rule(
    out: &mut String,
    rule: &SecurityRule,
    width: usize,
    provided: &BTreeMap<Span, Provider>,
) {
    let provided_here = provided.get(&rule.span).copied();
    let mut line = label(
        &rule.name.value,
        if provided_here.is_some() { 0 } else { width },
    );
    line.push_str(match rule.access.value {
        Access::Allow => "allow ",
        Access::Deny => "deny ",
    });
    line.push_str(match rule.protocol.value {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp => "icmp",
        Protocol::Esp => "esp",
        Protocol::Ah => "ah",
        Protocol::Any => "any",
    });
    let _ = write!(
        line,
        " from {}{}",
        addresses(&rule.source),
        ports(&rule.source_ports)
    );
    let _ = write!(
        line,
        " to {}{}",
        addresses(&rule.destination),
        ports(&rule.destination_ports)
    );
    if let Some(p) = &rule.priority {
        let _ = write!(line, "  priority {}", p.value);
    }
    if let Some(d) = &rule.description {
        let text = d
            .value
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace(['\n', '\r'], " ");
        let _ = write!(line, "  description \"{text}\"");
    }
    item(out, &rule.name.value, provided_here, line, None);
}

fn addresses(items: &[AddressItem]) -> String {
    if items.iter().any(|i| i.address == Address::Any) {
        return "any".to_string();
    }
    match items {
        [one] => one.address.to_string(),
        many => format!(
            "[{}]",
            many.iter()
                .map(|i| i.address.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn ports(items: &[PortItem]) -> String {
    if items.is_empty() || items.iter().any(|i| i.range.is_any()) {
        return String::new();
    }
    let one = |p: &PortItem| {
        if p.range.lo == p.range.hi {
            p.range.lo.to_string()
        } else {
            format!("{}-{}", p.range.lo, p.range.hi)
        }
    };
    match items {
        [p] => format!(" port {}", one(p)),
        many => format!(
            " port [{}]",
            many.iter().map(one).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn write_route(out: &mut String, route: &Route, width: usize, provided: &BTreeMap<Span, Provider>) {
    let hop = &route.next_hop.value;
    let mut line = format!(
        "{}{} via ",
        label(
            &route.name.value,
            if provided.contains_key(&route.span) {
                0
            } else {
                width
            }
        ),
        route.prefix.address
    );
    let mut extra = None;
    match (hop.kind, &hop.address) {
        (NextHopKind::Appliance, Some(ip)) => {
            let _ = write!(line, "appliance {}", ip.value);
        }
        (NextHopKind::Appliance, None) => {
            // the language needs the address: keep the route visible, disabled
            line.insert_str(0, "# ");
            line.push_str("appliance  (no next-hop address in the JSON)");
        }
        (kind, ip) => {
            line.push_str(kind.keyword());
            if let Some(ip) = ip {
                extra = Some(format!(
                    "the JSON also gives next-hop address {}, which this next hop ignores",
                    ip.value
                ));
            }
        }
    }
    item(
        out,
        &route.name.value,
        provided.get(&route.span).copied(),
        line,
        extra,
    );
}
