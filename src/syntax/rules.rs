//! Security rule blocks: `inbound { ... }` / `outbound { ... }`.
//! Input: the token stream at the block's `{`; output: a [`RuleBlock`] whose
//! span runs from `{` to `}` and whose entries are rules, `default` lines or
//! error entries for lines that could not be parsed.

use super::ast::{Access, BlockEntry, DefaultDecl, Protocol, RuleBlock, RuleDecl, Word};
use super::lexer::Tok;
use super::{PResult, Parser};

const RULE_HELP: &str =
    "a rule is written `NAME: allow|deny PROTO from ADDRS [port PORTS] to ADDRS [port PORTS] [priority N] [description \"...\"]`";

impl Parser<'_> {
    /// `rule_block = "{" { rule_entry } "}" ;`
    pub(crate) fn rule_block(&mut self) -> PResult<RuleBlock> {
        let open = self.open_brace("a rule block")?;
        let (entries, end) = self.block(open, false, Self::rule_entry, BlockEntry::Error);
        Ok(RuleBlock {
            entries,
            span: self.span(open.start as usize, end),
        })
    }

    /// `rule_entry = default_decl | rule_decl ;` — `default` followed by `:`
    /// is a rule named `default`.
    pub(crate) fn rule_entry(&mut self) -> PResult<BlockEntry> {
        if self.at_word("default") && *self.peek2_tok() != Tok::Colon {
            return self.default_decl().map(BlockEntry::Default);
        }
        self.rule_decl().map(|r| BlockEntry::Rule(Box::new(r)))
    }

    /// `default_decl = "default" access ;`
    pub(crate) fn default_decl(&mut self) -> PResult<DefaultDecl> {
        let start = self.bump().start;
        let access = self.access()?;
        Ok(DefaultDecl {
            access,
            span: self.span(start, self.last_end),
        })
    }

    /// `access = "allow" | "deny" ;`
    pub(crate) fn access(&mut self) -> PResult<Word<Access>> {
        self.keyword(
            &[("allow", Access::Allow), ("deny", Access::Deny)],
            "an action",
        )
    }

    /// `protocol = "tcp" | "udp" | "icmp" | "esp" | "ah" | "any" ;`
    pub(crate) fn protocol(&mut self) -> PResult<Word<Protocol>> {
        self.keyword(&Protocol::KEYWORDS, "a protocol")
    }

    /// `rule_decl = ident ":" access protocol "from" value [ "port" value ]
    ///   "to" value [ "port" value ] [ "priority" number ]
    ///   [ "description" string ] ;`
    pub(crate) fn rule_decl(&mut self) -> PResult<RuleDecl> {
        let start = self.peek().start;
        let name = self.ident("a rule name or `default`", RULE_HELP)?;
        self.expect(Tok::Colon, "`:` after the rule name", RULE_HELP)?;
        let access = self.access()?;
        let protocol = self.protocol()?;
        self.expect_word("from", RULE_HELP)?;
        let source =
            self.value("a source (an address, a service tag, a set name or a `[...]` list)")?;
        let source_ports = self.opt_ports()?;
        self.expect_word("to", RULE_HELP)?;
        let destination =
            self.value("a destination (an address, a service tag, a set name or a `[...]` list)")?;
        let destination_ports = self.opt_ports()?;
        let priority = if self.at_word("priority") {
            self.bump();
            Some(self.number("a priority number", "write a number such as `priority 400`")?)
        } else {
            None
        };
        let description = if self.at_word("description") {
            self.bump();
            Some(self.string_lit()?)
        } else {
            None
        };
        if let Some(word) = self
            .peek_word()
            .filter(|w| ["port", "priority", "description"].contains(w))
        {
            // a clause given twice, or out of order: say which
            let twice = match word {
                "port" => {
                    destination_ports.is_some() && priority.is_none() && description.is_none()
                }
                "priority" => priority.is_some() && description.is_none(),
                _ => description.is_some(),
            };
            let (message, label) = if twice {
                (
                    format!("`{word}` is given twice in this rule"),
                    "a second `".to_string() + word + "`",
                )
            } else {
                (
                    format!("`{word}` is out of place in this rule"),
                    format!("`{word}` comes earlier"),
                )
            };
            let span = self.tok_span();
            self.diags.push(
                crate::diagnostic::Diagnostic::new("E001", span, message)
                    .label(label)
                    .help("a rule has each of `port`, `priority` and `description` at most once, in this order, after the addresses"),
            );
            return Err(());
        }
        if !self.at_end_of_stmt() {
            return self.expected(
                "`port`, `priority`, `description` or end of line",
                "optional parts follow the addresses in this order: `port`, `priority`, `description`",
            );
        }
        Ok(RuleDecl {
            name,
            access,
            protocol,
            source,
            source_ports,
            destination,
            destination_ports,
            priority,
            description,
            span: self.span(start, self.last_end),
        })
    }

    /// `[ "port" value ]`
    fn opt_ports(&mut self) -> PResult<Option<super::ast::Value>> {
        if self.at_word("port") {
            self.bump();
            Ok(Some(self.value(
                "a port, a range, a set name or a `[...]` list of them",
            )?))
        } else {
            Ok(None)
        }
    }
}
