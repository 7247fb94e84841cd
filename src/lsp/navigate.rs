//! Go to definition and document symbols, from the syntax tree (so a file
//! with errors elsewhere still has its outline).
//!
//! Definition: a set's name goes to its `let`; a subnet's name to its
//! declaration; the word `subnet` in a rule to the enclosing subnet's
//! `address`, and `vnet` to the enclosing vnet's. Symbols: sets, vnets, and
//! inside each subnet its rules and routes.

use lsp_types::{
    DocumentSymbol, DocumentSymbolResponse, GotoDefinitionResponse, Location, Position, SymbolKind,
};

use super::server::Doc;
use super::{position, words};
use crate::source::Span;
use crate::syntax::{self, ast};

pub fn definition(doc: &Doc, at: Position) -> Option<GotoDefinitionResponse> {
    if doc.json {
        return None;
    }
    let offset = position::offset(doc.file, at);
    let (ast, _) = syntax::parse(doc.id, &doc.file.text);
    let (_, word) = words::word_at(&doc.file.text, offset)?;
    let inside = |span: Span| (span.start as usize) <= offset && offset <= span.end as usize;
    let target = if let Some(set) = words::set(&ast, word) {
        set.name.span
    } else if let Some((_, s)) = words::subnets(&ast)
        .into_iter()
        .find(|(_, s)| s.name.name == word)
    {
        s.name.span
    } else if word == "subnet" || word == "vnet" {
        let (vnet, subnet) = words::subnets(&ast)
            .into_iter()
            .find(|(_, s)| inside(s.span))?;
        if word == "vnet" {
            address_of_vnet(vnet).unwrap_or(vnet.name.span)
        } else {
            address_of_subnet(subnet).unwrap_or(subnet.name.span)
        }
    } else {
        return None;
    };
    Some(GotoDefinitionResponse::Scalar(Location::new(
        doc.uri.clone(),
        position::range(doc.file, target),
    )))
}

fn address_of_vnet(vnet: &ast::VnetDecl) -> Option<Span> {
    vnet.body.iter().find_map(|s| match s.kind {
        ast::VnetStmtKind::Address(_) => Some(s.span),
        _ => None,
    })
}

fn address_of_subnet(subnet: &ast::SubnetDecl) -> Option<Span> {
    subnet.body.iter().find_map(|s| match s.kind {
        ast::SubnetStmtKind::Address(_) => Some(s.span),
        _ => None,
    })
}

pub fn symbols(doc: &Doc) -> Option<DocumentSymbolResponse> {
    if doc.json {
        return None;
    }
    let (ast, _) = syntax::parse(doc.id, &doc.file.text);
    let symbol = |name: &str,
                  detail: Option<String>,
                  kind,
                  span: Span,
                  name_span: Span,
                  children: Vec<DocumentSymbol>| {
        #[allow(deprecated)] // `deprecated` is a required field of the type
        DocumentSymbol {
            name: if name.is_empty() {
                "?".to_string()
            } else {
                name.to_string()
            },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: position::range(doc.file, span),
            selection_range: position::range(doc.file, name_span),
            children: (!children.is_empty()).then_some(children),
        }
    };
    let mut out = Vec::new();
    for item in &ast.items {
        match item {
            ast::Item::Let(l) => out.push(symbol(
                &l.name.name,
                Some(doc.sources.slice(l.value.span()).to_string()),
                SymbolKind::VARIABLE,
                l.span,
                l.name.span,
                Vec::new(),
            )),
            ast::Item::Vnet(v) => {
                let mut subnets = Vec::new();
                for stmt in &v.body {
                    if let ast::VnetStmtKind::Subnet(s) = &stmt.kind {
                        let children = subnet_children(s)
                            .into_iter()
                            .map(|(name, detail, kind, span, name_span)| {
                                symbol(name, Some(detail), kind, span, name_span, Vec::new())
                            })
                            .collect();
                        subnets.push(symbol(
                            &s.name.name,
                            Some("subnet".into()),
                            SymbolKind::STRUCT,
                            s.span,
                            s.name.span,
                            children,
                        ));
                    }
                }
                out.push(symbol(
                    &v.name.name,
                    Some("vnet".into()),
                    SymbolKind::NAMESPACE,
                    v.span,
                    v.name.span,
                    subnets,
                ));
            }
            ast::Item::Profile(_) | ast::Item::Error(_) => {}
        }
    }
    Some(DocumentSymbolResponse::Nested(out))
}

type Child<'a> = (&'a str, String, SymbolKind, Span, Span);

/// The rules (`inbound allow`) and routes (`route`) of a subnet.
fn subnet_children(subnet: &ast::SubnetDecl) -> Vec<Child<'_>> {
    let mut out = Vec::new();
    for stmt in &subnet.body {
        match &stmt.kind {
            ast::SubnetStmtKind::Inbound(block) | ast::SubnetStmtKind::Outbound(block) => {
                let direction = match stmt.kind {
                    ast::SubnetStmtKind::Inbound(_) => "inbound",
                    _ => "outbound",
                };
                for entry in &block.entries {
                    if let ast::BlockEntry::Rule(rule) = entry {
                        let access = match rule.access.value {
                            ast::Access::Allow => "allow",
                            ast::Access::Deny => "deny",
                        };
                        let detail = format!("{direction} {access}");
                        out.push((
                            rule.name.name.as_str(),
                            detail,
                            SymbolKind::FIELD,
                            rule.span,
                            rule.name.span,
                        ));
                    }
                }
            }
            ast::SubnetStmtKind::Routes(block) => {
                for entry in &block.entries {
                    if let ast::RouteEntry::Route(route) = entry {
                        out.push((
                            route.name.name.as_str(),
                            "route".to_string(),
                            SymbolKind::EVENT,
                            route.span,
                            route.name.span,
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    out
}
