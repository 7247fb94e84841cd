//! The packet changes of one pair of subnets, both directions.
//!
//! Input: each side's subnet, vnet, effective configuration and profile.
//! Output: the [`Change`]s, inbound then outbound, weightiest first.
//!
//! Invariants: both sides' contexts intern the tags either side names in one
//! order, so an atom is the same region on both; a direction whose rules are
//! equal on both sides (names, spans and numbers aside) under the same facts
//! is skipped without building its policies.

use std::collections::BTreeSet;

use ipnet::IpNet;

use super::{boxes, packets, Change, RuleRef, Side, Weight};
use crate::effective::Effective;
use crate::flow::{AddrSet, Context, Cube, Policy};
use crate::model::{Access, Address, Direction, RuleOrigin, SecurityRule, Subnet, Vnet};
use crate::profile::Profile;

pub(super) type SideOf<'s, 'a> = (
    Side<'s>,
    &'s Vnet,
    &'s Subnet,
    &'s Effective<'a>,
    &'s Profile,
);

/// The packet changes of one pair of subnets, both directions.
pub(super) fn changes(subnet: &str, sides: &[SideOf<'_, '_>; 2]) -> Vec<Change> {
    // the tags either side names, interned in one order on both contexts so
    // that an atom is the same region on both sides
    let mut named: BTreeSet<String> = BTreeSet::new();
    for (_, _, _, e, _) in sides {
        for placed in e.inbound.iter().chain(&e.outbound) {
            let r = &placed.rule;
            for item in r.source.iter().chain(&r.destination) {
                if let Address::Tag(t) = &item.address {
                    named.insert(t.clone());
                }
            }
        }
    }
    // `VirtualNetwork` is the vnet's address space; a bare NSG does not know
    // it, and is then taken to protect the other side's subnet in its vnet
    let space = |v: &Vnet, s: &Subnet| {
        let mut prefixes: Vec<IpNet> = v.address.iter().map(|a| a.value).collect();
        prefixes.extend(s.address.as_ref().map(|a| a.value));
        prefixes
    };
    let spaces: Vec<Vec<IpNet>> = sides.iter().map(|(_, v, s, _, _)| space(v, s)).collect();
    let contexts: Vec<Context<'_>> = sides
        .iter()
        .enumerate()
        .map(|(k, (side, v, _, _, _))| {
            let other = spaces.get(1 - k).filter(|_| v.address.is_empty());
            let mut prefixes = spaces.get(k).cloned().unwrap_or_default();
            prefixes.extend(other.into_iter().flatten().copied());
            let ctx = Context::new(side.tags, &prefixes);
            for t in &named {
                ctx.tag_atom(t);
            }
            ctx
        })
        .collect();
    // a tag resolved to prefixes, and `AzureLoadBalancer` (one known
    // address), are shown as addresses, never as a region of their own
    let shown: Vec<String> = named
        .iter()
        .filter(|t| !t.eq_ignore_ascii_case("AzureLoadBalancer"))
        .filter(|t| contexts.iter().all(|c| c.resolve(t).is_none()))
        .map(|t| t.to_ascii_lowercase())
        .collect();
    // the packets the subnet's NSG sees: to it inbound, from it outbound
    let subnet_space = AddrSet::prefixes(
        sides
            .iter()
            .filter_map(|(_, _, s, _, _)| s.address.as_ref().map(|a| a.value)),
    );
    let known = sides.iter().all(|(_, _, s, _, _)| s.address.is_some());
    let same_facts = spaces.first() == spaces.get(1)
        && match (sides[0].0.tags, sides[1].0.tags) {
            (None, None) => true,
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            _ => false,
        };
    let mut out = Vec::new();
    for direction in [Direction::Inbound, Direction::Outbound] {
        let rules: Vec<Vec<_>> = sides
            .iter()
            .map(|(_, _, _, e, _)| {
                e.rules(direction)
                    .iter()
                    .map(|p| (&*p.rule, p.priority))
                    .collect()
            })
            .collect();
        let (Some(octx), Some(nctx), Some(orules), Some(nrules)) = (
            contexts.first(),
            contexts.get(1),
            rules.first(),
            rules.get(1),
        ) else {
            continue;
        };
        // the same rules in the same order under the same facts decide the
        // same: no need to build and walk the policies
        if same_facts && same_rules(orules, nrules) {
            continue;
        }
        let old = Policy::new(octx, direction, orules);
        let new = Policy::new(nctx, direction, nrules);
        let mut within = Cube::all();
        if known {
            match direction {
                Direction::Inbound => within.dst = subnet_space.clone(),
                Direction::Outbound => within.src = subnet_space.clone(),
            }
        }
        let mut here: Vec<Change> = packets::compare(&old, &new, &within)
            .into_iter()
            .filter_map(|c| {
                let flows = boxes::boxes(&c.packets, nctx, &shown);
                let old_rule = rule_ref(&old, c.old)?;
                let new_rule = rule_ref(&new, c.new)?;
                let weight = weight(&c, &old, &new, nctx);
                (!flows.is_empty()).then_some(Change {
                    subnet: subnet.to_string(),
                    direction,
                    now: c.now,
                    certain: c.certain,
                    weight,
                    flows,
                    old_rule,
                    new_rule,
                })
            })
            .collect();
        here.sort_by(|a, b| {
            (
                a.weight,
                !a.certain,
                a.new_rule.priority,
                a.old_rule.priority,
            )
                .cmp(&(
                    b.weight,
                    !b.certain,
                    b.new_rule.priority,
                    b.old_rule.priority,
                ))
                .then_with(|| a.flows.cmp(&b.flows))
        });
        out.extend(here);
    }
    out
}

/// Equal rules in one order, names, spans and numbers aside.
fn same_rules(a: &[(&SecurityRule, u32)], b: &[(&SecurityRule, u32)]) -> bool {
    use crate::model::{AddressItem, PortItem};
    let addrs = |x: &[AddressItem], y: &[AddressItem]| {
        x.iter()
            .map(|i| &i.address)
            .eq(y.iter().map(|i| &i.address))
    };
    let ports =
        |x: &[PortItem], y: &[PortItem]| x.iter().map(|i| i.range).eq(y.iter().map(|i| i.range));
    a.len() == b.len()
        && a.iter().zip(b).all(|((x, _), (y, _))| {
            x.access.value == y.access.value
                && x.protocol.value == y.protocol.value
                && addrs(&x.source, &y.source)
                && addrs(&x.destination, &y.destination)
                && ports(&x.source_ports, &y.source_ports)
                && ports(&x.destination_ports, &y.destination_ports)
        })
}

fn rule_ref(policy: &Policy<'_>, id: usize) -> Option<RuleRef> {
    let (rule, priority) = policy.rule(id)?;
    Some(RuleRef {
        name: rule.name.value.clone(),
        priority,
        origin: match rule.origin {
            RuleOrigin::User | RuleOrigin::Default => "user",
            RuleOrigin::Mandatory => "mandatory",
            RuleOrigin::AzureDefault => "default",
        },
    })
}

/// Newly allowed from public addresses or the `Internet` tag comes first,
/// then newly denied traffic a mandatory allow rule of either side matches.
fn weight(c: &packets::Changed, old: &Policy<'_>, new: &Policy<'_>, ctx: &Context<'_>) -> Weight {
    let cubes = c.packets.cubes();
    match c.now {
        Access::Allow if c.certain => {
            let private = AddrSet::prefixes(
                [
                    "10.0.0.0/8",
                    "172.16.0.0/12",
                    "192.168.0.0/16",
                    "100.64.0.0/10",
                    "fc00::/7",
                ]
                .iter()
                .filter_map(|p| p.parse::<IpNet>().ok()),
            );
            let internet = AddrSet::atom(ctx.tag_atom("Internet"));
            let public = |a: &AddrSet| {
                let concrete = AddrSet {
                    atoms: Default::default(),
                    ..a.clone()
                };
                !concrete
                    .difference(&private)
                    .difference(ctx.vnet())
                    .is_empty()
                    || a.intersects(&internet)
            };
            if cubes.iter().any(|k| public(&k.src)) {
                return Weight::FromInternet;
            }
        }
        Access::Allow => {}
        Access::Deny => {
            for policy in [old, new] {
                let needed = policy.order().any(|id| {
                    policy.rule(id).is_some_and(|(r, _)| {
                        r.origin == RuleOrigin::Mandatory && r.access.value == Access::Allow
                    }) && policy
                        .sides(id)
                        .is_some_and(|s| s.certain.intersects(&c.packets))
                });
                if needed {
                    return Weight::Mandatory;
                }
            }
        }
    }
    Weight::Other
}
