//! Layout of rule and route entries. Input: one entry and the name column
//! shared by the subnet's blocks; output: its line(s) in `Fmt::out`.
//! `priority` and `description` follow two spaces.

use super::{pad, quote, Blank, Fmt, Piece};
use crate::syntax::ast::*;

impl Fmt<'_> {
    pub(super) fn rule_entry(&mut self, e: &BlockEntry, indent: usize, width: usize, first: bool) {
        let span = match e {
            BlockEntry::Rule(r) => r.span,
            BlockEntry::Default(d) => d.span,
            BlockEntry::Error(s) => *s,
        };
        let blank = if first { Blank::None } else { Blank::Keep };
        self.lead(span.start as usize, indent, blank);
        let end = span.end as usize;
        match e {
            BlockEntry::Default(d) => {
                let access = self.src(d.access.span);
                self.flag(&format!("default {access}"), end);
            }
            BlockEntry::Error(s) => self.flag(self.src(*s), end),
            BlockEntry::Rule(r) => {
                let head = format!(
                    "{}{} {} from ",
                    pad(&format!("{}:", r.name.name), width),
                    self.src(r.access.span),
                    self.src(r.protocol.span)
                );
                let mut p = vec![Piece::Text(head), Piece::Value(&r.source)];
                if let Some(ports) = &r.source_ports {
                    p.push(Piece::Text(" port ".into()));
                    p.push(Piece::Value(ports));
                }
                p.push(Piece::Text(" to ".into()));
                p.push(Piece::Value(&r.destination));
                if let Some(ports) = &r.destination_ports {
                    p.push(Piece::Text(" port ".into()));
                    p.push(Piece::Value(ports));
                }
                if let Some(n) = &r.priority {
                    p.push(Piece::Text(format!("  priority {}", self.src(n.span))));
                }
                if let Some(d) = &r.description {
                    p.push(Piece::Text(format!("  description {}", quote(&d.value))));
                }
                self.pieces(indent, &p, end);
            }
        }
    }

    pub(super) fn route_entry(&mut self, e: &RouteEntry, indent: usize, width: usize, first: bool) {
        let (span, route) = match e {
            RouteEntry::Route(r) => (r.span, Some(r)),
            RouteEntry::Error(s) => (*s, None),
        };
        let blank = if first { Blank::None } else { Blank::Keep };
        self.lead(span.start as usize, indent, blank);
        let end = span.end as usize;
        let Some(r) = route else {
            return self.flag(self.src(span), end);
        };
        let head = pad(&format!("{}:", r.name.name), width);
        let mut tail = format!(" via {}", self.src(r.next_hop.kind.span));
        if let Some(a) = &r.next_hop.address {
            tail.push(' ');
            tail.push_str(self.element(a));
        }
        let p = [
            Piece::Text(head),
            Piece::Value(&r.prefix),
            Piece::Text(tail),
        ];
        self.pieces(indent, &p, end);
    }
}

/// `NAME:` of every rule and route in a subnet statement: they align
/// across all of the subnet's blocks.
pub(super) fn entry_names(kind: &SubnetStmtKind) -> Vec<String> {
    match kind {
        SubnetStmtKind::Inbound(b) | SubnetStmtKind::Outbound(b) => b
            .entries
            .iter()
            .filter_map(|e| match e {
                BlockEntry::Rule(r) => Some(format!("{}:", r.name.name)),
                _ => None,
            })
            .collect(),
        SubnetStmtKind::Routes(b) => b
            .entries
            .iter()
            .filter_map(|e| match e {
                RouteEntry::Route(r) => Some(format!("{}:", r.name.name)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
