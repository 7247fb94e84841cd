//! Every example in `examples/` is clean (no diagnostic at all under its own
//! profile), already in canonical layout, and every `misec` block of the
//! README parses.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

use misec::check::{check_misec, Options};
use misec::config::Config;
use misec::source::Sources;
use misec::{fmt, syntax};

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "misec"))
        .collect();
    files.sort();
    files
}

#[test]
fn examples_are_clean() {
    let files = examples();
    assert!(files.len() >= 4, "expected at least four examples");
    for path in files {
        let mut sources = Sources::new();
        let id = sources.add(
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        );
        let diagnostics = check_misec(&mut sources, id, &Config::default(), &Options::default());
        let shown: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(shown.is_empty(), "{}: {shown:#?}", path.display());
    }
}

#[test]
fn examples_are_formatted() {
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let (ast, diagnostics) = syntax::parse(Default::default(), &text);
        assert!(diagnostics.is_empty(), "{}", path.display());
        assert_eq!(
            fmt::format(&ast, &text),
            text,
            "{} is not in canonical layout",
            path.display()
        );
    }
}

#[test]
fn readme_misec_blocks_parse() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut blocks = 0;
    for block in readme.split("```misec\n").skip(1) {
        let code = block.split("```").next().unwrap();
        let (_, diagnostics) = syntax::parse(Default::default(), code);
        assert!(
            diagnostics.is_empty(),
            "README block does not parse:\n{code}\n{diagnostics:?}"
        );
        blocks += 1;
    }
    assert!(blocks >= 1, "the README shows no misec block");
}

/// The README's 60-second example shows real output: its `demo.misec`
/// block, checked by the binary, prints exactly the `console` block after it.
#[test]
fn readme_demo_output_is_real() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let (_, after) = readme
        .split_once("`demo.misec`:\n```misec\n")
        .expect("README has the demo");
    let (input, rest) = after.split_once("```\n").unwrap();
    let (_, console) = rest
        .split_once("```console\n$ misec check demo.misec\n")
        .expect("README shows the run");
    let (shown, _) = console.split_once("```").unwrap();
    let dir = std::env::temp_dir().join(format!("misec-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("demo.misec"), input).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(["check", "demo.misec"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let actual = String::from_utf8(out.stdout).unwrap();
    let status = format!("$ echo $?\n{}\n", out.status.code().unwrap());
    assert_eq!(
        format!("{actual}{status}"),
        shown,
        "update the README's demo output"
    );
}
