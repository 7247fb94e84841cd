//! Changed packets as the few boxes a reviewer reads.
//!
//! Input: disjoint cubes of one change, and the [`Context`] that names the
//! service-tag atoms. Output: merged cubes ([`merge`]), then [`FlowBox`]es
//! whose every field is one item of misec syntax (`any`, a prefix, an
//! address, `A-B`, a service tag; ports `any`, `N`, `N-M`).
//!
//! Invariants: merging unites two cubes only where they differ in one
//! dimension, so the result stays disjoint and holds exactly the same
//! packets; the order is deterministic (cubes sorted). A box never shows the
//! regions of tags no rule names: those regions are inside the addresses
//! shown beside them.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::flow::interval::{IntervalSet, Point};
use crate::flow::{AddrSet, Context, Cube, PacketSet, Proto, ALL_PROTOCOLS};

/// One box of changed packets, each field in misec syntax.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FlowBox {
    pub protocol: String,
    pub source: String,
    pub source_ports: String,
    pub destination: String,
    pub destination_ports: String,
}

/// Unites cubes that differ in a single dimension until none do.
pub fn merge(mut cubes: Vec<Cube>) -> PacketSet {
    cubes.sort();
    cubes.dedup();
    loop {
        let mut joined = None;
        'search: for i in 0..cubes.len() {
            for j in i + 1..cubes.len() {
                if let (Some(a), Some(b)) = (cubes.get(i), cubes.get(j)) {
                    if let Some(c) = unite(a, b) {
                        joined = Some((i, j, c));
                        break 'search;
                    }
                }
            }
        }
        let Some((i, j, c)) = joined else { break };
        cubes.remove(j);
        if let Some(slot) = cubes.get_mut(i) {
            *slot = c;
        }
    }
    cubes.sort();
    PacketSet::from_cubes(cubes)
}

/// `a ∪ b` as one cube, when they agree in every dimension but one.
fn unite(a: &Cube, b: &Cube) -> Option<Cube> {
    let same = [
        a.proto == b.proto,
        a.src == b.src,
        a.sport == b.sport,
        a.dst == b.dst,
        a.dport == b.dport,
    ];
    if same.iter().filter(|s| !**s).count() != 1 {
        return None;
    }
    let mut c = a.clone();
    if !same[0] {
        c.proto |= b.proto;
    } else if !same[1] {
        c.src = a.src.union(&b.src);
    } else if !same[2] {
        c.sport = a.sport.union(&b.sport);
    } else if !same[3] {
        c.dst = a.dst.union(&b.dst);
    } else {
        c.dport = a.dport.union(&b.dport);
    }
    Some(c)
}

/// The boxes of a set of changed packets, showing the tags in `named`
/// (lowercased) and no other atom.
pub fn boxes(set: &PacketSet, ctx: &Context<'_>, named: &[String]) -> Vec<FlowBox> {
    let mut out = Vec::new();
    for c in set.cubes() {
        let src = addresses(&c.src, ctx, named);
        let dst = addresses(&c.dst, ctx, named);
        for proto in protocols(c.proto) {
            for s in &src {
                for sp in ports(&c.sport) {
                    for d in &dst {
                        for dp in ports(&c.dport) {
                            out.push(FlowBox {
                                protocol: proto.to_string(),
                                source: s.clone(),
                                source_ports: sp.clone(),
                                destination: d.clone(),
                                destination_ports: dp,
                            });
                        }
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn protocols(mask: u8) -> Vec<&'static str> {
    if mask & ALL_PROTOCOLS == ALL_PROTOCOLS {
        return vec!["any"];
    }
    Proto::ALL
        .into_iter()
        .filter(|p| mask & p.bit() != 0)
        .map(Proto::name)
        .collect()
}

fn ports(set: &IntervalSet<u16>) -> Vec<String> {
    if set.is_full() {
        return vec!["any".to_string()];
    }
    set.ranges()
        .iter()
        .map(|&(lo, hi)| {
            if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}-{hi}")
            }
        })
        .collect()
}

/// `any` when every address of both families is in; else the ranges (as a
/// prefix or an address where they are one, `A-B` otherwise) and the named
/// tags.
pub fn addresses(set: &AddrSet, ctx: &Context<'_>, named: &[String]) -> Vec<String> {
    if set.v4.is_full() && set.v6.is_full() {
        return vec!["any".to_string()];
    }
    let mut out: Vec<String> = set
        .v4
        .ranges()
        .iter()
        .map(|&(lo, hi)| range(lo, hi, |x| Ipv4Addr::from(x).to_string(), 32))
        .collect();
    out.extend(
        set.v6
            .ranges()
            .iter()
            .map(|&(lo, hi)| range(lo, hi, |x| Ipv6Addr::from(x).to_string(), 128)),
    );
    for id in 0..ctx.atom_count() {
        if set.atoms.contains(id) {
            if let Some(name) = ctx.atom_name(id) {
                if named.contains(&name.to_ascii_lowercase()) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// `lo..=hi` as an address, a prefix, or `A-B`.
fn range<T>(lo: T, hi: T, show: impl Fn(T) -> String, bits: u8) -> String
where
    T: Point + Into<u128>,
{
    let (l, h): (u128, u128) = (lo.into(), hi.into());
    if l == h {
        return show(lo);
    }
    let size = h - l;
    // a prefix: the size is 2^k - 1 and `lo` is aligned to it
    if size.checked_add(1).is_some_and(u128::is_power_of_two) && l & size == 0 {
        let len = bits - (size.count_ones() as u8);
        return format!("{}/{len}", show(lo));
    }
    if bits == 32 && l == 0 && h == u128::from(u32::MAX) {
        return "0.0.0.0/0".to_string();
    }
    if bits == 128 && l == 0 && h == u128::MAX {
        return "::/0".to_string();
    }
    format!("{}-{}", show(lo), show(hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(lo: u32, hi: u32) -> String {
        range(lo, hi, |x| Ipv4Addr::from(x).to_string(), 32)
    }

    #[test]
    fn ranges_read_as_addresses_prefixes_or_spans() {
        let base = u32::from(Ipv4Addr::new(10, 20, 1, 0));
        assert_eq!(v4(base, base), "10.20.1.0");
        assert_eq!(v4(base, base + 255), "10.20.1.0/24");
        assert_eq!(v4(0, u32::MAX), "0.0.0.0/0");
        // aligned size, unaligned start: not a prefix
        assert_eq!(v4(base + 128, base + 383), "10.20.1.128-10.20.2.127");
        assert_eq!(
            range(0u128, u128::MAX, |x| Ipv6Addr::from(x).to_string(), 128),
            "::/0"
        );
    }

    #[test]
    fn merging_unites_cubes_that_differ_in_one_dimension() {
        let ports = |lo, hi| Cube {
            dport: IntervalSet::range(lo, hi),
            ..Cube::all()
        };
        // three disjoint pieces of "every port": one cube again
        let merged = merge(vec![ports(100, 65535), ports(0, 49), ports(50, 99)]);
        assert_eq!(merged.cubes(), [Cube::all()]);
        // two dimensions apart: kept apart
        let other = Cube {
            proto: Proto::Tcp.bit(),
            ..ports(0, 10)
        };
        assert_eq!(merge(vec![other.clone(), ports(20, 30)]).cubes().len(), 2);
    }
}
