//! SEC001: TDS (1433, 11000–11999) or the public endpoint (3342) allowed
//! inbound from `Internet` or from any source.
//!
//! Input: the inbound policy and the profile's `tds`, `redirect` and
//! `public_endpoint` ports (1433, 11000–11999 and 3342 in every built-in era).
//! Output: one diagnostic per user allow rule that certainly allows such
//! traffic to the subnet from the whole `Internet` region (the tag, `any`)
//! or from every IPv4 address (`0.0.0.0/0`), labelled on the rule's name.
//! Certain only: a rule from a prefix that merely may overlap `Internet`
//! is not reported.

use super::traffic;
use crate::diagnostic::Diagnostic;
use crate::flow::{build, AddrSet, Cube, IntervalSet, PacketSet};
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Access, Address, Direction, PortRange, Protocol};

pub const RULE: Rule = Rule {
    code: "SEC001",
    doc: include_str!("sec001.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !traffic::filtered(view) {
        return;
    }
    let ports = &view.profile.ports;
    // TDS, the redirect range, the public endpoint
    let asked = [
        PortRange::single(ports.tds),
        ports.redirect,
        PortRange::single(ports.public_endpoint),
    ];
    let dir = Direction::Inbound;
    let policy = view.policy(dir);
    let internet = Address::Tag("Internet".to_string());
    let seen = traffic::seen(view, dir);
    let tds = |src: &Address| {
        build::parts(
            view.flow,
            Protocol::Tcp,
            [src],
            [PortRange::ANY],
            [&Address::Any],
            asked,
        )
        .certain
        .intersect(&seen)
    };
    // the Internet region, and every IPv4 address (which holds it, though
    // the engine cannot tell without the service-tags file)
    let every_v4 = PacketSet::from_cube(Cube {
        src: AddrSet {
            v4: IntervalSet::full(),
            ..AddrSet::empty()
        },
        ..Cube::all()
    });
    let questions = [tds(&internet), tds(&Address::Any).intersect(&every_v4)];
    // only a user allow rule from the whole region can be reported; coverage
    // is decided packet by packet, so asking it about those rules' packets
    // alone gives the same answer for them at a fraction of the cost
    let whole_v4 = |id: usize| {
        policy
            .sides(id)
            .is_some_and(|s| s.certain.cubes().iter().any(|c| c.src.v4.is_full()))
    };
    let candidates: Vec<usize> = (0..view.effective.rules(dir).len())
        .filter(|&id| traffic::is_user_id(view, dir, id))
        .filter(|&id| {
            policy
                .rule(id)
                .is_some_and(|(r, _)| r.access.value == Access::Allow)
        })
        .filter(|&id| {
            policy.sides(id).is_some_and(|s| {
                s.certain.intersects(&questions[0])
                    || (whole_v4(id) && s.certain.intersects(&questions[1]))
            })
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    let region = candidates
        .iter()
        .filter_map(|&id| policy.sides(id))
        .fold(PacketSet::empty(), |acc, s| acc.union(&s.certain));
    let mut reported: Vec<usize> = Vec::new();
    for (k, q) in questions.iter().enumerate() {
        let coverage = policy.coverage(&q.intersect(&region));
        // packets a deny may take: never claimed as allowed
        let denied = coverage
            .parts
            .iter()
            .filter(|p| p.access == Access::Deny)
            .fold(PacketSet::empty(), |acc, p| acc.union(&p.packets));
        for part in &coverage.parts {
            if part.access != Access::Allow || reported.contains(&part.rule) {
                continue;
            }
            if !traffic::is_user_id(view, dir, part.rule) {
                continue;
            }
            let Some(sides) = policy.sides(part.rule) else {
                continue;
            };
            let mine = part.packets.intersect(&sides.certain).difference(&denied);
            // from the whole region: the tag (or `any`), or every IPv4
            // address (the rule's own source; earlier rules may take a piece)
            let whole = k == 0 || sides.certain.cubes().iter().any(|c| c.src.v4.is_full());
            let from_all = if whole { mine } else { PacketSet::empty() };
            if from_all.is_empty() {
                continue;
            }
            reported.push(part.rule);
            out.push(report(view, part.rule, &from_all));
        }
    }
}

fn report(view: &SubnetView<'_>, id: usize, packets: &PacketSet) -> Diagnostic {
    let dir = Direction::Inbound;
    let (name, _) = traffic::name(view, dir, id);
    let flow = traffic::sample(view, packets);
    let ports = &view.profile.ports;
    let on = |r: PortRange| {
        !packets
            .intersect_cube(&Cube {
                dport: IntervalSet::range(r.lo, r.hi),
                ..Cube::all()
            })
            .is_empty()
    };
    let tds = on(PortRange::single(ports.tds)) || on(ports.redirect);
    let what = match (tds, on(PortRange::single(ports.public_endpoint))) {
        (true, true) => "TDS and the public endpoint",
        (false, true) => "the public endpoint",
        _ => "TDS",
    };
    let span = traffic::name_span(view, dir, id).unwrap_or(view.subnet.name.span);
    Diagnostic::new(
        "SEC001",
        span,
        format!("rule `{name}` allows {what} from the Internet"),
    )
    .label(format!("allows {flow}"))
    .note(
        "anyone on the Internet can then reach the instance's login; TDS endpoints are \
         scanned and brute-forced continuously",
    )
    .help("allow only the client networks that need the instance (their prefixes or service tags)")
}
