//! MI107: connection type `redirect`, but clients allowed on TCP 1433 are
//! not allowed on 11000–11999.
//!
//! Input: the inbound policy, the subnet's connection type and the profile's
//! `tds` and `redirect` ports (1433 and 11000–11999 in every built-in era).
//! Output: one diagnostic per user rule that certainly allows TCP 1433 to
//! the subnet from sources that are then denied (or may be) on the redirect
//! range, labelled on that rule, with a sample of the denied flow.

use super::traffic;
use crate::diagnostic::Diagnostic;
use crate::flow::{build, Cube, IntervalSet, PacketSet};
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Address, ConnectionKind, Direction, PortRange, Protocol};

pub const RULE: Rule = Rule {
    code: "MI107",
    doc: include_str!("mi107.md"),
    scope: Scope::Subnet(check),
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(connection) = &view.subnet.connection else {
        return;
    };
    if connection.value != ConnectionKind::Redirect || !traffic::filtered(view) {
        return;
    }
    // the TDS port, and the ports redirected connections move to
    let tds = view.profile.ports.tds;
    let redirect = view.profile.ports.redirect;
    let range = traffic::port_range(redirect);
    let dir = Direction::Inbound;
    let policy = view.policy(dir);
    let logins = build::parts(
        view.flow,
        Protocol::Tcp,
        [&Address::Any],
        [PortRange::ANY],
        [&Address::Any],
        [PortRange::single(tds)],
    )
    .certain
    .intersect(&traffic::seen(view, dir));
    let mut reported: Vec<usize> = Vec::new();
    // certain or not: an earlier rule that may take some of these packets
    // first (a service tag) does not change what this rule allows
    let coverage = policy.coverage(&logins);
    let allowed = coverage
        .parts
        .iter()
        .filter(|p| p.access == crate::model::Access::Allow);
    for part in allowed {
        if reported.contains(&part.rule) || !traffic::is_user_id(view, dir, part.rule) {
            continue;
        }
        // the same clients, on the redirect range: what the rule itself
        // matches (a maybe-part also holds packets it only might match)
        let Some(sides) = policy.sides(part.rule) else {
            continue;
        };
        let clients = part.packets.intersect(&sides.certain);
        let moved = PacketSet::from_cubes(clients.cubes().iter().map(|c| Cube {
            dport: IntervalSet::range(redirect.lo, redirect.hi),
            ..c.clone()
        }));
        let denials = traffic::denials(view, dir, &moved);
        let Some(d) = denials
            .iter()
            .find(|d| d.certain)
            .or_else(|| denials.first())
        else {
            continue;
        };
        reported.push(part.rule);
        let (name, _) = traffic::name(view, dir, part.rule);
        let (decider, _) = traffic::name(view, dir, d.decider);
        let Some(span) = traffic::name_span(view, dir, part.rule) else {
            continue;
        };
        let denied = d.blocked.union(&d.missing);
        let (verb, is) = if d.certain {
            ("denies", "are")
        } else {
            ("may deny", "may be")
        };
        let mut diag = Diagnostic::new(
            "MI107",
            span,
            format!(
                "clients that `{name}` allows on port {tds} {is} denied on {range}, which redirected connections use"
            ),
        )
        .label(format!("allows {}", traffic::sample(view, &clients)))
        .secondary(connection.span, "connections are redirected");
        let shown = if traffic::is_user_id(view, dir, d.decider) {
            traffic::name_span(view, dir, d.decider)
        } else {
            None
        };
        diag = match shown {
            Some(s) => diag.secondary(s, format!("{verb} {}", traffic::sample(view, &denied))),
            None => diag.note(format!(
                "Azure's `{decider}` {verb} {}",
                traffic::sample(view, &denied)
            )),
        };
        diag = diag
            .note(format!(
                "with `redirect`, a client logs in on port {tds} and then talks to the node directly on a port in {range}; \
                 the login succeeds and the session then fails"
            ));
        if !d.certain {
            diag = diag.note(traffic::may_note(view, dir, d, None));
        }
        out.push(diag.help(format!(
            "allow the same sources on ports {range} (for example `port [{tds}, {range}]` in `{name}`), or use `connection proxy`"
        )));
    }
}
