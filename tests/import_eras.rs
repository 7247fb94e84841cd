//! Era inference, the platform's merge and faithful import on fixtures of
//! misec's own (`tests/fixtures/import/eras/`): each JSON file is checked as
//! `misec check` checks it, against `eras.expected` (inferred profile, the
//! reason's text, the E/AZ/MI codes), and the `.misec` that `misec import`
//! writes for it is checked too: it must get the same codes, less MI205 (the
//! import leaves copies to the profile), unless the entry says otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::collections::BTreeSet;

use misec::check::{check_json, check_misec, Options};
use misec::config::Config;
use misec::import::ImportOptions;
use misec::source::Sources;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/eras");

struct Entry {
    file: String,
    inferred: String,
    codes: BTreeSet<String>,
    reason: String,
    misec: Option<BTreeSet<String>>,
}

fn codes(words: &str) -> BTreeSet<String> {
    words
        .split_whitespace()
        .filter(|w| *w != "clean")
        .map(str::to_string)
        .collect()
}

fn entries() -> Vec<Entry> {
    let text = std::fs::read_to_string(format!("{DIR}/eras.expected")).unwrap();
    let mut out: Vec<Entry> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (head, why) = line.split_once(" | ").expect("`|` before the reason");
        if let Some(rest) = line.trim_start().strip_prefix("misec:") {
            let (list, _) = rest.split_once(" | ").unwrap();
            out.last_mut().unwrap().misec = Some(codes(list));
            continue;
        }
        let mut words = head.split_whitespace();
        let file = words.next().unwrap().to_string();
        let inferred = words
            .next()
            .and_then(|w| w.strip_prefix("infer="))
            .expect("infer=NAME")
            .to_string();
        out.push(Entry {
            file,
            inferred,
            codes: codes(&words.collect::<Vec<_>>().join(" ")),
            reason: why.to_string(),
            misec: None,
        });
    }
    out
}

fn not_sec(diags: &[misec::diagnostic::Diagnostic]) -> BTreeSet<String> {
    diags
        .iter()
        .filter(|d| !d.code.starts_with("SEC"))
        .map(|d| d.code.to_string())
        .collect()
}

#[test]
fn era_fixtures_get_the_expected_era_verdict_and_import() {
    let entries = entries();
    let mut files: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for f in &files {
        if !entries.iter().any(|e| &e.file == f) {
            failures.push(format!("{f}: no entry in eras.expected"));
        }
    }
    for e in &entries {
        let text = std::fs::read_to_string(format!("{DIR}/{}", e.file)).unwrap();
        let mut sources = Sources::new();
        let id = sources.add(e.file.clone(), text.clone());
        let (diags, inferred) = check_json(
            &mut sources,
            id,
            &Config::default(),
            &Options::default(),
            &ImportOptions::default(),
        );
        let inferred = inferred.expect("a subnet was read");
        if inferred.profile != e.inferred {
            failures.push(format!(
                "{}: inferred {} ({}), expected {}",
                e.file, inferred.profile, inferred.reason, e.inferred
            ));
        }
        if !inferred.reason.contains(&e.reason) {
            failures.push(format!(
                "{}: the reason `{}` does not say `{}`",
                e.file, inferred.reason, e.reason
            ));
        }
        let got = not_sec(&diags);
        if got != e.codes {
            failures.push(format!(
                "{}: JSON codes {got:?}, expected {:?}",
                e.file, e.codes
            ));
        }
        // faithful import: the `.misec` gets the JSON's verdict
        let imported = common::corpus::import_file(&e.file, &text, None)
            .unwrap_or_else(|c| panic!("{}: import failed with {c:?}", e.file));
        let mut sources = Sources::new();
        let id = sources.add(format!("{}.misec", e.file), imported.misec.clone());
        let diags = check_misec(&mut sources, id, &Config::default(), &Options::default());
        let got = not_sec(&diags);
        let want = e.misec.clone().unwrap_or_else(|| {
            let mut w = e.codes.clone();
            w.remove("MI205");
            w
        });
        if got != want {
            failures.push(format!(
                "{}: the imported .misec gets {got:?}, expected {want:?}\n{}",
                e.file, imported.misec
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
