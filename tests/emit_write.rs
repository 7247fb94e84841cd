//! `write_all`: every file or none, never a temporary file left behind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

use std::fs;
use std::path::Path;

use misec::emit::write_all;

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn files(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

#[test]
fn writes_every_file_and_creates_the_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out/nested");
    write_all(&out, &files(&[("a.json", "{}\n"), ("b.json", "[]\n")])).unwrap();
    assert_eq!(listing(&out), ["a.json", "b.json"]);
    assert_eq!(fs::read_to_string(out.join("b.json")).unwrap(), "[]\n");
    // a second run replaces the content
    write_all(&out, &files(&[("a.json", "1\n")])).unwrap();
    assert_eq!(fs::read_to_string(out.join("a.json")).unwrap(), "1\n");
    assert_eq!(listing(&out), ["a.json", "b.json"]);
}

#[test]
fn a_directory_under_a_file_fails_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("plain"), "x").unwrap();
    let out = tmp.path().join("plain/out");
    assert!(write_all(&out, &files(&[("a.json", "{}\n")])).is_err());
    assert_eq!(listing(tmp.path()), ["plain"]);
}

#[test]
fn a_failed_rename_removes_the_files_already_renamed_and_every_temporary() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    // a directory where the third file should go: its rename fails, even as root
    fs::create_dir(out.join("c.json")).unwrap();
    let set = files(&[
        ("a.json", "1\n"),
        ("b.json", "2\n"),
        ("c.json", "3\n"),
        ("d.json", "4\n"),
    ]);
    assert!(write_all(out, &set).is_err());
    assert_eq!(
        listing(out),
        ["c.json"],
        "a.json and b.json removed, no .tmp left"
    );
    assert!(listing(&out.join("c.json")).is_empty());
}

#[cfg(unix)]
#[test]
fn a_read_only_directory_fails_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ro");
    fs::create_dir(&out).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(out.join("probe"), "").is_ok() {
        // root ignores permissions: nothing to test here
        eprintln!("note: running with privileges that ignore a read-only directory; skipping");
        return;
    }
    assert!(write_all(&out, &files(&[("a.json", "{}\n")])).is_err());
    assert!(listing(&out).is_empty());
}

#[test]
fn names_that_are_paths_are_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    for bad in [
        "../x.json",
        "a/b.json",
        "/abs.json",
        "..",
        "",
        ".",
        "a/.",
        "a\\b",
    ] {
        let err = write_all(&out, &files(&[("ok.json", "1\n"), (bad, "2\n")])).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{bad:?}");
    }
    assert!(!out.exists());
}
