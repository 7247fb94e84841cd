//! Files that never end: `/dev/zero` or a FIFO fed forever, named as an
//! input, on standard input, as `--profile`, `--config`, a profile or
//! service-tags file in a setting, or an artifact `build --check` compares.
//! Each gets its size error (E003, or the setting's code with the limit as
//! its label) instead of reading forever. What the user sees is in
//! `tests/fixtures/cli/bounded/NAME.out` (`MISEC_BLESS=1` refreshes them).
//! The cases run one after the other: a few of them read 256 MiB.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::golden;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli/bounded")
}

/// Runs misec in `dir`, with standard input from `stdin` (else nothing).
fn run(dir: &Path, args: &[&str], stdin: Option<&Path>) -> Output {
    let input = match stdin {
        Some(path) => Stdio::from(fs::File::open(path).unwrap()),
        None => Stdio::null(),
    };
    Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(input)
        .output()
        .unwrap()
}

fn seen(o: &Output) -> String {
    format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn case(name: &str, dir: &Path, args: &[&str], stdin: Option<&Path>) {
    let o = run(dir, args, stdin);
    golden::check(&fixtures().join(format!("{name}.out")), &seen(&o));
}

const CLEAN: &str = "vnet v {\n  address 10.0.0.0/16\n}\n";
const WARNS: &str = "vnet w {\n}\n";

/// A scratch directory with a clean file and one that warns, or `None`
/// (with a note) where there is no `/dev/zero`.
fn scratch() -> Option<tempfile::TempDir> {
    if !Path::new("/dev/zero").exists() {
        eprintln!("note: no /dev/zero here; skipping");
        return None;
    }
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("x.misec"), CLEAN).unwrap();
    fs::write(tmp.path().join("a.misec"), WARNS).unwrap();
    Some(tmp)
}

#[test]
fn files_that_never_end_are_refused_at_their_limit() {
    let Some(tmp) = scratch() else { return };
    let dir = tmp.path();
    let zero = Path::new("/dev/zero");
    // given on the command line: span-less, E003 with its help, exit 2
    case(
        "profile-flag",
        dir,
        &["check", "--profile", "/dev/zero", "x.misec"],
        None,
    );
    case(
        "config-flag",
        dir,
        &["check", "--config", "/dev/zero", "x.misec"],
        None,
    );
    case("profiles-verb", dir, &["profiles", "/dev/zero"], None);
    case("fmt-stdin", dir, &["fmt", "-"], Some(zero));
    case("check-stdin", dir, &["check", "-"], Some(zero));
    // one input that never ends stops only itself: the JSON report of the
    // others is still printed
    let args = ["check", "--format", "json", "/dev/zero", "a.misec"];
    case("input-among-others", dir, &args, None);
    // named in a file: the setting's code, labelled where it is named
    fs::write(
        dir.join("p.misec"),
        format!("profile \"/dev/zero\"\n{CLEAN}"),
    )
    .unwrap();
    case(
        "profile-statement",
        dir,
        &["check", "--format", "short", "p.misec"],
        None,
    );
    let conf = dir.join("conf");
    fs::create_dir(&conf).unwrap();
    fs::write(conf.join(".misec.yaml"), "service-tags: /dev/zero\n").unwrap();
    fs::write(conf.join("x.misec"), CLEAN).unwrap();
    let args = ["check", "conf/x.misec"];
    case("service-tags-setting", dir, &args, None);
    fs::write(conf.join(".misec.yaml"), "profile: /dev/zero\n").unwrap();
    case("profile-setting", dir, &args, None);
}

#[test]
fn an_artifact_that_never_ends_is_stale() {
    let Some(tmp) = scratch() else { return };
    let dir = tmp.path();
    let out = run(dir, &["build", "x.misec", "-o", "out"], None);
    assert_eq!(out.status.code(), Some(0), "{}", seen(&out));
    fs::remove_file(dir.join("out/x.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("out/x.json")).unwrap();
    case(
        "build-check-device",
        dir,
        &["build", "--check", "x.misec", "-o", "out"],
        None,
    );
}

#[test]
fn a_fifo_fed_forever_is_refused_at_the_limit() {
    let Some(tmp) = scratch() else { return };
    let dir = tmp.path();
    let fifo = dir.join("fed.misec");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        _ => {
            eprintln!("note: no mkfifo here; skipping");
            return;
        }
    }
    let writer = std::thread::spawn(move || {
        let mut pipe = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        let block = vec![b' '; 1 << 16];
        // until misec stops reading and closes its end
        while pipe.write_all(&block).is_ok() {}
    });
    case("fifo-input", dir, &["check", "fed.misec"], None);
    writer.join().unwrap();
}
