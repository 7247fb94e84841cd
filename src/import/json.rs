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

use jsonc_parser::ast;
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};

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
    // Editors on Windows save templates with a byte order mark; skip it.
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = text.get(offset..).unwrap_or("");
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

#[cfg(test)]
mod tests {
    use super::*;

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
