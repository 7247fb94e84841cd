//! The source table: every text misec reads (a `.misec` file, a JSON import, a
//! configuration or profile YAML) is added here once and named by a [`FileId`].
//!
//! Spans are byte offsets into one file of the table. Lines and columns are
//! computed only when a diagnostic is rendered, so the pipeline never pays for
//! them on clean input.

use std::ops::Range;

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// Ids from this one up name the texts built into the binary (the built-in
/// profiles, `<builtin>/profiles/NAME.yaml`): every table answers them
/// without holding a copy, so spans into them mean the same in every run of
/// a process, and a run pays for such a text only when it shows it.
pub const EMBEDDED: u32 = u32::MAX - 256;

/// A byte range in one source file. `start <= end`, both on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// The smallest span covering both; `other` must be in the same file.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value with the span of the text it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// One source text and where its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or `<builtin>/…` for embedded data).
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub(crate) fn new(name: String, text: String) -> SourceFile {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name,
            text,
            line_starts,
        }
    }

    /// Zero-based line index of a byte offset.
    pub fn line_index(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Byte range of a zero-based line, without its line terminator.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self
            .line_starts
            .get(line + 1)
            .map(|next| next - 1)
            .unwrap_or(self.text.len());
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        Some(start..end.max(start))
    }

    /// One-based line and one-based column counted in characters, as the JSON
    /// output contract wants. Offsets past the end clamp to the end.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = floor_char_boundary(&self.text, byte.min(self.text.len()));
        self.line_col_on(byte, self.line_index(byte))
    }

    /// [`SourceFile::line_col`] of a byte whose zero-based line the caller
    /// has already found (`line_index(byte)`): the same answer without
    /// searching again.
    pub fn line_col_on(&self, byte: usize, line: usize) -> (usize, usize) {
        let byte = floor_char_boundary(&self.text, byte.min(self.text.len()));
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self.text.get(start..byte).map_or(0, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    while byte > 0 && !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// Every text of one run, in the order added.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(clamp_u32(self.files.len()));
        self.files.push(SourceFile::new(name.into(), text.into()));
        id
    }

    /// Replaces the name and text of `id` in place, so that a long-lived
    /// owner (an editor session) reuses ids instead of growing the table with
    /// every edit. Spans into the old text are stale afterwards: whoever holds
    /// them must drop them. Returns `false` when `id` is not in the table.
    pub fn replace(
        &mut self,
        id: FileId,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> bool {
        match self.files.get_mut(id.0 as usize) {
            Some(file) => {
                *file = SourceFile::new(name.into(), text.into());
                true
            }
            None => false,
        }
    }

    /// Drops every text added after the first `len`; their ids are free for
    /// the next texts added. Spans into them are stale afterwards.
    pub fn truncate(&mut self, len: usize) {
        self.files.truncate(len);
    }

    /// How many texts the table holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        match id.0.checked_sub(EMBEDDED) {
            Some(index) => crate::profile::embedded_source(index as usize),
            None => self.files.get(id.0 as usize),
        }
    }

    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map_or("<unknown>", |f| f.name.as_str())
    }

    pub fn text(&self, id: FileId) -> &str {
        self.get(id).map_or("", |f| f.text.as_str())
    }

    /// The text a span covers, or `""` when the span is out of range.
    pub fn slice(&self, span: Span) -> &str {
        self.text(span.file).get(span.range()).unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(clamp_u32(i)), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let mut sources = Sources::new();
        let id = sources.add("a", "ab\nçd x\n");
        let file = sources.get(id).unwrap();
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        // `x` is after a two-byte character: byte 7, character column 4
        assert_eq!(file.line_col(7), (2, 4));
        assert_eq!(file.line_col(999), (3, 1));
    }

    #[test]
    fn replace_reuses_the_id() {
        let mut sources = Sources::new();
        let a = sources.add("a", "one\ntwo");
        let b = sources.add("b", "x");
        assert!(sources.replace(a, "a", "uno"));
        assert_eq!(
            (sources.text(a), sources.text(b), sources.len()),
            ("uno", "x", 2)
        );
        assert_eq!(sources.get(a).unwrap().line_range(1), None);
        assert!(!sources.replace(FileId(9), "c", ""));
    }

    #[test]
    fn line_range_excludes_terminators() {
        let mut sources = Sources::new();
        let id = sources.add("a", "one\r\ntwo");
        let file = sources.get(id).unwrap();
        assert_eq!(file.line_range(0), Some(0..3));
        assert_eq!(file.line_range(1), Some(5..8));
        assert_eq!(file.line_range(2), None);
    }
}
