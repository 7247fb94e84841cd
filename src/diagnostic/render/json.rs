//! `--format json`: one document, `{"version": 1, "diagnostics": [...],
//! "summary": {...}}`, exactly as the CLI contract gives it. The first entry
//! of `labels` is the primary label; the rest are secondary.
//!
//! Each diagnostic is written alone ([`item`], by hand in
//! [`super::json_item`]; [`item_by_serde`] is the serde_json definition it
//! is held to), never through a `serde_json::Value` tree, and [`frame`]
//! gives the document around them: a fleet's document is streamed, not
//! held.

use std::io;

use serde::Serialize;
use serde_json::json;

use super::{indent, position, Diagnostic, Summary};
use crate::source::{Sources, Span};

/// Where the diagnostics array stands in the document.
pub const DEPTH: usize = 2;
const MARKER: &str = "\"diagnostics\": []";

#[derive(Serialize)]
struct Pos {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Range {
    start: Pos,
    end: Pos,
}

#[derive(Serialize)]
struct Label<'a> {
    message: &'a str,
    file: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Item<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    range: Range,
    labels: Vec<Label<'a>>,
    notes: &'a [String],
    help: &'a Option<String>,
}

fn range(sources: &Sources, span: Span) -> Range {
    let start = position(sources, span, false);
    let end = position(sources, span, true);
    Range {
        start: Pos {
            line: start.line,
            column: start.column,
        },
        end: Pos {
            line: end.line,
            column: end.column,
        },
    }
}

/// One element of `diagnostics`, as it stands in the document (its first
/// line not indented).
pub fn item(out: &mut Vec<u8>, sources: &Sources, d: &Diagnostic) -> io::Result<()> {
    super::json_item::write(out, sources, d);
    Ok(())
}

/// [`item`] through serde_json's serializer, which defines the bytes: the
/// differential tests hold the hand-written element to it.
pub fn item_by_serde(out: &mut Vec<u8>, sources: &Sources, d: &Diagnostic) -> io::Result<()> {
    let labels = std::iter::once(&d.primary)
        .chain(&d.secondary)
        .map(|l| Label {
            message: &l.message,
            file: sources.name(l.span.file),
            range: range(sources, l.span),
        })
        .collect();
    let item = Item {
        code: d.code,
        severity: d.severity.as_str(),
        message: &d.message,
        file: sources.name(d.span().file),
        range: range(sources, d.span()),
        labels,
        notes: &d.notes,
        help: &d.help,
    };
    indent::write(out, DEPTH, &item)
}

/// The document without its diagnostics, split where they go: the text
/// before the array (which does not depend on `summary`) and after it.
pub fn frame(summary: Summary) -> (String, String) {
    let doc = json!({
        "version": 1,
        "diagnostics": [],
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
    });
    let text = format!("{doc:#}\n");
    super::split(&text, MARKER)
}
