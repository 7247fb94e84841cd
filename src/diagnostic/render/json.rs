//! `--format json`: one document, `{"version": 1, "diagnostics": [...],
//! "summary": {...}}`, exactly as the CLI contract gives it. The first entry
//! of `labels` is the primary label; the rest are secondary.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{position, Diagnostic, Summary};
use crate::source::{Sources, Span};

fn range(sources: &Sources, span: Span) -> Value {
    let start = position(sources, span, false);
    let end = position(sources, span, true);
    json!({
        "start": {"line": start.line, "column": start.column},
        "end": {"line": end.line, "column": end.column},
    })
}

fn diagnostic(sources: &Sources, d: &Diagnostic) -> Value {
    let labels: Vec<Value> = std::iter::once(&d.primary)
        .chain(&d.secondary)
        .map(|l| {
            json!({
                "message": l.message,
                "file": sources.name(l.span.file),
                "range": range(sources, l.span),
            })
        })
        .collect();
    json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": sources.name(d.span().file),
        "range": range(sources, d.span()),
        "labels": labels,
        "notes": d.notes,
        "help": d.help,
    })
}

pub fn render(
    out: &mut dyn Write,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    summary: Summary,
) -> io::Result<()> {
    let doc = json!({
        "version": 1,
        "diagnostics": diagnostics.iter().map(|d| diagnostic(sources, d)).collect::<Vec<_>>(),
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
