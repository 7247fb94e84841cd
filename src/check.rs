//! One file through the pipeline: parse, resolve, lint, then the user's
//! severity configuration and suppressions. Input: a file already in the
//! source table; output: its diagnostics, sorted. The CLI, the tests and the
//! benchmarks all go through here, so they see the same thing.

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::model::Model;
use crate::source::{FileId, Sources};
use crate::{resolve, syntax};

/// What the command line adds to the configuration.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--profile`: the profile for files and subnets that name none.
    pub profile: Option<String>,
}

/// Parses and resolves a `.misec` file. The model is `None` when the file has
/// syntax errors: resolving a half-parsed file would only add noise.
pub fn front_end(sources: &Sources, file: FileId) -> (Option<Model>, Vec<Diagnostic>) {
    let (ast, mut diagnostics) = syntax::parse(file, sources.text(file));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return (None, diagnostics);
    }
    let (model, more) = resolve::resolve(&ast);
    diagnostics.extend(more);
    (Some(model), diagnostics)
}

/// Every diagnostic for one `.misec` file, after configuration.
pub fn check_misec(
    sources: &mut Sources,
    file: FileId,
    config: &Config,
    _options: &Options,
) -> Vec<Diagnostic> {
    let (_model, diagnostics) = front_end(sources, file);
    finish(diagnostics, config)
}

/// Applies configured severities (E codes stay errors) and sorts.
pub fn finish(diagnostics: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter_map(|mut d| {
            if d.code.starts_with('E') {
                return Some(d);
            }
            match config.severity.get(d.code) {
                Some(level) => level.value.map(|s| {
                    d.severity = s;
                    d
                }),
                None => Some(d),
            }
        })
        .collect();
    diagnostic::sort(&mut out);
    out
}
