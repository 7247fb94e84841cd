//! `misec check` on every JSON file of the shared corpus, against
//! `tests/fixtures/import/verdicts.expected`: per file and profile, the set
//! of E, AZ and MI codes (SEC hygiene codes are ignored: SOURCES.md does not
//! reason about them), the lines where the expectation names them, and the
//! inferred profile where it names one. Each entry carries its reasoning
//! from ../shared/corpus/SOURCES.md. Every corpus JSON file needs an entry.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::collections::BTreeSet;

use common::corpus;
use misec::check::{check_json, Options};
use misec::config::Config;
use misec::import::ImportOptions;
use misec::source::Sources;

const EXPECTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/verdicts.expected"
);

struct Entry {
    line: usize,
    file: String,
    profile: Option<String>,
    inferred: Option<String>,
    codes: BTreeSet<String>,
    at: Vec<(String, usize)>,
}

fn entries() -> Vec<Entry> {
    let text = std::fs::read_to_string(EXPECTED).unwrap();
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let l = l.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let mut words = l.split_whitespace();
        let file = words.next().unwrap().to_string();
        let profile = words
            .next()
            .unwrap_or_else(|| panic!("line {}: no profile", i + 1));
        let (profile, inferred) = match profile.split_once('=') {
            Some(("infer", name)) => (None, Some(name.to_string())),
            _ if profile == "infer" => (None, None),
            _ => (Some(profile.to_string()), None),
        };
        let mut codes = BTreeSet::new();
        let mut at = Vec::new();
        for w in words.filter(|w| *w != "clean") {
            match w.split_once('@') {
                Some((code, line)) => {
                    codes.insert(code.to_string());
                    at.push((code.to_string(), line.parse().unwrap()));
                }
                None => {
                    codes.insert(w.to_string());
                }
            }
        }
        out.push(Entry {
            line: i + 1,
            file,
            profile,
            inferred,
            codes,
            at,
        });
    }
    out
}

#[test]
fn corpus_verdicts_match_sources_md() {
    let Some(files) = corpus::json_files() else {
        return;
    };
    let entries = entries();
    let mut failures = Vec::new();
    let mut passed = Vec::new();
    for (rel, _) in &files {
        if !entries.iter().any(|e| &e.file == rel) {
            failures.push(format!("{rel}: no entry in verdicts.expected"));
        }
    }
    for e in &entries {
        let Some((_, path)) = files.iter().find(|(rel, _)| *rel == e.file) else {
            failures.push(format!("line {}: {} is not in the corpus", e.line, e.file));
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let mut sources = Sources::new();
        let id = sources.add(e.file.clone(), text);
        let options = Options::with_profile(e.profile.clone());
        let (diags, inferred) = check_json(
            &mut sources,
            id,
            &Config::default(),
            &options,
            &ImportOptions::default(),
        );
        let found: Vec<(String, usize)> = diags
            .iter()
            .filter(|d| !d.code.starts_with("SEC"))
            .map(|d| {
                let file = sources.get(d.span().file).unwrap();
                (d.code.to_string(), file.line_col(d.span().start as usize).0)
            })
            .collect();
        let codes: BTreeSet<String> = found.iter().map(|f| f.0.clone()).collect();
        let label = format!(
            "{} under {} (verdicts.expected line {})",
            e.file,
            e.profile.as_deref().unwrap_or("the inferred profile"),
            e.line
        );
        let mut wrong = Vec::new();
        if codes != e.codes {
            let missing: Vec<_> = e.codes.difference(&codes).collect();
            let extra: Vec<_> = codes.difference(&e.codes).collect();
            wrong.push(format!("missing {missing:?}, unexpected {extra:?}"));
        }
        for (code, line) in &e.at {
            if !found.iter().any(|f| &f.0 == code && f.1 == *line) {
                wrong.push(format!("no {code} at line {line}"));
            }
        }
        if let Some(want) = &e.inferred {
            let got = inferred.as_ref().map(|i| i.profile.as_str());
            if got != Some(want.as_str()) {
                wrong.push(format!("inferred {got:?}, expected {want}"));
            }
        }
        if wrong.is_empty() {
            passed.push(label);
        } else {
            let all: Vec<String> = found.iter().map(|(c, l)| format!("{c}@{l}")).collect();
            failures.push(format!(
                "{label}: {}; reported [{}]",
                wrong.join("; "),
                all.join(" ")
            ));
        }
    }
    eprintln!("{} entries pass:\n  {}", passed.len(), passed.join("\n  "));
    assert!(
        failures.is_empty(),
        "{} entries fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
