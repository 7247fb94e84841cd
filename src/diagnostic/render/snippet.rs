//! misec's own writer of `--format human` reports, for the shapes misec's
//! diagnostics take: every label within one line (after long lines are
//! windowed), in any number of files. codespan-reporting wrote every report
//! before, a `char` at a time through `fmt` and scanning each line per
//! label; this writer copies text in slices and computes each line once.
//!
//! Input: a diagnostic, the source table, and the windows of its long lines
//! (from [`super::human`]). Output: the report's bytes appended to a buffer,
//! or `false` with the buffer as it was when a label spans several lines or
//! points into a file the table does not hold (then codespan-reporting
//! draws it, as before).
//!
//! Invariant: whenever this writer accepts a diagnostic, its bytes are
//! exactly codespan-reporting 0.13.1's (`Config::default()`; plain, or
//! `Styles::default()` over `termcolor::Ansi`): the same header, locus
//! (`┌─ name:line:column`, the column counted in characters of the whole
//! line), gutter width (the widest line number shown), order of files
//! (as first labelled) and of lines, `·` between lines more than one apart,
//! the line between two lines one apart, notes and the closing blank line.
//! `tests/render_human.rs` holds it to codespan-reporting.

use std::collections::BTreeMap;
use std::ops::Range;

use super::caret::{self, Label};
use super::human::{clip, table_line_range};
use super::style::Out;
use super::Diagnostic;
use crate::diagnostic::Severity;
use crate::source::{FileId, SourceFile, Sources};

/// A line with labels: its index, its range as the renderer sees it, and
/// its labels in codespan-reporting's order.
struct Line<'d> {
    index: usize,
    range: Range<usize>,
    labels: Vec<Label<'d>>,
}

/// One file's snippet: where the locus points and its lines, in order.
struct View<'d> {
    id: FileId,
    file: &'d SourceFile,
    /// The locus's label: primary or not, and its start.
    primary: bool,
    start: usize,
    lines: Vec<Line<'d>>,
}

/// Writes `d` as codespan-reporting would; `false` (and nothing written)
/// when it declines the shape.
pub(super) fn write(
    buf: &mut Vec<u8>,
    color: bool,
    sources: &Sources,
    d: &Diagnostic,
    windows: &BTreeMap<(FileId, usize), Range<usize>>,
) -> bool {
    let Some((views, pad)) = plan(sources, d, windows) else {
        return false;
    };
    let before = buf.len();
    buf.reserve(1024);
    let mut out = Out::new(buf, color, d.severity);
    if draw(&mut out, d, &views, pad, windows).is_none() {
        buf.truncate(before);
        return false;
    }
    true
}

/// The files and lines of `d`'s labels and the gutter width, as
/// codespan-reporting's `RichDiagnostic` groups them; `None` for a shape
/// this writer leaves to codespan-reporting.
fn plan<'d>(
    sources: &'d Sources,
    d: &'d Diagnostic,
    windows: &BTreeMap<(FileId, usize), Range<usize>>,
) -> Option<(Vec<View<'d>>, usize)> {
    let mut views: Vec<View> = Vec::new();
    let mut pad = 0;
    let labels = std::iter::once((true, &d.primary)).chain(d.secondary.iter().map(|l| (false, l)));
    for (primary, label) in labels {
        let file = sources.get(label.span.file)?;
        let range = clip(windows, sources, label.span);
        let index = file.line_index(range.start);
        if file.line_index(range.end) != index {
            return None;
        }
        let line_range = table_line_range(windows, label.span.file, file, index)?;
        pad = pad.max(digits(index + 1));
        let at = match views.iter().position(|v| v.id == label.span.file) {
            Some(at) => {
                let view = &mut views[at];
                // the locus follows a primary label, else the earliest
                if (primary && !view.primary)
                    || (primary == view.primary && view.start > range.start)
                {
                    view.start = range.start;
                    view.primary = primary;
                }
                at
            }
            None => {
                views.push(View {
                    id: label.span.file,
                    file,
                    primary,
                    start: range.start,
                    lines: Vec::new(),
                });
                views.len() - 1
            }
        };
        let lines = &mut views[at].lines;
        let line = match lines.binary_search_by_key(&index, |l| l.index) {
            Ok(i) => i,
            Err(i) => {
                lines.insert(
                    i,
                    Line {
                        index,
                        range: line_range,
                        labels: Vec::new(),
                    },
                );
                i
            }
        };
        let line = &mut lines[line];
        let start = range.start.checked_sub(line.range.start)?;
        let end = range.end.checked_sub(line.range.start)?.max(start + 1);
        // the same search as codespan-reporting's, so that labels with
        // equal ranges land in the same order
        let (Ok(i) | Err(i)) = line
            .labels
            .binary_search_by(|l| (l.start, l.end).cmp(&(start, end)));
        line.labels.insert(
            i,
            Label {
                primary,
                start,
                end,
                message: &label.message,
            },
        );
    }
    Some((views, pad))
}

fn digits(n: usize) -> usize {
    n.checked_ilog10().unwrap_or(0) as usize + 1
}

fn draw(
    out: &mut Out,
    d: &Diagnostic,
    views: &[View],
    pad: usize,
    windows: &BTreeMap<(FileId, usize), Range<usize>>,
) -> Option<()> {
    header(out, d);
    // codespan-reporting's notes are `note: …` for each note, then `help: …`
    let notes = d.notes.iter().map(|n| ("note: ", n.as_str()));
    let notes: Vec<(&str, &str)> = notes
        .chain(d.help.iter().map(|h| ("help: ", h.as_str())))
        .collect();
    for (k, view) in views.iter().enumerate() {
        let text = view.file.text.as_str();
        caret::gutter(out, pad);
        out.border();
        out.text("┌─");
        out.reset();
        out.byte(b' ');
        out.text(&view.file.name);
        let line = view.file.line_index(view.start) + 1;
        let column = view.file.line_col(view.start).1;
        out.byte(b':');
        caret::number(out, line, 0);
        out.byte(b':');
        caret::number(out, column, 0);
        out.byte(b'\n');
        empty(out, pad);
        for (j, line) in view.lines.iter().enumerate() {
            caret::line(
                out,
                pad,
                line.index + 1,
                text.get(line.range.clone())?,
                &line.labels,
            );
            let Some(next) = view.lines.get(j + 1) else {
                continue;
            };
            match next.index - line.index {
                1 => {}
                // one line apart: that line is shown, not elided
                2 => {
                    let between = line.index + 1;
                    let range = table_line_range(windows, view.id, view.file, between)?;
                    caret::line(out, pad, between + 1, text.get(range)?, &[]);
                }
                _ => {
                    caret::gutter(out, pad);
                    out.border();
                    out.text("·");
                    out.reset();
                    out.byte(b'\n');
                }
            }
        }
        if k + 1 < views.len() || !notes.is_empty() {
            empty(out, pad);
        }
    }
    for (kind, note) in notes {
        // the first line of `kind` + `note` is `kind` + the note's first
        // (`kind` holds no line break)
        let mut lines = note.lines();
        caret::gutter(out, pad);
        out.border();
        out.byte(b'=');
        out.reset();
        out.byte(b' ');
        out.text(kind);
        out.text(lines.next().unwrap_or(""));
        out.byte(b'\n');
        for line in lines {
            caret::gutter(out, pad);
            out.text("  ");
            out.text(line);
            out.byte(b'\n');
        }
    }
    out.byte(b'\n');
    Some(())
}

/// `error[CODE]: message`
fn header(out: &mut Out, d: &Diagnostic) {
    out.header();
    out.text(match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    });
    if !d.code.is_empty() {
        out.byte(b'[');
        out.text(d.code);
        out.byte(b']');
    }
    out.header_message();
    out.text(": ");
    out.text(&d.message);
    out.reset();
    out.byte(b'\n');
}

/// A gutter and border with nothing after them.
fn empty(out: &mut Out, pad: usize) {
    caret::gutter(out, pad);
    caret::border(out);
    out.byte(b'\n');
}
