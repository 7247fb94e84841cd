//! `misec diff` through the real binary.
//!
//! Fixtures: every `tests/fixtures/diff/**/NAME.old.*` is compared with the
//! `NAME.new.*` beside it (run in that folder, so its `.misec.yaml` applies),
//! and the output must be exactly `NAME.txt` (human), `NAME.json` (`--format
//! json`) and `NAME.md` (`--format markdown`). `MISEC_BLESS=1 cargo test
//! --test diff` refreshes them; review the diff before committing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::path::{Path, PathBuf};

use common::cli::misec_in;

use common::golden;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

/// `(folder, NAME, old file, new file)` for every pair.
fn pairs() -> Vec<(PathBuf, String, String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![root()];
    while let Some(dir) = dirs.pop() {
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap())
            .filter_map(|e| {
                if e.path().is_dir() {
                    dirs.push(e.path());
                    None
                } else {
                    Some(e.file_name().to_string_lossy().into_owned())
                }
            })
            .collect();
        names.sort();
        for old in names.iter().filter(|n| n.contains(".old.")) {
            let (stem, ext) = old.split_once(".old.").unwrap();
            let new = names
                .iter()
                .find(|n| n.starts_with(&format!("{stem}.new.")))
                .unwrap_or_else(|| panic!("{}: no {stem}.new.* beside {old}", dir.display()));
            assert!(!ext.is_empty());
            out.push((dir.clone(), stem.to_string(), old.clone(), new.clone()));
        }
    }
    out.sort();
    out
}

#[test]
fn fixtures_give_their_expected_changes() {
    let all = pairs();
    assert!(
        all.len() >= 7,
        "expected the diff fixtures, found {}",
        all.len()
    );
    for (dir, stem, old, new) in all {
        for (format, ext) in [("human", "txt"), ("json", "json"), ("markdown", "md")] {
            let out = misec_in(&dir, &["diff", "--format", format, &old, &new]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{stem} {format}: {stderr}");
            assert!(stderr.is_empty(), "{stem} {format}: stderr {stderr}");
            let text = String::from_utf8(out.stdout).unwrap();
            golden::check(&dir.join(format!("{stem}.{ext}")), &text);
        }
        // `--exit-code`: 1 exactly when the JSON reports something
        let doc: Value = serde_json::from_slice(
            &misec_in(&dir, &["diff", "--format", "json", &old, &new]).stdout,
        )
        .unwrap();
        let changed = !doc["changes"].as_array().unwrap().is_empty()
            || !doc["routes"].as_array().unwrap().is_empty();
        let out = misec_in(&dir, &["diff", "--exit-code", &old, &new]);
        assert_eq!(
            out.status.code(),
            Some(i32::from(changed)),
            "{stem}: --exit-code"
        );
    }
}

/// The document has the contract's shape (`cli.md`, `misec diff`).
#[test]
fn json_has_the_contract_shape() {
    let out = misec_in(
        &root(),
        &[
            "diff",
            "--format",
            "json",
            "reporting.old.misec",
            "reporting.new.misec",
        ],
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&doc), ["version", "changes", "routes", "summary"]);
    assert_eq!(doc["version"], 1);
    let change = &doc["changes"][0];
    assert_eq!(
        keys(change),
        [
            "subnet",
            "direction",
            "change",
            "certain",
            "flows",
            "old_rule",
            "new_rule"
        ]
    );
    assert_eq!(change["change"], "allowed");
    assert_eq!(
        change["flows"][0],
        serde_json::json!({"protocol": "tcp", "source": "10.50.0.0/16", "source_ports": "any",
            "destination": "10.20.1.0/24", "destination_ports": "1433"})
    );
    assert_eq!(keys(&change["old_rule"]), ["name", "priority", "origin"]);
    let route = &doc["routes"][0];
    assert_eq!(route["prefix"], "192.168.0.0/16");
    assert_eq!(route["old"]["next_hop"], "VirtualNetworkGateway");
    assert_eq!(route["new"]["next_hop"], "VirtualAppliance");
    assert_eq!(route["new"]["next_hop_address"], "10.20.5.4");
    assert_eq!(
        doc["summary"],
        serde_json::json!({"allowed": 1, "denied": 0, "routes": 1})
    );
}

/// A side that does not parse, subnets that do not pair, a format diff does
/// not print: exit 2 with the reason, nothing on stdout.
#[test]
fn cannot_compare_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.misec"), "vnet v {\n  subnet\n").unwrap();
    let old = root().join("reporting.old.misec");
    let old = old.to_str().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["diff", old, "broken.misec"],
            "cannot compare: `broken.misec` has errors",
        ),
        (
            &["diff", "--subnet", "nope", old, old],
            "no subnet `nope` on both sides",
        ),
        (
            &["diff", "--format", "sarif", old, old],
            "`misec diff` prints",
        ),
        (
            &["diff", old, "missing.misec"],
            "cannot read `missing.misec`",
        ),
    ];
    for (args, reason) in cases {
        let out = misec_in(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}: stdout");
    }
    // markdown belongs to diff alone
    let out = misec_in(dir.path(), &["check", "--format", "markdown", old]);
    assert_eq!(out.status.code(), Some(2));
}

/// Identical sides: nothing to say, exit 0 even with `--exit-code`.
#[test]
fn a_file_against_itself_is_no_change() {
    for name in ["lockout.new.misec", "drift.new.json", "arm.old.json"] {
        let out = misec_in(&root(), &["diff", "--exit-code", name, name]);
        assert_eq!(out.status.code(), Some(0), "{name}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.ends_with("\nno change to traffic or routes\n")
                || text == "no change to traffic or routes\n",
            "{name}: {text}"
        );
    }
}

/// The README's "Reviewing a change" shows real output: its `old.misec` and
/// `new.misec` blocks, compared by the binary, print exactly its `console`
/// block.
#[test]
fn readme_example_is_real() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let (_, section) = readme.split_once("## Reviewing a change\n").unwrap();
    let block = |after: &str| {
        let (_, rest) = section.split_once(after).unwrap();
        let (_, rest) = rest.split_once("```misec\n").unwrap();
        rest.split_once("```\n").unwrap().0.to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.misec"), block("`old.misec`:")).unwrap();
    std::fs::write(dir.path().join("new.misec"), block("`new.misec`")).unwrap();
    let (_, console) = section
        .split_once("```console\n$ misec diff old.misec new.misec\n")
        .unwrap();
    let (shown, _) = console.split_once("```").unwrap();
    let out = misec_in(dir.path(), &["diff", "old.misec", "new.misec"]);
    assert_eq!(out.status.code(), Some(0));
    let actual = String::from_utf8(out.stdout).unwrap();
    if golden::bless() {
        let fixed = readme.replacen(shown, &actual, 1);
        std::fs::write(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"),
            fixed,
        )
        .unwrap();
        return;
    }
    assert_eq!(
        actual, shown,
        "update the README's diff example (MISEC_BLESS=1)"
    );
}

/// Subnets pair by name, then by prefix; `--subnet` keeps one pair.
#[test]
fn subnets_pair_by_name_then_prefix() {
    let file = |b_name: &str, b_port: u16| {
        format!(
            "profile mi-2024\n\nvnet v {{\n  address 10.5.0.0/16\n  region westeurope\n\n  subnet a {{\n    address 10.5.1.0/24\n    delegated\n  }}\n\n  subnet {b_name} {{\n    address 10.5.2.0/24\n    delegated\n\n    inbound {{\n      apps: allow tcp from 10.9.0.0/16 to subnet port {b_port}\n    }}\n  }}\n}}\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.misec"), file("b", 1433)).unwrap();
    // `b` renamed: paired with `b` by its prefix
    std::fs::write(dir.path().join("new.misec"), file("b-renamed", 1434)).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["diff", "--format", "json"];
        args.extend_from_slice(extra);
        args.extend(["old.misec", "new.misec"]);
        let out = misec_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{extra:?}");
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let all = run(&[]);
    let subnets: Vec<&str> = all["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subnet"].as_str().unwrap())
        .collect();
    assert_eq!(subnets, ["b", "b"], "1433 now denied, 1434 now allowed");
    assert_eq!(
        all["summary"],
        serde_json::json!({"allowed": 1, "denied": 1, "routes": 0})
    );
    assert_eq!(run(&["--subnet", "a"])["changes"], serde_json::json!([]));
    assert_eq!(run(&["--subnet", "b-renamed"])["changes"], all["changes"]);
}
