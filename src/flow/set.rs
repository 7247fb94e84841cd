//! Packet sets: protocol × source address × source port × destination
//! address × destination port, as a union of boxes ("cubes").
//!
//! Input: cubes built from rules or flows (see `build`). Output: exact union,
//! intersection, difference, emptiness and subset over the symbolic universe.
//!
//! Invariants: no cube of a `PacketSet` is empty in any dimension; cubes may
//! overlap (operations never rely on disjointness). Difference only splits the
//! cubes that actually meet the subtrahend, so a rule's set stays one cube
//! until another rule cuts into it.

use super::addr::{AddrPoint, AddrSet};
use super::bounds::Bounds;
use super::interval::IntervalSet;

/// A protocol of one packet. Azure's `*` is all six.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Proto {
    Tcp,
    Udp,
    Icmp,
    Esp,
    Ah,
    /// Any other IP protocol (only a `*` rule matches it).
    Other,
}

impl Proto {
    pub const ALL: [Proto; 6] = [
        Proto::Tcp,
        Proto::Udp,
        Proto::Icmp,
        Proto::Esp,
        Proto::Ah,
        Proto::Other,
    ];
    /// The bit of this protocol in a cube's protocol mask.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
    pub fn name(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Icmp => "icmp",
            Proto::Esp => "esp",
            Proto::Ah => "ah",
            Proto::Other => "other",
        }
    }
}

/// The mask of every protocol.
pub const ALL_PROTOCOLS: u8 = 0b11_1111;

/// One concrete (symbolic) packet: what brute-force checks enumerate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Packet {
    pub proto: Proto,
    pub src: AddrPoint,
    pub sport: u16,
    pub dst: AddrPoint,
    pub dport: u16,
}

/// A product of one set per dimension.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cube {
    /// Bit `Proto::bit()` set for each protocol.
    pub proto: u8,
    pub src: AddrSet,
    pub sport: IntervalSet<u16>,
    pub dst: AddrSet,
    pub dport: IntervalSet<u16>,
}

impl Cube {
    pub fn all() -> Cube {
        Cube {
            proto: ALL_PROTOCOLS,
            src: AddrSet::all(),
            sport: IntervalSet::full(),
            dst: AddrSet::all(),
            dport: IntervalSet::full(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.proto & ALL_PROTOCOLS == 0
            || self.dport.is_empty()
            || self.sport.is_empty()
            || self.dst.is_empty()
            || self.src.is_empty()
    }

    pub fn contains(&self, p: &Packet) -> bool {
        self.proto & p.proto.bit() != 0
            && self.dport.contains(p.dport)
            && self.sport.contains(p.sport)
            && self.dst.contains(p.dst)
            && self.src.contains(p.src)
    }

    /// The packet at the lowest (`high == false`) or highest corner.
    pub fn corner(&self, high: bool) -> Option<Packet> {
        let bits = (0..6u8).filter(|b| self.proto & (1 << b) != 0);
        let bit = if high { bits.max()? } else { bits.min()? };
        let proto = *Proto::ALL.get(bit as usize)?;
        let port = |s: &IntervalSet<u16>| {
            if high {
                s.ranges().last().map(|r| r.1)
            } else {
                s.first()
            }
        };
        let addr = |a: &AddrSet| {
            let v4 = |x: &(u32, u32)| AddrPoint::V4(if high { x.1 } else { x.0 });
            let v6 = |x: &(u128, u128)| AddrPoint::V6(if high { x.1 } else { x.0 });
            let at = |x: &(u32, u32)| AddrPoint::Atom(if high { x.1 } else { x.0 });
            if high {
                (a.atoms.ranges().last().map(at))
                    .or_else(|| a.v6.ranges().last().map(v6))
                    .or_else(|| a.v4.ranges().last().map(v4))
            } else {
                (a.v4.ranges().first().map(v4))
                    .or_else(|| a.v6.ranges().first().map(v6))
                    .or_else(|| a.atoms.ranges().first().map(at))
            }
        };
        Some(Packet {
            proto,
            src: addr(&self.src)?,
            sport: port(&self.sport)?,
            dst: addr(&self.dst)?,
            dport: port(&self.dport)?,
        })
    }

    /// Cheapest and most selective dimensions first.
    pub fn intersects(&self, o: &Cube) -> bool {
        self.proto & o.proto != 0
            && self.dport.intersects(&o.dport)
            && self.dst.intersects(&o.dst)
            && self.sport.intersects(&o.sport)
            && self.src.intersects(&o.src)
    }

    pub fn intersect(&self, o: &Cube) -> Cube {
        Cube {
            proto: self.proto & o.proto,
            src: self.src.intersect(&o.src),
            sport: self.sport.intersect(&o.sport),
            dst: self.dst.intersect(&o.dst),
            dport: self.dport.intersect(&o.dport),
        }
    }

    pub fn is_subset(&self, o: &Cube) -> bool {
        self.proto & !o.proto == 0
            && self.dport.is_subset(&o.dport)
            && self.sport.is_subset(&o.sport)
            && self.dst.is_subset(&o.dst)
            && self.src.is_subset(&o.src)
    }

    /// Push `self \ o` as disjoint cubes: peel off, one dimension at a time,
    /// the part outside `o`, then keep only the part inside for the next.
    /// Takes the cube by value: a cube `o` misses moves through unchanged,
    /// and each piece clones only the dimensions it shares with the rest.
    fn subtract_into(self, o: &Cube, out: &mut Vec<Cube>) {
        if !self.intersects(o) {
            out.push(self);
            return;
        }
        if self.is_subset(o) {
            return;
        }
        let mut rest = self;
        let outside = rest.proto & !o.proto;
        if outside != 0 {
            out.push(Cube {
                proto: outside,
                ..rest.clone()
            });
            rest.proto &= o.proto;
        }
        let outside = rest.dport.difference(&o.dport);
        if !outside.is_empty() {
            rest.dport = rest.dport.intersect(&o.dport);
            out.push(Cube {
                proto: rest.proto,
                src: rest.src.clone(),
                sport: rest.sport.clone(),
                dst: rest.dst.clone(),
                dport: outside,
            });
        }
        let outside = rest.dst.difference(&o.dst);
        if !outside.is_empty() {
            rest.dst = rest.dst.intersect(&o.dst);
            out.push(Cube {
                proto: rest.proto,
                src: rest.src.clone(),
                sport: rest.sport.clone(),
                dst: outside,
                dport: rest.dport.clone(),
            });
        }
        let outside = rest.sport.difference(&o.sport);
        if !outside.is_empty() {
            rest.sport = rest.sport.intersect(&o.sport);
            out.push(Cube {
                proto: rest.proto,
                src: rest.src.clone(),
                sport: outside,
                dst: rest.dst.clone(),
                dport: rest.dport.clone(),
            });
        }
        let outside = rest.src.difference(&o.src);
        if !outside.is_empty() {
            out.push(Cube {
                src: outside,
                ..rest
            });
        }
    }
}

/// A union of cubes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PacketSet {
    cubes: Vec<Cube>,
}

impl PacketSet {
    pub fn empty() -> PacketSet {
        PacketSet::default()
    }

    pub fn all() -> PacketSet {
        PacketSet::from_cube(Cube::all())
    }

    /// One cube (empty when any dimension is empty).
    pub fn from_cube(c: Cube) -> PacketSet {
        PacketSet {
            cubes: if c.is_empty() { Vec::new() } else { vec![c] },
        }
    }

    pub fn from_cubes(cubes: impl IntoIterator<Item = Cube>) -> PacketSet {
        PacketSet {
            cubes: cubes.into_iter().filter(|c| !c.is_empty()).collect(),
        }
    }

    pub fn packet(p: &Packet) -> PacketSet {
        PacketSet::from_cube(Cube {
            proto: p.proto.bit(),
            src: AddrSet::point(p.src),
            sport: IntervalSet::single(p.sport),
            dst: AddrSet::point(p.dst),
            dport: IntervalSet::single(p.dport),
        })
    }

    pub fn cubes(&self) -> &[Cube] {
        &self.cubes
    }

    pub fn is_empty(&self) -> bool {
        self.cubes.is_empty()
    }

    pub fn contains(&self, p: &Packet) -> bool {
        self.cubes.iter().any(|c| c.contains(p))
    }

    pub fn intersects(&self, o: &PacketSet) -> bool {
        self.cubes
            .iter()
            .any(|a| o.cubes.iter().any(|b| a.intersects(b)))
    }

    pub fn intersects_cube(&self, c: &Cube) -> bool {
        self.cubes.iter().any(|a| a.intersects(c))
    }

    pub fn union(&self, o: &PacketSet) -> PacketSet {
        let mut cubes = self.cubes.clone();
        cubes.extend(o.cubes.iter().cloned());
        PacketSet { cubes }
    }

    /// `self ∪ o` in place: `o`'s cubes after `self`'s, as [`Self::union`].
    pub fn extend(&mut self, o: PacketSet) {
        self.cubes.extend(o.cubes);
    }

    pub fn intersect(&self, o: &PacketSet) -> PacketSet {
        let mut cubes = Vec::new();
        for a in &self.cubes {
            for b in &o.cubes {
                if a.intersects(b) {
                    let c = a.intersect(b);
                    if !c.is_empty() {
                        cubes.push(c);
                    }
                }
            }
        }
        PacketSet { cubes }
    }

    pub fn intersect_cube(&self, c: &Cube) -> PacketSet {
        self.intersect(&PacketSet {
            cubes: vec![c.clone()],
        })
    }

    /// Remove `c`; returns whether anything was removed.
    /// The cubes before the first one `c` meets stay where they are; the
    /// others move through [`Cube::subtract_into`], so the result (and its
    /// order) is what a rebuild of every cube would give, without copies.
    pub fn subtract_cube(&mut self, c: &Cube) -> bool {
        let Some(first) = self.cubes.iter().position(|a| a.intersects(c)) else {
            return false;
        };
        let tail = self.cubes.split_off(first);
        self.cubes.reserve(tail.len() + 4);
        for a in tail {
            a.subtract_into(c, &mut self.cubes);
        }
        true
    }

    pub fn difference(&self, o: &PacketSet) -> PacketSet {
        let mut rest = self.clone();
        // what is left stays inside `self`'s bounds: a cube whose bounds
        // miss them cuts nothing, and is passed over without a scan
        let mine = Bounds::of(self);
        for c in &o.cubes {
            if rest.is_empty() {
                break;
            }
            if !Bounds::of_cube(c).meets(&mine) {
                continue;
            }
            rest.subtract_cube(c);
        }
        rest
    }

    /// `(self \ o) ∩ c`, cube for cube what [`Self::difference`] then
    /// [`Self::intersect`] give, in the same order; but a cube of `self` that
    /// misses `c` is skipped and a piece that misses `c` is dropped as soon
    /// as it appears, since nothing cut from it can meet `c` again.
    pub fn difference_within(&self, o: &PacketSet, c: &Cube) -> PacketSet {
        let mut out = Vec::new();
        let mut pieces = PacketSet::empty();
        // the pieces of `a` stay inside its bounds: a cube of `o` whose
        // bounds miss them cuts nothing (a few comparisons, not a cube test
        // per piece)
        let bounds: Vec<Bounds> = o.cubes.iter().map(Bounds::of_cube).collect();
        for a in self.cubes.iter().filter(|a| a.intersects(c)) {
            pieces.cubes.clear();
            pieces.cubes.push(a.clone());
            let mine = Bounds::of_cube(a);
            for (u, b) in o.cubes.iter().zip(&bounds) {
                if pieces.is_empty() {
                    break;
                }
                if !b.meets(&mine) {
                    continue;
                }
                if pieces.subtract_cube(u) {
                    pieces.cubes.retain(|p| p.intersects(c));
                }
            }
            out.extend(
                pieces
                    .cubes
                    .iter()
                    .map(|p| p.intersect(c))
                    .filter(|p| !p.is_empty()),
            );
        }
        PacketSet { cubes: out }
    }

    pub fn is_subset(&self, o: &PacketSet) -> bool {
        self.difference(o).is_empty()
    }

    /// The same packets without atoms that add nothing: a side holding every
    /// IPv4 and IPv6 address already holds every tag's region. Used on the
    /// sets a question partitions, so answers about `any` come out concrete
    /// rather than as "may" parts about tags.
    pub fn concrete_where_possible(&self) -> PacketSet {
        let trim = |a: &AddrSet| {
            if a.v4.is_full() && a.v6.is_full() {
                AddrSet {
                    atoms: IntervalSet::empty(),
                    ..a.clone()
                }
            } else {
                a.clone()
            }
        };
        PacketSet::from_cubes(self.cubes.iter().map(|c| Cube {
            src: trim(&c.src),
            dst: trim(&c.dst),
            ..c.clone()
        }))
    }
}
