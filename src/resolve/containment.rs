//! E110: every subnet lies inside its vnet's address space, and no two
//! subnets of one vnet overlap.
//!
//! Two CIDR prefixes overlap only when one contains the other, so after
//! sorting by first address (the wider prefix first on ties) each prefix can
//! only overlap the widest-reaching one seen before it: one sweep,
//! O(n log n), whatever the number of subnets.

use ipnet::IpNet;

use crate::diagnostic::Diagnostic;
use crate::model::Vnet;
use crate::source::Span;

use super::Resolver;

/// A subnet with a valid address: its index in the vnet, name, prefix, span.
type Placed<'a> = (usize, &'a str, IpNet, Span);

/// A prefix as an inclusive range of integers, IPv4 and IPv6 kept apart.
fn range(net: IpNet) -> (bool, u128, u128) {
    match net {
        IpNet::V4(n) => (
            false,
            u32::from(n.network()).into(),
            u32::from(n.broadcast()).into(),
        ),
        IpNet::V6(n) => (true, u128::from(n.network()), u128::from(n.broadcast())),
    }
}

impl Resolver {
    pub(crate) fn containment(&mut self, vnet: &Vnet) {
        let subnets: Vec<Placed> = vnet
            .subnets
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                s.address
                    .as_ref()
                    .map(|a| (i, s.name.value.as_str(), a.value, a.span))
            })
            .collect();
        if !vnet.address.is_empty() {
            for (_, name, net, span) in &subnets {
                if vnet.address.iter().any(|a| a.value.contains(net)) {
                    continue;
                }
                let mut d = Diagnostic::new(
                    "E110",
                    *span,
                    format!("subnet `{name}` (`{net}`) is not inside the address space of vnet `{}`", vnet.name.value),
                )
                .label("outside the vnet")
                .help("choose a subnet prefix inside the vnet's address space, or widen the vnet's `address`");
                for a in &vnet.address {
                    d = d.secondary(a.span, format!("the vnet's address space `{}`", a.value));
                }
                self.diags.push(d);
            }
        }
        let mut sorted: Vec<_> = subnets
            .iter()
            .map(|s| {
                let (v6, lo, hi) = range(s.2);
                ((v6, lo, std::cmp::Reverse(hi), s.0), s)
            })
            .collect();
        sorted.sort_by_key(|a| a.0);
        // The subnet reaching furthest so far, per address family.
        let mut reach: Option<(bool, u128, &Placed)> = None;
        for ((v6, lo, std::cmp::Reverse(hi), _), s) in sorted {
            match reach {
                Some((family, end, other)) if family == v6 && lo <= end => {
                    // Report on whichever of the two comes later in the file.
                    let (later, earlier) = if s.0 > other.0 {
                        (s, other)
                    } else {
                        (other, s)
                    };
                    self.diags.push(
                        Diagnostic::new(
                            "E110",
                            later.3,
                            format!("subnets `{}` and `{}` overlap", later.1, earlier.1),
                        )
                        .label(format!("`{}` overlaps `{}`", later.2, earlier.2))
                        .secondary(earlier.3, format!("`{}` has `{}`", earlier.1, earlier.2))
                        .note("subnets of one vnet must not share addresses")
                        .help("give each subnet a prefix of its own"),
                    );
                    if hi > end {
                        reach = Some((v6, hi, s));
                    }
                }
                _ => reach = Some((v6, hi, s)),
            }
        }
    }
}
