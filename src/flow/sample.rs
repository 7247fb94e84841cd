//! A readable example flow inside a packet set, for messages such as "denies
//! `tcp SqlManagement -> 10.0.0.4:9000`".
//!
//! Input: a non-empty [`PacketSet`] and the [`Context`] that names its atoms.
//! Output: a [`Flow`] all of whose packets lie in the set.
//!
//! Invariants: deterministic (depends only on the set and the interned
//! names); prefers, in order, well-known ports, the first usable host of a
//! specific prefix, a named tag, then any address; a dimension the set leaves
//! open entirely is shown as `any` rather than an arbitrary value.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

use super::addr::AddrSet;
use super::build::Flow;
use super::interval::{IntervalSet, Point};
use super::set::{PacketSet, Proto};
use super::tags::Context;
use crate::model::{Address, PortRange};

/// Ports worth showing first: the MI management, TDS and common service ports.
const WELL_KNOWN: [u16; 16] = [
    1433, 9000, 9003, 1438, 1440, 1452, 11000, 3342, 5022, 443, 80, 445, 53, 22, 3389, 12000,
];

impl PacketSet {
    /// A representative flow, or `None` when the set is empty.
    pub fn sample(&self, ctx: &Context<'_>) -> Option<Flow> {
        let cube = self.cubes().first()?;
        let protocol = Proto::ALL.into_iter().find(|p| cube.proto & p.bit() != 0)?;
        Some(Flow {
            protocol,
            src: address(ctx, &cube.src)?,
            src_port: port(&cube.sport)?,
            dst: address(ctx, &cube.dst)?,
            dst_port: port(&cube.dport)?,
        })
    }
}

fn port(set: &IntervalSet<u16>) -> Option<PortRange> {
    if set.is_full() {
        return Some(PortRange::ANY);
    }
    let p = WELL_KNOWN
        .into_iter()
        .find(|&p| set.contains(p))
        .or_else(|| set.first())?;
    Some(PortRange::single(p))
}

fn address(ctx: &Context<'_>, set: &AddrSet) -> Option<Address> {
    if set == &AddrSet::all() {
        return Some(Address::Any);
    }
    const LARGE_V4: u32 = 1 << 24;
    let small_v4 = set.v4.ranges().iter().find(|r| r.1 - r.0 < LARGE_V4);
    if let Some(&r) = small_v4 {
        return Some(host(IpAddr::V4(Ipv4Addr::from(pick(r)))));
    }
    if let Some(name) = (0..ctx.atom_count())
        .find(|&id| set.atoms.contains(id))
        .and_then(|id| ctx.atom_name(id))
    {
        return Some(Address::Tag(name));
    }
    if let Some(&r) = set.v4.ranges().first() {
        return Some(host(IpAddr::V4(Ipv4Addr::from(pick(r)))));
    }
    if let Some(&r) = set.v6.ranges().first() {
        return Some(host(IpAddr::V6(Ipv6Addr::from(pick(r)))));
    }
    // only atoms nobody named: describe as the first such tag region
    set.atoms
        .first()
        .map(|id| Address::Tag(format!("tag#{id}")))
}

/// The first usable host in an Azure subnet is the fifth address; smaller
/// ranges show their first address.
fn pick<T: Point + From<u8> + std::ops::Add<Output = T> + std::ops::Sub<Output = T>>(
    (lo, hi): (T, T),
) -> T {
    if hi - lo >= T::from(7) {
        lo + T::from(4)
    } else {
        lo
    }
}

fn host(ip: IpAddr) -> Address {
    Address::Prefix(IpNet::from(ip))
}
