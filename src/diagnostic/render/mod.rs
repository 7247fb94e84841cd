//! Renderers, one file per output format. Input: sorted diagnostics and the
//! source table; output: bytes on a writer. Positions (1-based line, 1-based
//! character column) are computed here and nowhere else.

mod ascii;
mod caret;
mod github;
mod human;
mod indent;
mod json;
mod json_item;
mod sarif;
mod short;
mod snippet;
mod stream;
mod style;
mod window;

pub use human::both as human_both;
#[doc(hidden)]
pub use json::{item as json_element, item_by_serde as json_element_by_serde};
pub use stream::{fragment, Fragment, Stream};

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

/// The decimal digits of `n`, written into `buf` (the human and JSON
/// writers put line and column numbers out without `fmt`).
fn decimal(n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(d) = buf.get_mut(at) {
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    buf.get(at..).unwrap_or_default()
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
    let mut stream = Stream::begin(out, format)?;
    for d in &sorted {
        stream.write(&fragment(format, color, sources, d)?)?;
    }
    stream.finish(summary)
}

/// `text` split around `marker` (without it); all of `text` first when the
/// marker is missing.
fn split(text: &str, marker: &str) -> (String, String) {
    match text.split_once(marker) {
        Some((head, tail)) => (
            format!("{head}{}", &marker[..marker.len() - 2]),
            tail.to_string(),
        ),
        None => (text.to_string(), String::new()),
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

#[cfg(test)]
mod tests {
    #[test]
    fn decimal_writes_what_display_writes() {
        for n in [0, 7, 10, 99, 100, 1_234_567, usize::MAX] {
            let mut buf = [0u8; 20];
            assert_eq!(super::decimal(n, &mut buf), n.to_string().as_bytes());
        }
    }
}
