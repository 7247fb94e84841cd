//! `inbound { ... }` and `outbound { ... }` blocks to [`SecurityRule`]s.
//!
//! Input: a block, its direction, the subnet's prefix and the NSG's rule-name
//! table (inbound and outbound share one namespace in Azure). Output: rules in
//! source order, `default allow|deny` as a [`RuleOrigin::Default`] rule at
//! priority 4096, and E102 (names), E111 (order) diagnostics.
//!
//! Order: a rule placed after another must not get a lower number (equal
//! numbers are AZ002, a range check is AZ001; both are lints, not ours), and
//! nothing may follow `default`. Where the explicit numbers leave no free
//! number for a rule without one, that is E111 too.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use ipnet::IpNet;

use crate::diagnostic::Diagnostic;
use crate::model::{
    priority, Access, Address, AddressItem, Direction, PortItem, PortRange, Protocol, RuleOrigin,
    SecurityRule,
};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{self, BlockEntry};

use super::Resolver;

/// A priority of the block, and which rule wrote it.
struct Written {
    value: u32,
    span: Span,
    rule: String,
}

impl Resolver {
    pub(crate) fn rule_block(
        &mut self,
        block: &ast::RuleBlock,
        direction: Direction,
        subnet: Option<IpNet>,
        names: &mut HashMap<String, Span>,
        out: &mut Vec<SecurityRule>,
    ) {
        let mut highest: Option<Written> = None;
        let mut default: Option<(Span, &'static str)> = None;
        let mut explicit: Vec<(Option<u32>, &ast::Ident, Option<Span>)> = Vec::new();
        let mut in_order = true;
        out.reserve(block.entries.len());
        for entry in &block.entries {
            match entry {
                BlockEntry::Rule(r) => {
                    if let Some((span, text)) = default {
                        in_order = false;
                        self.diags
                            .push(after_default(&r.name.name, r.name.span, span, text));
                    }
                    if let Some(p) = &r.priority {
                        if let Some(h) = highest.as_ref().filter(|h| p.value < h.value) {
                            in_order = false;
                            self.diags.push(
                                Diagnostic::new(
                                    "E111",
                                    p.span,
                                    format!(
                                        "rule `{}` has priority {} but comes after rule `{}` with priority {}",
                                        r.name.name, p.value, h.rule, h.value
                                    ),
                                )
                                .label("lower than an earlier rule's")
                                .secondary(h.span, format!("`{}` has priority {}", h.rule, h.value))
                                .note("rules are listed highest precedence first, and a lower number means higher precedence")
                                .help(format!(
                                    "move `{}` above `{}`, or give it a number above {}",
                                    r.name.name, h.rule, h.value
                                )),
                            );
                        }
                        if highest.as_ref().is_none_or(|h| p.value > h.value) {
                            highest = Some(Written {
                                value: p.value,
                                span: p.span,
                                rule: r.name.name.clone(),
                            });
                        }
                    }
                    explicit.push((
                        r.priority.map(|p| p.value),
                        &r.name,
                        r.priority.map(|p| p.span),
                    ));
                    self.claim(&r.name.name, r.name.span, names);
                    if let Some(rule) = self.rule(r, direction, subnet) {
                        out.push(rule);
                    }
                }
                BlockEntry::Default(d) => {
                    let text = match d.access.value {
                        Access::Allow => "default allow",
                        Access::Deny => "default deny",
                    };
                    if let Some((span, first)) = default {
                        in_order = false;
                        self.diags.push(after_default(text, d.span, span, first));
                    }
                    default = Some((d.span, text));
                    let rule = default_rule(d, direction);
                    self.claim(&rule.name.value, d.span, names);
                    out.push(rule);
                }
                BlockEntry::Error(_) => {}
            }
        }
        let in_range = explicit
            .iter()
            .all(|(p, _, _)| p.is_none_or(|p| (priority::MIN..=priority::MAX).contains(&p)));
        if in_order && in_range {
            self.no_room(&explicit, default.map(|(s, _)| s));
        }
    }

    /// E111 where explicit priorities leave no number for a rule between them.
    fn no_room(
        &mut self,
        explicit: &[(Option<u32>, &ast::Ident, Option<Span>)],
        default: Option<Span>,
    ) {
        let mut numbers: Vec<Option<u32>> = explicit.iter().map(|(p, _, _)| *p).collect();
        if default.is_some() {
            numbers.push(Some(priority::MAX));
        }
        let assigned = priority::assign(&numbers, 0);
        // The next explicit priority after each rule, found in one backward
        // pass (a block may hold many thousands of rules).
        let mut next_explicit = vec![None; explicit.len()];
        let mut upcoming = None;
        for (k, (p, n, s)) in explicit.iter().enumerate().rev() {
            next_explicit[k] = upcoming;
            if let (Some(v), Some(s)) = (p, s) {
                upcoming = Some((*v, *n, *s));
            }
        }
        for (k, ((p, name, _), got)) in explicit.iter().zip(&assigned).enumerate() {
            if p.is_some() || got.is_some() {
                continue;
            }
            let next = next_explicit.get(k).copied().flatten();
            let mut d = Diagnostic::new(
                "E111",
                name.span,
                format!("no priority number is left for rule `{}`", name.name),
            )
            .label("needs a number between its neighbours")
            .help(
                "give the neighbouring rules numbers further apart, or give this rule a priority",
            );
            match (next, default) {
                (Some((v, n, s)), _) => {
                    d = d.secondary(s, format!("`{}` has priority {v}", n.name));
                }
                (None, Some(s)) => d = d.secondary(s, "`default` has priority 4096"),
                (None, None) => {}
            }
            self.diags.push(d);
        }
    }

    /// Records a rule name in the NSG's namespace; E102 when taken.
    fn claim(&mut self, name: &str, span: Span, names: &mut HashMap<String, Span>) {
        // one search of the table for the lookup and the insertion
        match names.entry(name.to_ascii_lowercase()) {
            Entry::Occupied(first) => self.diags.push(
                Diagnostic::new("E102", span, format!("rule `{name}` is defined twice in one network security group"))
                    .label("defined again here")
                    .secondary(*first.get(), "first defined here")
                    .note("inbound and outbound rules of a subnet share one network security group, and Azure compares names case-insensitively")
                    .help(format!("rename one of the two rules named `{name}`")),
            ),
            Entry::Vacant(slot) => {
                slot.insert(span);
            }
        }
    }

    fn rule(
        &mut self,
        r: &ast::RuleDecl,
        direction: Direction,
        subnet: Option<IpNet>,
    ) -> Option<SecurityRule> {
        let source = self.addresses(&r.source, subnet);
        let source_ports = self.ports(r.source_ports.as_ref(), r.source.span());
        let destination = self.addresses(&r.destination, subnet);
        let destination_ports = self.ports(r.destination_ports.as_ref(), r.destination.span());
        // An empty side means its every element was an error (reported) or
        // `subnet` without an address (E109): leave the rule out.
        if source.is_empty()
            || destination.is_empty()
            || source_ports.is_empty()
            || destination_ports.is_empty()
        {
            return None;
        }
        Some(SecurityRule {
            name: Spanned::new(r.name.name.clone(), r.name.span),
            direction,
            access: Spanned::new(r.access.value, r.access.span),
            protocol: Spanned::new(r.protocol.value, r.protocol.span),
            source,
            source_ports,
            destination,
            destination_ports,
            priority: r.priority.map(|p| Spanned::new(p.value, p.span)),
            description: r
                .description
                .as_ref()
                .map(|d| Spanned::new(d.value.clone(), d.span)),
            origin: RuleOrigin::User,
            span: r.span,
        })
    }
}

fn after_default(what: &str, span: Span, default: Span, default_text: &str) -> Diagnostic {
    Diagnostic::new(
        "E111",
        span,
        format!("`{what}` comes after `{default_text}`"),
    )
    .label("after the catch-all")
    .secondary(
        default,
        format!("`{default_text}` has priority 4096, the lowest precedence"),
    )
    .note("`default` ends a block: nothing after it could ever take precedence over it")
    .help(format!("move `{what}` above `{default_text}`"))
}

/// `default allow|deny` as a rule: any protocol, any to any, priority 4096.
fn default_rule(d: &ast::DefaultDecl, direction: Direction) -> SecurityRule {
    let access = match d.access.value {
        Access::Allow => "allow",
        Access::Deny => "deny",
    };
    let dir = match direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    };
    let any = || {
        vec![AddressItem {
            address: Address::Any,
            span: d.span,
            via: None,
        }]
    };
    let any_port = || {
        vec![PortItem {
            range: PortRange::ANY,
            span: d.span,
            via: None,
        }]
    };
    SecurityRule {
        name: Spanned::new(format!("default-{access}-{dir}"), d.span),
        direction,
        access: Spanned::new(d.access.value, d.access.span),
        protocol: Spanned::new(Protocol::Any, d.span),
        source: any(),
        source_ports: any_port(),
        destination: any(),
        destination_ports: any_port(),
        priority: Some(Spanned::new(priority::MAX, d.span)),
        description: None,
        origin: RuleOrigin::Default,
        span: d.span,
    }
}
