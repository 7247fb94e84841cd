//! Issue 10, keeping the user's files: `fmt` in place writes through a
//! symbolic link and keeps hard links, mode, owner and line ends; `build -o`
//! creates files as the umask says, and a failure puts back what was there
//! and names the path that failed.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::cli::misec_in;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

const MESSY: &str = "vnet v {\n  address   10.0.0.0/16\n}\n";
const TIDY: &str = "vnet v {\n  address 10.0.0.0/16\n}\n";

/// `fmt FILE` in a scratch directory holding `real.misec` (messy), after
/// `prepare`; returns the directory.
fn fmt_after(prepare: impl FnOnce(&Path)) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("real.misec"), MESSY).unwrap();
    prepare(tmp.path());
    tmp
}

fn fmt(dir: &Path, file: &str) {
    let out = misec_in(dir, &["fmt", file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn fmt_writes_through_a_symbolic_link() {
    let tmp =
        fmt_after(|d| std::os::unix::fs::symlink("real.misec", d.join("link.misec")).unwrap());
    fmt(tmp.path(), "link.misec");
    let link = fs::symlink_metadata(tmp.path().join("link.misec")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert_eq!(
        fs::read_to_string(tmp.path().join("real.misec")).unwrap(),
        TIDY
    );
}

#[test]
fn fmt_keeps_hard_links() {
    let tmp = fmt_after(|d| fs::hard_link(d.join("real.misec"), d.join("hard.misec")).unwrap());
    fmt(tmp.path(), "real.misec");
    assert_eq!(
        fs::read_to_string(tmp.path().join("hard.misec")).unwrap(),
        TIDY
    );
    assert_eq!(
        fs::metadata(tmp.path().join("real.misec")).unwrap().nlink(),
        2
    );
}

#[test]
fn fmt_keeps_the_mode() {
    let tmp = fmt_after(|d| {
        fs::set_permissions(d.join("real.misec"), fs::Permissions::from_mode(0o640)).unwrap()
    });
    fmt(tmp.path(), "real.misec");
    let meta = fs::metadata(tmp.path().join("real.misec")).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o640);
    assert_eq!(
        fs::read_to_string(tmp.path().join("real.misec")).unwrap(),
        TIDY
    );
}

#[test]
fn fmt_keeps_the_owner() {
    let tmp = fmt_after(|_| {});
    let real = tmp.path().join("real.misec");
    // only a privileged user can give a file to someone else
    if std::os::unix::fs::chown(&real, Some(4321), Some(4321)).is_err() {
        eprintln!("note: cannot give a file another owner here; skipping");
        return;
    }
    fmt(tmp.path(), "real.misec");
    let meta = fs::metadata(&real).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    assert_eq!(fs::read_to_string(&real).unwrap(), TIDY);
}

#[test]
fn fmt_keeps_the_line_ends() {
    let tmp = fmt_after(|d| fs::write(d.join("real.misec"), MESSY.replace('\n', "\r\n")).unwrap());
    fmt(tmp.path(), "real.misec");
    let text = fs::read_to_string(tmp.path().join("real.misec")).unwrap();
    assert_eq!(text, TIDY.replace('\n', "\r\n"));
}

const SUBNET: &str = "vnet v {\n  address 10.20.0.0/16\n  region westeurope\n  subnet sqlmi {\n    address 10.20.1.0/24\n    delegated\n    inbound {\n      block: deny any from any to subnet\n    }\n  }\n}\n";

#[test]
fn build_output_honours_the_umask() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("x.misec"), SUBNET).unwrap();
    let out = misec_in(tmp.path(), &["build", "x.misec", "-o", "out"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // a file created as any other is: the umask decides
    fs::write(tmp.path().join("plain"), "x").unwrap();
    let want = fs::metadata(tmp.path().join("plain")).unwrap().mode();
    let got = fs::metadata(tmp.path().join("out/x.json")).unwrap().mode();
    assert_eq!(got & 0o777, want & 0o777);
}

/// `out/` holding `x.json` ("old"), and a directory where the body `blocked`
/// is to go, so that writing `x.json` and `blocked` fails half-way.
fn half_way() -> (tempfile::TempDir, std::io::Error) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir_all(out.join("blocked")).unwrap();
    fs::write(out.join("x.json"), "old\n").unwrap();
    let files = vec![
        ("x.json".to_string(), "new\n".to_string()),
        ("blocked".to_string(), "new\n".to_string()),
    ];
    let err = misec::emit::write_all(&out, &files).unwrap_err();
    (tmp, err)
}

#[test]
fn a_failed_write_names_the_path_that_failed() {
    let (_tmp, err) = half_way();
    assert!(err.to_string().contains("blocked"), "{err}");
}

#[test]
fn a_failed_write_puts_back_what_was_there() {
    let (tmp, _) = half_way();
    let out = tmp.path().join("out");
    assert_eq!(fs::read_to_string(out.join("x.json")).unwrap(), "old\n");
    let mut names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["blocked", "x.json"], "nothing left behind");
}
