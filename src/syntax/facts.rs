//! The subnet facts with a shape of their own: `created DATE` and
//! `instances [N general-purpose, N business-critical]`.
//!
//! Input: the token stream after the keyword. Output: the date (a day that
//! exists: an impossible one is E002 at the date) or the counts, each with
//! its span. The `instances` list stays on one line, so no comment can
//! hide inside it.

use super::ast::{Date, InstanceCount, InstancesDecl, Tier, Word};
use super::lexer::{Tok, Token};
use super::{PResult, Parser};
use crate::diagnostic::Diagnostic;

const INSTANCES_HELP: &str =
    "write the counts per service tier on one line, e.g. `instances [4 general-purpose, 1 business-critical]`";

impl Parser<'_> {
    /// `date = digit4 "-" digit2 "-" digit2 ;` (a day that exists)
    pub(crate) fn date(&mut self) -> PResult<Word<Date>> {
        let t = self.peek().clone();
        if t.tok != Tok::Date {
            return self.expected(
                "a date (YYYY-MM-DD)",
                "write the day the subnet was created, e.g. `created 2021-03-15`",
            );
        }
        self.bump();
        let span = self.span(t.start, t.end);
        let text = self.text_of(&t);
        match Date::parse(text) {
            Ok(value) => Ok(Word { value, span }),
            Err(why) => {
                let d = Diagnostic::new("E002", span, format!("invalid date `{text}`"))
                    .label(why)
                    .help("write a day that exists, as `YYYY-MM-DD`");
                self.diags.push(d);
                Err(())
            }
        }
    }

    /// `instances = "[" count tier { "," count tier } [ "," ] "]" ;` on one line
    pub(crate) fn instances(&mut self) -> PResult<InstancesDecl> {
        let open: Token = self.expect(Tok::LBracket, "`[`", INSTANCES_HELP)?;
        let counts = self.instance_counts();
        if counts.is_err() {
            // recovery skips to the `]` that closes the list
            self.open_lists = 1;
        }
        let counts = counts?;
        let close = self.bump();
        Ok(InstancesDecl {
            counts,
            span: self.span(open.start, close.end),
        })
    }

    fn instance_counts(&mut self) -> PResult<Vec<InstanceCount>> {
        let mut counts = Vec::new();
        loop {
            if *self.peek_tok() == Tok::RBracket {
                break;
            }
            let count = self.number("a number of instances", INSTANCES_HELP)?;
            let tier = self.keyword(&Tier::KEYWORDS, "a service tier")?;
            counts.push(InstanceCount {
                span: self.span(count.span.start as usize, tier.span.end as usize),
                count,
                tier,
            });
            match self.peek_tok() {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RBracket => break,
                _ => return self.expected("`,` or `]`", INSTANCES_HELP),
            }
        }
        Ok(counts)
    }
}
