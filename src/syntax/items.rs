//! Top-level items (`profile`, `let`, `vnet`) and the `vnet` and `peering`
//! blocks. Input: the token stream at an item; output: AST nodes whose spans
//! run from the first keyword to the last token (the closing `}` for blocks).

use super::ast::{
    Item, LetDecl, PeeringDecl, PeeringStmt, PeeringStmtKind, ProfileDecl, VnetDecl, VnetStmt,
    VnetStmtKind,
};
use super::lexer::Tok;
use super::{PResult, Parser};
use crate::source::Span;

const ITEMS: &[&str] = &["profile", "let", "vnet"];

impl Parser<'_> {
    /// `file = { item } ;`
    pub(crate) fn file_items(&mut self) -> Vec<Item> {
        self.top_level(Self::item, Item::Error)
    }

    /// `item = profile_decl | let_decl | vnet_decl ;`
    pub(crate) fn item(&mut self) -> PResult<Item> {
        match self.peek_word() {
            Some("profile") => self.profile_decl().map(Item::Profile),
            Some("let") => self.let_decl().map(Item::Let),
            Some("vnet") => self.vnet_decl().map(Item::Vnet),
            _ => self.unknown_stmt("an item (`profile`, `let` or `vnet`)", ITEMS),
        }
    }

    /// `profile_decl = "profile" ident ;`
    pub(crate) fn profile_decl(&mut self) -> PResult<ProfileDecl> {
        let start = self.bump().start;
        let name = self.ident(
            "a profile name",
            "name a profile, e.g. `profile mi-2020-service-aided`",
        )?;
        Ok(ProfileDecl {
            name,
            span: self.span(start, self.last_end),
        })
    }

    /// `let_decl = "let" ident "=" value ;`
    pub(crate) fn let_decl(&mut self) -> PResult<LetDecl> {
        let start = self.bump().start;
        let name = self.ident(
            "a set name",
            "a set is written `let NAME = VALUE`, e.g. `let apps = [10.20.2.0/24, 10.20.3.0/24]`",
        )?;
        self.expect(
            Tok::Equals,
            "`=`",
            "a set is written `let NAME = VALUE`, e.g. `let tds = [1433, 11000-11999]`",
        )?;
        let value = self.value("a value (an address, a port, a name or a `[...]` list)")?;
        Ok(LetDecl {
            name,
            value,
            span: self.span(start, self.last_end),
        })
    }

    /// Consumes `{` for a block and returns its span.
    pub(crate) fn open_brace(&mut self, what: &str) -> PResult<Span> {
        let help = format!("the body of {what} is written in braces on the same line: `{{ ... }}`");
        let t = self.expect(Tok::LBrace, "`{`", &help)?;
        Ok(self.span(t.start, t.end))
    }

    /// `vnet_decl = "vnet" ident "{" { vnet_stmt } "}" ;`
    pub(crate) fn vnet_decl(&mut self) -> PResult<VnetDecl> {
        let start = self.bump().start;
        let name = self.ident(
            "a vnet name",
            "name the virtual network, e.g. `vnet prod-vnet {`",
        )?;
        let open = self.open_brace("a vnet")?;
        let (body, end) = self.block(open, false, Self::vnet_stmt, |span| VnetStmt {
            kind: VnetStmtKind::Error,
            span,
        });
        Ok(VnetDecl {
            name,
            body,
            span: self.span(start, end),
        })
    }

    /// `peering_decl = "peering" ident "{" { peering_stmt } "}" ;`
    pub(crate) fn peering_decl(&mut self) -> PResult<PeeringDecl> {
        let start = self.bump().start;
        let name = self.ident("a peering name", "name the peering, e.g. `peering hub {`")?;
        let open = self.open_brace("a peering")?;
        let (body, end) = self.block(open, true, Self::peering_stmt, |span| PeeringStmt {
            kind: PeeringStmtKind::Error,
            span,
        });
        Ok(PeeringDecl {
            name,
            body,
            span: self.span(start, end),
        })
    }

    /// `peering_stmt = "region" ident | "use-remote-gateways"
    ///               | "remote-gateway-transit" ;`
    pub(crate) fn peering_stmt(&mut self) -> PResult<PeeringStmt> {
        let start = self.peek().start;
        let kind = match self.peek_word() {
            Some("region") => {
                self.bump();
                PeeringStmtKind::Region(self.ident(
                    "a region name",
                    "name the peered network's Azure region, e.g. `region westeurope`",
                )?)
            }
            Some("use-remote-gateways") => {
                self.bump();
                PeeringStmtKind::UseRemoteGateways
            }
            Some("remote-gateway-transit") => {
                self.bump();
                PeeringStmtKind::RemoteGatewayTransit
            }
            _ => return self.unknown_stmt(
                "a peering statement (`region`, `use-remote-gateways` or `remote-gateway-transit`)",
                &["region", "use-remote-gateways", "remote-gateway-transit"],
            ),
        };
        Ok(PeeringStmt {
            kind,
            span: self.span(start, self.last_end),
        })
    }
}
