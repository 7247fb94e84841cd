//! JSON with positions: the only file that uses `jsonc-parser`.
//!
//! Input: any text. Output: a [`Json`] tree where every value and every key
//! carries the [`Span`] of its text, or one E301 diagnostic at the place the
//! text stops being JSON. Accepted: strict JSON plus `//` and `/* */`
//! comments (ARM templates allow them). Rejected: trailing or missing commas,
//! single quotes, unquoted keys, hex or non-finite numbers.
//!
//! Invariants: parsing is linear in the text; nesting deeper than the parser's
//! limit is an error, not a stack overflow; key lookup is ASCII
//! case-insensitive because ARM compares property names that way.

use std::borrow::Cow;

use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::tokens::Token;
use jsonc_parser::{Scanner, ScannerOptions};

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// A JSON value and the span of its text (strings include their quotes).
#[derive(Debug, Clone, PartialEq)]
pub struct Json<'a> {
    pub span: Span,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number's text, as written.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<Member<'a>>),
}

/// One `"key": value` pair of an object, in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Span,
    pub value: Json<'a>,
}

impl<'a> Json<'a> {
    /// The value of the first key equal to `key` ignoring ASCII case.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.member(key).map(|m| &m.value)
    }

    pub fn member(&self, key: &str) -> Option<&Member<'a>> {
        match &self.value {
            Value::Object(members) => members.iter().find(|m| m.key.eq_ignore_ascii_case(key)),
            _ => None,
        }
    }

    /// Follows a path of keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Json<'a>> {
        keys.iter().try_fold(self, |j, k| j.get(k))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    /// What the value is, in words for messages ("an array").
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Parses `text` (file `file`) into a spanned tree, or says where it is not JSON.
pub fn parse(file: FileId, text: &str) -> Result<Json<'_>, Box<Diagnostic>> {
    // Editors on Windows save templates with a byte order mark; skip it.
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = text.get(offset..).unwrap_or("");
    // plainly valid text (nearly every file) in one pass over its bytes;
    // anything else, errors included, through the full parser below
    match super::json_fast::parse(file, body, offset) {
        Some(json) => Ok(json),
        None => parse_full(file, text),
    }
}

/// Whether the one-pass reader, wherever it answers, reads `text` as the
/// full parser does: the import fuzz target's oracle for the fast path.
#[doc(hidden)]
pub fn fast_path_agrees(file: FileId, text: &str) -> bool {
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = text.get(offset..).unwrap_or("");
    match super::json_fast::parse(file, body, offset) {
        Some(json) => parse_full(file, text) == Ok(json),
        None => true,
    }
}

/// [`parse`] without its fast path: `jsonc-parser`'s scanner and our grammar.
pub(super) fn parse_full(file: FileId, text: &str) -> Result<Json<'_>, Box<Diagnostic>> {
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = text.get(offset..).unwrap_or("");
    let mut parser = Parser {
        scanner: Scanner::new(body, &SCANNER),
        file,
        offset,
        open: Vec::new(),
        last_end: 0,
        members: Vec::new(),
        items: Vec::new(),
    };
    let document = parser.document();
    document.map_err(|fault| {
        let (kind, start, end) = match &fault {
            Fault::Scan(error) => (error.kind(), error.range().start, error.range().end),
            Fault::At(kind, start, end) => (kind, *start, *end),
            Fault::Empty => {
                return Box::new(
                    Diagnostic::new(E301, Span::new(file, 0, text.len()), "the file is empty")
                        .label("expected a JSON document here")
                        .help("import an ARM template or the output of `az network nsg show`"),
                )
            }
        };
        Box::new(syntax_error(file, text, start + offset, end + offset, kind))
    })
}

/// Strict JSON strings and numbers (comments are skipped by the parser).
const SCANNER: ScannerOptions = ScannerOptions {
    allow_single_quoted_strings: false,
    allow_hexadecimal_numbers: false,
    allow_unary_plus_numbers: false,
    allow_bare_decimal_point_numbers: false,
    allow_non_finite_numbers: false,
    allow_extended_string_escapes: false,
};

/// Nesting deeper than this is an error (objects count twice: the object and
/// the member), as in `jsonc-parser`'s own tree builder.
const MAX_DEPTH: usize = 512;

/// Why the text is not JSON: the scanner's error, or one of the grammar's
/// with its byte range in the text after the byte order mark.
enum Fault {
    Scan(ParseError),
    At(ParseErrorKind, usize, usize),
    Empty,
}

/// The grammar over `jsonc-parser`'s scanner (which reads strings, escapes,
/// numbers and comments), building [`Json`] directly: one tree, no
/// intermediate syntax tree. Its errors and their ranges are those of
/// `jsonc_parser::parse_to_ast` with the options of [`SCANNER`]; a test
/// compares the two.
struct Parser<'a> {
    scanner: Scanner<'a>,
    file: FileId,
    offset: usize,
    /// Starts of the objects, arrays and members being read.
    open: Vec<usize>,
    /// End of the last token read (comments are not tokens).
    last_end: usize,
    /// Members and items of the objects and arrays being read, innermost
    /// last: each is moved into a vector of its exact size when it closes.
    members: Vec<Member<'a>>,
    items: Vec<Json<'a>>,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Result<Json<'a>, Fault> {
        let first = self.scan()?.ok_or(Fault::Empty)?;
        let value = self.value(first)?;
        if self.scan()?.is_some() {
            return Err(self.here(ParseErrorKind::MultipleRootJsonValues));
        }
        Ok(value)
    }

    /// The next token that is not a comment.
    fn scan(&mut self) -> Result<Option<Token<'a>>, Fault> {
        loop {
            match self.scanner.scan().map_err(Fault::Scan)? {
                Some(Token::CommentLine(_) | Token::CommentBlock(_)) => {}
                token => {
                    self.last_end = self.scanner.token_end();
                    return Ok(token);
                }
            }
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start + self.offset, end + self.offset)
    }

    /// An error on the current token (or the character after the text read).
    fn here(&self, kind: ParseErrorKind) -> Fault {
        let (start, end) = (self.scanner.token_start(), self.scanner.token_end());
        let text = self.scanner.file_text();
        let end = if end > start {
            end
        } else {
            text.get(end..)
                .and_then(|t| t.chars().next())
                .map_or(text.len(), |c| end + c.len_utf8())
        };
        Fault::At(kind, start, end)
    }

    /// An error on the innermost object, array or member, up to here.
    fn open_range(&mut self, kind: ParseErrorKind) -> Fault {
        let start = self.open.pop().unwrap_or(0);
        Fault::At(kind, start, self.scanner.token_end())
    }

    /// A value starting at `token` (the current token).
    fn value(&mut self, token: Token<'a>) -> Result<Json<'a>, Fault> {
        if self.open.len() > MAX_DEPTH {
            return Err(self.open_range(ParseErrorKind::NestingDepthExceeded));
        }
        let value = match token {
            Token::OpenBrace => return self.object(),
            Token::OpenBracket => return self.array(),
            Token::String(s) => Value::String(s),
            Token::Boolean(b) => Value::Bool(b),
            Token::Number(n) => Value::Number(n),
            Token::Null => Value::Null,
            Token::CloseBracket => return Err(self.here(ParseErrorKind::UnexpectedCloseBracket)),
            Token::CloseBrace => return Err(self.here(ParseErrorKind::UnexpectedCloseBrace)),
            Token::Comma => return Err(self.here(ParseErrorKind::UnexpectedComma)),
            Token::Colon => return Err(self.here(ParseErrorKind::UnexpectedColon)),
            Token::Word(_) => return Err(self.here(ParseErrorKind::UnexpectedWord)),
            Token::CommentLine(_) | Token::CommentBlock(_) => {
                return Err(self.here(ParseErrorKind::UnexpectedToken))
            }
        };
        Ok(Json {
            span: self.span(self.scanner.token_start(), self.scanner.token_end()),
            value,
        })
    }

    /// After a member or an item: skips the comma and returns the token
    /// after it. A comma right before `close` is an error, and so is a
    /// token `missing_comma` accepts right after the value.
    fn after_value(
        &mut self,
        close: Token<'a>,
        missing_comma: fn(&Token<'a>) -> bool,
    ) -> Result<Option<Token<'a>>, Fault> {
        let after_value = self.last_end;
        match self.scan()? {
            Some(Token::Comma) => {
                let comma = (self.scanner.token_start(), self.scanner.token_end());
                let next = self.scan()?;
                if next.as_ref() == Some(&close) {
                    return Err(Fault::At(
                        ParseErrorKind::TrailingCommasNotAllowed,
                        comma.0,
                        comma.1,
                    ));
                }
                Ok(next)
            }
            Some(t) if missing_comma(&t) => Err(Fault::At(
                ParseErrorKind::ExpectedComma,
                after_value,
                after_value,
            )),
            other => Ok(other),
        }
    }

    fn object(&mut self) -> Result<Json<'a>, Fault> {
        let start = self.scanner.token_start();
        self.open.push(start);
        let first = self.members.len();
        let mut token = self.scan()?;
        loop {
            match token {
                Some(Token::CloseBrace) => break,
                Some(Token::String(key)) => {
                    let key_span = self.span(self.scanner.token_start(), self.scanner.token_end());
                    self.open.push(self.scanner.token_start());
                    if !matches!(self.scan()?, Some(Token::Colon)) {
                        return Err(self.here(ParseErrorKind::ExpectedColonAfterObjectKey));
                    }
                    let value = match self.scan()? {
                        Some(t) => self.value(t)?,
                        // too deep is said first, as `jsonc-parser` does
                        None if self.open.len() > MAX_DEPTH => {
                            return Err(self.open_range(ParseErrorKind::NestingDepthExceeded))
                        }
                        None => return Err(self.here(ParseErrorKind::ExpectedObjectValue)),
                    };
                    self.open.pop();
                    self.members.push(Member {
                        key,
                        key_span,
                        value,
                    });
                }
                None => return Err(self.open_range(ParseErrorKind::UnterminatedObject)),
                Some(Token::Word(_) | Token::Number(_) | Token::Boolean(_) | Token::Null) => {
                    return Err(self.here(ParseErrorKind::ExpectedStringObjectProperty))
                }
                Some(_) => return Err(self.here(ParseErrorKind::UnexpectedTokenInObject)),
            }
            token = self.after_value(Token::CloseBrace, |t| {
                matches!(
                    t,
                    Token::String(_)
                        | Token::Word(_)
                        | Token::Number(_)
                        | Token::Boolean(_)
                        | Token::Null
                )
            })?;
        }
        self.open.pop();
        let members = self.members.split_off(first);
        Ok(Json {
            span: self.span(start, self.scanner.token_end()),
            value: Value::Object(members),
        })
    }

    fn array(&mut self) -> Result<Json<'a>, Fault> {
        let start = self.scanner.token_start();
        self.open.push(start);
        let first = self.items.len();
        let mut token = self.scan()?;
        loop {
            match token {
                Some(Token::CloseBracket) => break,
                None => return Err(self.open_range(ParseErrorKind::UnterminatedArray)),
                Some(t) => {
                    let item = self.value(t)?;
                    self.items.push(item);
                }
            }
            token = self.after_value(Token::CloseBracket, |t| {
                matches!(
                    t,
                    Token::OpenBrace
                        | Token::OpenBracket
                        | Token::String(_)
                        | Token::Boolean(_)
                        | Token::Number(_)
                        | Token::Null
                )
            })?;
        }
        self.open.pop();
        let items = self.items.split_off(first);
        Ok(Json {
            span: self.span(start, self.scanner.token_end()),
            value: Value::Array(items),
        })
    }
}

const E301: &str = "E301";

fn syntax_error(
    file: FileId,
    text: &str,
    start: usize,
    end: usize,
    kind: &ParseErrorKind,
) -> Diagnostic {
    let found = text.get(start..end.max(start)).unwrap_or("");
    let shown: String = found.chars().take(40).collect();
    let span = Span::new(file, start, end.max(start));
    let (message, label) = match kind {
        ParseErrorKind::UnexpectedWord | ParseErrorKind::UnexpectedToken => (
            format!("invalid JSON: `{shown}` is not a JSON value"),
            "expected a string, number, object, array, `true`, `false` or `null`".to_string(),
        ),
        ParseErrorKind::TrailingCommasNotAllowed => (
            "invalid JSON: trailing comma".to_string(),
            "JSON allows no comma before a closing bracket".to_string(),
        ),
        ParseErrorKind::ExpectedComma => (
            "invalid JSON: expected `,`".to_string(),
            "a comma is missing here".to_string(),
        ),
        ParseErrorKind::MultipleRootJsonValues => (
            "invalid JSON: text after the end of the document".to_string(),
            "the document already ended".to_string(),
        ),
        other => (
            format!("invalid JSON: {}", lowercase_first(&other.to_string())),
            "here".to_string(),
        ),
    };
    let diagnostic = Diagnostic::new(E301, span, message).label(label);
    // A bare ARM expression (`[int(32)]` unquoted) is the common real mistake.
    let before = text.get(..start).unwrap_or("").trim_end();
    if matches!(
        kind,
        ParseErrorKind::UnexpectedWord | ParseErrorKind::UnexpectedToken
    ) && before.ends_with('[')
    {
        let open = before.len() - 1;
        let line_end = text
            .get(open..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| open + i);
        let expr = text.get(open..line_end).unwrap_or("");
        let expr = expr
            .find(']')
            .and_then(|i| expr.get(..=i))
            .unwrap_or(expr)
            .trim();
        return diagnostic
            .note("ARM template expressions are JSON strings that start with `[` and end with `]`")
            .help(format!("quote the expression: `\"{expr}\"`"));
    }
    diagnostic.help("fix the JSON syntax at this point; a JSON validator shows the same position")
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonc_parser::ast;
    use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};

    // The reference: `jsonc-parser`'s own syntax tree, converted.
    fn span_of(file: FileId, offset: usize, range: jsonc_parser::common::Range) -> Span {
        Span::new(file, range.start + offset, range.end + offset)
    }

    fn convert<'a>(file: FileId, offset: usize, value: ast::Value<'a>) -> Json<'a> {
        match value {
            ast::Value::StringLit(s) => Json {
                span: span_of(file, offset, s.range),
                value: Value::String(s.value),
            },
            ast::Value::NumberLit(n) => Json {
                span: span_of(file, offset, n.range),
                value: Value::Number(n.value),
            },
            ast::Value::BooleanLit(b) => Json {
                span: span_of(file, offset, b.range),
                value: Value::Bool(b.value),
            },
            ast::Value::NullKeyword(n) => Json {
                span: span_of(file, offset, n.range),
                value: Value::Null,
            },
            ast::Value::Array(a) => Json {
                span: span_of(file, offset, a.range),
                value: Value::Array(
                    a.elements
                        .into_iter()
                        .map(|v| convert(file, offset, v))
                        .collect(),
                ),
            },
            ast::Value::Object(o) => Json {
                span: span_of(file, offset, o.range),
                value: Value::Object(
                    o.properties
                        .into_iter()
                        .map(|p| {
                            let (key, key_span) = match p.name {
                                ast::ObjectPropName::String(s) => {
                                    (s.value, span_of(file, offset, s.range))
                                }
                                ast::ObjectPropName::Word(w) => {
                                    (Cow::Borrowed(w.value), span_of(file, offset, w.range))
                                }
                            };
                            Member {
                                key,
                                key_span,
                                value: convert(file, offset, p.value),
                            }
                        })
                        .collect(),
                ),
            },
        }
    }

    /// The former parser: `jsonc_parser::parse_to_ast`, then conversion.
    fn reference(file: FileId, text: &str) -> Result<Json<'_>, Box<Diagnostic>> {
        let options = ParseOptions {
            allow_comments: true,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let body = &text[offset..];
        match parse_to_ast(body, &CollectOptions::default(), &options) {
            Ok(result) => match result.value {
                Some(value) => Ok(convert(file, offset, value)),
                None => Err(Box::new(
                    Diagnostic::new(E301, Span::new(file, 0, text.len()), "the file is empty")
                        .label("expected a JSON document here")
                        .help("import an ARM template or the output of `az network nsg show`"),
                )),
            },
            Err(error) => {
                let range = error.range();
                Err(Box::new(syntax_error(
                    file,
                    text,
                    range.start + offset,
                    range.end + offset,
                    error.kind(),
                )))
            }
        }
    }

    fn same_as_reference(text: &str) {
        assert_eq!(
            parse(FileId(0), text),
            reference(FileId(0), text),
            "text: {text:?}"
        );
    }

    #[test]
    fn trees_and_errors_are_those_of_jsonc_parsers_own_tree_builder() {
        let sample = "\u{feff}{ // c\n \"a\": [1, -2.5e3, \"x\\u00e9\\n\", true, null, {}],\n /* b */ \"B\": {\"c\": [[], {\"d\": false}]}, \"é\": \"[parameters('p')]\" }";
        same_as_reference(sample);
        let chars: Vec<(usize, char)> = sample.char_indices().collect();
        for &(i, c) in &chars {
            // every prefix, every one-character deletion, every character
            // replaced by each of JSON's structural characters
            same_as_reference(&sample[..i]);
            let (before, after) = (&sample[..i], &sample[i + c.len_utf8()..]);
            same_as_reference(&format!("{before}{after}"));
            for r in ["{", "}", "[", "]", ",", ":", "\"", "x", "/", "1"] {
                same_as_reference(&format!("{before}{r}{after}"));
            }
        }
        for text in [
            "",
            " ",
            "// only a comment",
            "/* open",
            "[][]",
            "{} x",
            "{\"a\" 1}",
            "{\"a\":}",
            "{a: 1}",
            "{1: 1}",
            "{true: 1}",
            "{[]: 1}",
            "[1 2]",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\":1 \"b\":2}",
            "[\"a\" {}]",
            "'a'",
            "0x10",
            "+1",
            ".5",
            "NaN",
            "nul",
            "\"\\q\"",
            "\"open",
            "[1, 2",
            "{\"a\": [",
            "-",
            "1e",
            "é",
        ] {
            same_as_reference(text);
        }
        for depth in [255, 256, 257, 511, 512, 513, 600] {
            same_as_reference(&"[".repeat(depth));
            same_as_reference(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
            same_as_reference(&"{\"a\":".repeat(depth));
        }
    }

    #[test]
    fn corpus_files_parse_as_with_jsonc_parsers_own_tree_builder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("note: ../shared/corpus is absent; skipping the corpus comparison");
            return;
        };
        let mut files = 0;
        let mut stack: Vec<std::path::PathBuf> = entries.flatten().map(|e| e.path()).collect();
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(
                    std::fs::read_dir(&path)
                        .unwrap()
                        .flatten()
                        .map(|e| e.path()),
                );
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                same_as_reference(&text);
                files += 1;
            }
        }
        assert!(files > 10, "only {files} corpus files");
    }

    fn parse_ok(text: &str) -> Json<'_> {
        parse(FileId(0), text).unwrap()
    }

    #[test]
    fn spans_cover_values_and_keys() {
        let text = "{\"a\": [1, \"x\"], \"B\": null}";
        let json = parse_ok(text);
        let a = json.get("a").unwrap();
        assert_eq!(&text[a.span.range()], "[1, \"x\"]");
        let b = json.member("b").unwrap();
        assert_eq!(&text[b.key_span.range()], "\"B\"");
        assert_eq!(b.value.value, Value::Null);
    }

    #[test]
    fn comments_are_accepted_trailing_commas_are_not() {
        assert!(parse(FileId(0), "{ // c\n \"a\": 1 /* d */ }").is_ok());
        let d = parse(FileId(0), "{\"a\": 1,}").unwrap_err();
        assert_eq!(d.code, "E301");
        assert!(d.message.contains("trailing comma"), "{}", d.message);
    }

    #[test]
    fn bare_expression_gets_a_quoting_help() {
        let text = "{\n  \"minValue\": [int(32)],\n}";
        let d = parse(FileId(0), text).unwrap_err();
        assert_eq!(&text[d.span().range()], "int", "{d:?}");
        assert!(d.message.contains("`int`"), "{d:?}");
        assert_eq!(
            d.help.as_deref(),
            Some("quote the expression: `\"[int(32)]\"`")
        );
    }

    #[test]
    fn empty_and_garbage_are_errors_not_panics() {
        for text in [
            "",
            "   ",
            "{",
            "[",
            "\"",
            "{\"a\"",
            "é",
            "{\"é\": ]",
            "\u{feff}",
            "nul",
        ] {
            assert!(parse(FileId(0), text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn byte_order_mark_is_skipped_and_spans_stay_exact() {
        let text = "\u{feff}{\"a\": 1}";
        let json = parse_ok(text);
        assert_eq!(&text[json.get("a").unwrap().span.range()], "1");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(parse(FileId(0), &text).is_err());
    }
}
