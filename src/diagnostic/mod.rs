//! Diagnostics as data. Every stage pushes [`Diagnostic`]s into a `Vec`;
//! only the CLI renders them (see `render`).
//!
//! Message style, for every code: lowercase, no final period, user input in
//! backticks, advice in `help`, background in `notes`, locations in labels,
//! never a Rust type name.

mod codes;
pub mod doc;
pub mod render;

pub use codes::{lookup, Code, CodeInfo, CODES};

use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in a source and what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Label {
        Label {
            span,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at its code's default severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: codes::default_severity(code),
            message: message.into(),
            primary: Label::new(span, ""),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// The text under the primary caret.
    pub fn label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label::new(span, message));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn span(&self) -> Span {
        self.primary.span
    }
}

/// Sorts diagnostics the way every output format presents them: by file (in
/// the order the files were added), then position, then code, then message,
/// and drops exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (
            a.span().file,
            a.span().start,
            a.span().end,
            a.code,
            &a.message,
        )
            .cmp(&(
                b.span().file,
                b.span().start,
                b.span().end,
                b.code,
                &b.message,
            ))
    });
    diagnostics.dedup();
}

/// The longest word (and candidate) [`did_you_mean`] compares, in bytes.
const MAX_SUGGESTED_LEN: usize = 80;

/// "did you mean" over a list of candidates: the closest by Jaro-Winkler
/// similarity, compared case-insensitively, if it is close enough to help.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Azure's names (regions, tags, rules, resources) have at most 80
    // characters: a longer word misspells none of them, and comparing it
    // would cost time in proportion to its length times every candidate's
    if input.len() > MAX_SUGGESTED_LEN {
        return None;
    }
    let input = input.to_ascii_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        if candidate.len() > MAX_SUGGESTED_LEN {
            continue;
        }
        let score = strsim::jaro_winkler(&input, &candidate.to_ascii_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let tags = ["Internet", "AzureCloud", "SqlManagement"];
        assert_eq!(did_you_mean("Internt", tags), Some("Internet"));
        assert_eq!(did_you_mean("sqlmanagment", tags), Some("SqlManagement"));
        assert_eq!(did_you_mean("frobnicate", tags), None);
        // a word longer than any Azure name is no misspelling of one (and
        // comparing a 100 kB word with every tag took a quarter second)
        let long = "x".repeat(70);
        assert_eq!(
            did_you_mean(&"x".repeat(80), [long.as_str()]),
            Some(long.as_str())
        );
        assert_eq!(did_you_mean(&"x".repeat(81), [long.as_str()]), None);
    }
}
