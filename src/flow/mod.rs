//! The packet-set engine: every flow-based lint (MI101, MI102, MI107–MI109,
//! SEC001, SEC003, SEC004) and `misec query` ask it; none compares ports or
//! prefixes by hand.
//!
//! Input: security rules of one direction with their effective priorities,
//! a [`Context`] (service-tag resolver, vnet prefixes).
//! Output: exact packet sets ([`PacketSet`]: protocol × source address ×
//! source port × destination address × destination port, IPv4 and IPv6) and
//! answers: [`Policy::decide`], [`Policy::coverage`], [`Policy::shadowed`],
//! [`Policy::redundant`], [`PacketSet::sample`].
//!
//! # Service tags and three-valued truth
//! A resolved tag is its prefixes. An unresolved tag is an *atom*: one more
//! symbolic point in the address universe that stands for the tag's whole
//! unknown region. Every rule has two sets (see [`build`]):
//! - `certain`: the rule exactly, symbolically (literal prefixes, the tag's
//!   atom, `any`, the vnet prefixes `VirtualNetwork` is known to contain).
//!   Replacing each atom by the tag's real region gives exactly what the rule
//!   matches, whatever that region is.
//! - `possible`: the rule widened by what an atom may overlap: a prefix or a
//!   resolved tag also gets every atom, an unresolved tag gets everything.
//!
//! Symbolic containment `A ⊆ B` implies real containment in every
//! assignment of regions, so "certainly" answers use only `certain` sets;
//! "may" answers test intersection with `possible` sets, which never misses
//! a real overlap. Two rules on the same tag are therefore known to match the
//! same packets, while `10.0.0.0/8` versus `Internet` is always "may".
//!
//! # Precision
//! Certain answers are sound in every assignment of addresses to tags. They
//! are exact for decide and coverage when every tag is resolved; shadowing
//! and redundancy are only sound there: `any` and prefixes also hold atoms of
//! tags, so a rule can be kept as "not certainly shadowed" or "not certainly
//! redundant" that brute force shows is (SEC003 and SEC004 then stay silent;
//! they never speak falsely). Randomised tests over many seeds bear this out.
//!
//! # Cost
//! A rule is one cube; a question walks the rules in order and only splits
//! the cubes a rule cuts into. Shadowing and redundancy first try to refute
//! with corner packets, and a point index over the rules (module `index`: by
//! source and destination IPv4 address and destination port) gives each
//! corner only the rules that can hold it, so a pass over all rules is about
//! linear on realistic NSGs; rules that are all alike (every one `any`)
//! fall back to O(n²) cheap tests.
//!
//! The walks that remain (a rule shadowed or redundant is only known so
//! once its whole set has been followed through the rules before and
//! after it) skip every rule whose bounding box misses the walked set
//! (module `bounds`: per dimension the lowest and highest value, tested in
//! a few comparisons), as does set difference for the cubes it subtracts,
//! and SEC003 and SEC004 share one shadowing answer per rule (kept by the
//! policy). On policies of 32 rules or more those walks follow what is
//! left as flat boxes (module `boxes`, by way of module `walk`): the
//! questions are about sets, not cubes, and a box is cheaper to test and
//! cut. Subtraction moves the cubes a rule misses
//! instead of copying them, and `coverage` computes "not yet surely
//! decided, within this rule" only for the cubes that meet the rule.
//!
//! A policy of 128 rules or more (`walk::SPREAD_MIN`), when its caller
//! allows threads (`check` does for files of thousands of rules), is built
//! ([`Policy::spread_new`]) and answers those questions for many rules at
//! once ([`Policy::settle_shadowed`], [`Policy::redundant_each`]) over
//! threads: tags get their atoms before the rules are built, and each
//! rule's walks only read the policy and fill that rule's own slots, so
//! the policy and the answers are those of one rule after another.
//!
//! None of this changes an answer or a cube: shadowing and redundancy are
//! the plain walks (the rules that cut in, in order), and the parts of
//! `coverage`, whose cubes feed the sample flows of diagnostics, are the
//! same cubes in the same order; `tests/flow_walks.rs` holds the fast paths
//! to the plain computations. A decision diagram over header bits (what
//! Batfish does for the same questions) would make "is it shadowed" a
//! single test per rule, but the rules that cut in, which SEC003 names,
//! still need a walk; see CONTRIBUTING.md for the measurements.

pub mod addr;
mod bounds;
mod boxes;
pub mod build;
mod index;
pub mod interval;
#[cfg(test)]
mod lcg;
mod policy;
mod query;
mod sample;
pub mod set;
mod tags;
mod walk;

pub use addr::{AddrPoint, AddrSet};
pub use build::{Flow, Sides};
pub use interval::IntervalSet;
pub use policy::{azure_default_rules, Policy};
pub use query::{Coverage, Decision, Part};
pub use set::{Cube, Packet, PacketSet, Proto, ALL_PROTOCOLS};
pub use tags::{Context, TagResolver};
