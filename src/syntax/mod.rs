//! The `.misec` parser: text to [`ast::File`], never failing. After a syntax
//! error it recovers at the end of the statement or the closing brace, so every
//! mistake in a file is reported (E001, E002, E105 for malformed addresses,
//! E106 for numbers that do not fit 32 bits).
//!
//! Structure: `lexer` (nom recognisers) produces tokens on demand; the
//! productions of `grammar/misec.ebnf` are recursive-descent functions over
//! those tokens in `items`, `statements`, `rules`, `routes` and `values`;
//! `recovery` holds the block loop and error recovery. Recursion depth is
//! bounded by the grammar (file → vnet → subnet → block), never by the input:
//! nesting that the grammar does not allow is skipped by counting.

pub mod ast;
mod facts;
mod items;
mod lexer;
mod recovery;
mod routes;
mod rules;
mod statements;
mod values;
mod word;

use crate::diagnostic::{did_you_mean, Diagnostic};

/// A close keyword for a misspelt one: Jaro-Winkler first, then one edit
/// (transpositions included, so `tpc` finds `tcp`).
fn suggest<'k>(word: &str, keywords: &[&'k str]) -> Option<&'k str> {
    did_you_mean(word, keywords.iter().copied()).or_else(|| {
        keywords
            .iter()
            .copied()
            .find(|k| strsim::osa_distance(word, k) <= 1)
    })
}
use crate::source::{FileId, Span};
use lexer::{clip, Lexer, Tok, Token};

/// Parses one file. Always returns a tree; `diagnostics` says what could not
/// be parsed (sorted by position).
pub fn parse(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    let mut p = Parser::new(file, text);
    let items = p.file_items();
    let mut diags = p.diags;
    diags.append(&mut p.lexer.diags);
    crate::diagnostic::sort(&mut diags);
    let file = ast::File {
        items,
        comments: p.lexer.comments,
        span: Span::new(file, 0, text.len()),
    };
    (file, diags)
}

/// An error was reported (or was already reported by the lexer); the caller
/// recovers.
pub(crate) type PResult<T> = Result<T, ()>;

pub(crate) struct Parser<'a> {
    text: &'a str,
    file: FileId,
    lexer: Lexer<'a>,
    /// Up to two tokens of lookahead.
    look: std::collections::VecDeque<Token>,
    diags: Vec<Diagnostic>,
    /// End of the last consumed token.
    last_end: usize,
    /// Lists open at the point of the last error, for recovery.
    open_lists: usize,
}

impl<'a> Parser<'a> {
    fn new(file: FileId, text: &'a str) -> Parser<'a> {
        Parser {
            text,
            file,
            lexer: Lexer::new(file, text),
            look: std::collections::VecDeque::new(),
            diags: Vec::new(),
            last_end: 0,
            open_lists: 0,
        }
    }

    /// Lexes until `n` tokens are looked ahead. Mostly they already are:
    /// that check is inlined into every peek, the lexing is not.
    #[inline]
    fn fill(&mut self, n: usize) {
        while self.look.len() < n {
            self.lex();
        }
    }

    #[inline(never)]
    fn lex(&mut self) {
        let t = self.lexer.next_token();
        self.look.push_back(t);
    }

    fn peek(&mut self) -> &Token {
        self.fill(1);
        &self.look[0]
    }

    fn peek_tok(&mut self) -> &Tok {
        &self.peek().tok
    }

    fn peek2_tok(&mut self) -> &Tok {
        self.fill(2);
        &self.look[1].tok
    }

    fn bump(&mut self) -> Token {
        self.fill(1);
        match self.look.pop_front() {
            Some(t) => {
                if t.tok != Tok::Eof {
                    self.last_end = t.end;
                }
                t
            }
            None => Token {
                tok: Tok::Eof,
                start: self.text.len(),
                end: self.text.len(),
            },
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn tok_span(&mut self) -> Span {
        let t = self.peek();
        let (s, e) = (t.start, t.end);
        self.span(s, e)
    }

    fn text_of(&self, t: &Token) -> &'a str {
        self.text.get(t.start..t.end).unwrap_or("")
    }

    /// The peeked token's text if it is a word.
    fn peek_word(&mut self) -> Option<&'a str> {
        let text = self.text;
        let t = self.peek();
        match t.tok {
            Tok::Word => Some(text.get(t.start..t.end).unwrap_or("")),
            _ => None,
        }
    }

    fn at_word(&mut self, w: &str) -> bool {
        self.peek_word() == Some(w)
    }

    fn at_end_of_stmt(&mut self) -> bool {
        matches!(self.peek_tok(), Tok::Newline | Tok::Eof | Tok::RBrace)
    }

    /// How the peeked token reads in "found X".
    fn found(&mut self) -> String {
        let t = self.peek().clone();
        match t.tok {
            Tok::Newline => "end of line".into(),
            Tok::Eof => "end of file".into(),
            Tok::Str(_) => format!("the string `{}`", clip(self.text_of(&t))),
            _ => format!("`{}`", clip(self.text_of(&t))),
        }
    }

    /// Reports E001 at the peeked token: `expected {what}, found X`. Tokens the
    /// lexer already reported (E002) get no second diagnostic.
    fn expected<T>(&mut self, what: &str, help: impl Into<String>) -> PResult<T> {
        if *self.peek_tok() != Tok::Bad {
            let found = self.found();
            let span = self.tok_span();
            let d = Diagnostic::new("E001", span, format!("expected {what}, found {found}"))
                .label(format!("expected {what}"))
                .help(help);
            self.diags.push(d);
        }
        Err(())
    }

    fn expect(&mut self, tok: Tok, what: &str, help: &str) -> PResult<Token> {
        if *self.peek_tok() == tok {
            Ok(self.bump())
        } else {
            self.expected(what, help)
        }
    }

    fn expect_word(&mut self, w: &str, help: &str) -> PResult<Span> {
        if self.at_word(w) {
            let t = self.bump();
            Ok(self.span(t.start, t.end))
        } else {
            self.expected(&format!("`{w}`"), help)
        }
    }

    fn ident(&mut self, what: &str, help: &str) -> PResult<ast::Ident> {
        match self.peek_word() {
            Some(name) => {
                let t = self.bump();
                Ok(ast::Ident {
                    name: name.to_string(),
                    span: self.span(t.start, t.end),
                })
            }
            None => self.expected(what, help),
        }
    }

    /// One word out of a fixed table (`tcp|udp|…`); a near miss gets a
    /// "did you mean".
    fn keyword<T: Copy>(&mut self, table: &[(&str, T)], what: &str) -> PResult<ast::Word<T>> {
        if let Some(w) = self.peek_word() {
            if let Some((_, v)) = table.iter().find(|(k, _)| *k == w) {
                let t = self.bump();
                return Ok(ast::Word {
                    value: *v,
                    span: self.span(t.start, t.end),
                });
            }
        }
        let names: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
        let list = names.join(", ");
        let help = match self.peek_word().and_then(|w| suggest(w, &names)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("write one of: {list}"),
        };
        self.expected(&format!("{what} ({list})"), help)
    }

    /// A statement keyword was not recognised: E001 with a "did you mean".
    fn unknown_stmt<T>(&mut self, what: &str, keywords: &[&str]) -> PResult<T> {
        let help = match self.peek_word().and_then(|w| suggest(w, keywords)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "a statement here starts with one of: {}",
                keywords.join(", ")
            ),
        };
        self.expected(what, help)
    }
}

#[cfg(test)]
mod tests;
