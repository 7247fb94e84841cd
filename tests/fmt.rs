//! Formatter fixtures: `tests/fixtures/fmt/<name>.misec` formats to
//! `<name>.expected.misec`; every fixture (syntax ones included) formats
//! idempotently and to a tree equal to its input's, spans aside.
//! `MISEC_BLESS=1 cargo test --test fmt` rewrites the expected files.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use misec::fmt::format;
use misec::source::FileId;
use misec::syntax::{ast, parse};

fn dir(area: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(area)
}

fn inputs(area: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir(area))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".misec") && !name.ends_with(".expected.misec")
        })
        .collect();
    v.sort();
    v
}

/// The tree's debug text with every span removed, so that two trees can be
/// compared for meaning (comments included, by text).
fn without_spans(file: &ast::File) -> String {
    let text = format!("{file:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find("Span {") {
        out.push_str(&rest[..i]);
        let close = rest[i..].find('}').unwrap();
        rest = &rest[i + close + 1..];
    }
    out.push_str(rest);
    out
}

fn parse_clean(text: &str, what: &str) -> ast::File {
    let (f, d) = parse(FileId(0), text);
    assert!(d.is_empty(), "{what}: {d:#?}");
    f
}

/// Formats `text`, checks idempotence and meaning, returns the output.
fn check(text: &str, what: &str) -> String {
    let tree = parse_clean(text, what);
    let once = format(&tree, text);
    let tree2 = parse_clean(&once, &format!("{what} (formatted)"));
    assert_eq!(
        without_spans(&tree),
        without_spans(&tree2),
        "{what}: meaning changed:\n{once}"
    );
    let twice = format(&tree2, &once);
    assert_eq!(once, twice, "{what}: not idempotent");
    once
}

#[test]
fn fixtures_format_to_their_expected_text() {
    let bless = std::env::var_os("MISEC_BLESS").is_some();
    let mut n = 0;
    for input in inputs("fmt") {
        let text = fs::read_to_string(&input).unwrap();
        let got = check(&text, &input.display().to_string());
        let expected_path = input.with_extension("expected.misec");
        if bless {
            fs::write(&expected_path, &got).unwrap();
        }
        let expected = fs::read_to_string(&expected_path).unwrap();
        assert_eq!(got, expected, "{}", input.display());
        // The expected text is itself canonical.
        assert_eq!(check(&expected, "expected"), expected);
        n += 1;
    }
    assert!(n >= 3);
}

#[test]
fn clean_syntax_fixtures_format_idempotently() {
    let mut n = 0;
    for input in inputs("syntax") {
        let text = fs::read_to_string(&input).unwrap();
        if !parse(FileId(0), &text).1.is_empty() {
            continue;
        }
        check(&text, &input.display().to_string());
        n += 1;
    }
    assert!(n >= 2);
}

#[test]
fn span_insensitive_comparison_sees_changes() {
    let a = parse_clean("let a = 1\n", "a");
    let b = parse_clean("let  a =  1 # x\n", "b");
    let c = parse_clean("let a = 2\n", "c");
    assert_ne!(without_spans(&a), without_spans(&b)); // the comment
    assert_ne!(without_spans(&a), without_spans(&c));
    let d = parse_clean("let   a=1\n", "d");
    assert_eq!(without_spans(&a), without_spans(&d));
}
