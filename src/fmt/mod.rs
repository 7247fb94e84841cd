//! The formatter: one canonical layout for a `.misec` file.
//!
//! Input: a tree from [`crate::syntax::parse`] **without diagnostics** and the
//! text it was parsed from (the caller checks diagnostics first; a tree with
//! error nodes is printed with those nodes' original text, which is never a
//! canonical layout). Output: the formatted text.
//!
//! Invariants: formatting is idempotent and keeps the meaning (the tree of
//! the output equals the input tree, spans aside). Comments are kept in
//! order: an own-line comment stays before the node that follows it, a
//! trailing comment at the end of its line. Elements and names are printed
//! with their source text; strings are re-escaped.
//!
//! Layout: 2-space indent; valued statements of a block align their values
//! two columns after the longest keyword (a lone one uses one space); rule
//! and route names of one subnet align their actions the same way; `let`
//! names of a run of `let`s align their `=`; `priority` and `description`
//! follow two spaces; lists stay on one line unless the list holds a
//! comment, or the line would pass 100 columns and the list itself is long
//! (over 48 columns); then one element per line with a trailing comma.

mod items;
mod rules;

use crate::syntax::ast::{self, Element, Value};

const WIDTH: usize = 100;
/// A list longer than this breaks when its line is too long.
const LIST_WIDTH: usize = 48;

/// Formats a parsed file. Call only on a tree whose parse produced no
/// diagnostics.
pub fn format(file: &ast::File, text: &str) -> String {
    let mut f = Fmt::new(file, text);
    f.file(file);
    f.out
}

/// How to separate a node from what came before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Blank {
    /// Never a blank line (first node of a block).
    None,
    /// A blank line if the source had at least one.
    Keep,
    /// Always one blank line.
    Force,
}

/// A piece of a statement line: literal text or a list that may break.
enum Piece<'t> {
    Text(String),
    Value(&'t Value),
}

struct Fmt<'a> {
    text: &'a str,
    comments: &'a [ast::Comment],
    /// Next comment not yet printed.
    next: usize,
    /// Byte offsets where lines start, for "same line" questions.
    line_starts: Vec<usize>,
    /// End of the last source text printed (node or comment).
    last_end: usize,
    out: String,
}

impl<'a> Fmt<'a> {
    fn new(file: &'a ast::File, text: &'a str) -> Fmt<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Fmt {
            text,
            comments: &file.comments,
            next: 0,
            line_starts,
            last_end: 0,
            out: String::new(),
        }
    }

    fn src(&self, span: crate::source::Span) -> &'a str {
        self.text.get(span.range()).unwrap_or("")
    }

    fn line_of(&self, pos: usize) -> usize {
        match self.line_starts.binary_search(&pos) {
            Ok(l) => l,
            Err(l) => l.saturating_sub(1),
        }
    }

    fn blank_between(&self, a: usize, b: usize) -> bool {
        a < b
            && self
                .text
                .get(a..b)
                .is_some_and(|s| s.matches('\n').count() >= 2)
    }

    fn indent(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    /// Prints the own-line comments before `start`, then positions the
    /// output for a node at `start` (blank line and indent included).
    fn lead(&mut self, start: usize, indent: usize, first: Blank) {
        let mut is_first = true;
        loop {
            let comment = self
                .comments
                .get(self.next)
                .filter(|c| (c.span.start as usize) < start);
            let unit_start = comment.map_or(start, |c| c.span.start as usize);
            let blank = match (is_first, first) {
                (true, Blank::None) => false,
                (true, Blank::Force) => true,
                _ => self.blank_between(self.last_end, unit_start),
            };
            if blank && !self.out.is_empty() {
                self.out.push('\n');
            }
            is_first = false;
            let Some(c) = comment else {
                self.indent(indent);
                return;
            };
            self.indent(indent);
            self.out.push('#');
            self.out.push_str(&c.text);
            self.out.push('\n');
            self.last_end = c.span.end as usize;
            self.next += 1;
        }
    }

    /// Prints own-line comments before `end` (a closing bracket or the end
    /// of the file); no blank line right after an opening bracket.
    fn flush(&mut self, end: usize, indent: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start as usize >= end {
                break;
            }
            let just_opened = self.out.ends_with("{\n") || self.out.ends_with("[\n");
            if self.blank_between(self.last_end, c.span.start as usize)
                && !just_opened
                && !self.out.is_empty()
            {
                self.out.push('\n');
            }
            self.indent(indent);
            self.out.push('#');
            self.out.push_str(&c.text);
            self.out.push('\n');
            self.last_end = c.span.end as usize;
            self.next += 1;
        }
    }

    /// Ends the current output line: a trailing comment on the source line
    /// of `pos` (at or after it) is kept at the end of the line.
    fn end_line(&mut self, pos: usize) {
        self.last_end = self.last_end.max(pos);
        if let Some(c) = self.comments.get(self.next) {
            let start = c.span.start as usize;
            if start >= pos && self.line_of(start) == self.line_of(pos) {
                self.out.push_str(" #");
                self.out.push_str(&c.text);
                self.last_end = c.span.end as usize;
                self.next += 1;
            }
        }
        self.out.push('\n');
    }

    fn element(&self, e: &Element) -> &'a str {
        self.src(e.span)
    }

    fn value_flat(&self, v: &Value) -> String {
        match v {
            Value::Single(e) => self.element(e).to_string(),
            Value::List(l) => {
                let items: Vec<&str> = l.items.iter().map(|e| self.element(e)).collect();
                format!("[{}]", items.join(", "))
            }
        }
    }

    fn has_comment_in(&self, start: usize, end: usize) -> bool {
        self.comments[self.next.min(self.comments.len())..]
            .iter()
            .any(|c| (c.span.start as usize) > start && (c.span.start as usize) < end)
    }

    /// Prints one statement made of pieces, starting at the current column
    /// (the caller has printed the indent), ending the line at `end`.
    fn pieces(&mut self, indent: usize, pieces: &[Piece<'_>], end: usize) {
        let flat: String = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.clone(),
                Piece::Value(v) => self.value_flat(v),
            })
            .collect();
        let column = self.out.len() - self.out.rfind('\n').map_or(0, |i| i + 1);
        let commented = pieces.iter().any(|p| {
            matches!(p, Piece::Value(Value::List(l))
                if self.has_comment_in(l.span.start as usize, l.span.end as usize))
        });
        if column + flat.chars().count() <= WIDTH && !commented {
            self.out.push_str(&flat);
        } else {
            for p in pieces {
                match p {
                    Piece::Text(t) => self.out.push_str(t),
                    Piece::Value(Value::Single(e)) => self.out.push_str(self.element(e)),
                    Piece::Value(Value::List(l)) if self.list_breaks(l) => {
                        self.broken_list(indent, l)
                    }
                    Piece::Value(v) => {
                        let flat = self.value_flat(v);
                        self.out.push_str(&flat);
                    }
                }
            }
        }
        self.end_line(end);
    }

    /// Only a long list, or one holding a comment, is worth breaking when its
    /// line is too long: a short port list broken over five lines because a
    /// description made the line long reads worse than the long line.
    fn list_breaks(&self, l: &ast::List) -> bool {
        let flat: usize = l
            .items
            .iter()
            .map(|e| self.element(e).chars().count() + 2)
            .sum();
        flat > LIST_WIDTH || self.has_comment_in(l.span.start as usize, l.span.end as usize)
    }

    /// `[` newline, one element per line with a trailing comma, `]`.
    fn broken_list(&mut self, indent: usize, l: &ast::List) {
        self.out.push('[');
        let open = l.span.start as usize;
        // A comment on the `[` line belongs to the `[` only if no element
        // shares that line; otherwise it trails that element.
        match l.items.first() {
            Some(e) if self.line_of(e.span.start as usize) == self.line_of(open) => {
                self.out.push('\n');
            }
            _ => self.end_line(open + 1),
        }
        for e in &l.items {
            self.lead(e.span.start as usize, indent + 2, Blank::None);
            self.out.push_str(self.element(e));
            self.out.push(',');
            self.end_line(e.span.end as usize);
        }
        self.flush(l.span.end as usize, indent + 2);
        self.indent(indent);
        self.out.push(']');
        self.last_end = l.span.end as usize;
    }
}

/// A string literal with `"` and `\` escaped.
fn quote(value: &str) -> String {
    let mut s = String::with_capacity(value.len() + 2);
    s.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}

/// Pads `word` with spaces to `width` columns (at least one space).
fn pad(word: &str, width: usize) -> String {
    let n = word.chars().count();
    format!("{word}{}", " ".repeat(width.saturating_sub(n).max(1)))
}

/// The column width for aligned keys: two past the longest when several
/// keys align, one past a lone key.
fn align_width<'k>(keys: impl Iterator<Item = &'k str>) -> usize {
    let lens: Vec<usize> = keys.map(|k| k.chars().count()).collect();
    let max = lens.iter().copied().max().unwrap_or(0);
    if lens.len() >= 2 {
        max + 2
    } else {
        max + 1
    }
}

#[cfg(test)]
mod tests;
