//! One element of `--format json`'s `diagnostics` array, written by hand:
//! the document's shape is fixed, so keys and indentation are literals and
//! numbers and strings go straight into the buffer, instead of through
//! serde's serializer and a pretty-printing formatter (about 25,000
//! instructions a diagnostic on a realistic template).
//!
//! Input: a diagnostic and the source table. Output: the element's bytes,
//! its first line not indented (the caller has written the indentation).
//! Invariant: the same bytes as serializing [`super::json`]'s `Item` with
//! serde_json's pretty printer at depth [`super::json::DEPTH`] (two: the
//! element's keys are indented six spaces), strings escaped as serde_json
//! escapes them; `tests/render_json.rs` holds it to that.

use super::{position, Diagnostic, Position};
use crate::source::{Sources, Span};

// the literals below indent for this depth
const _: () = assert!(super::json::DEPTH == 2);

/// Appends constant pieces: each is a literal, so its copy is inlined
/// rather than a call per piece.
fn put(out: &mut Vec<u8>, piece: &'static str) {
    out.extend_from_slice(piece.as_bytes());
}

/// The pieces of a `range` object whose key stands at indentation `$i`:
/// before the start's line, before its column, before the end's line,
/// before its column, after it.
macro_rules! range_pieces {
    ($i:literal) => {
        [
            concat!("{\n", $i, "  \"start\": {\n", $i, "    \"line\": "),
            concat!(",\n", $i, "    \"column\": "),
            concat!(
                "\n",
                $i,
                "  },\n",
                $i,
                "  \"end\": {\n",
                $i,
                "    \"line\": "
            ),
            concat!(",\n", $i, "    \"column\": "),
            concat!("\n", $i, "  }\n", $i, "}"),
        ]
    };
}

/// The diagnostic's own range (its key six spaces in) and a label's (ten).
const ITEM_RANGE: [&str; 5] = range_pieces!("      ");
const LABEL_RANGE: [&str; 5] = range_pieces!("          ");

/// A JSON string, escaped as serde_json escapes: `"`, `\` and control
/// characters (`\b \t \n \f \r` by name, the others as `\u00XX`).
fn string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    // most strings need no escape: one pass without early exit (it
    // vectorises) decides, and such a string is copied whole
    let plain = bytes
        .iter()
        .fold(true, |ok, &b| ok & (b >= 0x20 && b != b'"' && b != b'\\'));
    if plain {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0..=0x1f => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ],
            _ => continue,
        };
        out.extend_from_slice(&bytes[from..i]);
        out.extend_from_slice(escape);
        from = i + 1;
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

fn number(out: &mut Vec<u8>, n: usize) {
    let mut buf = [0u8; 20];
    out.extend_from_slice(super::decimal(n, &mut buf));
}

/// A span's start and end positions.
type Range = (Position, Position);

fn positions(sources: &Sources, span: Span) -> Range {
    (
        position(sources, span, false),
        position(sources, span, true),
    )
}

/// `{"start": {"line", "column"}, "end": {…}}` from `pieces`.
fn range(out: &mut Vec<u8>, pieces: &[&'static str; 5], (start, end): Range) {
    put(out, pieces[0]);
    number(out, start.line);
    put(out, pieces[1]);
    number(out, start.column);
    put(out, pieces[2]);
    number(out, end.line);
    put(out, pieces[3]);
    number(out, end.column);
    put(out, pieces[4]);
}

/// Writes `d` as the element of the `diagnostics` array.
pub fn write(out: &mut Vec<u8>, sources: &Sources, d: &Diagnostic) {
    put(out, "{\n      \"code\": ");
    string(out, d.code);
    put(out, ",\n      \"severity\": ");
    string(out, d.severity.as_str());
    put(out, ",\n      \"message\": ");
    string(out, &d.message);
    put(out, ",\n      \"file\": ");
    string(out, sources.name(d.span().file));
    put(out, ",\n      \"range\": ");
    // the diagnostic's range is its primary label's, the first of `labels`
    let primary = positions(sources, d.span());
    range(out, &ITEM_RANGE, primary);
    put(out, ",\n      \"labels\": [");
    for (i, label) in std::iter::once(&d.primary).chain(&d.secondary).enumerate() {
        put(
            out,
            if i == 0 {
                "\n        {"
            } else {
                ",\n        {"
            },
        );
        put(out, "\n          \"message\": ");
        string(out, &label.message);
        put(out, ",\n          \"file\": ");
        string(out, sources.name(label.span.file));
        put(out, ",\n          \"range\": ");
        let at = if i == 0 {
            primary
        } else {
            positions(sources, label.span)
        };
        range(out, &LABEL_RANGE, at);
        put(out, "\n        }");
    }
    put(out, "\n      ],\n      \"notes\": [");
    for (i, note) in d.notes.iter().enumerate() {
        put(out, if i == 0 { "\n        " } else { ",\n        " });
        string(out, note);
    }
    put(out, if d.notes.is_empty() { "]" } else { "\n      ]" });
    put(out, ",\n      \"help\": ");
    match &d.help {
        Some(help) => string(out, help),
        None => put(out, "null"),
    }
    put(out, "\n    }");
}
