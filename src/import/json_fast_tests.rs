//! The fast JSON path against the full parser: wherever the fast path
//! answers, its tree (values, keys, every span) is the full parser's; and
//! it does answer for the shapes templates have, so the fast path is the
//! one taken.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use super::json::{parse, parse_full};
use super::json_fast;
use crate::source::FileId;

/// The fast path's answer, checked against the full parser's; `true` when
/// the fast path answered.
fn agrees(text: &str) -> bool {
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let fast = json_fast::parse(FileId(1), &text[offset..], offset);
    let full = parse_full(FileId(1), text);
    match fast {
        Some(tree) => {
            assert_eq!(Ok(tree), full, "text: {text:?}");
            true
        }
        // what the fast path leaves is answered by the full parser
        None => {
            assert_eq!(parse(FileId(1), text), full, "text: {text:?}");
            false
        }
    }
}

const TEMPLATE: &str = "\u{feff}{\r\n  // exported\n  \"$schema\": \"https://schema.management.azure.com/x.json#\",\n  /* block */ \"resources\": [\n    {\"type\": \"Microsoft.Network/networkSecurityGroups\", \"name\": \"[parameters('n')]\",\n     \"properties\": {\"securityRules\": [{\"name\": \"r\\\"1\\\\\\/\\n\\t\\r\\b\\f\", \"priority\": 100,\n       \"x\": [-0, 0.5, -1.25e+3, 2E-2, 10, true, false, null, {}, [], \"é\"]}]}}\n  ]\t}\n";

#[test]
fn templates_take_the_fast_path_and_read_as_with_the_full_parser() {
    assert!(agrees(TEMPLATE));
    assert!(agrees(&TEMPLATE[3..]));
    assert!(agrees("[]"));
    assert!(agrees(" \"only\" // end"));
    assert!(agrees(&format!("{}1{}", "[".repeat(100), "]".repeat(100))));
}

#[test]
fn every_prefix_and_edit_of_a_template_reads_as_with_the_full_parser() {
    let mut fast = 0;
    for (i, c) in TEMPLATE.char_indices() {
        let (before, after) = (&TEMPLATE[..i], &TEMPLATE[i + c.len_utf8()..]);
        fast += usize::from(agrees(before));
        fast += usize::from(agrees(&format!("{before}{after}")));
        for r in [
            "{", "}", "[", "]", ",", ":", "\"", "\\", "/", "*", "1", "-", ".", "e", "x", " ",
            "\u{a0}", "é", "\u{0}",
        ] {
            fast += usize::from(agrees(&format!("{before}{r}{after}")));
        }
    }
    // edits inside strings, comments and whitespace keep the text valid
    assert!(fast > 1000, "the fast path answered only {fast} times");
}

#[test]
fn what_the_fast_path_leaves_to_the_full_parser() {
    for text in [
        "",
        "{\"a\": \"\\u00e9\"}",
        "{\"a\": 1,}",
        "[1,]",
        "[1 2]",
        "01",
        "1.",
        "0x1",
        "truex",
        "/* open",
        "\u{a0}1",
        "{a: 1}",
        "'a'",
        "\"\\'\"",
        "[] []",
    ] {
        assert!(!agrees(text), "{text:?}");
    }
    assert!(!agrees(&"[".repeat(200)));
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\r",
    "\"k\"",
    "\"K\"",
    "\"a\\\"b\"",
    "\"\\u0041\"",
    "\"\\q\"",
    "\"",
    "0",
    "-1.5e+3",
    "01",
    "1.",
    "-",
    "2e",
    "true",
    "truex",
    "null",
    "false",
    "//c\n",
    "/*c*/",
    "/*",
    "/",
    "é",
    "\u{a0}",
    "\t",
    "x",
];

/// A valid JSON text of depth at most `depth`, with comments and blanks.
fn valid() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("-0.5E3".to_string()),
        "-?(0|[1-9][0-9]{0,2})(\\.[0-9]{1,2})?([eE][-+]?[0-9])?",
        "\"[a-zA-Z \\[\\]()'é/]{0,8}\"",
        Just("\"a\\\\b\\n\\/\"".to_string()),
    ];
    let blank = prop_oneof![
        Just(""),
        Just(" "),
        Just("\n  "),
        Just("// c\n"),
        Just("/* c */")
    ];
    leaf.prop_recursive(4, 40, 6, move |inner| {
        let blank = blank.clone();
        prop_oneof![
            proptest::collection::vec((inner.clone(), blank.clone()), 0..6).prop_map(|v| {
                let items: Vec<String> = v.into_iter().map(|(x, b)| format!("{b}{x}{b}")).collect();
                format!("[{}]", items.join(","))
            }),
            proptest::collection::vec(("[a-zA-Z]{0,4}", inner, blank), 0..6).prop_map(|v| {
                let members: Vec<String> = v
                    .into_iter()
                    .map(|(k, x, b)| format!("{b}\"{k}\"{b}:{b}{x}"))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(Config {
        cases: 400,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x006d_6973_6563),
        ..Config::default()
    })]

    #[test]
    fn quotes_and_backslashes_are_found_where_a_byte_scan_finds_them(
        bytes in proptest::collection::vec(
            // mostly other bytes, so that matches fall in every lane of a word
            prop_oneof![
                12 => Just(b'a'),
                1 => proptest::sample::select(&[b'"', b'\\', 0x80, 0xff, 0x00, 0x21, 0x5b][..]),
            ],
            0..40,
        )
    ) {
        let naive = bytes.iter().position(|&b| b == b'"' || b == b'\\');
        prop_assert_eq!(json_fast::quote_or_backslash(&bytes), naive);
    }

    #[test]
    fn token_soup_reads_as_with_the_full_parser(
        parts in proptest::collection::vec(proptest::sample::select(TOKENS), 0..40)
    ) {
        agrees(&parts.concat());
    }

    #[test]
    fn valid_texts_take_the_fast_path(text in valid()) {
        prop_assert!(agrees(&text), "{:?}", text);
    }

    #[test]
    fn edited_valid_texts_read_as_with_the_full_parser(
        text in valid(),
        at in 0usize..400,
        cut in 0usize..3,
        put in proptest::sample::select(TOKENS),
    ) {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        agrees(&format!("{}{put}{}", &text[..at], &text[end..]));
    }
}
