//! Layout of items, blocks, statements, rules and routes. Input: the tree
//! and the shared [`Fmt`] state; output: lines appended to `Fmt::out`.
//! Blank lines: forced around `vnet` and around nested blocks, kept (at
//! most one) elsewhere, never right after `{`.

use super::rules::entry_names;
use super::{align_width, pad, Blank, Fmt, Piece};
use crate::syntax::ast::*;

fn is_group(item: &Item) -> bool {
    matches!(item, Item::Profile(_) | Item::Let(_))
}

impl Fmt<'_> {
    pub(super) fn file(&mut self, file: &File) {
        let mut prev: Option<&Item> = None;
        // `let` names align over each run of consecutive `let`s.
        let mut let_width = 0;
        for (i, item) in file.items.iter().enumerate() {
            let blank = match prev {
                None => Blank::None,
                Some(p) if is_group(p) && is_group(item) => Blank::Keep,
                Some(_) => Blank::Force,
            };
            let starts_run = match (prev, item) {
                (Some(Item::Let(p)), Item::Let(l)) => {
                    self.blank_between(p.span.end as usize, l.span.start as usize)
                }
                (_, Item::Let(_)) => true,
                _ => false,
            };
            if starts_run {
                let_width = align_width(self.let_run(&file.items[i..]).into_iter());
            }
            let span = item_span(item);
            self.lead(span.start as usize, 0, blank);
            match item {
                Item::Profile(p) => {
                    self.out.push_str("profile ");
                    self.out.push_str(&p.name.name);
                    self.end_line(span.end as usize);
                }
                Item::Let(l) => {
                    let head = format!("let {}= ", pad(&l.name.name, let_width));
                    self.pieces(
                        0,
                        &[Piece::Text(head), Piece::Value(&l.value)],
                        span.end as usize,
                    );
                }
                Item::Vnet(v) => {
                    self.header(&format!("vnet {}", v.name.name), v.name.span.end as usize);
                    self.vnet_body(v, 2);
                }
                Item::Error(s) => {
                    self.out.push_str(self.src(*s));
                    self.end_line(s.end as usize);
                }
            }
            prev = Some(item);
        }
        self.flush(usize::MAX, 0);
    }

    /// Names of the `let`s on consecutive lines from the start of `items`
    /// (a blank or comment line ends the run of aligned `=`).
    fn let_run<'i>(&self, items: &'i [Item]) -> Vec<&'i str> {
        let mut names = Vec::new();
        let mut prev_end: Option<usize> = None;
        for item in items {
            let Item::Let(l) = item else { break };
            if prev_end.is_some_and(|e| self.blank_between(e, l.span.start as usize)) {
                break;
            }
            names.push(l.name.name.as_str());
            prev_end = Some(l.span.end as usize);
        }
        names
    }

    /// `NAME {` and a trailing comment on its line. `after` is a position
    /// before the `{` (the header's name end).
    fn header(&mut self, head: &str, after: usize) {
        let brace = self
            .text
            .get(after..)
            .and_then(|s| s.find('{'))
            .map_or(after, |i| after + i);
        self.out.push_str(head);
        self.out.push_str(" {");
        self.end_line(brace + 1);
    }

    /// Comments before the closing brace at `end - 1`, then `}` and a
    /// trailing comment.
    fn close(&mut self, end: usize, indent: usize) {
        let brace = end.saturating_sub(1);
        self.flush(brace, indent + 2);
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.out.push('}');
        self.end_line(end);
    }

    fn vnet_body(&mut self, v: &VnetDecl, indent: usize) {
        let width = align_width(v.body.iter().filter_map(|s| vnet_key(&s.kind)));
        let mut prev_block: Option<bool> = None;
        for s in &v.body {
            let is_block = matches!(s.kind, VnetStmtKind::Peering(_) | VnetStmtKind::Subnet(_));
            self.lead(
                s.span.start as usize,
                indent,
                blank_for(prev_block, is_block),
            );
            prev_block = Some(is_block);
            let end = s.span.end as usize;
            match &s.kind {
                VnetStmtKind::Address(x) | VnetStmtKind::Dns(x) => {
                    let key = vnet_key(&s.kind).unwrap_or("");
                    self.pieces(
                        indent,
                        &[Piece::Text(pad(key, width)), Piece::Value(x)],
                        end,
                    );
                }
                VnetStmtKind::Region(n) => self.keyed("region", width, &n.name, end),
                VnetStmtKind::Gateway(w) => self.keyed("gateway", width, self.src(w.span), end),
                VnetStmtKind::MicrosoftPeering(w) => {
                    self.keyed("microsoft-peering", width, self.src(w.span), end)
                }
                VnetStmtKind::Peering(p) => {
                    self.header(
                        &format!("peering {}", p.name.name),
                        p.name.span.end as usize,
                    );
                    let w = align_width(p.body.iter().filter_map(|s| match s.kind {
                        PeeringStmtKind::Region(_) => Some("region"),
                        _ => None,
                    }));
                    for (i, ps) in p.body.iter().enumerate() {
                        let blank = if i == 0 { Blank::None } else { Blank::Keep };
                        self.lead(ps.span.start as usize, indent + 2, blank);
                        let e = ps.span.end as usize;
                        match &ps.kind {
                            PeeringStmtKind::Region(n) => self.keyed("region", w, &n.name, e),
                            PeeringStmtKind::UseRemoteGateways => {
                                self.flag("use-remote-gateways", e)
                            }
                            PeeringStmtKind::RemoteGatewayTransit => {
                                self.flag("remote-gateway-transit", e)
                            }
                            PeeringStmtKind::Error => self.flag(self.src(ps.span), e),
                        }
                    }
                    self.close(p.span.end as usize, indent);
                }
                VnetStmtKind::Subnet(sub) => self.subnet(sub, indent),
                VnetStmtKind::Error => self.flag(self.src(s.span), end),
            }
        }
        self.close(v.span.end as usize, indent - 2);
    }

    fn keyed(&mut self, key: &str, width: usize, value: &str, end: usize) {
        self.out.push_str(&pad(key, width));
        self.out.push_str(value);
        self.end_line(end);
    }

    pub(super) fn flag(&mut self, key: &str, end: usize) {
        self.out.push_str(key);
        self.end_line(end);
    }

    fn subnet(&mut self, sub: &SubnetDecl, indent: usize) {
        self.header(
            &format!("subnet {}", sub.name.name),
            sub.name.span.end as usize,
        );
        let inner = indent + 2;
        let width = align_width(sub.body.iter().filter_map(|s| subnet_key(&s.kind)));
        let names: Vec<String> = sub.body.iter().flat_map(|s| entry_names(&s.kind)).collect();
        let name_width = align_width(names.iter().map(|n| n.as_str()));
        let mut prev_block: Option<bool> = None;
        for s in &sub.body {
            use SubnetStmtKind as K;
            let is_block = matches!(s.kind, K::Inbound(_) | K::Outbound(_) | K::Routes(_));
            self.lead(
                s.span.start as usize,
                inner,
                blank_for(prev_block, is_block),
            );
            prev_block = Some(is_block);
            let end = s.span.end as usize;
            let key = subnet_key(&s.kind).unwrap_or("");
            match &s.kind {
                K::Address(x) | K::ServiceEndpoints(x) | K::Features(x) | K::FailoverGroup(x) => {
                    self.pieces(inner, &[Piece::Text(pad(key, width)), Piece::Value(x)], end)
                }
                K::Profile(n) | K::Nsg(n) | K::RouteTable(n) => {
                    self.keyed(key, width, &n.name, end)
                }
                K::Connection(w) => self.keyed(key, width, self.src(w.span), end),
                K::BgpPropagation(w) | K::DefaultOutbound(w) => {
                    self.keyed(key, width, self.src(w.span), end)
                }
                K::Created(w) => self.keyed(key, width, self.src(w.span), end),
                K::Instances(list) => {
                    let counts: Vec<String> = list
                        .counts
                        .iter()
                        .map(|c| format!("{} {}", c.count.value, self.src(c.tier.span)))
                        .collect();
                    self.keyed(key, width, &format!("[{}]", counts.join(", ")), end)
                }
                K::Delegated => self.flag("delegated", end),
                K::NatGateway => self.flag("nat-gateway", end),
                K::NoNsg => self.keyed(key, width, "none", end),
                K::NoRouteTable => self.keyed(key, width, "none", end),
                K::Inbound(b) | K::Outbound(b) => {
                    let kw = if matches!(s.kind, K::Inbound(_)) {
                        "inbound"
                    } else {
                        "outbound"
                    };
                    self.out.push_str(kw);
                    self.out.push_str(" {");
                    self.end_line(b.span.start as usize + 1);
                    for (i, e) in b.entries.iter().enumerate() {
                        self.rule_entry(e, inner + 2, name_width, i == 0);
                    }
                    self.close(b.span.end as usize, inner);
                }
                K::Routes(b) => {
                    self.out.push_str("routes {");
                    self.end_line(b.span.start as usize + 1);
                    for (i, e) in b.entries.iter().enumerate() {
                        self.route_entry(e, inner + 2, name_width, i == 0);
                    }
                    self.close(b.span.end as usize, inner);
                }
                K::Error => self.flag(self.src(s.span), end),
            }
        }
        self.close(sub.span.end as usize, indent);
    }
}

fn item_span(item: &Item) -> crate::source::Span {
    match item {
        Item::Profile(p) => p.span,
        Item::Let(l) => l.span,
        Item::Vnet(v) => v.span,
        Item::Error(s) => *s,
    }
}

/// Blocks are set apart by a blank line; other statements keep the source's.
fn blank_for(prev_block: Option<bool>, is_block: bool) -> Blank {
    match prev_block {
        None => Blank::None,
        Some(prev) if prev || is_block => Blank::Force,
        Some(_) => Blank::Keep,
    }
}

/// The keyword of a vnet statement that takes a value (and so aligns).
fn vnet_key(kind: &VnetStmtKind) -> Option<&'static str> {
    Some(match kind {
        VnetStmtKind::Address(_) => "address",
        VnetStmtKind::Region(_) => "region",
        VnetStmtKind::Dns(_) => "dns",
        VnetStmtKind::Gateway(_) => "gateway",
        VnetStmtKind::MicrosoftPeering(_) => "microsoft-peering",
        _ => return None,
    })
}

/// The keyword of a subnet statement that takes a value (and so aligns).
fn subnet_key(kind: &SubnetStmtKind) -> Option<&'static str> {
    use SubnetStmtKind as K;
    Some(match kind {
        K::Address(_) => "address",
        K::Profile(_) => "profile",
        K::Connection(_) => "connection",
        K::ServiceEndpoints(_) => "service-endpoints",
        K::BgpPropagation(_) => "bgp-propagation",
        K::Features(_) => "features",
        K::Nsg(_) => "nsg",
        K::RouteTable(_) => "route-table",
        K::NoNsg => "nsg",
        K::NoRouteTable => "route-table",
        K::Created(_) => "created",
        K::Instances(_) => "instances",
        K::FailoverGroup(_) => "failover-group",
        K::DefaultOutbound(_) => "default-outbound",
        _ => return None,
    })
}
