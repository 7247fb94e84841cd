//! Every JSON file of the shared corpus (`../shared/corpus`) is imported and
//! compared with `tests/fixtures/import/corpus.expected`: the numbers of
//! NSGs, rules, route tables, routes and subnets, and the E301 lines.

// Helpers of this test file are test code too.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use misec::import::{import, ImportOptions};
use misec::model::Model;
use misec::source::Sources;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
const EXPECTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/corpus.expected"
);

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// `nsgs=… rules=… route-tables=… routes=… subnets=… E301@line,line`
fn summary(model: &Model, sources: &Sources, diags: &[misec::diagnostic::Diagnostic]) -> String {
    let mut nsgs = BTreeMap::new();
    let mut tables = BTreeMap::new();
    let mut subnets = 0;
    for (_, s) in model.subnets() {
        subnets += 1;
        if let Some(n) = &s.nsg {
            nsgs.insert(n.span, n.rules.len());
        }
        if let Some(t) = &s.route_table {
            tables.insert(t.span, t.routes.len());
        }
    }
    let mut lines: Vec<String> = diags
        .iter()
        .map(|d| {
            let (line, _) = sources
                .get(d.span().file)
                .unwrap()
                .line_col(d.span().start as usize);
            format!("{}@{line}", d.code)
        })
        .collect();
    lines.sort();
    lines.dedup();
    format!(
        "nsgs={} rules={} route-tables={} routes={} subnets={} diagnostics=[{}]",
        nsgs.len(),
        nsgs.values().sum::<usize>(),
        tables.len(),
        tables.values().sum::<usize>(),
        subnets,
        lines.join(" ")
    )
}

#[test]
fn corpus_imports_as_expected() {
    let root = Path::new(CORPUS);
    if !root.is_dir() {
        eprintln!("note: {CORPUS} not found; skipping");
        return;
    }
    let mut files = Vec::new();
    json_files(root, &mut files);
    let expected_text = std::fs::read_to_string(EXPECTED).unwrap();
    let expected: BTreeMap<&str, &str> = expected_text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once(' ').map(|(a, b)| (a, b.trim())).unwrap())
        .collect();
    let mut failures = Vec::new();
    let mut seen = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut sources = Sources::new();
        let file = sources.add(rel.clone(), text.clone());
        let (model, diags) = import(file, &text, &ImportOptions::default());
        for d in &diags {
            assert!(d.help.is_some(), "{rel}: diagnostic without help: {d:?}");
            assert!(
                !d.primary.message.is_empty(),
                "{rel}: diagnostic without label: {d:?}"
            );
        }
        let got = summary(&model, &sources, &diags);
        match expected.get(rel.as_str()) {
            Some(want) if *want == got => {}
            Some(want) => failures.push(format!("{rel}\n  want {want}\n  got  {got}")),
            None => failures.push(format!("{rel}: no expectation; got\n{rel} {got}")),
        }
        seen.push(rel);
    }
    for name in expected.keys() {
        if !seen.iter().any(|s| s == name) {
            failures.push(format!("{name}: expected but not in the corpus"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
