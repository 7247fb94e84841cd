//! `--format human`: source-annotated reports, with a closing summary line.
//! Coloured only when asked to (the CLI decides from `--color` and whether
//! stdout is a terminal). misec's own writer ([`super::snippet`]) draws the
//! reports whose labels each lie within one line; codespan-reporting draws
//! the others (labels over several lines), byte for byte as the same
//! writer would. Long lines are windowed for both ([`super::window`]).

use std::io;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label as ReportLabel};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor, Config, Styles, StylesWriter};

use super::window::{clip, locate, table_line_range, Windows};
use super::{snippet, Diagnostic, Summary};
use crate::diagnostic::Severity;
use crate::source::{FileId, Sources};

/// The source table as codespan-reporting sees it; `windows` holds, for
/// each long line a diagnostic points into, the byte range shown of it.
struct Table<'a>(&'a Sources, Windows);

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

fn report(d: &Diagnostic, sources: &Sources, windows: &Windows) -> Report<FileId> {
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
    let located = locate(sources, d);
    let windows = Windows::of(d, &located);
    if snippet::write(out, color, d, &located, &windows) {
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
    windows: Windows,
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
    let located = locate(sources, d);
    let windows = Windows::of(d, &located);
    let mut own = Vec::new();
    let own = snippet::write(&mut own, color, d, &located, &windows).then_some(own);
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
