//! Route blocks: `routes { NAME: PREFIX via HOP [IP] }`. Input: the token
//! stream at the block's `{`; output: a [`RouteBlock`] spanning `{` to `}`.
//! Whether a next hop needs an address (`appliance`) or takes none is not a
//! syntax question: the address is optional here and checked later (AZ011).

use super::ast::{NextHopDecl, NextHopKind, RouteBlock, RouteDecl, RouteEntry};
use super::lexer::Tok;
use super::{PResult, Parser};

const ROUTE_HELP: &str =
    "a route is written `NAME: PREFIX via internet|vnet-local|gateway|none|appliance IP`";

impl Parser<'_> {
    /// `route_block = "{" { route_decl } "}" ;`
    pub(crate) fn route_block(&mut self) -> PResult<RouteBlock> {
        let open = self.open_brace("a routes block")?;
        let (entries, end) = self.block(
            open,
            false,
            |p| p.route_decl().map(RouteEntry::Route),
            RouteEntry::Error,
        );
        Ok(RouteBlock {
            entries,
            span: self.span(open.start as usize, end),
        })
    }

    /// `route_decl = ident ":" value "via" next_hop ;`
    pub(crate) fn route_decl(&mut self) -> PResult<RouteDecl> {
        let start = self.peek().start;
        let name = self.ident("a route name", ROUTE_HELP)?;
        self.expect(Tok::Colon, "`:` after the route name", ROUTE_HELP)?;
        let prefix = self.value("a prefix (a CIDR, a service tag or a set name)")?;
        self.expect_word("via", ROUTE_HELP)?;
        let next_hop = self.next_hop()?;
        Ok(RouteDecl {
            name,
            prefix,
            next_hop,
            span: self.span(start, self.last_end),
        })
    }

    /// `next_hop = hop_kind [ element ] ;`
    /// `hop_kind = "internet" | "vnet-local" | "gateway" | "none" | "appliance" ;`
    pub(crate) fn next_hop(&mut self) -> PResult<NextHopDecl> {
        let kind = self.keyword(&NextHopKind::KEYWORDS, "a next hop")?;
        let address = if self.at_end_of_stmt() {
            None
        } else {
            Some(self.element("the appliance's IP address")?)
        };
        Ok(NextHopDecl {
            kind,
            address,
            span: self.span(kind.span.start as usize, self.last_end),
        })
    }
}
