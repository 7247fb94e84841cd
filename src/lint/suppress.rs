//! Inline suppression: a trailing `# misec: allow CODE[, CODE] -- reason`
//! silences those codes on its line. A suppression without a reason, naming an
//! unknown code, or silencing nothing is itself reported (SUP001, a warning),
//! so that stale suppressions do not pile up. E codes cannot be silenced.

use crate::diagnostic::{self, Diagnostic};
use crate::source::{Sources, Span};
use crate::syntax::ast::Comment;

/// One parsed suppression comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppression {
    /// Codes as written, with their spans.
    pub codes: Vec<(String, Span)>,
    pub reason: Option<String>,
    /// The comment.
    pub span: Span,
    /// 0-based line of the comment.
    pub line: usize,
}

const MARKER: &str = "misec:";

/// Reads the suppressions among a file's comments (`text` excludes `#`).
pub fn parse(comments: &[Comment], sources: &Sources) -> Vec<Suppression> {
    let mut out = Vec::new();
    for comment in comments {
        let body = comment.text.trim_start();
        let Some(rest) = body.strip_prefix(MARKER) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(list) = rest.strip_prefix("allow") else {
            continue;
        };
        // offset of `list` inside the comment's text (after `#`)
        let list_offset = comment.text.len() - list.len();
        let (codes_text, reason) = match list.split_once("--") {
            Some((c, r)) => (c, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
            None => (list, None),
        };
        let mut codes = Vec::new();
        let mut at = 0;
        for part in codes_text.split(',') {
            let trimmed = part.trim();
            if !trimmed.is_empty() {
                let lead = part.len() - part.trim_start().len();
                // +1 for the `#` before the comment text
                let start = comment.span.start as usize + 1 + list_offset + at + lead;
                codes.push((
                    trimmed.to_string(),
                    Span::new(comment.span.file, start, start + trimmed.len()),
                ));
            }
            at += part.len() + 1;
        }
        let line = sources
            .get(comment.span.file)
            .map_or(0, |f| f.line_index(comment.span.start as usize));
        out.push(Suppression {
            codes,
            reason,
            span: comment.span,
            line,
        });
    }
    out
}

/// Drops the diagnostics that a suppression on their line silences, and adds
/// SUP001 for every suppression that is malformed or silences nothing.
pub fn apply(
    diagnostics: Vec<Diagnostic>,
    suppressions: &[Suppression],
    sources: &Sources,
) -> Vec<Diagnostic> {
    let mut used = vec![vec![false; 0]; suppressions.len()];
    for (s, u) in suppressions.iter().zip(used.iter_mut()) {
        *u = vec![false; s.codes.len()];
    }
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let line = sources
            .get(d.span().file)
            .map(|f| f.line_index(d.span().start as usize));
        let mut silenced = false;
        if !d.code.starts_with('E') {
            for (s, u) in suppressions.iter().zip(used.iter_mut()) {
                if Some(s.line) != line || s.span.file != d.span().file || s.reason.is_none() {
                    continue;
                }
                for ((code, _), flag) in s.codes.iter().zip(u.iter_mut()) {
                    if code.eq_ignore_ascii_case(d.code) {
                        *flag = true;
                        silenced = true;
                    }
                }
            }
        }
        if !silenced {
            kept.push(d);
        }
    }
    for (s, u) in suppressions.iter().zip(&used) {
        if s.codes.is_empty() {
            kept.push(
                Diagnostic::new("SUP001", s.span, "suppression names no code")
                    .label("nothing to allow")
                    .help("write `# misec: allow CODE -- reason`"),
            );
            continue;
        }
        if s.reason.is_none() {
            kept.push(
                Diagnostic::new("SUP001", s.span, "suppression without a reason")
                    .label("add `-- reason`")
                    .note("a suppression without a reason is not applied")
                    .help("say why, e.g. `# misec: allow SEC001 -- legacy app, until 2027-01`"),
            );
            continue;
        }
        for ((code, span), flag) in s.codes.iter().zip(u) {
            if *flag {
                continue;
            }
            let d = match diagnostic::lookup(code) {
                None => {
                    let d = Diagnostic::new(
                        "SUP001",
                        *span,
                        format!("unknown code `{code}` in suppression"),
                    )
                    .label("not a misec code");
                    match diagnostic::did_you_mean(code, diagnostic::CODES.iter().map(|c| c.code)) {
                        Some(best) => d.help(format!("did you mean `{best}`?")),
                        None => d.help("`misec rules` lists every code"),
                    }
                }
                Some(info) if info.code.starts_with('E') => Diagnostic::new(
                    "SUP001",
                    *span,
                    format!("`{}` cannot be suppressed", info.code),
                )
                .label("E codes mean the file cannot be understood")
                .help("fix the error instead"),
                Some(info) => Diagnostic::new(
                    "SUP001",
                    *span,
                    format!("suppression of `{}` silences nothing", info.code),
                )
                .label(format!("no `{}` on this line", info.code))
                .help("remove it, or move it to the line the diagnostic points at"),
            };
            kept.push(d);
        }
    }
    kept
}
