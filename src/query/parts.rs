//! `misec query` on a flow whose packets get different verdicts: the parts,
//! each with its verdict and rule, written as misec flows.
//!
//! Input: a policy's [`Coverage`] of the flow's packets. Output: one
//! [`Part`] per deciding rule, in evaluation order, each with the disjoint
//! boxes of its packets in misec syntax (`any`, a prefix, an address,
//! `A-B`, a service tag; ports `any`, `N`, `N-M`). `certain` is false where a
//! service tag makes it uncertain whether the rule decides those packets.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;
use serde_json::{json, Value};

use crate::flow::interval::{IntervalSet, Point};
use crate::flow::set::{Cube, Proto, ALL_PROTOCOLS};
use crate::flow::{AddrSet, Context, Coverage, Policy};
use crate::model::{Access, RuleOrigin};
use crate::source::Span;

/// The most boxes of one part that are written out.
pub const MAX_BOXES: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub verdict: Access,
    pub rule: String,
    pub priority: u32,
    /// `user`, `mandatory` or `default`.
    pub origin: &'static str,
    pub span: Option<Span>,
    pub certain: bool,
    pub boxes: Vec<FlowBox>,
    /// Boxes beyond [`MAX_BOXES`], not written out.
    pub more: usize,
}

/// One box of packets, each field in misec syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowBox {
    pub protocol: String,
    pub source: String,
    pub source_ports: String,
    pub destination: String,
    pub destination_ports: String,
}

impl FlowBox {
    /// `tcp 10.20.2.4 -> 10.20.1.10:1433`, as `misec query` reads flows
    /// (ports `any` left out).
    pub fn text(&self) -> String {
        let side = |a: &str, p: &str| match p {
            "any" => a.to_string(),
            _ => format!("{a}:{p}"),
        };
        format!(
            "{} {} -> {}",
            self.protocol,
            side(&self.source, &self.source_ports),
            side(&self.destination, &self.destination_ports)
        )
    }

    pub fn json(&self) -> Value {
        json!({
            "protocol": self.protocol,
            "source": self.source,
            "source_ports": self.source_ports,
            "destination": self.destination,
            "destination_ports": self.destination_ports,
        })
    }
}

/// The coverage's parts as the answer states them.
pub fn parts(ctx: &Context<'_>, policy: &Policy<'_>, coverage: &Coverage) -> Vec<Part> {
    let mut out = Vec::new();
    for p in &coverage.parts {
        let Some((rule, priority)) = policy.rule(p.rule) else {
            continue;
        };
        let cubes = p.packets.cubes();
        out.push(Part {
            verdict: p.access,
            rule: rule.name.value.clone(),
            priority,
            origin: match rule.origin {
                RuleOrigin::User | RuleOrigin::Default => "user",
                RuleOrigin::Mandatory => "mandatory",
                RuleOrigin::AzureDefault => "default",
            },
            span: (rule.origin != RuleOrigin::AzureDefault).then_some(rule.name.span),
            certain: p.certain,
            boxes: cubes
                .iter()
                .take(MAX_BOXES)
                .map(|c| flow_box(ctx, c))
                .collect(),
            more: cubes.len().saturating_sub(MAX_BOXES),
        });
    }
    out
}

fn flow_box(ctx: &Context<'_>, c: &Cube) -> FlowBox {
    FlowBox {
        protocol: protocols(c.proto),
        source: addresses(ctx, &c.src),
        source_ports: ports(&c.sport),
        destination: addresses(ctx, &c.dst),
        destination_ports: ports(&c.dport),
    }
}

fn protocols(mask: u8) -> String {
    if mask & ALL_PROTOCOLS == ALL_PROTOCOLS {
        return "any".to_string();
    }
    let names: Vec<&str> = Proto::ALL
        .iter()
        .filter(|p| mask & p.bit() != 0)
        .map(|p| p.name())
        .collect();
    list(names.into_iter().map(str::to_string).collect())
}

fn list(items: Vec<String>) -> String {
    match items.as_slice() {
        [one] => one.clone(),
        _ => format!("[{}]", items.join(", ")),
    }
}

fn ports(set: &IntervalSet<u16>) -> String {
    if set.is_full() {
        return "any".to_string();
    }
    list(
        set.ranges()
            .iter()
            .map(|&(lo, hi)| range(lo, hi, |x| x.to_string()))
            .collect(),
    )
}

fn range<T: Point>(lo: T, hi: T, show: impl Fn(T) -> String) -> String {
    if lo == hi {
        show(lo)
    } else {
        format!("{}-{}", show(lo), show(hi))
    }
}

fn addresses(ctx: &Context<'_>, set: &AddrSet) -> String {
    if set == &AddrSet::all() {
        return "any".to_string();
    }
    let mut items = Vec::new();
    for &(lo, hi) in set.v4.ranges() {
        items.push(match v4_prefix(lo, hi) {
            Some(net) if lo != hi => net.to_string(),
            _ => range(lo, hi, |x| Ipv4Addr::from(x).to_string()),
        });
    }
    for &(lo, hi) in set.v6.ranges() {
        items.push(range(lo, hi, |x| IpAddr::V6(Ipv6Addr::from(x)).to_string()));
    }
    for &(lo, hi) in set.atoms.ranges() {
        for id in lo..=hi.min(lo.saturating_add(64)) {
            items.push(ctx.atom_name(id).unwrap_or_else(|| format!("tag#{id}")));
        }
    }
    list(items)
}

/// `lo-hi` as one IPv4 prefix, when it is one.
fn v4_prefix(lo: u32, hi: u32) -> Option<IpNet> {
    let size = u64::from(hi) - u64::from(lo) + 1;
    if !size.is_power_of_two() || u64::from(lo) % size != 0 {
        return None;
    }
    let len = 32 - size.trailing_zeros() as u8;
    ipnet::Ipv4Net::new(Ipv4Addr::from(lo), len)
        .ok()
        .map(IpNet::V4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_misec_writes_them() {
        assert_eq!(
            v4_prefix(0x0a140100, 0x0a1401ff),
            Some("10.20.1.0/24".parse().unwrap())
        );
        assert_eq!(v4_prefix(0x0a140101, 0x0a1401ff), None);
        assert_eq!(
            ports(&IntervalSet::from_ranges([(1433, 1433), (11000, 11999)])),
            "[1433, 11000-11999]"
        );
        assert_eq!(protocols(Proto::Tcp.bit()), "tcp");
    }
}
