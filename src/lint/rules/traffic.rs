//! Helpers shared by the flow-based lints (MI101–MI109, SEC001–SEC005):
//! how a rule id is named and labelled, how a packet set is shown, which
//! mandatory rules a subnet must carry, and who denies their traffic.
//!
//! Input: a [`SubnetView`] (effective rules, compiled policies, profile).
//! Output: names, spans, sample flows in `misec query` syntax, and
//! [`Denial`]s: a part of a packet set a deny rule decides, split into what a
//! later allow rule would have taken (the deny is in the way: MI101) and what
//! nothing else allows (the allow is missing: MI102).
//!
//! Invariants: every answer comes from the flow engine (no port or prefix is
//! compared here); Azure's default rules have no span, so callers label them
//! through the NSG instead; output depends only on the input (no hashing).

use crate::effective::is_user;
use crate::flow::{build, AddrSet, Cube, PacketSet, Policy, Proto};
use crate::lint::SubnetView;
use crate::model::{Access, Direction, RuleOrigin, SecurityRule};
use crate::source::Span;

pub use super::wording::{head, may_note, misec_text, port_list, port_range, ports};

pub fn direction_word(direction: Direction) -> &'static str {
    match direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

/// Whether the flow lints look at this subnet: without an associated NSG
/// nothing is filtered, so no traffic can be denied.
pub fn filtered(view: &SubnetView<'_>) -> bool {
    view.subnet.nsg.is_some()
}

/// A sample flow of `set`, in backticks, the way `misec query` reads it.
/// Of the set's boxes, the one that reads best is shown: TCP first, then
/// sides that are `any`, a tag or a small prefix rather than the middle of a
/// large range (a set's first box is often an odd leftover).
pub fn sample(view: &SubnetView<'_>, set: &PacketSet) -> String {
    let side = |a: &AddrSet| -> u32 {
        if a == &AddrSet::all() {
            0
        } else if a.v4.ranges().iter().any(|r| r.1 - r.0 < 1 << 24) || !a.atoms.is_empty() {
            1
        } else {
            3
        }
    };
    let best = set.cubes().iter().take(256).min_by_key(|c| {
        u32::from(c.proto & Proto::Tcp.bit() == 0) * 2 + side(&c.src) + side(&c.dst)
    });
    match best.and_then(|c| PacketSet::from_cube(c.clone()).sample(view.flow)) {
        Some(flow) => format!("`{flow}`"),
        None => "no packet".to_string(),
    }
}

/// The packets the subnet's NSG can see in `direction`: inbound ones go to
/// the subnet, outbound ones come from it (when its address is known), and
/// both addresses are of one family.
pub fn seen(view: &SubnetView<'_>, direction: Direction) -> PacketSet {
    let mut cube = Cube::all();
    if let Some(a) = &view.subnet.address {
        let subnet = AddrSet::prefix(a.value);
        match direction {
            Direction::Inbound => cube.dst = subnet,
            Direction::Outbound => cube.src = subnet,
        }
    }
    build::well_formed_part(&PacketSet::from_cube(cube))
}

/// The rule behind a policy id.
pub fn rule<'v>(
    view: &'v SubnetView<'_>,
    direction: Direction,
    id: usize,
) -> Option<&'v SecurityRule> {
    view.placed(direction, id).map(|p| &*p.rule)
}

/// Whether a policy id is a rule the user wrote (or imported).
pub fn is_user_id(view: &SubnetView<'_>, direction: Direction, id: usize) -> bool {
    rule(view, direction, id).is_some_and(is_user)
}

/// Whether a policy id is one of Azure's default rules.
pub fn is_azure_default(view: &SubnetView<'_>, direction: Direction, id: usize) -> bool {
    view.rule(direction, id)
        .is_none_or(|(r, _)| r.origin == RuleOrigin::AzureDefault)
}

/// The name of a policy id (Azure's defaults included) and its priority.
pub fn name(view: &SubnetView<'_>, direction: Direction, id: usize) -> (String, u32) {
    view.rule(direction, id)
        .map_or((String::from("?"), 0), |(r, p)| (r.name.value.clone(), p))
}

/// Where to point at a policy id: the rule's name, or the NSG's name for
/// Azure's defaults (which appear in no file).
pub fn name_span(view: &SubnetView<'_>, direction: Direction, id: usize) -> Option<Span> {
    match rule(view, direction, id) {
        Some(r) => Some(r.name.span),
        None => view.subnet.nsg.as_ref().map(|n| n.name.span),
    }
}

/// The profile's mandatory rules for this subnet that must be present
/// (optional ones left out), inbound first, in the profile's order.
pub fn required_rules(view: &SubnetView<'_>) -> Vec<SecurityRule> {
    let inst = view.profile.instantiate(view.vnet, view.subnet);
    inst.rules
        .into_iter()
        .filter(|r| !inst.optional.contains(&r.name.value))
        .collect()
}

/// The packets a rule matches that the subnet's NSG can see ([`seen`]).
pub fn packets(view: &SubnetView<'_>, rule: &SecurityRule) -> PacketSet {
    build::rule(view.flow, rule)
        .certain
        .intersect(&seen(view, rule.direction))
}

/// The mandatory rule of the subnet's profile that the allow rule `rule`
/// is: a rule under the platform's reserved name, or one that allows all of
/// a mandatory rule's traffic in its direction (the 2018 documents call them
/// `management`, `mi_subnet`, `health_probe`; names are the user's). Lints
/// never advise removing such a rule.
pub fn carried_mandatory(view: &SubnetView<'_>, rule: &SecurityRule) -> Option<String> {
    if rule.access.value != Access::Allow {
        return None;
    }
    let reserved = crate::import::USE_ONLY_PREFIX.len();
    // in a template or export under a service-aided profile the reserved
    // name is the platform's; in `.misec` it is the user's mistake (MI105)
    if view.effective.platform_adds
        && rule
            .name
            .value
            .get(..reserved)
            .is_some_and(|p| p.eq_ignore_ascii_case(crate::import::USE_ONLY_PREFIX))
    {
        return Some(rule.name.value.clone());
    }
    let mine = packets(view, rule);
    // a rule that allows everything the NSG sees is no copy of anything
    if seen(view, rule.direction).is_subset(&mine) {
        return None;
    }
    view.profile
        .instantiate(view.vnet, view.subnet)
        .rules
        .iter()
        .filter(|m| m.direction == rule.direction && m.access.value == Access::Allow)
        .find(|m| {
            // the same service, with wider addresses (2018's `*` where later
            // eras write the subnet): not a rule open on every port that
            // happens to include one port of the platform's
            if crate::effective::any_port(rule) && !crate::effective::any_port(m) {
                return false;
            }
            let theirs = packets(view, m);
            !theirs.is_empty() && theirs.is_subset(&mine)
        })
        .map(|m| m.name.value.clone())
}

/// A user rule of the subnet's NSG with the same name as `rule` (it takes
/// the mandatory rule's place: the platform, and misec, match by name).
pub fn namesake<'v>(view: &'v SubnetView<'_>, rule: &SecurityRule) -> Option<&'v SecurityRule> {
    view.effective
        .rules(rule.direction)
        .iter()
        .map(|p| &*p.rule)
        .find(|r| is_user(r) && r.name.value.eq_ignore_ascii_case(&rule.name.value))
}

/// A part of a packet set a deny rule decides.
pub struct Denial {
    /// The deciding rule's policy id.
    pub decider: usize,
    /// `false`: the rule may decide these packets (unresolved service tags).
    pub certain: bool,
    /// Packets an allow rule after `decider` (not Azure's) would have allowed.
    pub blocked: PacketSet,
    /// The first such allow rule.
    pub blocked_allow: Option<usize>,
    /// Packets no rule of the NSG allows.
    pub missing: PacketSet,
    /// When not certain: earlier rules that may take these packets first.
    pub maybe_by: Vec<usize>,
}

/// Who denies which part of `set` in `direction`, in evaluation order.
pub fn denials(view: &SubnetView<'_>, direction: Direction, set: &PacketSet) -> Vec<Denial> {
    denials_by(view, direction, set, |_| true)
}

/// As [`denials`], for the deciding rules `wanted` accepts only (the rest is
/// not analysed: a question may touch every rule of a large NSG).
pub fn denials_by(
    view: &SubnetView<'_>,
    direction: Direction,
    set: &PacketSet,
    wanted: impl Fn(usize) -> bool,
) -> Vec<Denial> {
    let policy = view.policy(direction);
    let order: Vec<usize> = policy.order().collect();
    // rule id -> place in evaluation order
    let mut place = vec![0; order.len()];
    for (pos, &id) in order.iter().enumerate() {
        if let Some(slot) = place.get_mut(id) {
            *slot = pos;
        }
    }
    let mut out = Vec::new();
    for part in policy.coverage(set).parts {
        if part.access != Access::Deny || !wanted(part.rule) {
            continue;
        }
        let pos = place.get(part.rule).copied().unwrap_or(order.len());
        let after = order.get(pos + 1..).unwrap_or(&[]);
        let (blocked, blocked_allow, missing) =
            split_by_later_allows(view, policy, after, &part.packets);
        let maybe_by = if part.certain {
            Vec::new()
        } else {
            order
                .get(..pos)
                .unwrap_or(&[])
                .iter()
                .filter(|&&id| {
                    policy
                        .sides(id)
                        .is_some_and(|s| part.packets.intersects(&s.possible))
                        && view
                            .rule(direction, id)
                            .is_some_and(|(r, _)| r.access.value == Access::Allow)
                })
                .copied()
                .collect()
        };
        out.push(Denial {
            decider: part.rule,
            certain: part.certain,
            blocked,
            blocked_allow,
            missing,
            maybe_by,
        });
    }
    out
}

fn split_by_later_allows(
    view: &SubnetView<'_>,
    policy: &Policy<'_>,
    after: &[usize],
    packets: &PacketSet,
) -> (PacketSet, Option<usize>, PacketSet) {
    let mut rest = packets.clone();
    let mut first = None;
    for &id in after {
        if rest.is_empty() {
            break;
        }
        if is_azure_default(view, policy.direction(), id) {
            continue;
        }
        let Some(sides) = policy.sides(id) else {
            continue;
        };
        let is_allow = view
            .rule(policy.direction(), id)
            .is_some_and(|(r, _)| r.access.value == Access::Allow);
        if !is_allow || !rest.intersects(&sides.certain) {
            continue;
        }
        first.get_or_insert(id);
        rest = rest.difference(&sides.certain);
    }
    (packets.difference(&rest), first, rest)
}
