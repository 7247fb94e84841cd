//! One element of `--format json`'s `diagnostics` array, written by hand:
//! the document's shape is fixed, so each key, indentation and number goes
//! straight into the buffer instead of through serde's serializer and
//! pretty-printing formatter, which cost more than the rest of a fleet
//! check's rendering.
//!
//! Input: a diagnostic and the source table. Output: the element's bytes,
//! its first line not indented (the caller has written the indentation).
//! Invariant: the same bytes as serializing [`super::json`]'s `Item` with
//! serde_json's pretty printer at depth [`super::json::DEPTH`] (strings
//! escaped as serde_json escapes them); `tests/render_json.rs` holds it to
//! that.

use super::json::DEPTH;
use super::{position, Diagnostic};
use crate::source::{Sources, Span};

/// `\n` (or `,\n` after the first) then the indentation of `depth` and
/// `"name": `.
fn key(out: &mut Vec<u8>, depth: usize, first: bool, name: &str) {
    out.extend_from_slice(if first { b"\n" } else { b",\n" });
    out.resize(out.len() + 2 * depth, b' ');
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\": ");
}

/// `\n`, the indentation of `depth`, then `close`.
fn close(out: &mut Vec<u8>, depth: usize, close: u8) {
    out.push(b'\n');
    out.resize(out.len() + 2 * depth, b' ');
    out.push(close);
}

/// A JSON string, escaped as serde_json escapes: `"`, `\` and control
/// characters (`\b \t \n \f \r` by name, the others as `\u00XX`).
fn string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
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
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// `{"start": {"line", "column"}, "end": {…}}` at `depth`.
fn range(out: &mut Vec<u8>, depth: usize, sources: &Sources, span: Span) {
    out.push(b'{');
    for (first, at_end) in [(true, false), (false, true)] {
        let p = position(sources, span, at_end);
        key(out, depth + 1, first, if at_end { "end" } else { "start" });
        out.push(b'{');
        key(out, depth + 2, true, "line");
        number(out, p.line);
        key(out, depth + 2, false, "column");
        number(out, p.column);
        close(out, depth + 1, b'}');
    }
    close(out, depth, b'}');
}

/// Writes `d` as the element of the `diagnostics` array.
pub fn write(out: &mut Vec<u8>, sources: &Sources, d: &Diagnostic) {
    let depth = DEPTH + 1;
    out.push(b'{');
    key(out, depth, true, "code");
    string(out, d.code);
    key(out, depth, false, "severity");
    string(out, d.severity.as_str());
    key(out, depth, false, "message");
    string(out, &d.message);
    key(out, depth, false, "file");
    string(out, sources.name(d.span().file));
    key(out, depth, false, "range");
    range(out, depth, sources, d.span());
    key(out, depth, false, "labels");
    out.push(b'[');
    for (i, label) in std::iter::once(&d.primary).chain(&d.secondary).enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        out.resize(out.len() + 2 * (depth + 1), b' ');
        out.push(b'{');
        key(out, depth + 2, true, "message");
        string(out, &label.message);
        key(out, depth + 2, false, "file");
        string(out, sources.name(label.span.file));
        key(out, depth + 2, false, "range");
        range(out, depth + 2, sources, label.span);
        close(out, depth + 1, b'}');
    }
    close(out, depth, b']');
    key(out, depth, false, "notes");
    out.push(b'[');
    for (i, note) in d.notes.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        out.resize(out.len() + 2 * (depth + 1), b' ');
        string(out, note);
    }
    if d.notes.is_empty() {
        out.push(b']');
    } else {
        close(out, depth, b']');
    }
    key(out, depth, false, "help");
    match &d.help {
        Some(help) => string(out, help),
        None => out.extend_from_slice(b"null"),
    }
    close(out, DEPTH, b'}');
}
