//! Completion: after `profile`, the built-in profile names; elsewhere the
//! language's keywords, the file's set names and Azure's service tags.
//!
//! Input: an open document and a position. Output: the candidates; the
//! client filters them by what is typed.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionResponse, Position};

use super::server::Doc;
use super::{position, words};
use crate::syntax::{self, ast};
use crate::{profile, tags};

/// Every keyword of `grammar/misec.ebnf`.
pub const KEYWORDS: &[&str] = &[
    "address",
    "allow",
    "any",
    "appliance",
    "bgp-propagation",
    "connection",
    "default",
    "delegated",
    "deny",
    "description",
    "dns",
    "expressroute",
    "features",
    "from",
    "gateway",
    "icmp",
    "inbound",
    "internet",
    "let",
    "microsoft-peering",
    "nat-gateway",
    "none",
    "nsg",
    "off",
    "on",
    "outbound",
    "peering",
    "port",
    "priority",
    "profile",
    "proxy",
    "redirect",
    "region",
    "remote-gateway-transit",
    "route-table",
    "routes",
    "service-endpoints",
    "subnet",
    "tcp",
    "to",
    "udp",
    "use-remote-gateways",
    "via",
    "vnet",
    "vnet-local",
    "vpn",
    "ah",
    "esp",
];

pub fn complete(doc: &Doc, at: Position) -> Option<CompletionResponse> {
    if doc.json {
        return None;
    }
    let offset = position::offset(doc.file, at);
    let text = doc.file.text.as_str();
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let typed = words::word_at(text, offset).map_or(offset, |(r, _)| r.start);
    let before = text.get(line_start..typed)?.split_whitespace().last();
    let item = |label: &str, kind, detail: &str| CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail.to_string()),
        ..CompletionItem::default()
    };
    let mut out = Vec::new();
    for name in profile::builtin_names() {
        out.push(item(name, CompletionItemKind::MODULE, "profile"));
    }
    if before == Some("profile") {
        return Some(CompletionResponse::Array(out));
    }
    let (ast, _) = syntax::parse(doc.id, text);
    for decl in &ast.items {
        if let ast::Item::Let(l) = decl {
            out.push(item(
                &l.name.name,
                CompletionItemKind::VARIABLE,
                doc.sources.slice(l.value.span()),
            ));
        }
    }
    for keyword in KEYWORDS {
        out.push(item(keyword, CompletionItemKind::KEYWORD, "keyword"));
    }
    for tag in tags::names() {
        out.push(item(tag, CompletionItemKind::CONSTANT, "service tag"));
    }
    Some(CompletionResponse::Array(out))
}
