//! The fixture harness: every `tests/fixtures/**/*.misec` (except the
//! formatter's own inputs under `fmt/`) is checked, and its diagnostics must be
//! exactly the ones its comments announce:
//!
//! - `#~ E105` at the end of a line: that line has an E105 (several codes may
//!   follow, `#~ E101 E105`; a code twice means two diagnostics);
//! - `#~^ E001`: the line above has it.
//!
//! A fixture without markers must be clean. Where the rendered text matters, a
//! golden file sits beside the input: `NAME.diag` (human output, no colour)
//! and/or `NAME.json` (`--format json`). To create or refresh goldens after an
//! intended change, run `MISEC_BLESS=1 cargo test --test fixtures` and review
//! the diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure should stop loudly

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use misec::check::{check_misec, Options};
use misec::config::Config;
use misec::diagnostic::render::{render, Format, Summary};
use misec::source::Sources;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "fmt") {
                continue;
            }
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "misec") {
            out.push(path);
        }
    }
}

/// (1-based line, code) → how many times.
fn expected_markers(text: &str) -> BTreeMap<(usize, String), usize> {
    let mut expected = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("#~") else { continue };
        let mut rest = &line[at + 2..];
        let mut target = i + 1;
        if let Some(r) = rest.strip_prefix('^') {
            rest = r;
            target = i;
        }
        for code in rest.split_whitespace() {
            *expected.entry((target, code.to_string())).or_insert(0) += 1;
        }
    }
    expected
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

fn compare_golden(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("MISEC_BLESS").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!(
            "{}: rendered output differs\n--- expected\n{expected}\n--- actual\n{actual}",
            relative(path)
        )),
        Err(_) => {}
    }
}

#[test]
fn every_fixture_reports_exactly_its_markers() {
    let mut files = Vec::new();
    collect(&fixtures_root(), &mut files);
    assert!(!files.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let mut sources = Sources::new();
        let id = sources.add(relative(path), text.clone());
        let diagnostics = check_misec(&mut sources, id, &Config::default(), &Options::default());

        let mut actual = BTreeMap::new();
        for d in &diagnostics {
            assert!(
                d.help.is_some(),
                "{}: {} has no help line",
                relative(path),
                d.code
            );
            assert!(
                !d.message.ends_with('.'),
                "{}: message ends with a period: {}",
                relative(path),
                d.message
            );
            let (line, _) = sources
                .get(d.span().file)
                .unwrap()
                .line_col(d.span().start as usize);
            *actual.entry((line, d.code.to_string())).or_insert(0) += 1;
        }
        let expected = expected_markers(&text);
        if actual != expected {
            let shown: Vec<String> = diagnostics
                .iter()
                .map(|d| {
                    let (l, c) = sources
                        .get(d.span().file)
                        .unwrap()
                        .line_col(d.span().start as usize);
                    format!("  {l}:{c} {} {}", d.code, d.message)
                })
                .collect();
            failures.push(format!(
                "{}:\n expected {:?}\n actual   {:?}\n{}",
                relative(path),
                expected,
                actual,
                shown.join("\n")
            ));
        }

        let summary = Summary::new(1, &diagnostics);
        for (ext, format) in [("diag", Format::Human), ("json", Format::Json)] {
            let golden = path.with_extension(ext);
            if golden.exists()
                || std::env::var_os("MISEC_BLESS").is_some() && golden_wanted(&golden)
            {
                let mut out = Vec::new();
                render(&mut out, format, false, &sources, &diagnostics, summary).unwrap();
                compare_golden(&golden, &String::from_utf8(out).unwrap(), &mut failures);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    eprintln!("{} fixtures checked", files.len());

    // every code a .misec file can produce fires in at least one fixture
    let marked: std::collections::BTreeSet<String> = files
        .iter()
        .flat_map(|p| {
            expected_markers(&std::fs::read_to_string(p).unwrap())
                .into_keys()
                .map(|(_, c)| c)
        })
        .collect();
    let missing: Vec<&str> = misec::diagnostic::CODES
        .iter()
        .map(|c| c.code)
        .filter(|c| !NOT_FROM_MISEC_FILES.contains(c) && !marked.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes no fixture exercises: {missing:?}"
    );
}

/// Codes a `.misec` file cannot produce: configuration, profile files and
/// Azure JSON have their own tests; AZ007 only arises in imports (the
/// compiler splits a rule with several service tags on a side itself). E302
/// and E303 are about ARM templates (tested in `import_eval.rs`); IMP001 and
/// IMP002 concern bare NSGs and route tables (tests/cli_trust.rs); E003 is
/// a file over misec's size limit (tests/cli_bounded.rs).
const NOT_FROM_MISEC_FILES: &[&str] = &[
    "E003", "E201", "E202", "E301", "E302", "E303", "AZ007", "IMP001", "IMP002",
];

/// Blessing only refreshes goldens that exist, and creates them for the
/// fixtures under `golden/` directories.
fn golden_wanted(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == "golden")
}

#[test]
fn markers_are_read_as_documented() {
    let m = expected_markers("a #~ E101 E101\nb\n#~^ E001\n");
    assert_eq!(m.get(&(1, "E101".to_string())), Some(&2));
    assert_eq!(m.get(&(2, "E001".to_string())), Some(&1));
    assert_eq!(m.len(), 2);
}
