//! Offline evaluation of ARM templates end to end: every template under
//! `tests/fixtures/eval/` (except `*.parameters.json`, which are parameters
//! files) is checked with `misec check` (human output, no colour), with the flags of
//! `NAME.args` beside it (one argument a line) and the fixture directory as
//! the working directory, and what the user sees (stdout and the exit code)
//! must be exactly `NAME.expected`. Each `NAME.expected` begins with `#`
//! lines that give the reasoning. `MISEC_BLESS=1` rewrites the expected
//! output below the reasoning; review the diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure should stop loudly

use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")
}

fn run(template: &Path) -> String {
    let args_file = template.with_extension("args");
    let extra: Vec<String> = std::fs::read_to_string(&args_file)
        .map(|t| t.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let name = template.file_name().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_misec"))
        .current_dir(dir())
        .args(["check", "--color", "never"])
        .arg(name)
        .args(&extra)
        .output()
        .unwrap();
    format!(
        "{}exit: {}\n",
        String::from_utf8_lossy(&out.stdout),
        out.status.code().unwrap_or(-1)
    )
}

#[test]
fn templates_evaluate_as_expected() {
    let mut templates: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.to_string_lossy().ends_with(".parameters.json")
        })
        .collect();
    templates.sort();
    assert!(templates.len() >= 10, "fixtures missing");
    let mut failures = Vec::new();
    for t in &templates {
        let expected_path = t.with_extension("expected");
        let actual = run(t);
        let text = std::fs::read_to_string(&expected_path).unwrap_or_default();
        let reasoning: String = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(
            !reasoning.is_empty() || std::env::var_os("MISEC_BLESS").is_some(),
            "{}: no reasoning",
            expected_path.display()
        );
        let expected = &text[reasoning.len()..];
        if std::env::var_os("MISEC_BLESS").is_some() {
            std::fs::write(&expected_path, format!("{reasoning}{actual}")).unwrap();
        } else if expected != actual {
            failures.push(format!(
                "{}\n--- expected\n{expected}--- actual\n{actual}",
                t.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `--parameters` names a file that is not a parameters file: a diagnostic
/// with its place in that file, exit 1; a `--param` without `=`: exit 2.
#[test]
fn bad_deployment_flags_are_answered() {
    let out = Command::new(env!("CARGO_BIN_EXE_misec"))
        .current_dir(dir())
        .args(["check", "--format", "short", "copy-count-range.json"])
        .args(["--parameters", "copy-count-range.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("copy-count-range.json:")
            && stdout.contains("E301 parameter `n` has no `value`"),
        "{stdout}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_misec"))
        .current_dir(dir())
        .args(["check", "copy-count-range.json", "--param", "novalue"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NAME=VALUE"));
    // a template with a value only the deployment knows is not imported in
    // part: its diagnostics, and no .misec text
    let out = Command::new(env!("CARGO_BIN_EXE_misec"))
        .current_dir(dir())
        .args(["import", "--color", "never", "reference-output-route.json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    // the artifact alone goes to stdout, so the diagnostics are on stderr
    assert!(stderr.contains("warning[E303]"), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
}

/// `query` takes the deployment flags too; without the value it needs it
/// shows the E303 and gives no verdict rather than a possibly wrong one.
#[test]
fn query_reads_parameters_from_flags() {
    let flow = "tcp 10.40.0.4 -> 10.40.1.10:1433";
    let out = Command::new(env!("CARGO_BIN_EXE_misec"))
        .current_dir(dir())
        .args(["query", "param-flag.json", flow, "--format", "json"])
        .args(["--param", "prefix=10.40.0.0/16"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"verdict":"allow","direction":"inbound","rule":"allow-tds","priority":1000,"origin":"user","certain":true}"#
    );
    let out = Command::new(env!("CARGO_BIN_EXE_misec"))
        .current_dir(dir())
        .args(["query", "param-flag.json", flow, "--format", "short"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("warning E303"), "{stdout}");
}
