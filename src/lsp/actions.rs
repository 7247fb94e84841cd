//! Edits: formatting (the text `misec fmt` writes) and code actions — the
//! fix a diagnostic's help describes where it is mechanical ("did you mean
//! `X`?", "drop `priority N`", "add `delegated`", "end the `inbound` block
//! with `default deny`"), and suppressing a code on its line with a reason.
//!
//! Input: an open document (and the range the client asks about). Output:
//! text edits; never an edit to a file with syntax errors, except the
//! "did you mean" replacements, which are single words.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    FormattingOptions, Range, TextEdit, WorkspaceEdit,
};

use super::diagnostics::convert;
use super::position;
use super::server::Doc;
use super::words;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;
use crate::syntax::{self, ast};

/// The whole document formatted as `misec fmt` would; nothing for a file
/// with syntax errors (as `misec fmt` leaves it untouched) or Azure JSON.
pub fn format(doc: &Doc, _options: &FormattingOptions) -> Option<Vec<TextEdit>> {
    if doc
        .analysis
        .is_some_and(|a| a.kind == crate::workspace::Kind::Json)
    {
        return None;
    }
    let text = doc.file.text.as_str();
    let (ast, problems) = syntax::parse(doc.id, text);
    if problems.iter().any(|d| d.severity == Severity::Error) {
        return None;
    }
    let formatted = crate::fmt::format(&ast, text);
    if formatted == text {
        return Some(Vec::new());
    }
    let whole = Span::new(doc.id, 0, text.len());
    Some(vec![TextEdit::new(
        position::range(doc.file, whole),
        formatted,
    )])
}

pub fn actions(doc: &Doc, params: &CodeActionParams) -> Option<CodeActionResponse> {
    let analysis = doc.analysis?;
    let (ast, _) = syntax::parse(doc.id, &doc.file.text);
    let mut out = Vec::new();
    for d in &analysis.analysis.diagnostics {
        let range = position::range(doc.file, d.span());
        if d.span().file != doc.id || !asked(params, d.code, range) {
            continue;
        }
        let lsp = convert(doc.sources, d, (doc.id, doc.uri));
        if let Some((title, edits)) = fix(doc, &ast, d) {
            out.push(action(doc, title, edits, lsp.clone(), true));
        }
        if let Some(edit) = suppress(doc, &ast, d) {
            let title = format!("Suppress {} on this line (with a reason)", d.code);
            out.push(action(doc, title, vec![edit], lsp, false));
        }
    }
    Some(out)
}

fn action(
    doc: &Doc,
    title: String,
    edits: Vec<TextEdit>,
    d: lsp_types::Diagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    })
}

/// The diagnostics the client names in its context, or without any, those
/// in the range it asks about.
fn asked(params: &CodeActionParams, code: &str, range: Range) -> bool {
    let named = &params.context.diagnostics;
    if named.is_empty() {
        return overlaps(range, params.range);
    }
    named.iter().any(|n| {
        n.range == range
            && matches!(&n.code, Some(lsp_types::NumberOrString::String(c)) if c == code)
    })
}

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn edit(doc: &Doc, start: usize, end: usize, text: impl Into<String>) -> TextEdit {
    TextEdit::new(
        position::range(doc.file, Span::new(doc.id, start, end)),
        text.into(),
    )
}

/// The mechanical fix a diagnostic's help describes, if it has one.
fn fix(doc: &Doc, ast: &ast::File, d: &Diagnostic) -> Option<(String, Vec<TextEdit>)> {
    let help = d.help.as_deref()?;
    let span = d.span();
    let text = doc.file.text.as_str();
    if let Some(rest) = help.strip_prefix("did you mean ") {
        let word = rest.split('`').nth(1)?;
        let old = doc.sources.slice(span);
        if old.is_empty() || old.contains(char::is_whitespace) || old == word {
            return None;
        }
        return Some((
            format!("Replace `{old}` with `{word}`"),
            vec![edit(doc, span.start as usize, span.end as usize, word)],
        ));
    }
    if help.starts_with("drop `priority ") {
        // the primary span is the number; take `priority` and the blanks before it
        let before = text.get(..span.start as usize)?.trim_end();
        let keyword = before.strip_suffix("priority")?;
        let start = keyword.trim_end().len();
        let dropped = text.get(start..span.end as usize)?.trim();
        return Some((
            format!("Drop `{dropped}`"),
            vec![edit(doc, start, span.end as usize, "")],
        ));
    }
    let (_, subnet) = words::subnets(ast)
        .into_iter()
        .find(|(_, s)| s.span.start <= span.start && span.end <= s.span.end)?;
    if help == "add `delegated` to the subnet" {
        let last = subnet
            .body
            .iter()
            .take_while(|s| {
                matches!(
                    s.kind,
                    ast::SubnetStmtKind::Address(_)
                        | ast::SubnetStmtKind::Profile(_)
                        | ast::SubnetStmtKind::Connection(_)
                )
            })
            .last()?;
        let indent = indent_of(text, last.span.start as usize);
        let at = last.span.end as usize;
        return Some((
            "Add `delegated`".to_string(),
            vec![edit(doc, at, at, format!("\n{indent}delegated"))],
        ));
    }
    if help == "end the `inbound` block with `default deny`" {
        let block = subnet.body.iter().find_map(|s| match &s.kind {
            ast::SubnetStmtKind::Inbound(b) => Some(b),
            _ => None,
        })?;
        let last = block.entries.last().map(|e| match e {
            ast::BlockEntry::Rule(r) => r.span,
            ast::BlockEntry::Default(d) => d.span,
            ast::BlockEntry::Error(s) => *s,
        })?;
        // after the last entry's trailing comment, if it has one
        let line_end = text
            .get(last.end as usize..)?
            .find('\n')
            .map_or(text.len(), |i| last.end as usize + i);
        let indent = indent_of(text, last.start as usize);
        return Some((
            "End the `inbound` block with `default deny`".to_string(),
            vec![edit(
                doc,
                line_end,
                line_end,
                format!("\n{indent}default deny"),
            )],
        ));
    }
    None
}

/// `# misec: allow CODE -- …` at the end of the diagnostic's first line, or
/// the code added to the suppression already there.
fn suppress(doc: &Doc, ast: &ast::File, d: &Diagnostic) -> Option<TextEdit> {
    // JSON has no comments to suppress in
    if doc.json || d.code.starts_with('E') || d.code == "SUP001" {
        return None;
    }
    let line = doc.file.line_index(d.span().start as usize);
    let range = doc.file.line_range(line)?;
    let comment = ast
        .comments
        .iter()
        .find(|c| range.contains(&(c.span.start as usize)));
    match comment {
        None => {
            let end = range.end;
            Some(edit(
                doc,
                end,
                end,
                format!("  # misec: allow {} -- TODO say why this is safe", d.code),
            ))
        }
        Some(c) => {
            let body = c.text.trim_start();
            let list = body
                .strip_prefix("misec:")?
                .trim_start()
                .strip_prefix("allow")?;
            // just after `allow` and its blank
            let at = c.span.end as usize - list.len() + (list.len() - list.trim_start().len());
            Some(edit(doc, at, at, format!("{}, ", d.code)))
        }
    }
}

fn indent_of(text: &str, at: usize) -> String {
    let start = text
        .get(..at)
        .map_or(0, |b| b.rfind('\n').map_or(0, |i| i + 1));
    text.get(start..at)
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect()
}
