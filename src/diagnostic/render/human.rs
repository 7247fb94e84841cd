//! `--format human`: source-annotated reports, with a closing summary line.
//! Coloured only when asked to (the CLI decides from `--color` and whether
//! stdout is a terminal). misec's own writer ([`super::snippet`]) draws the
//! reports whose labels each lie within one line; codespan-reporting draws
//! the others (labels over several lines), byte for byte as the same
//! writer would. Lines longer than [`LONG_LINE`] are windowed for both.

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label as ReportLabel};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor, Config, Styles, StylesWriter};

use super::{snippet, Diagnostic, Summary};
use crate::diagnostic::Severity;
use crate::source::{FileId, SourceFile, Sources};

/// Lines longer than this (minified JSON) are shown as a window around the
/// labels, never whole.
const LONG_LINE: usize = 200;
/// Bytes shown before the first label and after the last label's start.
const CONTEXT: usize = 60;

/// The source table as codespan-reporting sees it; `windows` holds, for
/// each long line a diagnostic points into, the byte range shown of it.
struct Table<'a>(&'a Sources, BTreeMap<(FileId, usize), Range<usize>>);

impl<'a> Files<'a> for Table<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.0
            .get(id)
            .map(|f| f.name.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.0
            .get(id)
            .map(|f| f.text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        self.0
            .get(id)
            .map(|f| f.line_index(byte_index))
            .ok_or(FilesError::FileMissing)
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        let file = self.0.get(id).ok_or(FilesError::FileMissing)?;
        table_line_range(&self.1, id, file, line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: file.line_index(file.text.len()),
        })
    }

    /// The column in the whole line, also where only a window of it is shown.
    fn column_number(
        &'a self,
        id: FileId,
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let file = self.0.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.line_col(byte_index).1)
    }
}

/// A line's byte range as the report shows it: its window when it has one,
/// else the whole line with its terminator (codespan-reporting wants it).
pub(super) fn table_line_range(
    windows: &BTreeMap<(FileId, usize), Range<usize>>,
    id: FileId,
    file: &SourceFile,
    line_index: usize,
) -> Option<Range<usize>> {
    if let Some(window) = windows.get(&(id, line_index)) {
        return Some(window.clone());
    }
    let start = file.line_range(line_index)?.start;
    let end = file
        .line_range(line_index + 1)
        .map_or(file.text.len(), |next| next.start);
    Some(start..end)
}

/// The windows of the long lines `d` points into; labels are clipped to
/// them by [`report`].
fn windows(sources: &Sources, d: &Diagnostic) -> BTreeMap<(FileId, usize), Range<usize>> {
    let mut out: BTreeMap<(FileId, usize), Range<usize>> = BTreeMap::new();
    for label in std::iter::once(&d.primary).chain(&d.secondary) {
        let span = label.span;
        let Some(file) = sources.get(span.file) else {
            continue;
        };
        let line = file.line_index(span.start as usize);
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
        let w = out.entry((span.file, line)).or_insert(start..end);
        w.start = floor(text, w.start.min(start));
        w.end = ceil(text, w.end.max(end));
    }
    out
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

/// A label's range, clipped to the window of its line when it has one.
pub(super) fn clip(
    windows: &BTreeMap<(FileId, usize), Range<usize>>,
    sources: &Sources,
    span: crate::source::Span,
) -> Range<usize> {
    let range = span.range();
    let line = sources.get(span.file).map(|f| f.line_index(range.start));
    match line.and_then(|l| windows.get(&(span.file, l))) {
        Some(w) => range.start.max(w.start)..range.end.min(w.end).max(range.start.max(w.start)),
        None => range,
    }
}

fn report(
    d: &Diagnostic,
    sources: &Sources,
    windows: &BTreeMap<(FileId, usize), Range<usize>>,
) -> Report<FileId> {
    let severity = match d.severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        Severity::Info => codespan_reporting::diagnostic::Severity::Note,
    };
    let mut labels =
        vec![
            ReportLabel::primary(d.primary.span.file, clip(windows, sources, d.primary.span))
                .with_message(d.primary.message.clone()),
        ];
    labels.extend(d.secondary.iter().map(|l| {
        ReportLabel::secondary(l.span.file, clip(windows, sources, l.span))
            .with_message(l.message.clone())
    }));
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    Report::new(severity)
        .with_code(d.code)
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// One report: by misec's own writer when it takes the shape (every
/// label within one line), else by codespan-reporting; the bytes are the
/// same either way.
pub fn item(out: &mut Vec<u8>, color: bool, sources: &Sources, d: &Diagnostic) -> io::Result<()> {
    let windows = windows(sources, d);
    if snippet::write(out, color, sources, d, &windows) {
        return Ok(());
    }
    codespan(out, color, sources, d, windows)
}

/// One report, as codespan-reporting draws it.
fn codespan(
    out: &mut Vec<u8>,
    color: bool,
    sources: &Sources,
    d: &Diagnostic,
    windows: BTreeMap<(FileId, usize), Range<usize>>,
) -> io::Result<()> {
    let config = Config::default();
    let table = Table(sources, windows);
    let report = report(d, sources, &table.1);
    let result = if color {
        let styles = Styles::default();
        let mut writer = StylesWriter::new(termcolor::Ansi::new(&mut *out), &styles);
        term::emit_to_write_style(&mut writer, &config, &table, &report)
    } else {
        term::emit_to_io_write(&mut *out, &config, &table, &report)
    };
    result.map_err(|e| match e {
        FilesError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    })
}

/// Both writers' bytes for `d`, for the differential tests: misec's own
/// (`None` when it leaves the shape to codespan-reporting) and
/// codespan-reporting's.
#[doc(hidden)]
pub fn both(
    color: bool,
    sources: &Sources,
    d: &Diagnostic,
) -> io::Result<(Option<Vec<u8>>, Vec<u8>)> {
    let windows = windows(sources, d);
    let mut own = Vec::new();
    let own = snippet::write(&mut own, color, sources, d, &windows).then_some(own);
    let mut theirs = Vec::new();
    codespan(&mut theirs, color, sources, d, windows)?;
    Ok((own, theirs))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `2 errors, 1 warning in 3 files`
pub fn summary_line(s: Summary) -> String {
    let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.infos > 0 {
        parts.push(plural(s.infos, "info"));
    }
    format!("{} in {}", parts.join(", "), plural(s.files, "file"))
}
