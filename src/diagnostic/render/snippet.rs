//! misec's own writer of `--format human` reports, for the shapes misec's
//! diagnostics take: every label within one line (after long lines are
//! windowed), in any number of files. codespan-reporting wrote every report
//! before, a `char` at a time through `fmt` and scanning each line per
//! label; this writer copies text in slices and computes each line once.
//!
//! Input: a diagnostic, where its labels lie and the windows of its long
//! lines (from [`super::window`]). Output: the report's bytes appended to a buffer,
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

use std::ops::Range;

use smallvec::SmallVec;

use super::caret::{self, Label};
use super::style::Out;
use super::window::{clip_on, table_line_range, Located, Windows};
use super::Diagnostic;
use crate::diagnostic::Severity;
use crate::source::{FileId, SourceFile};

/// A line with labels: its index, its range as the renderer sees it, and
/// its labels in codespan-reporting's order.
struct Line<'d> {
    index: usize,
    range: Range<usize>,
    labels: SmallVec<[Label<'d>; 2]>,
}

/// One file's snippet: where the locus points and its lines, in order.
struct View<'d> {
    id: FileId,
    file: &'d SourceFile,
    /// The locus's label: primary or not, its start and the start's line.
    primary: bool,
    start: usize,
    line: usize,
    lines: SmallVec<[Line<'d>; 2]>,
}

/// A report's snippets, one per file (most reports point into one or two).
type Views<'d> = SmallVec<[View<'d>; 2]>;

/// Writes `d` as codespan-reporting would; `false` (and nothing written)
/// when it declines the shape. `located` is where `d`'s labels lie
/// ([`super::window::locate`]).
pub(super) fn write(
    buf: &mut Vec<u8>,
    color: bool,
    d: &Diagnostic,
    located: &[Option<Located>],
    windows: &Windows,
) -> bool {
    let Some((views, pad)) = plan(d, located, windows) else {
        return false;
    };
    let before = buf.len();
    // one allocation for the whole report
    buf.reserve(estimate(d, &views, pad, color));
    let mut out = Out::new(buf, color, d.severity);
    if draw(&mut out, d, &views, pad, windows).is_none() {
        buf.truncate(before);
        return false;
    }
    true
}

/// About how many bytes the report takes (more, rather than fewer).
fn estimate(d: &Diagnostic, views: &[View], pad: usize, color: bool) -> usize {
    let notes: usize = d
        .notes
        .iter()
        .chain(&d.help)
        .map(|n| n.len() + pad + 16)
        .sum();
    let mut lines = 0;
    let mut bytes = 64 + d.message.len() + notes;
    for view in views {
        bytes += view.file.name.len() + 4 * pad + 48;
        for line in &view.lines {
            let messages: usize = line.labels.iter().map(|l| l.message.len() + pad + 8).sum();
            let under = if line.labels.len() > 1 { 3 } else { 1 };
            // a line between two lines one apart is shown too
            bytes += (1 + under) * line.range.len() + messages + 3 * pad + 32;
            lines += 1 + line.labels.len();
        }
    }
    match color {
        true => bytes + 64 + 48 * lines,
        false => bytes,
    }
}

/// The files and lines of `d`'s labels and the gutter width, as
/// codespan-reporting's `RichDiagnostic` groups them; `None` for a shape
/// this writer leaves to codespan-reporting.
fn plan<'d>(
    d: &'d Diagnostic,
    located: &[Option<Located<'d>>],
    windows: &Windows,
) -> Option<(Views<'d>, usize)> {
    let mut views = Views::new();
    let mut pad = 0;
    let labels = std::iter::once((true, &d.primary)).chain(d.secondary.iter().map(|l| (false, l)));
    for ((primary, label), at) in labels.zip(located) {
        let Located { file, line: index } = (*at)?;
        // clipping keeps the start, so the line is the start's
        let range = clip_on(windows, label.span, index);
        let first = file.line_range(index)?.start;
        let next = file.line_range(index + 1).map(|r| r.start);
        if range.end < first || next.is_some_and(|next| range.end >= next) {
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
                    view.line = index;
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
                    line: index,
                    lines: SmallVec::new(),
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
                        labels: SmallVec::new(),
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
    windows: &Windows,
) -> Option<()> {
    header(out, d);
    // codespan-reporting's notes are `note: …` for each note, then `help: …`
    let notes = d.notes.iter().map(|n| ("note: ", n.as_str()));
    let notes: SmallVec<[(&str, &str); 4]> = notes
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
        let (line, column) = view.file.line_col_on(view.start, view.line);
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
