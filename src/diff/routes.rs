//! Which destinations a subnet's traffic now sends elsewhere.
//!
//! Input: each side's routes as Azure holds them: the effective route table
//! (the profile's mandatory routes, then the user's) and Azure's system
//! routes for the vnet. Output: [`RouteChange`]s, one per prefix (of either
//! side) whose effective next hop differs, with the route that decides it on
//! each side.
//!
//! Invariants: the route that decides a prefix is the one for exactly that
//! prefix (a user's or mandatory route before a system route), else the
//! longest prefix that contains it; a prefix every longer route leaves to
//! the same next hop on both sides is no change. Renaming a route is no
//! change. Routes to a service tag are compared by tag (which addresses a
//! tag holds is Azure's to say). BGP and gateway-propagated routes are
//! outside a file and not modelled.

use std::collections::BTreeSet;
use std::net::IpAddr;

use ipnet::IpNet;

use crate::model::{Address, NextHopKind, Route};

/// Where a route comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RouteOrigin {
    User,
    Mandatory,
    /// Azure's own: the vnet's address space, the default route, the
    /// reserved private ranges.
    System,
}

impl RouteOrigin {
    pub fn name(self) -> &'static str {
        match self {
            RouteOrigin::User => "user",
            RouteOrigin::Mandatory => "mandatory",
            RouteOrigin::System => "system",
        }
    }
}

/// A route that decides a prefix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decider {
    /// The route's name; `system` for Azure's own routes.
    pub route: String,
    pub origin: RouteOrigin,
    pub next_hop: NextHopKind,
    pub address: Option<IpAddr>,
    /// The prefix of the deciding route (the changed prefix or one around it).
    pub prefix: String,
}

/// A prefix whose next hop changes. `None` on a side: no route there (a
/// service-tag route that side does not have).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteChange {
    /// A prefix or a service tag, in misec syntax.
    pub prefix: String,
    pub old: Option<Decider>,
    pub new: Option<Decider>,
}

/// One side's routes: (prefix, decider), user and mandatory first, then
/// system routes.
#[derive(Debug, Clone, Default)]
pub struct Table {
    entries: Vec<(Address, Decider)>,
}

impl Table {
    /// `routes`: the effective routes; `mandatory`: the names of the
    /// profile's routes (lowercased); `vnet`: the vnet's address space.
    pub fn new(routes: &[Route], mandatory: &BTreeSet<String>, vnet: &[IpNet]) -> Table {
        let mut entries = Vec::new();
        for r in routes {
            let origin = if mandatory.contains(&r.name.value.to_ascii_lowercase()) {
                RouteOrigin::Mandatory
            } else {
                RouteOrigin::User
            };
            let prefix = match &r.prefix.address {
                Address::Prefix(n) => Address::Prefix(n.trunc()),
                other => other.clone(),
            };
            entries.push((
                prefix.clone(),
                Decider {
                    route: r.name.value.clone(),
                    origin,
                    next_hop: r.next_hop.value.kind,
                    address: r.next_hop.value.address.as_ref().map(|a| a.value),
                    prefix: prefix.to_string(),
                },
            ));
        }
        for (net, hop) in system_routes(vnet) {
            entries.push((
                Address::Prefix(net),
                Decider {
                    route: "system".to_string(),
                    origin: RouteOrigin::System,
                    next_hop: hop,
                    address: None,
                    prefix: Address::Prefix(net).to_string(),
                },
            ));
        }
        Table { entries }
    }

    /// The route that decides `target` (a prefix or a tag).
    fn decide(&self, target: &Address) -> Option<&Decider> {
        // exactly this prefix or tag: the first entry (user before system)
        if let Some((_, d)) = self.entries.iter().find(|(a, _)| a == target) {
            return Some(d);
        }
        let Address::Prefix(t) = target else {
            return None;
        };
        self.entries
            .iter()
            .filter_map(|(a, d)| match a {
                Address::Prefix(n) if n.contains(t) => Some((n.prefix_len(), d)),
                _ => None,
            })
            // longest prefix; on a tie the earlier entry
            .fold(None, |best: Option<(u8, &Decider)>, (len, d)| match best {
                Some((l, _)) if l >= len => best,
                _ => Some((len, d)),
            })
            .map(|(_, d)| d)
    }
}

/// Azure's system routes: the vnet's address space stays in the vnet, the
/// reserved private ranges and shared address space go nowhere unless in
/// the vnet, everything else goes to the Internet.
fn system_routes(vnet: &[IpNet]) -> Vec<(IpNet, NextHopKind)> {
    let mut out: Vec<(IpNet, NextHopKind)> = vnet
        .iter()
        .map(|n| (n.trunc(), NextHopKind::VnetLocal))
        .collect();
    let fixed = [
        ("0.0.0.0/0", NextHopKind::Internet),
        ("10.0.0.0/8", NextHopKind::None),
        ("172.16.0.0/12", NextHopKind::None),
        ("192.168.0.0/16", NextHopKind::None),
        ("100.64.0.0/10", NextHopKind::None),
    ];
    for (text, hop) in fixed {
        if let Ok(net) = text.parse::<IpNet>() {
            if !out.iter().any(|(n, _)| *n == net) {
                out.push((net, hop));
            }
        }
    }
    out
}

/// The prefixes whose next hop differs between `old` and `new`, sorted.
pub fn compare(old: &Table, new: &Table) -> Vec<RouteChange> {
    let targets: BTreeSet<&Address> = old
        .entries
        .iter()
        .chain(&new.entries)
        .map(|(a, _)| a)
        .collect();
    let hop = |d: Option<&Decider>| d.map(|d| (d.next_hop, d.address));
    let mut out = Vec::new();
    for target in targets {
        let (o, n) = (old.decide(target), new.decide(target));
        if hop(o) != hop(n) {
            out.push(RouteChange {
                prefix: target.to_string(),
                old: o.cloned(),
                new: n.cloned(),
            });
        }
    }
    out
}
