//! The parser never panics: on random text, on soup of the language's tokens
//! and on randomly edited copies of an example, every diagnostic's span lies
//! inside the text on character boundaries, every diagnostic has a help
//! line, and the file's span covers the whole text. Fixed seed in CI;
//! `MISEC_PROPTEST_SEED=N` explores other cases.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure should stop loudly

mod common;

use common::props::config as cfg;
use misec::source::FileId;
use misec::syntax::parse;
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("fixtures/syntax/example.misec");

/// Every diagnostic span lies inside the text, on char boundaries.
fn check(text: &str) {
    let (f, d) = parse(FileId(0), text);
    for diag in &d {
        let r = diag.primary.span.range();
        assert!(
            r.end <= text.len() && text.get(r.clone()).is_some(),
            "{r:?}"
        );
        assert!(diag.help.is_some());
    }
    assert_eq!(f.span.range(), 0..text.len());
}

proptest! {
    #![proptest_config(cfg(300))]

    #[test]
    fn never_panics_on_random_text(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn never_panics_on_token_soup(parts in proptest::collection::vec(
        prop_oneof![
            Just("{"), Just("}"), Just("["), Just("]"), Just(","), Just(":"), Just("="),
            Just("\n"), Just(" "), Just("\""), Just("#"), Just("\\"), Just("vnet"),
            Just("subnet"), Just("inbound"), Just("routes"), Just("let"), Just("a"),
            Just("1433"), Just("1-2"), Just("10.0.0.0/8"), Just("::"), Just("default"),
            Just("allow"), Just("tcp"), Just("from"), Just("to"), Just("port"), Just("via"),
            Just("\0"), Just("é"),
        ], 0..120)) {
        check(&parts.concat());
    }

    #[test]
    fn never_panics_on_mutated_example(
        edits in proptest::collection::vec((0usize..2000, 0usize..12, "\\PC{0,4}"), 1..8)
    ) {
        let mut text = EXAMPLE.to_string();
        for (at, del, ins) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) { at -= 1; }
            let mut end = (at + del).min(text.len());
            while !text.is_char_boundary(end) { end += 1; }
            text.replace_range(at..end, &ins);
        }
        check(&text);
    }
}
