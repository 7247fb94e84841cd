//! `--format human`: source-annotated reports by codespan-reporting, with a
//! closing summary line. Coloured only when asked to (the CLI decides from
//! `--color` and whether stdout is a terminal).

use std::io::{self, Write};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label as ReportLabel};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor, Config, Styles, StylesWriter};

use super::{Diagnostic, Summary};
use crate::diagnostic::Severity;
use crate::source::{FileId, Sources};

/// The source table as codespan-reporting sees it.
struct Table<'a>(&'a Sources);

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
        let start = file
            .line_range(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: file.line_index(file.text.len()),
            })?
            .start;
        // codespan-reporting wants the line with its terminator
        let end = file
            .line_range(line_index + 1)
            .map_or(file.text.len(), |next| next.start);
        Ok(start..end)
    }
}

fn report(d: &Diagnostic) -> Report<FileId> {
    let severity = match d.severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        Severity::Info => codespan_reporting::diagnostic::Severity::Note,
    };
    let mut labels = vec![
        ReportLabel::primary(d.primary.span.file, d.primary.span.range())
            .with_message(d.primary.message.clone()),
    ];
    labels.extend(d.secondary.iter().map(|l| {
        ReportLabel::secondary(l.span.file, l.span.range()).with_message(l.message.clone())
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

pub fn render(
    out: &mut dyn Write,
    color: bool,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    summary: Summary,
) -> io::Result<()> {
    let config = Config::default();
    let table = Table(sources);
    let styles = Styles::default();
    for d in diagnostics {
        let report = report(d);
        let result = if color {
            let mut writer = StylesWriter::new(termcolor::Ansi::new(&mut *out), &styles);
            term::emit_to_write_style(&mut writer, &config, &table, &report)
        } else {
            term::emit_to_io_write(&mut *out, &config, &table, &report)
        };
        result.map_err(|e| match e {
            FilesError::Io(e) => e,
            other => io::Error::other(other.to_string()),
        })?;
    }
    if !diagnostics.is_empty() {
        writeln!(out, "{}", summary_line(summary))?;
    }
    Ok(())
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
