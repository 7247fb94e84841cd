//! Sets of addresses: IPv4 and IPv6 intervals plus opaque service-tag atoms.
//!
//! Input: prefixes, single addresses, atom ids (from [`super::Context`]).
//! Output: exact set operations over the symbolic address universe
//! `IPv4 ∪ IPv6 ∪ atoms`.
//!
//! An atom stands for the whole, unknown region of an unresolved service
//! tag. Set operations treat it as one more point, which is sound for
//! "certainly" questions: if `A ⊆ B` symbolically, then every concrete
//! address `A` may denote is in what `B` denotes (see `super` for the
//! argument). The three families never mix: an IPv4 set never meets IPv6.

use std::net::IpAddr;

use ipnet::IpNet;

use super::interval::IntervalSet;

/// One symbolic address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AddrPoint {
    V4(u32),
    V6(u128),
    /// The region of an unresolved service tag (an interned id).
    Atom(u32),
}

impl From<IpAddr> for AddrPoint {
    fn from(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(a) => AddrPoint::V4(u32::from(a)),
            IpAddr::V6(a) => AddrPoint::V6(u128::from(a)),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AddrSet {
    pub v4: IntervalSet<u32>,
    pub v6: IntervalSet<u128>,
    pub atoms: IntervalSet<u32>,
}

impl AddrSet {
    pub fn empty() -> AddrSet {
        AddrSet::default()
    }

    /// Every address of both families and every tag region.
    pub fn all() -> AddrSet {
        AddrSet {
            v4: IntervalSet::full(),
            v6: IntervalSet::full(),
            atoms: IntervalSet::full(),
        }
    }

    /// Every tag region (including tags not interned yet).
    pub fn all_atoms() -> AddrSet {
        AddrSet {
            atoms: IntervalSet::full(),
            ..AddrSet::default()
        }
    }

    pub fn atom(id: u32) -> AddrSet {
        AddrSet {
            atoms: IntervalSet::single(id),
            ..AddrSet::default()
        }
    }

    pub fn point(p: AddrPoint) -> AddrSet {
        match p {
            AddrPoint::V4(a) => AddrSet {
                v4: IntervalSet::single(a),
                ..AddrSet::default()
            },
            AddrPoint::V6(a) => AddrSet {
                v6: IntervalSet::single(a),
                ..AddrSet::default()
            },
            AddrPoint::Atom(a) => AddrSet::atom(a),
        }
    }

    pub fn prefix(net: IpNet) -> AddrSet {
        match net.trunc() {
            IpNet::V4(n) => AddrSet {
                v4: IntervalSet::range(u32::from(n.network()), u32::from(n.broadcast())),
                ..AddrSet::default()
            },
            IpNet::V6(n) => AddrSet {
                v6: IntervalSet::range(u128::from(n.network()), u128::from(n.broadcast())),
                ..AddrSet::default()
            },
        }
    }

    /// The union of prefixes (host bits are ignored: a prefix is its network).
    pub fn prefixes(nets: impl IntoIterator<Item = IpNet>) -> AddrSet {
        let mut v4 = Vec::new();
        let mut v6 = Vec::new();
        for net in nets {
            match net.trunc() {
                IpNet::V4(n) => v4.push((u32::from(n.network()), u32::from(n.broadcast()))),
                IpNet::V6(n) => v6.push((u128::from(n.network()), u128::from(n.broadcast()))),
            }
        }
        AddrSet {
            v4: IntervalSet::from_ranges(v4),
            v6: IntervalSet::from_ranges(v6),
            atoms: IntervalSet::empty(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.v4.is_empty() && self.v6.is_empty() && self.atoms.is_empty()
    }

    pub fn contains(&self, p: AddrPoint) -> bool {
        match p {
            AddrPoint::V4(a) => self.v4.contains(a),
            AddrPoint::V6(a) => self.v6.contains(a),
            AddrPoint::Atom(a) => self.atoms.contains(a),
        }
    }

    pub fn intersects(&self, o: &AddrSet) -> bool {
        self.v4.intersects(&o.v4) || self.v6.intersects(&o.v6) || self.atoms.intersects(&o.atoms)
    }

    pub fn intersect(&self, o: &AddrSet) -> AddrSet {
        AddrSet {
            v4: self.v4.intersect(&o.v4),
            v6: self.v6.intersect(&o.v6),
            atoms: self.atoms.intersect(&o.atoms),
        }
    }

    pub fn union(&self, o: &AddrSet) -> AddrSet {
        AddrSet {
            v4: self.v4.union(&o.v4),
            v6: self.v6.union(&o.v6),
            atoms: self.atoms.union(&o.atoms),
        }
    }

    pub fn difference(&self, o: &AddrSet) -> AddrSet {
        AddrSet {
            v4: self.v4.difference(&o.v4),
            v6: self.v6.difference(&o.v6),
            atoms: self.atoms.difference(&o.atoms),
        }
    }

    pub fn is_subset(&self, o: &AddrSet) -> bool {
        self.v4.is_subset(&o.v4) && self.v6.is_subset(&o.v6) && self.atoms.is_subset(&o.atoms)
    }
}
