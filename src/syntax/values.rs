//! Values: one element or a `[...]` list, plus numbers and strings.
//! Input: the token stream at a value; output: [`Value`] / [`Element`] with
//! exact spans. Malformed addresses become `ElementKind::Invalid` with E105;
//! numbers that do not fit 32 bits become `Invalid` with E106. A list may
//! span lines and end with a comma; lists do not nest.

use super::ast::{Element, ElementKind, List, StringLit, Value, Word};
use super::lexer::{clip, Addr, Tok, Token};
use super::{PResult, Parser};
use crate::diagnostic::Diagnostic;

const ADDR_HELP: &str = "write an IPv4 address such as `10.20.1.4`, an IPv6 address such as `fe80::1`, or a prefix such as `10.20.1.0/24`";

impl Parser<'_> {
    /// `value = element | list ;`
    pub(crate) fn value(&mut self, what: &str) -> PResult<Value> {
        if *self.peek_tok() == Tok::LBracket {
            self.list().map(Value::List)
        } else {
            self.element(what).map(Value::Single)
        }
    }

    /// `list = "[" [ element { "," element } [ "," ] ] "]" ;` (newlines allowed inside)
    pub(crate) fn list(&mut self) -> PResult<List> {
        let open = self.bump();
        let open_span = self.span(open.start, open.end);
        let mut items = Vec::new();
        loop {
            self.skip_list_newlines();
            if *self.peek_tok() == Tok::RBracket {
                break;
            }
            match self.element("a list element (an address, a port or a name) or `]`") {
                Ok(e) => items.push(e),
                Err(()) => {
                    self.open_lists = 1;
                    return Err(());
                }
            }
            let line_break = self.skip_list_newlines();
            match self.peek_tok() {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RBracket => break,
                Tok::Bad => {
                    self.open_lists = 1;
                    return Err(());
                }
                _ => {
                    let found = self.found();
                    let span = self.tok_span();
                    let d = Diagnostic::new(
                        "E001",
                        span,
                        format!("expected `,` or `]`, found {found}"),
                    )
                    .label("expected `,` or `]`")
                    .secondary(open_span, "the list starts here")
                    .help("separate list elements with commas and close the list with `]`");
                    self.diags.push(d);
                    match line_break {
                        // The list was left open at the end of a line and the
                        // next line is not a continuation: end the statement
                        // there, so the next line is parsed as a statement of
                        // its own rather than skipped as part of the list.
                        Some(newline) => self.look.push_front(newline),
                        None => self.open_lists = 1,
                    }
                    return Err(());
                }
            }
        }
        let close = self.bump();
        Ok(List {
            items,
            span: self.span(open.start, close.end),
        })
    }

    /// Skips newlines inside a list; returns the last one skipped.
    fn skip_list_newlines(&mut self) -> Option<Token> {
        let mut last = None;
        while *self.peek_tok() == Tok::Newline {
            last = Some(self.bump());
        }
        last
    }

    /// `element = address | number | range | ident ;`
    pub(crate) fn element(&mut self, what: &str) -> PResult<Element> {
        let t = self.peek().clone();
        let span = self.span(t.start, t.end);
        let text = self.text_of(&t);
        let kind = match t.tok {
            Tok::Word => ElementKind::Name(text.to_string()),
            Tok::Number(Some(n)) => ElementKind::Port(n),
            Tok::Range(Some(lo), Some(hi)) => ElementKind::Range(lo, hi),
            Tok::Number(None) | Tok::Range(_, _) => {
                self.too_big(span, text);
                ElementKind::Invalid
            }
            Tok::Addr(Addr::Ip(ip)) => ElementKind::Ip(ip),
            Tok::Addr(Addr::Cidr(ip, len)) => ElementKind::Cidr(ip, len),
            Tok::Addr(Addr::Malformed) => {
                let d = Diagnostic::new("E105", span, format!("invalid address `{}`", clip(text)))
                    .label("not an IPv4 or IPv6 address or prefix")
                    .help(ADDR_HELP);
                self.diags.push(d);
                ElementKind::Invalid
            }
            Tok::Addr(Addr::PrefixTooLong { max }) => {
                let d = Diagnostic::new(
                    "E105",
                    span,
                    format!("invalid prefix length in `{}`", clip(text)),
                )
                .label(format!("the prefix length must be at most {max}"))
                .help(format!("use a prefix length from 0 to {max}"));
                self.diags.push(d);
                ElementKind::Invalid
            }
            _ => return self.expected(what, ADDR_HELP_OR_PORT),
        };
        self.bump();
        Ok(Element { kind, span })
    }

    fn too_big(&mut self, span: crate::source::Span, text: &str) {
        let d = Diagnostic::new(
            "E106",
            span,
            format!("number too large in `{}`", clip(text)),
        )
        .label("this does not fit in 32 bits")
        .help("ports are 0 to 65535 and priorities 100 to 4096");
        self.diags.push(d);
    }

    /// `number` (for `priority`). A number too large is reported (E106) and
    /// kept as `u32::MAX` so later stages still see the priority.
    pub(crate) fn number(&mut self, what: &str, help: &str) -> PResult<Word<u32>> {
        let t = self.peek().clone();
        let span = self.span(t.start, t.end);
        match t.tok {
            Tok::Number(Some(n)) => {
                self.bump();
                Ok(Word { value: n, span })
            }
            Tok::Number(None) => {
                let text = self.text_of(&t);
                self.too_big(span, text);
                self.bump();
                Ok(Word {
                    value: u32::MAX,
                    span,
                })
            }
            _ => self.expected(what, help),
        }
    }

    /// `string`
    pub(crate) fn string_lit(&mut self) -> PResult<StringLit> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Str(value) => {
                self.bump();
                Ok(StringLit {
                    value,
                    span: self.span(t.start, t.end),
                })
            }
            _ => self.expected(
                "a string in double quotes",
                "write the description in quotes, e.g. `description \"from the app tier\"`",
            ),
        }
    }
}

const ADDR_HELP_OR_PORT: &str = "an element is an address (`10.20.1.0/24`, `fe80::1`), a port (`1433`), a range (`11000-11999`) or a name (`any`, `subnet`, `vnet`, a service tag or a set name)";
