//! The effective NSG and route table of one subnet: what Azure will hold and
//! evaluate. Lint, query and build all start here, so they agree on it.
//!
//! Input: a subnet of a model, its vnet, and its profile. Output: the rules of
//! each direction in evaluation order with their final priorities, and the
//! routes, mandatory first.
//!
//! - From `.misec`, the profile's mandatory rules and routes always come first
//!   (the compiler emits them); user rules without a priority are numbered
//!   after the highest mandatory priority (see [`crate::model::priority`]).
//! - From Azure JSON, the mandatory rules are added only where the platform
//!   provisions them itself (service-aided eras), and never twice. The
//!   platform's network intent policy "extends" the NSG and route table and
//!   then checks the *effective* rules and routes (Microsoft, "Enable
//!   service-aided subnet configuration", 07/10/2024), so an entry the JSON
//!   already holds stands for the platform's: a rule or route under the
//!   platform's name (any `-vN` suffix), a rule that allows exactly the
//!   mandatory rule's traffic, a route with its prefix and next hop. Those
//!   are recorded in [`Effective::copies`] (MI205); what the platform does
//!   when its number or prefix is taken otherwise is not documented, and the
//!   lints say *may* about it.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::diagnostic::Diagnostic;
use crate::flow::PacketSet;
use crate::model::{priority, Direction, Origin, Route, RuleOrigin, SecurityRule, Subnet, Vnet};
use crate::profile::Profile;

/// A rule with the priority Azure will give it: the user's rule borrowed
/// from the model, the profile's instantiated for the subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedRule<'a> {
    pub rule: Cow<'a, SecurityRule>,
    pub priority: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Effective<'a> {
    /// Inbound rules by priority (ties keep source order).
    pub inbound: Vec<PlacedRule<'a>>,
    /// Outbound rules by priority.
    pub outbound: Vec<PlacedRule<'a>>,
    /// Mandatory routes, then the user's.
    pub routes: Vec<Route>,
    /// Names of mandatory rules and routes the profile marks optional.
    pub optional: std::collections::BTreeSet<String>,
    /// Mandatory items that could not be instantiated, and why.
    pub left_out: Vec<String>,
    /// E111 for rules that found no free priority.
    pub diagnostics: Vec<Diagnostic>,
    /// Entries of the file that stand for a mandatory rule or route the
    /// platform adds itself (service-aided): the entry's span and the
    /// mandatory entry's name.
    pub copies: Vec<Copy>,
    /// The platform adds the mandatory entries itself (service-aided JSON):
    /// where they collide with the file's, Azure's answer is not documented.
    pub platform_adds: bool,
}

/// An entry of the file that stands for a mandatory rule or route the
/// platform adds itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// The file's entry.
    pub span: crate::source::Span,
    /// The mandatory entry's name.
    pub platform: String,
    /// The same traffic (or prefix and next hop) exactly; otherwise the
    /// file's rule carries the mandatory traffic and more (2018's `*` where
    /// later eras write the subnet).
    pub exact: bool,
}

impl PlacedRule<'_> {
    /// The same rule, owning its data.
    pub fn into_owned(self) -> PlacedRule<'static> {
        PlacedRule {
            rule: Cow::Owned(self.rule.into_owned()),
            priority: self.priority,
        }
    }
}

impl<'a> Effective<'a> {
    pub fn rules(&self, direction: Direction) -> &[PlacedRule<'a>] {
        match direction {
            Direction::Inbound => &self.inbound,
            Direction::Outbound => &self.outbound,
        }
    }
}

/// The effective configuration of `subnet` under `profile`.
pub fn effective<'a>(
    origin: Origin,
    vnet: &Vnet,
    subnet: &'a Subnet,
    profile: &Profile,
) -> Effective<'a> {
    let mandatory = profile.instantiate(vnet, subnet);
    let user_rules: &[SecurityRule] = subnet.nsg.as_ref().map_or(&[], |n| n.rules.as_slice());
    let user_routes: &[Route] = subnet
        .route_table
        .as_ref()
        .map_or(&[], |t| t.routes.as_slice());
    // rules need an NSG and routes a route table to be added to: a subnet
    // without one (`nsg none`, or JSON that associates none) holds nothing
    let add_mandatory = origin == Origin::Misec || profile.platform_provisioned;
    let add_rules = add_mandatory && subnet.nsg.is_some();
    let add_routes = add_mandatory && subnet.route_table.is_some();
    let mut out = Effective {
        optional: mandatory.optional.clone(),
        left_out: mandatory.problems.clone(),
        platform_adds: origin != Origin::Misec && profile.platform_provisioned,
        ..Effective::default()
    };
    let mut prefixes: Vec<ipnet::IpNet> = vnet.address.iter().map(|a| a.value).collect();
    prefixes.extend(subnet.address.as_ref().map(|a| a.value));
    let ctx = crate::flow::Context::new(None, &prefixes);
    // each user rule's packets, built when first compared
    let user_sets: Vec<OnceCell<PacketSet>> = user_rules.iter().map(|_| OnceCell::new()).collect();

    for direction in [Direction::Inbound, Direction::Outbound] {
        let mut placed = Vec::new();
        if add_rules {
            for rule in mandatory.rules.iter().filter(|r| r.direction == direction) {
                let written = user_rules
                    .iter()
                    .any(|u| u.name.value.eq_ignore_ascii_case(&rule.name.value));
                let rule_set = OnceCell::new();
                let copy = (!written && profile.platform_provisioned)
                    .then(|| {
                        user_rules.iter().zip(&user_sets).find_map(|(u, u_set)| {
                            stands_for_with(&ctx, (u, u_set), (rule, &rule_set))
                                .map(|exact| (u, exact))
                        })
                    })
                    .flatten();
                if let Some((u, exact)) = copy {
                    out.copies.push(Copy {
                        span: u.span,
                        platform: rule.name.value.clone(),
                        exact,
                    });
                }
                // from `.misec` the compiler emits the rule all the same
                if !written && (copy.is_none() || !out.platform_adds) {
                    let priority = rule.priority.as_ref().map_or(priority::MIN, |p| p.value);
                    placed.push(PlacedRule {
                        rule: Cow::Owned(rule.clone()),
                        priority,
                    });
                }
            }
        }
        let mine: Vec<&SecurityRule> = user_rules
            .iter()
            .filter(|r| r.direction == direction)
            .collect();
        let floor = if add_rules && origin == Origin::Misec {
            profile.mandatory_floor(direction)
        } else {
            0
        };
        let explicit: Vec<Option<u32>> = mine
            .iter()
            .map(|r| r.priority.as_ref().map(|p| p.value))
            .collect();
        let assigned = priority::assign(&explicit, floor);
        for (rule, number) in mine.into_iter().zip(assigned) {
            match number {
                Some(priority) => placed.push(PlacedRule {
                    rule: Cow::Borrowed(rule),
                    priority,
                }),
                None => out.diagnostics.push(no_room(rule)),
            }
        }
        // Azure evaluates by number; a stable sort keeps source order on ties
        placed.sort_by_key(|p| p.priority);
        match direction {
            Direction::Inbound => out.inbound = placed,
            Direction::Outbound => out.outbound = placed,
        }
    }

    if add_routes {
        for route in &mandatory.routes {
            let written = user_routes
                .iter()
                .any(|u| u.name.value.eq_ignore_ascii_case(&route.name.value));
            let copy = (!written && profile.platform_provisioned)
                .then(|| user_routes.iter().find(|u| same_route(u, route)))
                .flatten();
            if let Some(copy) = copy {
                out.copies.push(Copy {
                    span: copy.span,
                    platform: route.name.value.clone(),
                    exact: true,
                });
            }
            if !written && (copy.is_none() || !out.platform_adds) {
                out.routes.push(route.clone());
            }
        }
    }
    out.routes.extend(user_routes.iter().cloned());
    out
}

/// Does the file's rule `u` stand for the platform's `m`, and exactly? The
/// same name but for the platform's version suffix, or an allow rule of the
/// same direction that carries all of `m`'s traffic: exactly, or with wider
/// addresses on the same ports (the 2018 documents' `management`,
/// `mi_subnet`, `health_probe` with `*` where later eras write the subnet).
/// Not a rule open on every port that happens to include a port of `m`'s,
/// nor an allow-everything rule.
pub fn stands_for(
    ctx: &crate::flow::Context<'_>,
    u: &SecurityRule,
    m: &SecurityRule,
) -> Option<bool> {
    stands_for_with(ctx, (u, &OnceCell::new()), (m, &OnceCell::new()))
}

/// [`stands_for`], each rule with a cell for its certain packets: a rule is
/// compared with many, and its set is built at most once.
fn stands_for_with(
    ctx: &crate::flow::Context<'_>,
    (u, u_set): (&SecurityRule, &OnceCell<PacketSet>),
    (m, m_set): (&SecurityRule, &OnceCell<PacketSet>),
) -> Option<bool> {
    if u.direction != m.direction || u.access.value != m.access.value {
        return None;
    }
    if unversioned(&u.name.value).eq_ignore_ascii_case(unversioned(&m.name.value))
        && u.name.value.starts_with(crate::import::USE_ONLY_PREFIX)
    {
        return Some(true);
    }
    if any_port(u) && !any_port(m) {
        return None;
    }
    let anywhere = |items: &[crate::model::AddressItem]| {
        items
            .iter()
            .any(|i| i.address == crate::model::Address::Any)
    };
    if any_port(u) && anywhere(&u.source) && anywhere(&u.destination) {
        return None;
    }
    let b = m_set.get_or_init(|| crate::flow::build::rule(ctx, m).certain);
    if b.is_empty() {
        return None;
    }
    let a = u_set.get_or_init(|| crate::flow::build::rule(ctx, u).certain);
    b.is_subset(a).then(|| a.is_subset(b))
}

/// Is a rule open on every destination port?
pub fn any_port(rule: &SecurityRule) -> bool {
    rule.destination_ports.is_empty()
        || rule
            .destination_ports
            .iter()
            .any(|p| p.range == crate::model::PortRange::ANY)
}

/// Does the file's route `u` stand for the platform's `m`: the same prefix
/// (tags ignoring case) and next hop, or the same name but for the suffix?
fn same_route(u: &Route, m: &Route) -> bool {
    let prefix = match (&u.prefix.address, &m.prefix.address) {
        (crate::model::Address::Tag(x), crate::model::Address::Tag(y)) => x.eq_ignore_ascii_case(y),
        (x, y) => x == y,
    };
    let hop = u.next_hop.value.kind == m.next_hop.value.kind
        && u.next_hop.value.address.as_ref().map(|a| a.value)
            == m.next_hop.value.address.as_ref().map(|a| a.value);
    (prefix && hop)
        || (u.name.value.starts_with(crate::import::USE_ONLY_PREFIX)
            && unversioned(&u.name.value).eq_ignore_ascii_case(unversioned(&m.name.value)))
}

/// A platform name without its `-vN` version suffix (`…-v9`, `…-v10`).
fn unversioned(name: &str) -> &str {
    match name.rfind("-v") {
        Some(i) if name.len() > i + 2 && name[i + 2..].bytes().all(|b| b.is_ascii_digit()) => {
            &name[..i]
        }
        _ => name,
    }
}

fn no_room(rule: &SecurityRule) -> Diagnostic {
    Diagnostic::new(
        "E111",
        rule.name.span,
        format!("no priority is left for rule `{}`", rule.name.value),
    )
    .label("cannot be numbered between the rules around it")
    .note("rules without a priority are numbered between the previous rule and the next explicit priority")
    .help("give this rule, or the one after it, an explicit priority that leaves room")
}

/// Whether a rule came from the user (not the profile, not Azure).
pub fn is_user(rule: &SecurityRule) -> bool {
    matches!(rule.origin, RuleOrigin::User | RuleOrigin::Default)
}
