//! Unit tests of the layout rules on small inputs; whole-file pairs live in
//! `tests/fixtures/fmt/`.

use super::format;
use crate::source::FileId;
use crate::syntax::parse;

fn fmt(text: &str) -> String {
    let (f, d) = parse(FileId(0), text);
    assert!(d.is_empty(), "{d:?}");
    format(&f, text)
}

#[test]
fn example_is_a_fixed_point_except_subnet_alignment() {
    let text = include_str!("../../tests/fixtures/syntax/example.misec");
    let out = fmt(text);
    let diff: Vec<(&str, &str)> = text
        .lines()
        .zip(out.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(text.lines().count(), out.lines().count(), "{out}");
    // The only difference: subnet values align two columns after
    // `route-table`, as every other aligned block does.
    assert_eq!(diff.len(), 5, "{out}");
    assert!(
        diff.iter().all(|(_, b)| b.starts_with("    ")
            && b.chars().nth(17) != Some(' ')
            && b.chars().nth(16) == Some(' ')),
        "{diff:?}"
    );
    assert!(diff
        .iter()
        .all(|(a, b)| a.split_whitespace().eq(b.split_whitespace())));
}

#[test]
fn lets_align_and_lists_join() {
    assert_eq!(
        fmt("let a=[1,\n 2 ,]\nlet bbb = 3\n"),
        "let a    = [1, 2]\nlet bbb  = 3\n"
    );
}

#[test]
fn strings_are_reescaped() {
    let out = fmt("vnet v {\n subnet s {\n  inbound {\n   r: allow tcp from a to b description \"x \\\" \\\\\"\n  }\n }\n}\n");
    assert!(out.contains("description \"x \\\" \\\\\""), "{out}");
}
