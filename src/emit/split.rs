//! How many Azure rules the emitter makes of one rule, and how many
//! prefixes each side of each holds, without building them.
//!
//! Input: a rule's two address sides. Output: one [`SplitPart`] per
//! emitted Azure rule, in emission order. Invariant: the parts are exactly
//! those of the emitter's grouping (`rule::groups` and `rule::side_pairs`,
//! see [`super::rule`]): the lints that count Azure's limits (AZ003, AZ005,
//! AZ006) ask this for every rule, so it counts groups instead of
//! collecting them.

use smallvec::SmallVec;

use super::rule::Family;
use crate::model::{Address, AddressItem, SecurityRule};

/// How many address prefixes each side of one emitted Azure rule holds (a
/// service tag or `*` holds none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitPart {
    pub source_prefixes: usize,
    pub destination_prefixes: usize,
}

/// The Azure rules the emitter makes of `rule`, in emission order (empty
/// when its sides share no address family). Lints count limits with this,
/// so they count what is emitted.
pub fn split(rule: &SecurityRule) -> Vec<SplitPart> {
    parts(&rule.source, &rule.destination)
}

/// One side's groups in order: the family of a group of prefixes and how
/// many it holds, `None` and 0 for `*` or a tag.
type Shape = SmallVec<[(Option<Family>, usize); 4]>;

fn shape(items: &[AddressItem]) -> Shape {
    let mut out = Shape::new();
    if items.iter().any(|i| i.address == Address::Any) {
        out.push((None, 0));
        return out;
    }
    for item in items {
        let family = match &item.address {
            Address::Any => continue,
            Address::Tag(_) => {
                out.push((None, 0));
                continue;
            }
            Address::Prefix(ipnet::IpNet::V4(_)) => Family::V4,
            Address::Prefix(ipnet::IpNet::V6(_)) => Family::V6,
        };
        match out.iter_mut().find(|(f, _)| *f == Some(family)) {
            Some((_, n)) => *n += 1,
            None => out.push((Some(family), 1)),
        }
    }
    out
}

fn parts(source: &[AddressItem], destination: &[AddressItem]) -> Vec<SplitPart> {
    let (src, dst) = (shape(source), shape(destination));
    let mut out = Vec::with_capacity(src.len() * dst.len());
    for &(a, source_prefixes) in &src {
        for &(b, destination_prefixes) in &dst {
            // IPv4 prefixes on one side and IPv6 on the other match nothing
            if a.zip(b).is_none_or(|(a, b)| a == b) {
                out.push(SplitPart {
                    source_prefixes,
                    destination_prefixes,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::rule::{groups, side_pairs, Group};
    use super::*;
    use crate::source::{FileId, Span};

    /// The parts as the emitter's own grouping gives them.
    fn by_groups(source: &[AddressItem], destination: &[AddressItem]) -> Vec<SplitPart> {
        let count = |g: &Group<'_>| match g {
            Group::Prefixes(_, nets) => nets.len(),
            _ => 0,
        };
        let (src, dst) = (groups(source), groups(destination));
        side_pairs(&src, &dst)
            .into_iter()
            .map(|(a, b)| SplitPart {
                source_prefixes: count(a),
                destination_prefixes: count(b),
            })
            .collect()
    }

    #[test]
    fn parts_are_the_emitters_groups_on_every_short_side() {
        let item = |address: &str| AddressItem {
            address: match address {
                "*" => Address::Any,
                t if t.starts_with(|c: char| c.is_ascii_uppercase()) => Address::Tag(t.into()),
                net => Address::Prefix(net.parse().unwrap()),
            },
            span: Span::new(FileId(0), 0, 0),
            via: None,
        };
        let alphabet = [
            "*",
            "Storage",
            "Sql",
            "10.0.0.0/8",
            "10.1.0.0/16",
            "fe80::/64",
        ];
        let mut sides: Vec<Vec<AddressItem>> = vec![Vec::new()];
        let mut level = sides.clone();
        for _ in 0..3 {
            level = level
                .iter()
                .flat_map(|s| {
                    alphabet.iter().map(move |a| {
                        let mut s = s.clone();
                        s.push(item(a));
                        s
                    })
                })
                .collect();
            sides.extend(level.iter().cloned());
        }
        for source in &sides {
            for destination in &sides {
                assert_eq!(
                    parts(source, destination),
                    by_groups(source, destination),
                    "{source:?} -> {destination:?}"
                );
            }
        }
    }
}
