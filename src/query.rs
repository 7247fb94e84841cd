//! `misec query`: the verdict for one flow, and the rule that decides it.
//!
//! Input: a flow written `PROTO SRC[:PORT] -> DST[:PORT]` (SRC and DST are
//! addresses, prefixes, `[IPv6]:PORT`, `subnet`, `any` or a service tag) and
//! one subnet's effective configuration. Output: an [`Answer`]. The direction
//! is inbound when the destination is in the subnet, outbound when the source
//! is. The question goes to the flow engine like every lint's.

pub mod parts;

use std::net::IpAddr;

use ipnet::IpNet;

use crate::effective::Effective;
use crate::flow::{self, build, Policy, TagResolver};
use crate::model::{Access, Address, Direction, PortRange, Protocol, RuleOrigin, Subnet, Vnet};
use crate::source::Span;
use crate::tags;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// `subnet`: the subnet's own prefix.
    Subnet,
    Address(Address),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub host: Host,
    pub port: PortRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowSpec {
    pub protocol: Protocol,
    pub src: Endpoint,
    pub dst: Endpoint,
}

/// Reads `PROTO SRC[:PORT] -> DST[:PORT]`.
pub fn parse_flow(text: &str) -> Result<FlowSpec, String> {
    let (proto, rest) = text
        .trim()
        .split_once(char::is_whitespace)
        .ok_or("expected `PROTO SRC[:PORT] -> DST[:PORT]`")?;
    let protocol = match proto.to_ascii_lowercase().as_str() {
        "tcp" => Protocol::Tcp,
        "udp" => Protocol::Udp,
        "icmp" => Protocol::Icmp,
        "esp" => Protocol::Esp,
        "ah" => Protocol::Ah,
        "any" | "*" => Protocol::Any,
        other => {
            return Err(format!(
                "unknown protocol `{other}`; use tcp, udp, icmp, esp, ah or any"
            ))
        }
    };
    let (src, dst) = rest
        .split_once("->")
        .ok_or("expected `->` between source and destination")?;
    Ok(FlowSpec {
        protocol,
        src: endpoint(src.trim())?,
        dst: endpoint(dst.trim())?,
    })
}

fn endpoint(text: &str) -> Result<Endpoint, String> {
    if text.is_empty() {
        return Err("an endpoint is missing".into());
    }
    // `[v6]:port`, `[v6]`
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or(format!("`{text}`: missing `]`"))?;
        let port = match after.strip_prefix(':') {
            Some(p) => port(p)?,
            None if after.is_empty() => PortRange::ANY,
            None => return Err(format!("`{text}`: expected `:PORT` after `]`")),
        };
        return Ok(Endpoint {
            host: Host::Address(address(host)?),
            port,
        });
    }
    // a bare IPv6 address or prefix has several colons and no port
    if text.matches(':').count() > 1 {
        return Ok(Endpoint {
            host: Host::Address(address(text)?),
            port: PortRange::ANY,
        });
    }
    let (host, port) = match text.split_once(':') {
        Some((h, p)) => (h, self::port(p)?),
        None => (text, PortRange::ANY),
    };
    let host = if host.eq_ignore_ascii_case("subnet") {
        Host::Subnet
    } else {
        Host::Address(address(host)?)
    };
    Ok(Endpoint { host, port })
}

fn port(text: &str) -> Result<PortRange, String> {
    let parse = |s: &str| {
        s.parse::<u16>()
            .map_err(|_| format!("`{text}` is not a port (0-65535)"))
    };
    if text == "*" || text.eq_ignore_ascii_case("any") {
        return Ok(PortRange::ANY);
    }
    match text.split_once('-') {
        Some((lo, hi)) => {
            let (lo, hi) = (parse(lo)?, parse(hi)?);
            if lo > hi {
                return Err(format!(
                    "`{text}`: the range's low end is above its high end"
                ));
            }
            Ok(PortRange { lo, hi })
        }
        None => parse(text).map(PortRange::single),
    }
}

fn address(text: &str) -> Result<Address, String> {
    if text == "*" || text.eq_ignore_ascii_case("any") {
        return Ok(Address::Any);
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(Address::Prefix(IpNet::from(ip)));
    }
    if let Ok(net) = text.parse::<IpNet>() {
        return Ok(Address::Prefix(net.trunc()));
    }
    if let Some(tag) = tags::canonical(text) {
        return Ok(Address::Tag(tag));
    }
    Err(match tags::suggest(text) {
        Some(best) => {
            format!("`{text}` is not an address or a service tag; did you mean `{best}`?")
        }
        None => format!("`{text}` is not an address, a prefix, `subnet`, `any` or a service tag"),
    })
}

/// The verdict and what decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub verdict: Access,
    pub direction: Direction,
    pub rule: String,
    pub priority: u32,
    /// `user`, `mandatory` or `default`.
    pub origin: &'static str,
    /// Where the deciding rule is written (none for Azure's defaults).
    pub span: Option<Span>,
    /// Higher-precedence rules that may decide instead (their service tags'
    /// relation to the flow is unknown); empty when the verdict is certain.
    pub maybe: Vec<(String, u32)>,
    /// When the flow's packets get different verdicts: every part with its
    /// verdict and rule, in evaluation order (the fields above then give the
    /// first). Empty when one rule decides the whole flow.
    pub parts: Vec<parts::Part>,
}

/// Answers `flow` for one subnet's effective configuration.
pub fn answer(
    vnet: &Vnet,
    subnet: &Subnet,
    effective: &Effective,
    tags: Option<&TagResolver>,
    flow: &FlowSpec,
) -> Result<Answer, String> {
    let prefix = subnet
        .address
        .as_ref()
        .map(|a| a.value)
        .ok_or_else(|| format!("subnet `{}` has no address", subnet.name.value))?;
    let resolve = |h: &Host| match h {
        Host::Subnet => Address::Prefix(prefix),
        Host::Address(a) => a.clone(),
    };
    let (src, dst) = (resolve(&flow.src.host), resolve(&flow.dst.host));
    let inside = |a: &Address| matches!(a, Address::Prefix(n) if prefix.contains(n));
    let direction = if flow.dst.host == Host::Subnet || inside(&dst) {
        Direction::Inbound
    } else if flow.src.host == Host::Subnet || inside(&src) {
        Direction::Outbound
    } else {
        return Err(format!(
            "the flow neither enters nor leaves subnet `{}` ({prefix}): its source or destination must be in it",
            subnet.name.value
        ));
    };
    let mut prefixes: Vec<IpNet> = vnet.address.iter().map(|a| a.value).collect();
    prefixes.push(prefix);
    let ctx = flow::Context::new(tags, &prefixes);
    let rules: Vec<_> = effective
        .rules(direction)
        .iter()
        .map(|p| (&*p.rule, p.priority))
        .collect();
    let policy = Policy::new(&ctx, direction, &rules);
    let packets = build::parts(
        &ctx,
        flow.protocol,
        [&src],
        [flow.src.port],
        [&dst],
        [flow.dst.port],
    )
    .certain;
    // which rule decides which packets: one rule for all (the flow's
    // verdict, "may" only for rules whose tags make it uncertain), or parts
    let coverage = policy.coverage(&packets);
    let mut deciders: Vec<usize> = coverage
        .parts
        .iter()
        .filter(|p| p.certain)
        .map(|p| p.rule)
        .collect();
    deciders.dedup();
    if deciders.len() > 1 {
        let all = parts::parts(&ctx, &policy, &coverage);
        let first = all.first().cloned().ok_or("internal error: no part")?;
        return Ok(Answer {
            verdict: first.verdict,
            direction,
            rule: first.rule,
            priority: first.priority,
            origin: first.origin,
            span: first.span,
            maybe: Vec::new(),
            parts: all,
        });
    }
    let decision = match deciders.first() {
        Some(&rule) => {
            let maybe = coverage
                .parts
                .iter()
                .filter(|p| !p.certain && p.rule != rule)
                .map(|p| p.rule)
                .collect::<Vec<_>>();
            let mut maybe_unique = Vec::new();
            for id in maybe {
                if !maybe_unique.contains(&id) {
                    maybe_unique.push(id);
                }
            }
            let access = policy
                .rule(rule)
                .map_or(Access::Deny, |(r, _)| r.access.value);
            flow::Decision {
                rule,
                access,
                maybe: maybe_unique,
            }
        }
        None => policy
            .decide_set(&packets)
            .ok_or("the flow holds no packet (a service tag without prefixes?)")?,
    };
    let (rule, priority) = policy
        .rule(decision.rule)
        .ok_or("internal error: no deciding rule")?;
    let origin = match rule.origin {
        RuleOrigin::User | RuleOrigin::Default => "user",
        RuleOrigin::Mandatory => "mandatory",
        RuleOrigin::AzureDefault => "default",
    };
    let maybe = decision
        .maybe
        .iter()
        .filter_map(|&id| policy.rule(id))
        .map(|(r, p)| (r.name.value.clone(), p))
        .collect();
    Ok(Answer {
        verdict: rule.access.value,
        direction,
        rule: rule.name.value.clone(),
        priority,
        origin,
        span: (rule.origin != RuleOrigin::AzureDefault).then_some(rule.name.span),
        maybe,
        parts: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_contract_examples() {
        let f = parse_flow("tcp 10.20.2.4 -> 10.20.1.10:1433").unwrap();
        assert_eq!(f.protocol, Protocol::Tcp);
        assert_eq!(f.src.port, PortRange::ANY);
        assert_eq!(f.dst.port, PortRange::single(1433));
        let f = parse_flow("tcp subnet:50000 -> Internet:443").unwrap();
        assert_eq!(f.src.host, Host::Subnet);
        assert_eq!(f.dst.host, Host::Address(Address::Tag("Internet".into())));
        let f = parse_flow("udp [fd00::1]:53 -> fd00::/8").unwrap();
        assert_eq!(f.src.port, PortRange::single(53));
    }

    #[test]
    fn says_what_is_wrong() {
        assert!(parse_flow("tpc a -> b")
            .unwrap_err()
            .contains("unknown protocol"));
        assert!(parse_flow("tcp 10.0.0.1 10.0.0.2")
            .unwrap_err()
            .contains("->"));
        assert!(parse_flow("tcp Internt -> subnet")
            .unwrap_err()
            .contains("did you mean `Internet`"));
        assert!(parse_flow("tcp 10.0.0.1:70000 -> subnet")
            .unwrap_err()
            .contains("not a port"));
    }
}
