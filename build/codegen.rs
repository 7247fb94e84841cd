//! A checked [`Profile`] as Rust source, for the build script: an expression
//! that builds the same value without parsing anything. Rules and routes are
//! `const` tables of `&'static str` (compiled into the binary as data) that
//! `src/profile/embedded.rs` turns into owned values on first use.
//!
//! Input: the profile and its index among the built-ins. Output: the text of
//! one function `p{index}() -> Profile`, or why the profile cannot be
//! written (a span outside the profile's own file). Strings are written with
//! `{:?}`, which escapes them as Rust literals.

use std::fmt::Write;

use crate::model::{Date, PortRange};
use crate::source::{FileId, Span};
use crate::types::{Formula, MandatoryRoute, MandatoryRule, Profile};

/// `fn p{index}() -> Profile { … }`, with its rule and route tables.
pub fn profile(index: usize, file: FileId, p: &Profile) -> Result<String, String> {
    let at = |span: Span| -> Result<String, String> {
        match span.file == file {
            true => Ok(format!("({}, {})", span.start, span.end)),
            false => Err(format!("profile `{}` has a span outside its file", p.name)),
        }
    };
    let mut out = String::new();
    for (list, rules) in [("IN", &p.inbound), ("OUT", &p.outbound)] {
        let _ = writeln!(out, "const {list}_{index}: &[Rule] = &[");
        for r in rules.iter() {
            out.push_str(&rule(r, &at)?);
        }
        out.push_str("];\n");
    }
    let _ = writeln!(out, "const ROUTES_{index}: &[Route] = &[");
    for r in &p.routes {
        out.push_str(&route(r, &at)?);
    }
    out.push_str("];\n");
    let s = &p.subnet;
    let _ = writeln!(
        out,
        "fn p{index}() -> Profile {{
    let file = FileId({});
    Profile {{
        name: s({:?}),
        summary: s({:?}),
        covers: o({:?}),
        sources: v(&{:?}),
        api_version: s({:?}),
        subnet: SubnetRequirements {{
            min_addresses: {},
            recommended_addresses: {},
            delegation_required: {},
            service_endpoints_allowed: {},
            nat_gateway_allowed: {},
            ipv6_allowed: {},
            global_peering_allowed: {},
            microsoft_peering_allowed: {},
            default_route_must_be_internet: {},
            platform_dns_required: {},
            nsg_required: {},
            route_table_required: {},
        }},
        platform_provisioned: {},
        mandatory_first: {},
        inbound: rules(file, IN_{index}),
        outbound: rules(file, OUT_{index}),
        routes: routes(file, ROUTES_{index}),
        ports: Ports {{
            tds: {},
            redirect: {},
            replication: {},
            public_endpoint: {},
            failover_group: vec![{}],
            provenance: o({:?}),
        }},
        global_peering: {},
        sizing: {},
        ended: {},
        notes: v(&{:?}),
        span: span(file, {}),
    }}
}}",
        file.0,
        p.name,
        p.summary,
        p.covers,
        p.sources,
        p.api_version,
        s.min_addresses,
        s.recommended_addresses,
        s.delegation_required,
        s.service_endpoints_allowed,
        s.nat_gateway_allowed,
        s.ipv6_allowed,
        s.global_peering_allowed,
        s.microsoft_peering_allowed,
        s.default_route_must_be_internet,
        s.platform_dns_required,
        s.nsg_required,
        s.route_table_required,
        p.platform_provisioned,
        p.mandatory_first,
        p.ports.tds,
        ports(p.ports.redirect),
        p.ports.replication,
        p.ports.public_endpoint,
        p.ports
            .failover_group
            .iter()
            .map(|r| ports(*r))
            .collect::<Vec<_>>()
            .join(", "),
        p.ports.provenance,
        match &p.global_peering {
            Some(g) => format!(
                "Some(GlobalPeering {{ fails_before: {}, works_from: {}, provenance: o({:?}), span: span(file, {}) }})",
                date(g.fails_before),
                date(g.works_from),
                g.provenance,
                at(g.span)?
            ),
            None => "None".to_string(),
        },
        match &p.sizing {
            Some(z) => format!(
                "Some(Sizing {{ required: {}, recommended: {}, provenance: o({:?}), span: span(file, {}) }})",
                formula(&z.required),
                z.recommended.as_ref().map_or_else(|| "None".to_string(), |f| format!("Some({})", formula(f))),
                z.provenance,
                at(z.span)?
            ),
            None => "None".to_string(),
        },
        match &p.ended {
            Some(e) => format!(
                "Some(Ended {{ date: {}, what: s({:?}), provenance: o({:?}), span: span(file, {}) }})",
                date(e.date),
                e.what,
                e.provenance,
                at(e.span)?
            ),
            None => "None".to_string(),
        },
        p.notes,
        at(p.span)?,
    );
    Ok(out)
}

fn rule(r: &MandatoryRule, at: &dyn Fn(Span) -> Result<String, String>) -> Result<String, String> {
    Ok(format!(
        "    Rule {{ name: {:?}, description: {:?}, priority: {}, access: Access::{:?}, protocol: Protocol::{:?}, source: &{:?}, source_ports: &{:?}, destination: &{:?}, destination_ports: &{:?}, single_rule: {}, optional: {}, provenance: {:?}, span: {}, name_span: {}, priority_span: {} }},\n",
        r.name,
        r.description,
        r.priority,
        r.access,
        r.protocol,
        r.source,
        r.source_ports,
        r.destination,
        r.destination_ports,
        r.single_rule,
        r.optional,
        r.provenance,
        at(r.span)?,
        at(r.name_span)?,
        at(r.priority_span)?,
    ))
}

fn route(
    r: &MandatoryRoute,
    at: &dyn Fn(Span) -> Result<String, String>,
) -> Result<String, String> {
    Ok(format!(
        "    Route {{ name: {:?}, prefix: {:?}, next_hop: NextHopKind::{:?}, optional: {}, provenance: {:?}, span: {} }},\n",
        r.name,
        r.prefix,
        r.next_hop,
        r.optional,
        r.provenance,
        at(r.span)?,
    ))
}

fn ports(r: PortRange) -> String {
    format!("PortRange {{ lo: {}, hi: {} }}", r.lo, r.hi)
}

fn date(d: Date) -> String {
    format!(
        "Date {{ year: {}, month: {}, day: {} }}",
        d.year, d.month, d.day
    )
}

fn formula(f: &Formula) -> String {
    format!(
        "Formula {{ reserved: {}, general_purpose: {}, business_critical: {}, per_group: {} }}",
        f.reserved, f.general_purpose, f.business_critical, f.per_group
    )
}
