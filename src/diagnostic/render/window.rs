//! Where a human report's labels lie, and the windows of long lines.
//!
//! Input: a diagnostic and the source table. Output: each label's file and
//! line ([`locate`], searched once per label and shared by everything
//! after it), and for each line longer than [`LONG_LINE`] that a label
//! points into, the byte range of it that is shown ([`Windows`]); labels
//! are clipped to it ([`clip`]).
//!
//! Invariant: a window holds the start of every label on its line, so
//! clipping never moves a label's start, nor its line.

use std::ops::Range;

use smallvec::SmallVec;

use super::Diagnostic;
use crate::source::{FileId, SourceFile, Sources, Span};

/// Lines longer than this (minified JSON) are shown as a window around the
/// labels, never whole.
const LONG_LINE: usize = 200;
/// Bytes shown before the first label and after the last label's start.
const CONTEXT: usize = 60;

/// A label's file and the zero-based line of its start.
#[derive(Clone, Copy)]
pub(super) struct Located<'s> {
    pub file: &'s SourceFile,
    pub line: usize,
}

/// The labels of `d` (primary first, then the secondary ones in order),
/// each located, or `None` where its file is not in the table.
pub(super) fn locate<'s>(
    sources: &'s Sources,
    d: &Diagnostic,
) -> SmallVec<[Option<Located<'s>>; 4]> {
    std::iter::once(&d.primary)
        .chain(&d.secondary)
        .map(|label| {
            let file = sources.get(label.span.file)?;
            let line = file.line_index(label.span.start as usize);
            Some(Located { file, line })
        })
        .collect()
}

/// The windows of one diagnostic's long lines, by file and line: a
/// diagnostic points into few lines, so a short list.
#[derive(Debug, Clone, Default)]
pub(super) struct Windows(SmallVec<[(FileId, usize, Range<usize>); 2]>);

impl Windows {
    /// The windows of the long lines `d` points into; `located` is
    /// [`locate`]'s answer for `d`.
    pub fn of(d: &Diagnostic, located: &[Option<Located>]) -> Windows {
        let mut out = Windows::default();
        let labels = std::iter::once(&d.primary).chain(&d.secondary);
        for (label, at) in labels.zip(located) {
            let Some(Located { file, line }) = *at else {
                continue;
            };
            let span = label.span;
            let Some(range) = file.line_range(line) else {
                continue;
            };
            if range.len() <= LONG_LINE {
                continue;
            }
            let text = &file.text;
            let start = (span.start as usize)
                .saturating_sub(CONTEXT)
                .max(range.start);
            let end = (span.start as usize + CONTEXT + CONTEXT).min(range.end);
            let at = match out
                .0
                .iter()
                .position(|(f, l, _)| (*f, *l) == (span.file, line))
            {
                Some(at) => at,
                None => {
                    out.0.push((span.file, line, start..end));
                    out.0.len() - 1
                }
            };
            let w = &mut out.0[at].2;
            w.start = floor(text, w.start.min(start));
            w.end = ceil(text, w.end.max(end));
        }
        out
    }

    /// The window of line `line` of file `id`, if it is long.
    pub fn get(&self, id: FileId, line: usize) -> Option<&Range<usize>> {
        self.0
            .iter()
            .find(|(f, l, _)| (*f, *l) == (id, line))
            .map(|(_, _, w)| w)
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A line's byte range as the report shows it: its window when it has one,
/// else the whole line with its terminator (codespan-reporting wants it).
pub(super) fn table_line_range(
    windows: &Windows,
    id: FileId,
    file: &SourceFile,
    line_index: usize,
) -> Option<Range<usize>> {
    if let Some(window) = windows.get(id, line_index) {
        return Some(window.clone());
    }
    let start = file.line_range(line_index)?.start;
    let end = file
        .line_range(line_index + 1)
        .map_or(file.text.len(), |next| next.start);
    Some(start..end)
}

/// A label's range, clipped to the window of its line when it has one.
pub(super) fn clip(windows: &Windows, sources: &Sources, span: Span) -> Range<usize> {
    let line = sources
        .get(span.file)
        .map(|f| f.line_index(span.start as usize));
    match line {
        Some(line) => clip_on(windows, span, line),
        None => span.range(),
    }
}

/// [`clip`] for a label whose line is known.
pub(super) fn clip_on(windows: &Windows, span: Span, line: usize) -> Range<usize> {
    let range = span.range();
    match windows.get(span.file, line) {
        Some(w) => range.start.max(w.start)..range.end.min(w.end).max(range.start.max(w.start)),
        None => range,
    }
}
