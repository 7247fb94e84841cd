//! What the route lints (MI201–MI203) share: the profile's required routes
//! for a subnet, Azure's system routes beside the table, which user route
//! takes over a required route's traffic (MI202's finding, which MI201 then
//! leaves to it), and printing address sets as prefixes.
//!
//! Service-tag prefixes are opaque unless a resolver knows the tag: a tag
//! route is only ever compared with a route for the same tag, or, resolved,
//! by its addresses.

use ipnet::IpNet;

use super::azure::same_prefix;
use crate::flow::{AddrSet, IntervalSet};
use crate::lint::SubnetView;
use crate::model::{Address, NextHopKind, Route};

/// The profile's routes for this subnet that must be present (optional ones
/// left out).
pub fn required(view: &SubnetView<'_>) -> Vec<Route> {
    let inst = view.profile.instantiation(view.vnet, view.subnet);
    inst.routes
        .iter()
        .filter(|r| !inst.optional.contains(&r.name.value))
        .cloned()
        .collect()
}

/// The user's routes (the file's own route table).
pub fn user_routes<'v>(view: &'v SubnetView<'_>) -> &'v [Route] {
    view.subnet
        .route_table
        .as_ref()
        .map_or(&[], |t| t.routes.as_slice())
}

/// Whether `user` takes over traffic of the required route `req` the way
/// MI202 reports it: another next hop, and the same or a more specific
/// prefix (or, for a resolved tag, a prefix inside the tag). Not when the
/// effective table also holds a route for the same prefix with the required
/// next hop (two routes for one prefix are AZ010's), nor for a default route
/// where MI203 applies.
pub fn takes_over(view: &SubnetView<'_>, user: &Route, req: &Route) -> bool {
    if user.next_hop.value.kind == req.next_hop.value.kind {
        return false;
    }
    let inside = match (&user.prefix.address, &req.prefix.address) {
        (Address::Prefix(p), Address::Prefix(q)) => q.contains(p),
        (Address::Tag(a), Address::Tag(b)) => a.eq_ignore_ascii_case(b),
        (Address::Prefix(p), Address::Tag(t)) => view
            .flow
            .resolve(t)
            .is_some_and(|set| AddrSet::prefix(*p).is_subset(set)),
        _ => false,
    };
    if !inside {
        return false;
    }
    // management traffic goes to public endpoints, never to the vnet's own
    // addresses: a route that keeps those local takes nothing from a route
    // to Internet (Microsoft's own manual templates carry one)
    if req.next_hop.value.kind == NextHopKind::Internet {
        if let Address::Prefix(p) = &user.prefix.address {
            if AddrSet::prefix(*p).is_subset(view.flow.vnet()) {
                return false;
            }
        }
    }
    if is_default(&user.prefix.address) && view.profile.subnet.default_route_must_be_internet {
        return false;
    }
    let clash = same_prefix(&user.prefix.address, &req.prefix.address)
        && view.effective.routes.iter().any(|r| {
            same_prefix(&r.prefix.address, &req.prefix.address)
                && r.next_hop.value.kind == req.next_hop.value.kind
        });
    !clash
}

pub fn is_default(address: &Address) -> bool {
    matches!(address, Address::Prefix(IpNet::V4(n)) if n.prefix_len() == 0)
}

/// Up to `max` prefixes covering the start of `set`, in address order, and
/// whether more were left off.
pub fn first_prefixes(set: &AddrSet, max: usize) -> (Vec<IpNet>, bool) {
    let mut out = Vec::new();
    let v4 = blocks(&set.v4, 32, max).into_iter().map(|(a, len)| {
        let addr = std::net::Ipv4Addr::from(u32::try_from(a).unwrap_or(0));
        ipnet::Ipv4Net::new(addr, len).map(IpNet::V4)
    });
    let v6 = blocks(&set.v6, 128, max)
        .into_iter()
        .map(|(a, len)| ipnet::Ipv6Net::new(std::net::Ipv6Addr::from(a), len).map(IpNet::V6));
    for net in v4.chain(v6).flatten() {
        if out.len() == max {
            return (out, true);
        }
        out.push(net);
    }
    let more = out.len() == max && count_blocks(set, max + 1) > max;
    (out, more)
}

fn count_blocks(set: &AddrSet, max: usize) -> usize {
    blocks(&set.v4, 32, max).len() + blocks(&set.v6, 128, max).len()
}

/// The aligned blocks (start, prefix length) of the ranges of `set`, at most
/// `max` of them.
fn blocks<T>(set: &IntervalSet<T>, bits: u8, max: usize) -> Vec<(u128, u8)>
where
    T: crate::flow::interval::Point + Into<u128>,
{
    let mut out = Vec::new();
    for &(lo, hi) in set.ranges() {
        let (mut lo, hi): (u128, u128) = (lo.into(), hi.into());
        loop {
            if out.len() >= max {
                return out;
            }
            // the largest block aligned at `lo` that ends at or before `hi`
            let last = |size: u32| match 1u128.checked_shl(size) {
                Some(n) => lo.saturating_add(n - 1),
                None => u128::MAX,
            };
            let mut size_bits = u32::from(bits).min(lo.trailing_zeros());
            while size_bits > 0 && last(size_bits) > hi {
                size_bits -= 1;
            }
            out.push((lo, bits.saturating_sub(size_bits as u8)));
            let end = last(size_bits);
            if end >= hi {
                break;
            }
            lo = end + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meets_is_containment_either_way() {
        let nets = [
            "0.0.0.0/0",
            "10.0.0.0/8",
            "10.1.0.0/16",
            "10.1.2.0/24",
            "10.2.0.0/16",
            "11.0.0.0/8",
            "10.1.2.3/32",
            "::/0",
            "fd00::/8",
            "fd00:1::/32",
            "fe80::/10",
        ];
        for a in nets {
            for b in nets {
                let (x, y): (ipnet::IpNet, ipnet::IpNet) = (a.parse().unwrap(), b.parse().unwrap());
                assert_eq!(
                    Prefix::of(&x).meets(Prefix::of(&y)),
                    x.contains(&y) || y.contains(&x),
                    "{a} {b}"
                );
            }
        }
    }

    fn set(nets: &[&str]) -> AddrSet {
        AddrSet::prefixes(nets.iter().map(|n| n.parse().unwrap()))
    }

    #[test]
    fn ranges_print_as_prefixes() {
        let s = set(&["10.0.0.0/24", "10.0.1.0/25", "192.168.0.0/16"]);
        let (got, more) = first_prefixes(&s, 5);
        let got: Vec<String> = got.iter().map(|n| n.to_string()).collect();
        assert_eq!(got, ["10.0.0.0/24", "10.0.1.0/25", "192.168.0.0/16"]);
        assert!(!more);
        let (got, more) = first_prefixes(&s, 2);
        assert_eq!(got.len(), 2);
        assert!(more);
        let all = first_prefixes(&set(&["0.0.0.0/0"]), 3).0;
        assert_eq!(all[0].to_string(), "0.0.0.0/0");
        let v6 = first_prefixes(&set(&["fd00::/8"]), 3).0;
        assert_eq!(v6[0].to_string(), "fd00::/8");
    }
}

/// What a required route's addresses meet: a route of the table, or one of
/// Azure's system routes (its prefix and next hop).
#[derive(Clone, Copy)]
pub enum Hop<'v> {
    Table(&'v Route),
    System(NextHopKind),
}

impl Hop<'_> {
    pub fn kind(&self) -> NextHopKind {
        match self {
            Hop::Table(r) => r.next_hop.value.kind,
            Hop::System(k) => *k,
        }
    }
}

/// Azure's system routes for the subnet's vnet.
pub fn system_routes(view: &SubnetView<'_>) -> Vec<(ipnet::IpNet, NextHopKind)> {
    let mut out: Vec<(ipnet::IpNet, NextHopKind)> = view
        .vnet
        .address
        .iter()
        .map(|a| (a.value, NextHopKind::VnetLocal))
        .collect();
    for (text, hop) in [
        ("0.0.0.0/0", NextHopKind::Internet),
        ("10.0.0.0/8", NextHopKind::None),
        ("172.16.0.0/12", NextHopKind::None),
        ("192.168.0.0/16", NextHopKind::None),
        ("100.64.0.0/10", NextHopKind::None),
    ] {
        if let Ok(net) = text.parse() {
            out.push((net, hop));
        }
    }
    out
}

/// A prefix as the bits [`Prefix::meets`] compares: computed once per
/// route, since MI201 compares every pair of required and effective routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefix {
    /// 32 or 128.
    width: u32,
    len: u32,
    network: u128,
}

impl Prefix {
    pub fn of(net: &ipnet::IpNet) -> Prefix {
        match net {
            ipnet::IpNet::V4(n) => Prefix {
                width: 32,
                len: u32::from(n.prefix_len()),
                network: u128::from(u32::from(n.network())),
            },
            ipnet::IpNet::V6(n) => Prefix {
                width: 128,
                len: u32::from(n.prefix_len()),
                network: u128::from(n.network()),
            },
        }
    }

    /// Do the two prefixes share an address (one contains the other)? The
    /// same as `a.contains(b) || b.contains(a)`, in a few instructions.
    #[inline]
    pub fn meets(self, other: Prefix) -> bool {
        let len = self.len.min(other.len);
        let differ = self.network ^ other.network;
        self.width == other.width && differ.checked_shr(self.width - len).unwrap_or(0) == 0
    }
}
