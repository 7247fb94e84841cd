//! The word under the cursor, by the lexer's word rule (letters, digits and
//! `_ . - /`; a trailing `:` ends a rule name), and what it names. Lexical on
//! purpose: hover and completion work on a file that does not parse.
//!
//! Input: a text and a byte offset. Output: the word's byte range and text,
//! or `None` between words.

use std::ops::Range;

use crate::source::{FileId, Span};
use crate::syntax::ast;

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '/')
}

/// The word that contains `at` or ends at it.
pub fn word_at(text: &str, at: usize) -> Option<(Range<usize>, &str)> {
    let at = at.min(text.len());
    let before = text.get(..at)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let after = text.get(at..)?;
    let end = at + after.find(|c: char| !is_word(c)).unwrap_or(after.len());
    // a dot that ends a sentence in a comment is no part of the word
    let word = text.get(start..end)?.trim_end_matches('.');
    (!word.is_empty()).then(|| (start..start + word.len(), word))
}

/// The `let` that defines `name`, if the file has one.
pub fn set<'a>(file: &'a ast::File, name: &str) -> Option<&'a ast::LetDecl> {
    file.items.iter().find_map(|item| match item {
        ast::Item::Let(l) if l.name.name == name => Some(l),
        _ => None,
    })
}

/// Every subnet declaration of a file, with its vnet.
pub fn subnets(file: &ast::File) -> Vec<(&ast::VnetDecl, &ast::SubnetDecl)> {
    let mut out = Vec::new();
    for item in &file.items {
        if let ast::Item::Vnet(vnet) = item {
            for stmt in &vnet.body {
                if let ast::VnetStmtKind::Subnet(subnet) = &stmt.kind {
                    out.push((vnet, subnet));
                }
            }
        }
    }
    out
}

/// Is the byte `at` inside a comment of `file`?
pub fn in_comment(file: &ast::File, at: usize) -> Option<&ast::Comment> {
    file.comments
        .iter()
        .find(|c| (c.span.start as usize) <= at && at <= c.span.end as usize)
}

pub fn span(file: FileId, range: Range<usize>) -> Span {
    Span::new(file, range.start, range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_follow_the_lexer() {
        let text = "  apps:  allow tcp from Sql.westeurope to subnet  # misec: allow SEC001.";
        let at = |w: &str| text.find(w).unwrap();
        assert_eq!(word_at(text, at("apps") + 2).map(|w| w.1), Some("apps"));
        assert_eq!(
            word_at(text, at("Sql") + 5).map(|w| w.1),
            Some("Sql.westeurope")
        );
        assert_eq!(word_at(text, at("SEC001") + 6).map(|w| w.1), Some("SEC001"));
        assert_eq!(word_at(text, 0), None);
        assert_eq!(word_at(text, 1), None);
        assert_eq!(word_at(text, 999).map(|w| w.1), Some("SEC001"));
    }
}
