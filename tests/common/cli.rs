//! Running the real `misec` binary on generated input, for the tests of
//! bad input: a subnet file around given rules, a build into a fresh
//! directory, and what a refused build must (not) leave behind.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

pub fn misec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// `misec ARGS` run in `dir`, as a user in that directory runs it.
pub fn misec_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A subnet block with `rules` as its inbound rules.
pub fn subnet_file(rules: &str) -> String {
    format!(
        "profile mi-2024\n\nvnet v {{\n  address 10.5.0.0/16\n  region westeurope\n\n  subnet mi {{\n    address 10.5.4.0/23\n    delegated\n\n    inbound {{\n{rules}    }}\n  }}\n}}\n"
    )
}

/// Builds `text` into `<tmp>/out`; returns the output, the temporary
/// directory and whether anything at all was written to `out`.
pub fn build_text(text: &str, extra: &[&str]) -> (Output, tempfile::TempDir, bool) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.misec");
    fs::write(&input, text).unwrap();
    let out_dir = dir.path().join("out");
    let mut args = vec![
        "build",
        input.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = misec(&args);
    let wrote = out_dir.is_dir() && fs::read_dir(&out_dir).unwrap().next().is_some();
    (out, dir, wrote)
}

pub fn assert_refused(what: &str, out: &Output, wrote: bool) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: exit code; stderr: {stderr}"
    );
    assert!(!wrote, "{what}: something was written");
    // diagnostics go to stdout (cli.md), a template never does
    assert!(!is_template(&out.stdout), "{what}: a template was printed");
}

pub fn is_template(stdout: &[u8]) -> bool {
    String::from_utf8_lossy(stdout).contains("deploymentTemplate.json")
}

/// Everything the run printed (diagnostics go to stdout, trouble to stderr).
pub fn printed(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
