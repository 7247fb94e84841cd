//! The command line as editors, hooks and pipelines call it (cli.md,
//! Additions): `check -` with `--stdin-filename`, `--select`/`--ignore`,
//! `build --check`, `completions` and `man`. Each case runs the real binary
//! in a scratch copy of `tests/fixtures/cli/pipelines/input/` and compares
//! what a user sees (exit code, stdout, stderr) with
//! `tests/fixtures/cli/pipelines/NAME.out` (`MISEC_BLESS=1` refreshes them).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::golden;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli/pipelines")
}

/// A scratch copy of the inputs, so that paths in the output are relative
/// and nothing a case writes reaches the repository.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("input"), dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// What the user sees, in one text.
fn seen(o: &Output) -> String {
    format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs `args` in `dir` and compares with `NAME.out`.
fn case(name: &str, dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let o = run(dir, args, stdin);
    golden::check(&fixtures().join(format!("{name}.out")), &seen(&o));
    o
}

fn input(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("input").join(name)).unwrap()
}

#[test]
fn select_and_ignore_choose_codes_and_prefixes() {
    let dir = scratch();
    let d = dir.path();
    case(
        "select-prefix",
        d,
        &[
            "check",
            "--format",
            "short",
            "--select",
            "SEC",
            "demo.misec",
        ],
        None,
    );
    case(
        "ignore-list",
        d,
        &[
            "check",
            "--format",
            "short",
            "--ignore",
            "MI1,sec003",
            "demo.misec",
        ],
        None,
    );
    case(
        "select-minus-ignore",
        d,
        &[
            "check",
            "--format",
            "short",
            "--select",
            "MI,SEC",
            "--ignore",
            "MI101",
            "demo.misec",
        ],
        None,
    );
    // E codes are always reported: a file misec cannot read never passes
    case(
        "select-keeps-e-codes",
        d,
        &[
            "check",
            "--format",
            "short",
            "--select",
            "SEC",
            "broken.misec",
        ],
        None,
    );
}

#[test]
fn the_command_line_wins_over_the_configuration() {
    let dir = scratch();
    let team = dir.path().join("team");
    std::fs::copy(dir.path().join("open.misec"), team.join("open.misec")).unwrap();
    // team/.misec.yaml turns SEC005 off; --select SEC005 turns it on again
    case(
        "config-off",
        &team,
        &["check", "--format", "short", "open.misec"],
        None,
    );
    case(
        "select-over-config",
        &team,
        &[
            "check",
            "--format",
            "short",
            "--select",
            "SEC005",
            "open.misec",
        ],
        None,
    );
}

#[test]
fn bad_selectors_are_usage_errors() {
    let dir = scratch();
    let d = dir.path();
    case(
        "select-unknown",
        d,
        &["check", "--select", "SCE", "demo.misec"],
        None,
    );
    case(
        "ignore-unknown-code",
        d,
        &["build", "--ignore", "SEC01O", "demo.misec"],
        None,
    );
    case(
        "ignore-e-code",
        d,
        &["check", "--ignore", "E1", "demo.misec"],
        None,
    );
    case(
        "import-select-unknown",
        d,
        &["import", "--select", "X9", "nsg.json"],
        None,
    );
}

#[test]
fn ignore_lets_a_build_go_ahead() {
    let dir = scratch();
    // the errors are MI101 and MI104: ignoring them is the user's call, as
    // `severity: off` in the configuration would be
    let o = run(
        dir.path(),
        &[
            "build",
            "--format",
            "short",
            "--ignore",
            "MI1",
            "demo.misec",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", seen(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("deploymentTemplate.json"));
    let o = case(
        "build-ignored",
        dir.path(),
        &[
            "build",
            "--format",
            "short",
            "--ignore",
            "MI1",
            "demo.misec",
            "-o",
            "out",
        ],
        None,
    );
    assert!(o.status.success());
    assert!(dir.path().join("out/demo.json").is_file());
}

#[test]
fn stdin_is_named_by_stdin_filename() {
    let dir = scratch();
    let d = dir.path();
    let broken = input("broken.misec");
    case(
        "stdin-unnamed",
        d,
        &["check", "--format", "short", "-"],
        Some(&broken),
    );
    // the name decides the configuration (team/.misec.yaml: SEC005 off) and
    // appears in every diagnostic, in every format
    let demo = input("demo.misec");
    case(
        "stdin-named",
        d,
        &[
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "team/demo.misec",
            "-",
        ],
        Some(&demo),
    );
    case(
        "stdin-named-json-format",
        d,
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "team/demo.misec",
            "--select",
            "SEC003",
            "-",
        ],
        Some(&demo),
    );
    // and the kind: `.json` is read as Azure JSON
    let nsg = input("nsg.json");
    case(
        "stdin-json",
        d,
        &[
            "check",
            "--format",
            "short",
            "--subnet-prefix",
            "10.20.1.0/24",
            "--stdin-filename",
            "team/nsg.json",
            "-",
        ],
        Some(&nsg),
    );
    case(
        "stdin-json-as-misec",
        d,
        &[
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "nsg.misec",
            "-",
        ],
        Some(&nsg),
    );
}

#[test]
fn stdin_misuse_is_a_usage_error() {
    let dir = scratch();
    let d = dir.path();
    case(
        "stdin-with-paths",
        d,
        &["check", "-", "demo.misec"],
        Some(b""),
    );
    case(
        "stdin-filename-without-dash",
        d,
        &["check", "--stdin-filename", "a.misec", "demo.misec"],
        None,
    );
    let o = run(d, &["check", "-"], Some(b"profile mi-2022\n\xff"));
    assert_eq!(o.status.code(), Some(1), "{}", seen(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("E002"),
        "{}",
        seen(&o)
    );
}

#[test]
fn build_check_compares_without_writing() {
    let dir = scratch();
    let d = dir.path();
    case(
        "build-check-missing",
        d,
        &["build", "prod.misec", "--check", "-o", "azure"],
        None,
    );
    assert!(
        !d.join("azure").exists(),
        "--check wrote the output directory"
    );
    let o = run(d, &["build", "prod.misec", "-o", "azure"], None);
    assert!(o.status.success(), "{}", seen(&o));
    case(
        "build-check-current",
        d,
        &["build", "prod.misec", "--check", "-o", "azure"],
        None,
    );
    // a hand edit of the committed JSON, and a change to the source
    let template = d.join("azure/prod.json");
    let built = std::fs::read_to_string(&template).unwrap();
    std::fs::write(
        &template,
        built.replace("\"priority\": 200", "\"priority\": 201"),
    )
    .unwrap();
    case(
        "build-check-stale",
        d,
        &["build", "prod.misec", "--check", "-o", "azure"],
        None,
    );
    assert_eq!(
        std::fs::read_to_string(&template).unwrap(),
        built.replace("\"priority\": 200", "\"priority\": 201"),
        "--check changed the file"
    );
    case(
        "build-check-rest",
        d,
        &[
            "build",
            "prod.misec",
            "--target",
            "rest",
            "--check",
            "-o",
            "azure",
        ],
        None,
    );
    case(
        "build-check-needs-output",
        d,
        &["build", "prod.misec", "--check"],
        None,
    );
    // a source with errors is not compared: its diagnostics, exit 1
    case(
        "build-check-errors",
        d,
        &[
            "build",
            "--format",
            "short",
            "demo.misec",
            "--check",
            "-o",
            "azure",
        ],
        None,
    );
}

#[test]
fn completions_for_every_shell() {
    let dir = scratch();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = run(dir.path(), &["completions", shell], None);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", seen(&o));
        let script = String::from_utf8(o.stdout).unwrap();
        for word in ["stdin-filename", "select", "completions", "man"] {
            assert!(script.contains(word), "{shell}: no `{word}` in the script");
        }
    }
    // the bash script is valid bash, where bash is at hand
    let o = run(dir.path(), &["completions", "bash"], None);
    let path = dir.path().join("misec.bash");
    std::fs::write(&path, &o.stdout).unwrap();
    match Command::new("bash").arg("-n").arg(&path).output() {
        Ok(check) => assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        ),
        Err(_) => eprintln!("note: bash not found; the completion script's syntax is not checked"),
    }
    case(
        "completions-unknown-shell",
        dir.path(),
        &["completions", "tcsh"],
        None,
    );
}

#[test]
fn man_is_one_roff_page_with_every_verb() {
    let dir = scratch();
    let o = run(dir.path(), &["man"], None);
    assert_eq!(o.status.code(), Some(0), "{}", seen(&o));
    let page = String::from_utf8(o.stdout).unwrap();
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq\n"), "{page}");
    assert!(page.contains(".TH misec 1"), "{page}");
    for section in [
        "\"MISEC CHECK\"",
        "\"MISEC BUILD\"",
        "\"MISEC COMPLETIONS\"",
    ] {
        assert!(page.contains(&format!(".SH {section}")), "no {section}");
    }
    assert!(page.contains("\\fB\\-\\-stdin\\-filename\\fR"), "{page}");
    assert!(
        !page.contains("misec\\-check(1)"),
        "a page that does not exist is named"
    );
    // and roff reads it without a warning, where groff is at hand
    let path = dir.path().join("misec.1");
    std::fs::write(&path, &page).unwrap();
    match Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&path)
        .output()
    {
        Ok(roff) => assert!(
            roff.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&roff.stderr)
        ),
        Err(_) => eprintln!("note: groff not found; the man page is not rendered"),
    }
}
