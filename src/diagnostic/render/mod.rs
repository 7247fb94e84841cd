//! Renderers, one file per output format. Input: sorted diagnostics and the
//! source table; output: bytes on a writer. Positions (1-based line, 1-based
//! character column) are computed here and nowhere else.

mod github;
mod human;
mod json;
mod sarif;
mod short;

use std::io::{self, Write};

use super::{Diagnostic, Severity};
use crate::source::{Sources, Span};

/// `--format`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Short,
    Json,
    Sarif,
    Github,
}

/// What the summary counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn new(files: usize, diagnostics: &[Diagnostic]) -> Summary {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }
}

/// Writes `diagnostics` (already sorted) in `format`. `color` only affects
/// `Human`.
pub fn render(
    out: &mut dyn Write,
    format: Format,
    color: bool,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    summary: Summary,
) -> io::Result<()> {
    // sorted by file as named (the contract), then as they came: by
    // position and code within each file
    let mut sorted = diagnostics.to_vec();
    sorted.sort_by(|a, b| sources.name(a.span().file).cmp(sources.name(b.span().file)));
    let diagnostics = sorted.as_slice();
    match format {
        Format::Human => human::render(out, color, sources, diagnostics, summary),
        Format::Short => short::render(out, sources, diagnostics),
        Format::Json => json::render(out, sources, diagnostics, summary),
        Format::Sarif => sarif::render(out, sources, diagnostics),
        Format::Github => github::render(out, sources, diagnostics),
    }
}

/// A 1-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

pub fn position(sources: &Sources, span: Span, at_end: bool) -> Position {
    let byte = if at_end { span.end } else { span.start } as usize;
    let (line, column) = sources
        .get(span.file)
        .map_or((1, 1), |file| file.line_col(byte));
    Position { line, column }
}
