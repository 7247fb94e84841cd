//! SEC001: TDS (1433, 11000–11999) or the public endpoint (3342) allowed
//! inbound from `Internet` or from any source.
//!
//! Input: the inbound policy.
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

/// TDS, the redirect range, the public endpoint.
const PORTS: [PortRange; 3] = [
    PortRange { lo: 1433, hi: 1433 },
    PortRange {
        lo: 11000,
        hi: 11999,
    },
    PortRange { lo: 3342, hi: 3342 },
];

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !traffic::filtered(view) {
        return;
    }
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
            PORTS,
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
    let mut reported: Vec<usize> = Vec::new();
    for (k, q) in questions.iter().enumerate() {
        let coverage = policy.coverage(q);
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
    let on = |lo: u16, hi: u16| {
        !packets
            .intersect_cube(&Cube {
                dport: IntervalSet::range(lo, hi),
                ..Cube::all()
            })
            .is_empty()
    };
    let tds = on(1433, 1433) || on(11000, 11999);
    let what = match (tds, on(3342, 3342)) {
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
