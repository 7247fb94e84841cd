//! The command-line contract (design/cli.md): exit codes, output formats,
//! one-line errors. These run the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn misec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("misec-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_missing_file_is_a_one_line_error_with_exit_2() {
    let o = misec(&["check", "no/such/file.misec"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "misec: cannot read `no/such/file.misec`: no such file or directory\n"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn a_bad_flag_exits_2() {
    let o = misec(&["check", "--frobnicate", "examples"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--frobnicate"), "{}", stderr(&o));
    let o = misec(&["check", "--format", "xml", "examples"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_and_version_exit_0() {
    let o = misec(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Exit codes"));
    let o = misec(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("misec "));
}

#[test]
fn invalid_utf8_is_e002_not_a_crash() {
    let dir = temp_dir("utf8");
    let path = dir.join("bad.misec");
    std::fs::write(&path, b"profile mi-2022\n\xff\xfe junk\n").unwrap();
    let o = misec(&["check", "--format", "short", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "{}:2:1: error E002 file is not valid UTF-8 text\n",
            path.display()
        )
    );
}

#[test]
fn a_bad_configuration_is_e201_inside_the_yaml() {
    let dir = temp_dir("config");
    write(
        &dir,
        ".misec.yaml",
        "profile: mi-2022\nseverity:\n  SEC005: loud\n",
    );
    let file = write(&dir, "a.misec", "# nothing\n");
    let o = misec(&["check", "--format", "short", &file]);
    assert_eq!(o.status.code(), Some(1));
    let config = dir.join(".misec.yaml");
    assert_eq!(
        stdout(&o),
        format!(
            "{}:3:11: error E201 invalid severity `loud`\n",
            config.display()
        )
    );
}

#[test]
fn an_explicit_missing_config_exits_2() {
    let o = misec(&["check", "--config", "nope.yaml", "examples"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("misec: cannot read configuration `nope.yaml`"),
        "{}",
        stderr(&o)
    );
}
