//! `misec diff`: what a change does to traffic and routing.
//!
//! Input: two analysed sides ([`Side`]: a model from `.misec` or Azure JSON,
//! the profile of each subnet, the service tags), and optionally the one
//! subnet to compare. Output: a [`Report`]: per paired subnet and direction,
//! the packets whose verdict changes, grouped by the rule that decides them
//! on each side; and the prefixes whose next hop changes.
//!
//! Both sides are evaluated as Azure holds them: [`effective`] adds the
//! profile's mandatory rules and routes, the flow engine appends Azure's
//! default rules, [`routes`] adds the system routes. Each question goes to
//! the one packet-set engine ([`crate::flow`]); nothing here compares ports
//! or prefixes by hand. Pure: nothing is read or printed here.

pub mod boxes;
pub mod packets;
pub mod pair;
pub mod render;
pub mod routes;

use std::collections::BTreeSet;
use std::rc::Rc;

use ipnet::IpNet;

use crate::effective::{effective, Effective};
use crate::flow::{AddrSet, Context, Cube, Policy, TagResolver};
use crate::model::{Access, Address, Direction, Model, RuleOrigin, Subnet, SubnetKind, Vnet};
use crate::profile::Profile;

pub use boxes::FlowBox;
pub use routes::{Decider, RouteChange, RouteOrigin};

/// One side of a diff, analysed (see `check::analyse`).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub model: &'a Model,
    /// The profile of each subnet, in `model.subnets()` order.
    pub profiles: &'a [Option<Rc<Profile>>],
    pub tags: Option<&'a TagResolver>,
}

/// A deciding rule as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRef {
    pub name: String,
    pub priority: u32,
    /// `user`, `mandatory` or `default` (Azure's).
    pub origin: &'static str,
}

/// How much a reviewer needs to see a change first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weight {
    /// Newly allowed from the Internet or from any source.
    FromInternet,
    /// Now denied, and a mandatory rule of the profile needs it.
    Mandatory,
    Other,
}

/// Packets whose verdict changes between one pair of deciding rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub subnet: String,
    pub direction: Direction,
    /// The new verdict.
    pub now: Access,
    /// `false`: a service tag makes the change depend on Azure's prefixes.
    pub certain: bool,
    pub weight: Weight,
    pub flows: Vec<FlowBox>,
    pub old_rule: RuleRef,
    pub new_rule: RuleRef,
}

/// A route change of one subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetRoute {
    pub subnet: String,
    pub change: RouteChange,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Per subnet (OLD's order), inbound then outbound, weightiest first.
    pub changes: Vec<Change>,
    pub routes: Vec<SubnetRoute>,
    /// `(old name, new name)` of every pair compared.
    pub compared: Vec<(String, String)>,
    /// Subnets without a partner: `("OLD" | "NEW", name)`.
    pub alone: Vec<(&'static str, String)>,
    /// What was not compared, and why.
    pub notes: Vec<String>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.routes.is_empty()
    }
}

/// Compares `old` with `new`; `Err` says why they cannot be compared.
pub fn diff(old: Side<'_>, new: Side<'_>, only: Option<&str>) -> Result<Report, String> {
    let pairing = pair::pair(old.model, new.model, only)?;
    let olds: Vec<(&Vnet, &Subnet)> = old.model.subnets().collect();
    let news: Vec<(&Vnet, &Subnet)> = new.model.subnets().collect();
    let mut report = Report {
        alone: pairing.alone,
        ..Report::default()
    };
    for (oi, ni) in pairing.pairs {
        let (Some(&(ov, os)), Some(&(nv, ns))) = (olds.get(oi), news.get(ni)) else {
            continue;
        };
        let profile = |side: &Side<'_>, i: usize, s: &Subnet| {
            side.profiles
                .get(i)
                .cloned()
                .flatten()
                .ok_or_else(|| format!("subnet `{}` has no usable profile", s.name.value))
        };
        let (op, np) = (profile(&old, oi, os)?, profile(&new, ni, ns)?);
        let oe = effective(old.model.origin, ov, os, &op);
        let ne = effective(new.model.origin, nv, ns, &np);
        let name = os.name.value.clone();
        report.compared.push((name.clone(), ns.name.value.clone()));
        let sides = [(old, ov, os, &oe, &*op), (new, nv, ns, &ne, &*np)];
        report.changes.extend(subnet_changes(&name, &sides));
        let table = |(_, v, s, e, p): &(Side<'_>, &Vnet, &Subnet, &Effective<'_>, &Profile)| {
            let mandatory: BTreeSet<String> = p
                .instantiate(v, s)
                .routes
                .iter()
                .map(|r| r.name.value.to_ascii_lowercase())
                .collect();
            let space: Vec<IpNet> = v.address.iter().map(|a| a.value).collect();
            routes::Table::new(&e.routes, &mandatory, &space)
        };
        let [o, n] = &sides;
        if let Some(why) = [("OLD", os), ("NEW", ns)].iter().find_map(|(side, s)| {
            routes_unknown(s).then(|| {
                format!(
                    "the routes of `{name}` are not compared: {side} holds no route table for it"
                )
            })
        }) {
            report.notes.push(why);
            continue;
        }
        for change in routes::compare(&table(o), &table(n)) {
            report.routes.push(SubnetRoute {
                subnet: name.clone(),
                change,
            });
        }
    }
    Ok(report)
}

/// A bare NSG says nothing about the routes of the subnet it protects; a
/// subnet of a `.misec` file or an imported vnet without a route table has
/// Azure's system routes alone.
fn routes_unknown(s: &Subnet) -> bool {
    s.kind == SubnetKind::Standalone && s.route_table.is_none()
}

type SideOf<'s, 'a> = (
    Side<'s>,
    &'s Vnet,
    &'s Subnet,
    &'s Effective<'a>,
    &'s Profile,
);

/// The packet changes of one pair of subnets, both directions.
fn subnet_changes(subnet: &str, sides: &[SideOf<'_, '_>; 2]) -> Vec<Change> {
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
