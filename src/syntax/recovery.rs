//! Error recovery and the statement loop every block shares.
//!
//! Input: the parser positioned after an error. Output: the parser positioned
//! at the end of the broken statement (its newline, a `}` that closes the
//! enclosing block, or end of file). Braces and brackets met on the way are
//! skipped by counting, never by recursion, so deeply nested junk costs
//! linear time and constant stack.

use super::lexer::Tok;
use super::{PResult, Parser};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

impl Parser<'_> {
    /// Skips to the end of the current statement. A newline ends it unless a
    /// list (`[`) or a block (`{`) opened on the way is still open; `=`, `:`,
    /// `{` and `}` cannot appear in a list, so they close any open list.
    pub(crate) fn recover(&mut self) {
        let mut lists = std::mem::take(&mut self.open_lists);
        let mut braces = 0usize;
        let mut outer_open: Option<(usize, usize)> = None;
        loop {
            let t = self.peek().clone();
            match t.tok {
                Tok::Eof => {
                    if let Some((s, e)) = outer_open {
                        self.unclosed(self.span(s, e));
                    }
                    return;
                }
                Tok::Newline if braces == 0 && lists == 0 => return,
                Tok::RBrace if braces == 0 => return,
                Tok::RBrace => {
                    braces -= 1;
                    lists = 0;
                }
                Tok::LBrace => {
                    if braces == 0 {
                        outer_open = Some((t.start, t.end));
                    }
                    braces += 1;
                    lists = 0;
                }
                Tok::LBracket => lists += 1,
                Tok::RBracket => lists = lists.saturating_sub(1),
                Tok::Equals | Tok::Colon => lists = 0,
                _ => {}
            }
            self.bump();
        }
    }

    /// E001 for a `{` never closed before end of file.
    pub(crate) fn unclosed(&mut self, open: Span) {
        // At the end of the last line with text, so the caret is visible.
        let end = self.text.trim_end().len();
        let eof = self.span(end, end);
        let d = Diagnostic::new("E001", eof, "expected `}`, found end of file")
            .label("the file ends here")
            .secondary(open, "this `{` is never closed")
            .help("add a `}` to close the block");
        self.diags.push(d);
    }

    /// Checks that a statement ends here (newline, `}` or end of file).
    pub(crate) fn end_stmt(&mut self) -> PResult<()> {
        if self.at_end_of_stmt() {
            Ok(())
        } else {
            self.expected(
                "end of line",
                "put each statement on its own line; a comment starts with `#`",
            )
        }
    }

    fn skip_newlines(&mut self) {
        while *self.peek_tok() == Tok::Newline {
            self.bump();
        }
    }

    /// The statements of a `{ ... }` block whose `{` has been consumed (its
    /// range is `open`). `stmt` parses one statement; a failed one becomes
    /// `error(span)` after recovery. `inline` allows several statements on one
    /// line (peering blocks, whose statements have fixed length). Returns the
    /// statements and the end of the closing brace.
    pub(crate) fn block<T>(
        &mut self,
        open: Span,
        inline: bool,
        mut stmt: impl FnMut(&mut Self) -> PResult<T>,
        error: impl Fn(Span) -> T,
    ) -> (Vec<T>, usize) {
        let mut out = Vec::new();
        loop {
            self.skip_newlines();
            match self.peek_tok() {
                Tok::RBrace => {
                    let t = self.bump();
                    return (out, t.end);
                }
                Tok::Eof => {
                    self.unclosed(open);
                    return (out, self.last_end);
                }
                _ => {}
            }
            let start = self.peek().start;
            let ok = stmt(self).and_then(|t| {
                if !inline {
                    self.end_stmt()?;
                }
                Ok(t)
            });
            match ok {
                Ok(t) => out.push(t),
                Err(()) => {
                    self.recover();
                    let end = self.last_end.max(start);
                    out.push(error(self.span(start, end)));
                }
            }
        }
    }

    /// The top level: items until end of file. A stray `}` is reported and
    /// skipped.
    pub(crate) fn top_level<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> PResult<T>,
        error: impl Fn(Span) -> T,
    ) -> Vec<T> {
        let mut out = Vec::new();
        loop {
            self.skip_newlines();
            match self.peek_tok() {
                Tok::Eof => return out,
                Tok::RBrace => {
                    let span = self.tok_span();
                    let d = Diagnostic::new("E001", span, "expected an item, found `}`")
                        .label("this `}` closes no block")
                        .help("remove it, or add the `{` it was meant to close");
                    self.diags.push(d);
                    self.bump();
                    continue;
                }
                _ => {}
            }
            let start = self.peek().start;
            match item(self).and_then(|t| self.end_stmt().map(|()| t)) {
                Ok(t) => out.push(t),
                Err(()) => {
                    self.recover();
                    let end = self.last_end.max(start);
                    out.push(error(self.span(start, end)));
                }
            }
        }
    }
}
