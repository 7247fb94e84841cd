//! Issue 10, `check` over many paths: a missing or unreadable path stops only
//! itself (the report of the others is printed, exit 2), an empty directory
//! says so, a file named twice is checked once, and the JSON report is
//! sorted by file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::fs;
use std::process::Output;

use common::cli::misec_in;

/// `a.misec` and `b.misec` (each with one E109) and an empty directory.
fn scratch() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("b.misec"), "vnet v {\n}\n").unwrap();
    fs::write(tmp.path().join("a.misec"), "vnet w {\n}\n").unwrap();
    fs::create_dir(tmp.path().join("empty")).unwrap();
    tmp
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn files_of(doc: &serde_json::Value) -> Vec<String> {
    let list = doc["diagnostics"].as_array().unwrap();
    list.iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let tmp = scratch();
    let args = [
        "check",
        "--format",
        "json",
        "b.misec",
        "a.misec",
        "b.misec",
        "./b.misec",
    ];
    let doc = json(&misec_in(tmp.path(), &args));
    assert_eq!(doc["summary"]["files"], 2);
    assert_eq!(files_of(&doc), ["a.misec", "b.misec"]);
}

#[test]
fn json_diagnostics_are_sorted_by_file() {
    let tmp = scratch();
    let doc = json(&misec_in(
        tmp.path(),
        &["check", "--format", "json", "b.misec", "a.misec"],
    ));
    assert_eq!(files_of(&doc), ["a.misec", "b.misec"]);
}

#[test]
fn check_goes_on_past_a_missing_path() {
    let tmp = scratch();
    let out = misec_in(
        tmp.path(),
        &[
            "check",
            "--format",
            "json",
            "b.misec",
            "nope.misec",
            "a.misec",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["summary"]["files"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `nope.misec`"));
}

#[test]
fn an_empty_directory_says_it_found_no_files() {
    let tmp = scratch();
    let out = misec_in(tmp.path(), &["check", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no `.misec` file found in `empty`"), "{err}");
}

/// A file that exists but cannot be read: one without permission (skipped
/// with privileges that read any file; `tests/cli_bounded.rs` has the same
/// for a file over the size limit, which no privilege reads).
#[cfg(unix)]
#[test]
fn an_unreadable_file_stops_only_itself() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = scratch();
    let locked = tmp.path().join("locked.misec");
    fs::write(&locked, "vnet v {\n}\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        eprintln!("note: running with privileges that read any file; skipping");
        return;
    }
    let out = misec_in(
        tmp.path(),
        &["check", "--format", "json", "locked.misec", "a.misec"],
    );
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["summary"]["files"], 2);
    assert_eq!(files_of(&doc), ["a.misec"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("locked.misec"));
}
