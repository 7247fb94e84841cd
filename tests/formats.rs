//! The machine-readable output formats, as pipelines consume them: JSON per
//! the CLI contract, SARIF 2.1.0 validated against the published schema,
//! GitHub workflow commands, and the short format.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::Path;
use std::process::{Command, Output, Stdio};

use jsonschema::Draft;
use serde_json::Value;

const BROKEN: &str = "tests/fixtures/cli/formats.misec";

fn misec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn json_follows_the_contract() {
    let o = misec(&["check", "--format", "json", BROKEN]);
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["version"], 1);
    let diags = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2, "{doc:#}");
    let first = &diags[0];
    assert_eq!(first["code"], "E105");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], BROKEN);
    assert_eq!(
        first["range"]["start"],
        serde_json::json!({"line": 5, "column": 14})
    );
    assert_eq!(
        first["range"]["end"],
        serde_json::json!({"line": 5, "column": 26})
    );
    assert_eq!(first["help"], "use `10.20.1.0/24`");
    assert!(first["labels"].as_array().unwrap()[0]["range"].is_object());
    // sorted by position
    assert_eq!(diags[1]["code"], "E107");
    assert!(diags[1]["range"]["start"]["line"].as_u64() > first["range"]["start"]["line"].as_u64());
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files": 1, "errors": 2, "warnings": 0, "infos": 0})
    );
}

#[test]
fn json_columns_count_characters() {
    let dir = std::env::temp_dir().join(format!("misec-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wide.misec");
    // `é` is two bytes but one character: `$` is at byte 17, column 16
    std::fs::write(&file, "let é = [1433] $\n").unwrap();
    let o = misec(&["check", "--format", "json", file.to_str().unwrap()]);
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let cols: Vec<u64> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["range"]["start"]["column"].as_u64().unwrap())
        .collect();
    assert!(cols.contains(&16), "{doc:#}");
}

#[test]
fn sarif_validates_against_the_published_schema() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/schemas/sarif/sarif-schema-2.1.0.json"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("note: {path} not found; skipping SARIF schema validation");
        return;
    };
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .with_draft(Draft::Draft4)
        .build(&schema)
        .unwrap();

    let o = misec(&["check", "--format", "sarif", BROKEN]);
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(
        rules.len(),
        misec::diagnostic::CODES.len(),
        "one rule per code"
    );
    assert!(rules
        .iter()
        .all(|r| r["help"]["text"].is_string() && r["helpUri"].is_string()));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 5);
    assert_eq!(region["startColumn"], 14);
    let index = results[0]["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], results[0]["ruleId"]);

    // the negative control: the validator does reject a broken document
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("loud");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn github_and_short_are_one_line_each() {
    let o = misec(&["check", "--format", "github", BROKEN]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with(&format!("::error file={BROKEN},line=5,col=14,")),
        "{out}"
    );
    assert!(lines[0].contains("title=E105::"), "{out}");
    let o = misec(&["check", "--format", "short", BROKEN]);
    assert_eq!(
        stdout(&o).lines().next().unwrap(),
        format!("{BROKEN}:5:14: error E105 `10.20.1.5/24` has host bits set")
    );
}

#[test]
fn human_output_is_coloured_only_when_asked() {
    let plain = stdout(&misec(&["check", BROKEN]));
    assert!(
        !plain.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    assert!(plain.contains("error[E105]"), "{plain}");
    assert!(
        plain.ends_with("2 errors, 0 warnings in 1 file\n"),
        "{plain}"
    );
    let coloured = stdout(&misec(&["check", "--color", "always", BROKEN]));
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn identical_input_gives_identical_output() {
    for format in ["human", "json", "sarif"] {
        let a = misec(&["check", "--format", format, BROKEN, "examples"]);
        let b = misec(&["check", "--format", format, BROKEN, "examples"]);
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
    assert!(
        Path::new(BROKEN).exists() || Path::new(env!("CARGO_MANIFEST_DIR")).join(BROKEN).exists()
    );
}
