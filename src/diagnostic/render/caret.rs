//! One source line of a human report and the labels under it, drawn as
//! codespan-reporting 0.13.1's `render_snippet_source` draws a line that
//! no multi-line label crosses.
//!
//! Input: the gutter width, the line's number and text (with or without its
//! terminator) and its labels, sorted by (start, end) as codespan-reporting
//! sorts them, each `start..end` in bytes from the start of the text with
//! `end > start`. Output: the line, a line of carets (`^` primary, `-`
//! secondary, the last label's message after them when nothing else
//! overlaps it), then a line of pointers and one line per other message.
//!
//! Invariant: the same bytes as codespan-reporting's renderer, colour
//! included; columns count unicode display widths and tabs go to the next
//! multiple of four, as codespan-reporting counts them.

use unicode_width::UnicodeWidthChar;

use super::ascii;
use super::style::Out;

/// codespan-reporting's default `tab_width`.
const TAB: usize = 4;

/// A label on one line.
pub(super) struct Label<'d> {
    pub primary: bool,
    pub start: usize,
    pub end: usize,
    pub message: &'d str,
}

/// A character of the line and the columns it takes.
#[derive(Clone, Copy)]
struct Col {
    byte: usize,
    len: usize,
    width: usize,
}

/// The characters of `source` with their widths, as codespan-reporting's
/// `char_metrics` gives them.
fn cols(source: &str) -> impl Iterator<Item = (Col, char)> + '_ {
    let mut column = 0;
    source.char_indices().map(move |(byte, ch)| {
        let width = match ch {
            '\t' => TAB - column % TAB,
            ' '..='~' => 1,
            _ => ch.width().unwrap_or(0),
        };
        column += width;
        let col = Col {
            byte,
            len: ch.len_utf8(),
            width,
        };
        (col, ch)
    })
}

fn overlaps(label: &Label, col: Col) -> bool {
    label.start.max(col.byte) < label.end.min(col.byte + col.len)
}

/// Spaces of the gutter before a border (no line number).
pub(super) fn gutter(out: &mut Out, pad: usize) {
    out.repeat(b' ', pad + 1);
}

/// `│`, the left border.
pub(super) fn border(out: &mut Out) {
    out.border();
    out.text("│");
    out.reset();
}

/// `n` in decimal, right-aligned in `pad` columns.
pub(super) fn number(out: &mut Out, n: usize, pad: usize) {
    let mut buf = [0u8; 20];
    let digits = super::decimal(n, &mut buf);
    out.repeat(b' ', pad.saturating_sub(digits.len()));
    out.buf.extend_from_slice(digits);
}

/// Draws line `number` (1-based) with `labels` under it.
pub(super) fn line(out: &mut Out, pad: usize, number_: usize, source: &str, labels: &[Label]) {
    let source = source.trim_end_matches(['\n', '\r', '\0']);
    // printable ASCII (the common case): a byte is a column
    // (a fold rather than `all`: no early exit, so the loop vectorises)
    let ascii = source
        .bytes()
        .fold(true, |ok, b| ok & (b' '..=b'~').contains(&b));
    out.border();
    number(out, number_, pad);
    out.reset();
    out.byte(b' ');
    border(out);
    out.byte(b' ');
    match (ascii, out.color()) {
        (true, false) => out.text(source),
        (true, true) => ascii::text(out, source, labels),
        (false, _) => text(out, source, labels),
    }
    out.byte(b'\n');
    if labels.is_empty() {
        return;
    }
    let mut messages = 0;
    let (mut max_start, mut max_end) = (0, 0);
    let mut trailing = None;
    for (i, label) in labels.iter().enumerate() {
        messages += usize::from(!label.message.is_empty());
        max_start = max_start.max(label.start);
        max_end = max_end.max(label.end);
        if label.end == max_end {
            trailing = (!label.message.is_empty()).then_some(i);
        }
    }
    // a trailing message that another label overlaps hangs below instead
    if let Some(t) = trailing {
        let (s, e) = (labels[t].start, labels[t].end);
        let hit = |(i, l): (usize, &Label)| i != t && s.max(l.start) < e.min(l.end);
        if labels.iter().enumerate().any(hit) {
            trailing = None;
        }
    }
    gutter(out, pad);
    border(out);
    out.byte(b' ');
    if ascii {
        ascii::carets(out, source.len(), labels, max_end);
    } else {
        carets(out, source, labels, max_end);
    }
    if let Some(t) = trailing {
        out.byte(b' ');
        out.label(labels[t].primary);
        out.text(labels[t].message);
        out.reset();
    }
    out.byte(b'\n');
    if messages <= usize::from(trailing.is_some()) {
        return;
    }
    let hanging: Vec<&Label> = labels
        .iter()
        .enumerate()
        .filter(|(i, l)| !l.message.is_empty() && Some(*i) != trailing)
        .map(|(_, l)| l)
        .collect();
    gutter(out, pad);
    border(out);
    out.byte(b' ');
    let pointers = if ascii { ascii::pointers } else { pointers };
    pointers(out, source, &hanging, max_start, usize::MAX);
    out.byte(b'\n');
    for label in hanging.iter().rev() {
        gutter(out, pad);
        border(out);
        out.byte(b' ');
        pointers(out, source, &hanging, max_start, label.start);
        out.label(label.primary);
        out.text(label.message);
        out.reset();
        out.byte(b'\n');
    }
}

/// The source text, tabs expanded, primary labels' text coloured.
fn text(out: &mut Out, source: &str, labels: &[Label]) {
    if !out.color() && !source.contains('\t') {
        return out.text(source);
    }
    let mut in_primary = false;
    for (col, ch) in cols(source) {
        let primary = labels.iter().any(|l| l.primary && overlaps(l, col));
        if primary && !in_primary {
            out.label(true);
        } else if !primary && in_primary {
            out.reset();
        }
        in_primary = primary;
        match ch {
            '\t' => out.repeat(b' ', col.width),
            _ => out.text(&source[col.byte..col.byte + col.len]),
        }
    }
    if in_primary {
        out.reset();
    }
}

/// The caret line: each column under a label gets its caret, primary over
/// secondary; nothing is written past the end of the last label.
fn carets(out: &mut Out, source: &str, labels: &[Label], max_end: usize) {
    // one column past the text, for labels at the end of the line
    let end = Col {
        byte: source.len(),
        len: 1,
        width: 1,
    };
    let mut previous: Option<bool> = None;
    for col in cols(source).map(|(c, _)| c).chain(std::iter::once(end)) {
        if col.byte >= max_end {
            break;
        }
        let mut current = None;
        for label in labels.iter().filter(|l| overlaps(l, col)) {
            current = Some(current == Some(true) || label.primary);
        }
        if previous != current {
            match current {
                None => out.reset(),
                Some(primary) => out.label(primary),
            }
        }
        let caret = match current {
            Some(true) => b'^',
            Some(false) => b'-',
            None => b' ',
        };
        out.repeat(caret, col.width);
        previous = current;
    }
    if previous.is_some() {
        out.reset();
    }
}

/// A line of `│` pointing up at the start of each hanging label, over the
/// characters before byte `limit`.
fn pointers(out: &mut Out, source: &str, hanging: &[&Label], max_start: usize, limit: usize) {
    for (col, _) in cols(source) {
        // past the last label's start nothing more is written
        if col.byte >= limit || col.byte > max_start {
            break;
        }
        let mut style = None;
        for label in hanging
            .iter()
            .filter(|l| col.byte <= l.start && l.start < col.byte + col.len)
        {
            style = Some(style == Some(true) || label.primary);
        }
        let mut spaces = col.width;
        if let Some(primary) = style {
            out.label(primary);
            out.text("│");
            out.reset();
            spaces = spaces.saturating_sub(1);
        }
        out.repeat(b' ', spaces);
    }
}
