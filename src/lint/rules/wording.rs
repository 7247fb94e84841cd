//! Wording shared by the flow lints: the "may" note that names the unknown
//! service tags behind a doubtful answer, a rule in `.misec` syntax for
//! "the profile requires …" notes, and the head line of a profile entry.
//!
//! Input: rules, policy ids and spans. Output: text and spans; nothing here
//! decides anything about traffic.

use std::fmt::Write;

use super::traffic::{name, Denial};
use crate::lint::{Context, SubnetView};
use crate::model::{
    Access, Address, AddressItem, Direction, PortItem, PortRange, Protocol, SecurityRule,
};
use crate::source::Span;

/// The note for answers that depend on service tags misec cannot resolve:
/// which earlier rules may take the packets first (if any), and the unknown
/// tags involved (in those rules, the deciding rule, or the question itself).
pub fn may_note(
    view: &SubnetView<'_>,
    direction: Direction,
    d: &Denial,
    subject: Option<&SecurityRule>,
) -> String {
    let mut rules: Vec<&SecurityRule> = d
        .maybe_by
        .iter()
        .chain([&d.decider])
        .filter_map(|&id| view.rule(direction, id).map(|(r, _)| r))
        .collect();
    rules.extend(subject);
    let mut tags: Vec<String> = Vec::new();
    for r in rules {
        for item in r.source.iter().chain(&r.destination) {
            if let Address::Tag(t) = &item.address {
                let new = !tags.iter().any(|x| x.eq_ignore_ascii_case(t));
                if new && view.flow.resolve(t).is_none() {
                    tags.push(t.clone());
                }
            }
        }
    }
    tags.sort();
    let tags: Vec<String> = tags.iter().map(|t| format!("`{t}`")).collect();
    let unknown = if tags.is_empty() {
        "some service tags".to_string()
    } else {
        join_and(&tags)
    };
    let which = if d.maybe_by.is_empty() {
        format!(
            "whether `{}` matches these packets depends on the addresses of {unknown}",
            name(view, direction, d.decider).0
        )
    } else {
        // the rules with an unknown tag of their own explain the doubt best
        let has_tag = |id: &&usize| {
            view.rule(direction, **id).is_some_and(|(r, _)| {
                r.source.iter().chain(&r.destination).any(
                    |i| matches!(&i.address, Address::Tag(t) if view.flow.resolve(t).is_none()),
                )
            })
        };
        let tagged: Vec<usize> = d.maybe_by.iter().filter(has_tag).copied().collect();
        let shown = if tagged.is_empty() {
            &d.maybe_by
        } else {
            &tagged
        };
        let names: Vec<String> = shown
            .iter()
            .take(3)
            .map(|&id| format!("`{}`", name(view, direction, id).0))
            .collect();
        format!(
            "whether this traffic is denied depends on the addresses of {unknown}: {} may take it first",
            join_or(&names)
        )
    };
    format!(
        "{which}; misec learns a tag's addresses from Azure's weekly service-tags file, named by `service-tags:` in `.misec.yaml`"
    )
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The first line of a span (a mandatory rule's `- name:` line in the
/// profile YAML rather than its whole entry).
pub fn head(cx: &Context<'_>, span: Span) -> Span {
    let text = cx.sources.slice(span);
    match text.find('\n') {
        Some(n) => Span::new(span.file, span.start as usize, span.start as usize + n),
        None => span,
    }
}

/// A rule in the `.misec` syntax, for notes ("the profile needs …").
pub fn misec_text(rule: &SecurityRule) -> String {
    let mut s = format!(
        "{}: {} {} from {}",
        rule.name.value,
        match rule.access.value {
            Access::Allow => "allow",
            Access::Deny => "deny",
        },
        protocol(rule.protocol.value),
        addresses(&rule.source)
    );
    s.push_str(&ports(&rule.source_ports));
    let _ = write!(s, " to {}", addresses(&rule.destination));
    s.push_str(&ports(&rule.destination_ports));
    if let Some(p) = &rule.priority {
        let _ = write!(s, " priority {}", p.value);
    }
    s
}

pub fn protocol(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp => "icmp",
        Protocol::Esp => "esp",
        Protocol::Ah => "ah",
        Protocol::Any => "any",
    }
}

fn addresses(items: &[AddressItem]) -> String {
    match items {
        [one] => one.address.to_string(),
        many => format!(
            "[{}]",
            many.iter()
                .map(|i| i.address.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// ` port …`, or nothing for any port.
pub fn ports(items: &[PortItem]) -> String {
    if items.iter().any(|i| i.range.is_any()) {
        return String::new();
    }
    format!(" port {}", port_list(items))
}

/// `9000` or `[9000, 9003]` or `11000-11999`.
pub fn port_list(items: &[PortItem]) -> String {
    let one = |p: &PortItem| port_range(p.range);
    match items {
        [p] => one(p),
        many => format!("[{}]", many.iter().map(one).collect::<Vec<_>>().join(", ")),
    }
}

/// `1433` or `11000-11999`.
pub fn port_range(range: PortRange) -> String {
    if range.lo == range.hi {
        range.lo.to_string()
    } else {
        format!("{}-{}", range.lo, range.hi)
    }
}
