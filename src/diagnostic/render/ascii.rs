//! The parts of [`super::caret`]'s drawing of a line for text that is all
//! printable ASCII, the common case: there a byte is a character is a
//! column, so no character needs decoding or measuring.
//!
//! Input and output as in [`super::caret`]; invariant: the same bytes as
//! its general, character-by-character functions.

use super::caret::Label;
use super::style::Out;

/// `caret::text` for printable ASCII: each run of primary text coloured at
/// once (labels sorted by start; touching or overlapping ones make one run).
pub(super) fn text(out: &mut Out, source: &str, labels: &[Label]) {
    let len = source.len();
    let mut written = 0;
    let mut run: Option<(usize, usize)> = None;
    let primaries = labels.iter().filter(|l| l.primary && l.start < len);
    for label in primaries {
        let end = label.end.min(len);
        match &mut run {
            Some((_, e)) if label.start <= *e => *e = (*e).max(end),
            _ => {
                if let Some((s, e)) = run {
                    written = colour(out, source, written, s, e);
                }
                run = Some((label.start, end));
            }
        }
    }
    if let Some((s, e)) = run {
        written = colour(out, source, written, s, e);
    }
    out.text(&source[written..]);
}

/// Writes `source[from..start]` plain and `source[start..end]` primary;
/// returns `end`.
fn colour(out: &mut Out, source: &str, from: usize, start: usize, end: usize) -> usize {
    out.text(&source[from..start]);
    out.label(true);
    out.text(&source[start..end]);
    out.reset();
    end
}

/// `caret::carets` for printable ASCII text of `len` bytes.
pub(super) fn carets(out: &mut Out, len: usize, labels: &[Label], max_end: usize) {
    if let [label] = labels {
        // one label: spaces up to it, then its carets (`max_end` is its end)
        let stop = max_end.min(len + 1);
        out.repeat(b' ', label.start.min(stop));
        if label.start < stop {
            out.label(label.primary);
            out.repeat(if label.primary { b'^' } else { b'-' }, stop - label.start);
            out.reset();
        }
        return;
    }
    let mut previous: Option<bool> = None;
    for byte in 0..max_end.min(len + 1) {
        let mut current = None;
        for label in labels.iter().filter(|l| l.start <= byte && byte < l.end) {
            current = Some(current == Some(true) || label.primary);
        }
        if previous != current {
            match current {
                None => out.reset(),
                Some(primary) => out.label(primary),
            }
        }
        out.byte(match current {
            Some(true) => b'^',
            Some(false) => b'-',
            None => b' ',
        });
        previous = current;
    }
    if previous.is_some() {
        out.reset();
    }
}

/// `caret::pointers` for printable ASCII text.
pub(super) fn pointers(
    out: &mut Out,
    source: &str,
    hanging: &[&Label],
    max_start: usize,
    limit: usize,
) {
    for byte in 0..limit.min(max_start + 1).min(source.len()) {
        let mut style = None;
        for label in hanging.iter().filter(|l| l.start == byte) {
            style = Some(style == Some(true) || label.primary);
        }
        match style {
            Some(primary) => {
                out.label(primary);
                out.text("│");
                out.reset();
            }
            None => out.byte(b' '),
        }
    }
}
