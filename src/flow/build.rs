//! From the model to packet sets: a rule, a list of parts, or one flow.
//!
//! Input: `Address`es, `PortRange`s, `Protocol`, and a [`Context`].
//! Output: a [`Sides`] pair: `certain` (exactly what the rule matches, with
//! unresolved tags as atoms) and `possible` (everything it might match once
//! the tags' unknown relations are taken into account).
//!
//! Invariants, for every assignment of addresses to unresolved tags that
//! agrees with the known facts: what the rule really matches is exactly the
//! concretization of `certain`; and whenever a symbolic packet could share a
//! concrete packet with the rule, that symbolic packet is in `possible`.
//! Known facts: `Any` contains everything; `VirtualNetwork` contains the
//! context's vnet prefixes; a tag is itself; a resolved tag is its prefixes.

use std::fmt;

use super::addr::AddrSet;
use super::interval::IntervalSet;
use super::set::{Cube, PacketSet, Proto, ALL_PROTOCOLS};
use super::tags::Context;
use crate::model::{Address, PortRange, Protocol, SecurityRule};

/// The certain and the possible packets of a rule or of a list of parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    pub certain: PacketSet,
    pub possible: PacketSet,
}

/// One flow as `misec query` reads it: a protocol, and per side one address
/// (a prefix, a tag or `any`) and a port range (`PortRange::ANY` when none
/// is given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub protocol: Proto,
    pub src: Address,
    pub src_port: PortRange,
    pub dst: Address,
    pub dst_port: PortRange,
}

impl fmt::Display for Flow {
    /// `PROTO SRC[:PORT] -> DST[:PORT]`, the syntax `misec query` reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.protocol.name())?;
        endpoint(f, &self.src, self.src_port)?;
        write!(f, " -> ")?;
        endpoint(f, &self.dst, self.dst_port)
    }
}

fn endpoint(f: &mut fmt::Formatter<'_>, a: &Address, p: PortRange) -> fmt::Result {
    let v6 = matches!(a, Address::Prefix(ipnet::IpNet::V6(_)));
    let text = a.to_string();
    match (p.is_any(), v6) {
        (true, _) => write!(f, "{text}"),
        (false, true) => write!(f, "[{text}]:{}", ports(p)),
        (false, false) => write!(f, "{text}:{}", ports(p)),
    }
}

fn ports(p: PortRange) -> String {
    if p.lo == p.hi {
        p.lo.to_string()
    } else {
        format!("{}-{}", p.lo, p.hi)
    }
}

pub fn protocol_mask(p: Protocol) -> u8 {
    match p {
        Protocol::Tcp => Proto::Tcp.bit(),
        Protocol::Udp => Proto::Udp.bit(),
        Protocol::Icmp => Proto::Icmp.bit(),
        Protocol::Esp => Proto::Esp.bit(),
        Protocol::Ah => Proto::Ah.bit(),
        Protocol::Any => ALL_PROTOCOLS,
    }
}

pub fn port_set(ranges: impl IntoIterator<Item = PortRange>) -> IntervalSet<u16> {
    IntervalSet::from_ranges(ranges.into_iter().map(|r| (r.lo, r.hi)))
}

/// The address of `AzureLoadBalancer`: Azure documents the tag as the
/// virtual IP of the host, where health probes come from.
pub const AZURE_LOAD_BALANCER: std::net::Ipv4Addr = std::net::Ipv4Addr::new(168, 63, 129, 16);

/// The certain and possible sets of one address element.
///
/// Documented facts narrow the possible sets (never the certain ones):
/// `AzureLoadBalancer` is exactly [`AZURE_LOAD_BALANCER`]; `Internet` is the
/// address space outside the virtual network, so it shares nothing with
/// `VirtualNetwork` or with the vnet's own prefixes.
pub fn address(ctx: &Context<'_>, a: &Address) -> (AddrSet, AddrSet) {
    let is = |t: &str, name: &str| t.eq_ignore_ascii_case(name);
    match a {
        Address::Any => (AddrSet::all(), AddrSet::all()),
        Address::Tag(t) if is(t, "any") || t == "*" => (AddrSet::all(), AddrSet::all()),
        Address::Prefix(n) => concrete(ctx, AddrSet::prefix(*n)),
        // an opaque tag might hold any address and overlap any tag
        Address::Tag(t) if own_atom(ctx, t) => (AddrSet::atom(ctx.tag_atom(t)), AddrSet::all()),
        Address::Tag(t) => match ctx.resolve(t) {
            Some(s) => concrete(ctx, s.clone()),
            None if is(t, "AzureLoadBalancer") => concrete(
                ctx,
                AddrSet::prefix(ipnet::IpNet::from(std::net::IpAddr::V4(
                    AZURE_LOAD_BALANCER,
                ))),
            ),
            None if is(t, "VirtualNetwork") => {
                let atom = AddrSet::atom(ctx.vnet_atom());
                let internet = AddrSet::atom(ctx.internet_atom());
                (atom.union(ctx.vnet()), AddrSet::all().difference(&internet))
            }
            // `Internet`: the last tag without an atom of its own
            None => {
                let atom = AddrSet::atom(ctx.internet_atom());
                let vnet = AddrSet::atom(ctx.vnet_atom()).union(ctx.vnet());
                (atom, AddrSet::all().difference(&vnet))
            }
        },
    }
}

/// Whether [`address`] gives tag `t` an atom of its own: a tag that is not
/// resolved and that misec knows nothing of (not `any`, the load balancer,
/// `VirtualNetwork` or `Internet`, whose regions are known or fixed atoms).
fn own_atom(ctx: &Context<'_>, t: &str) -> bool {
    let is = |name: &str| t.eq_ignore_ascii_case(name);
    let known = is("any") || t == "*" || is("AzureLoadBalancer") || is("VirtualNetwork");
    !(known || is("Internet")) && ctx.resolve(t).is_none()
}

/// Known addresses: certain as they are; possibly also inside any unresolved
/// tag, except an unresolved `Internet` when they all lie in the vnet.
fn concrete(ctx: &Context<'_>, s: AddrSet) -> (AddrSet, AddrSet) {
    // `s ∪ all_atoms()`, without the union: a concrete set's atoms all go
    let atoms = if !ctx.internet_resolved() && s.is_subset(ctx.vnet()) {
        IntervalSet::full().difference(&IntervalSet::single(ctx.internet_atom()))
    } else {
        IntervalSet::full()
    };
    let possible = AddrSet {
        v4: s.v4.clone(),
        v6: s.v6.clone(),
        atoms,
    };
    (s, possible)
}

/// The certain and possible sets of a list of address elements.
pub fn addresses<'a>(
    ctx: &Context<'_>,
    items: impl IntoIterator<Item = &'a Address>,
) -> (AddrSet, AddrSet) {
    let mut items = items.into_iter();
    // the first element needs no union (most lists have one)
    let Some(first) = items.next() else {
        return (AddrSet::empty(), AddrSet::empty());
    };
    let (mut certain, mut possible) = address(ctx, first);
    for a in items {
        let (c, p) = address(ctx, a);
        certain = certain.union(&c);
        possible = possible.union(&p);
    }
    (certain, possible)
}

/// The sets of a rule given by its parts.
pub fn parts<'a>(
    ctx: &Context<'_>,
    protocol: Protocol,
    src: impl IntoIterator<Item = &'a Address>,
    src_ports: impl IntoIterator<Item = PortRange>,
    dst: impl IntoIterator<Item = &'a Address>,
    dst_ports: impl IntoIterator<Item = PortRange>,
) -> Sides {
    let proto = protocol_mask(protocol);
    let sport = port_set(src_ports);
    let dport = port_set(dst_ports);
    let (src_c, src_p) = addresses(ctx, src);
    let (dst_c, dst_p) = addresses(ctx, dst);
    Sides {
        certain: PacketSet::from_cube(Cube {
            proto,
            src: src_c,
            sport: sport.clone(),
            dst: dst_c,
            dport: dport.clone(),
        }),
        possible: PacketSet::from_cube(Cube {
            proto,
            src: src_p,
            sport,
            dst: dst_p,
            dport,
        }),
    }
}

/// The sets of one security rule.
pub fn rule(ctx: &Context<'_>, r: &SecurityRule) -> Sides {
    parts(
        ctx,
        r.protocol.value,
        r.source.iter().map(|i| &i.address),
        r.source_ports.iter().map(|p| p.range),
        r.destination.iter().map(|i| &i.address),
        r.destination_ports.iter().map(|p| p.range),
    )
}

/// Interns the tags of `r` that [`rule`] gives atoms of their own, in the
/// order it meets them (sources, then destinations), so that rules built
/// afterwards on several threads only look atoms up: their numbers are
/// those of building one rule after another.
pub fn intern_tags(ctx: &Context<'_>, r: &SecurityRule) {
    for item in r.source.iter().chain(&r.destination) {
        if let Address::Tag(t) = &item.address {
            if own_atom(ctx, t) {
                ctx.tag_atom(t);
            }
        }
    }
}

/// The packets of one flow: exactly what its addresses denote.
pub fn flow(ctx: &Context<'_>, f: &Flow) -> PacketSet {
    let (src, _) = address(ctx, &f.src);
    let (dst, _) = address(ctx, &f.dst);
    PacketSet::from_cube(Cube {
        proto: f.protocol.bit(),
        src,
        sport: port_set([f.src_port]),
        dst,
        dport: port_set([f.dst_port]),
    })
}

/// `set ∩ well_formed()`, the way every check takes it. A set without IPv6
/// addresses is already well formed (an IPv4 or tag source meets an IPv4 or
/// tag destination) and comes back as it is.
pub fn well_formed_part(set: &PacketSet) -> PacketSet {
    let v4 = |c: &Cube| c.src.v6.is_empty() && c.dst.v6.is_empty();
    if set.cubes().iter().all(v4) {
        return set.clone();
    }
    static WELL_FORMED: std::sync::OnceLock<PacketSet> = std::sync::OnceLock::new();
    set.intersect(WELL_FORMED.get_or_init(well_formed))
}

/// Packets whose two addresses can be of one family: an IPv4 source never
/// talks to an IPv6 destination, and a tag region may be either family.
/// Checks that ask "every packet of this rule" restrict to it, so a rule for
/// `any` is not kept alive by impossible mixed-family packets.
pub fn well_formed() -> PacketSet {
    let v4 = AddrSet {
        v4: IntervalSet::full(),
        ..AddrSet::empty()
    };
    let v6 = AddrSet {
        v6: IntervalSet::full(),
        ..AddrSet::empty()
    };
    let atoms = AddrSet::all_atoms();
    let cube = |src: AddrSet, dst: AddrSet| Cube {
        src,
        dst,
        ..Cube::all()
    };
    // three disjoint cubes: (v4|atom, v4|atom), (v6, v6|atom), (atom, v6)
    PacketSet::from_cubes([
        cube(v4.union(&atoms), v4.union(&atoms)),
        cube(v6.clone(), v6.union(&atoms)),
        cube(atoms, v6),
    ])
}
