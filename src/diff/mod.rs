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
mod subnet;

use std::collections::BTreeSet;
use std::rc::Rc;

use ipnet::IpNet;

use crate::effective::{effective, Effective};
use crate::flow::TagResolver;
use crate::model::{Access, Direction, Model, Subnet, SubnetKind, Vnet};
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
        report.changes.extend(subnet::changes(&name, &sides));
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
