//! misec's diagnostics as LSP diagnostics: the same code, severity and
//! primary range as `misec check`; the headline as the message, then the
//! notes and the help; the primary label and every secondary label as
//! related information. Labels in built-in profiles (no file to open) are
//! said in the message instead.
//!
//! Input: diagnostics of the workspace. Output: `lsp_types::Diagnostic`s
//! for one document, or grouped by the other files they point into.

use std::collections::BTreeMap;
use std::path::Path;

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Url,
};

use super::position;
use super::server::Doc;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::{FileId, Sources};

/// The diagnostics of one open document whose primary label is in it.
pub fn of_document(doc: &Doc) -> Vec<lsp_types::Diagnostic> {
    let Some(analysis) = doc.analysis else {
        return vec![lsp_types::Diagnostic {
            range: Range::new(Position::new(0, 0), Position::new(0, 0)),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("misec".to_string()),
            message: "misec cannot read the configuration that applies to this file (see the server's log)".to_string(),
            ..lsp_types::Diagnostic::default()
        }];
    };
    analysis
        .analysis
        .diagnostics
        .iter()
        .filter(|d| d.span().file == doc.id)
        .map(|d| convert(doc.sources, d, (doc.id, doc.uri)))
        .collect()
}

/// Diagnostics that point into other files on disk, by file.
pub fn elsewhere<'a>(
    sources: &Sources,
    diagnostics: impl Iterator<Item = &'a Diagnostic>,
) -> BTreeMap<Url, Vec<lsp_types::Diagnostic>> {
    let mut by_file: BTreeMap<FileId, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        by_file.entry(d.span().file).or_default().push(d);
    }
    let mut out = BTreeMap::new();
    for (file, mut list) in by_file {
        let Some(uri) = uri_of(sources, file) else {
            continue;
        };
        list.sort_by_key(|d| (d.span().start, d.code));
        list.dedup();
        let converted = list
            .into_iter()
            .map(|d| convert(sources, d, (file, &uri)))
            .collect();
        out.insert(uri, converted);
    }
    out
}

/// The URI of a file of the source table that is on disk.
pub fn uri_of(sources: &Sources, file: FileId) -> Option<Url> {
    let name = sources.name(file);
    let path = Path::new(name);
    if !path.is_absolute() {
        return std::fs::canonicalize(path)
            .ok()
            .and_then(|p| Url::from_file_path(p).ok());
    }
    Url::from_file_path(path).ok()
}

/// `own`: the file the diagnostic is published for, and its URI (which an
/// unsaved document has though it is no file on disk).
pub fn convert(sources: &Sources, d: &Diagnostic, own: (FileId, &Url)) -> lsp_types::Diagnostic {
    let range = range(sources, d.primary.span);
    let mut related = Vec::new();
    let mut message = d.message.clone();
    for label in std::iter::once(&d.primary).chain(&d.secondary) {
        if label.message.is_empty() {
            continue;
        }
        let uri = if label.span.file == own.0 {
            Some(own.1.clone())
        } else {
            uri_of(sources, label.span.file)
        };
        match uri {
            Some(uri) => related.push(DiagnosticRelatedInformation {
                location: Location::new(uri, self::range(sources, label.span)),
                message: label.message.clone(),
            }),
            None => message.push_str(&format!("\nnote: {}", elsewhere_label(sources, label))),
        }
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("misec".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

fn range(sources: &Sources, span: crate::source::Span) -> Range {
    sources.get(span.file).map_or_else(
        || Range::new(Position::new(0, 0), Position::new(0, 0)),
        |f| position::range(f, span),
    )
}

/// `<builtin>/profiles/mi-2022.yaml:33:3: label`
fn elsewhere_label(sources: &Sources, label: &Label) -> String {
    let (line, column) = sources
        .get(label.span.file)
        .map_or((1, 1), |f| f.line_col(label.span.start as usize));
    format!(
        "{}:{line}:{column}: {}",
        sources.name(label.span.file),
        label.message
    )
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}
