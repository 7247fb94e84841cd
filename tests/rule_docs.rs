//! Every code is documented, and every documented Example does what its doc
//! says: the Example reports the code, the "Use instead" does not.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use misec::check::{check_misec, Options};
use misec::config::Config;
use misec::diagnostic::doc;
use misec::diagnostic::CODES;
use misec::source::Sources;

fn codes_reported(text: &str) -> Vec<String> {
    let mut sources = Sources::new();
    let id = sources.add("example.misec", text);
    check_misec(&mut sources, id, &Config::default(), &Options::default())
        .iter()
        .map(|d| d.code.to_string())
        .collect()
}

#[test]
fn every_code_has_a_doc_with_the_sections() {
    for info in CODES {
        let Some(text) = doc::get(info.code) else {
            panic!("{} has no documentation", info.code);
        };
        assert!(
            text.starts_with(&format!("# {}: ", info.code)),
            "{}: title",
            info.code
        );
        for section in ["## What it does", "## Why is this bad?", "## References"] {
            assert!(text.contains(section), "{}: missing {section}", info.code);
        }
    }
}

/// Codes whose Example is abridged (it says so), so as written it does not
/// report the code; the full input runs in the named test instead.
const ABRIDGED: &[(&str, &str)] = &[(
    "AZ008",
    "401 routes do not fit a readable Example; tests/lint_azure.rs az008_az009_limits",
)];

#[test]
fn examples_fire_and_fixes_do_not() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for info in CODES {
        let Some(text) = doc::get(info.code) else {
            continue;
        };
        let (Some(bad), Some(good)) = (
            doc::example(text, "Example"),
            doc::example(text, "Use instead"),
        ) else {
            continue;
        };
        let fired = codes_reported(&bad);
        let abridged = ABRIDGED.iter().any(|(c, _)| *c == info.code);
        if !abridged && !fired.iter().any(|c| c == info.code) {
            failures.push(format!("{}: Example reports {fired:?}", info.code));
        }
        let fired = codes_reported(&good);
        if fired.iter().any(|c| c == info.code) {
            failures.push(format!(
                "{}: Use instead still reports it: {fired:?}",
                info.code
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 13, "only {checked} examples checked");
}
