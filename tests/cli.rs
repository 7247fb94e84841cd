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

const PROD: &str = "examples/service-aided-production.misec";

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap()
}

#[test]
fn query_names_the_deciding_rule_and_its_origin() {
    let o = misec(&[
        "query",
        PROD,
        "tcp 10.40.2.4 -> 10.40.1.10:1433",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        json(&o),
        serde_json::json!({"verdict": "allow", "direction": "inbound", "rule": "allow-app-tds",
                           "priority": 200, "origin": "user", "certain": true})
    );
    let o = misec(&[
        "query",
        PROD,
        "tcp SqlManagement -> subnet:9000",
        "--format",
        "json",
    ]);
    let v = json(&o);
    assert_eq!(v["origin"], "mandatory");
    assert_eq!(v["priority"], 100);
    assert!(v["rule"]
        .as_str()
        .unwrap()
        .starts_with("Microsoft.Sql-managedInstances_UseOnly_mi-sqlmgmt-in-"));
    // outbound to the Internet: Azure's default rule, unless the platform's
    // AzureCloud rule takes it first (which depends on the tag's addresses)
    let o = misec(&[
        "query",
        PROD,
        "tcp subnet:50000 -> Internet:443",
        "--format",
        "json",
    ]);
    let v = json(&o);
    assert_eq!(
        (v["verdict"].as_str(), v["direction"].as_str()),
        (Some("allow"), Some("outbound"))
    );
    assert_eq!(
        (v["rule"].as_str(), v["origin"].as_str()),
        (Some("AllowInternetOutBound"), Some("default"))
    );
    assert_eq!(v["certain"], false);
    assert!(v["may_be_decided_by"][0]["rule"]
        .as_str()
        .unwrap()
        .contains("services-out"));
}

#[test]
fn query_human_output_points_at_the_rule() {
    let o = misec(&["query", PROD, "tcp 192.0.2.7 -> 10.40.1.10:1433"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.starts_with("deny inbound tcp 192.0.2.7 -> 10.40.1.10:1433\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "decided by `default-deny-inbound` (priority 4096, user rule) at {PROD}:"
        )),
        "{out}"
    );
}

#[test]
fn query_refuses_what_it_cannot_answer() {
    let o = misec(&["query", PROD, "tpc 10.0.0.1 -> subnet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("misec: invalid flow `tpc 10.0.0.1 -> subnet`: unknown protocol"),
        "{}",
        stderr(&o)
    );
    let o = misec(&["query", PROD, "tcp 10.1.0.1 -> 10.2.0.1:1433"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("neither enters nor leaves subnet `sqlmi`"),
        "{}",
        stderr(&o)
    );
    // a file with errors is not queried
    let o = misec(&[
        "query",
        "tests/fixtures/cli/formats.misec",
        "tcp 10.0.0.1 -> subnet:1433",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("E105"));
}

#[test]
fn a_service_tags_file_that_cannot_be_read_is_e201_at_its_setting() {
    let dir = temp_dir("tags");
    write(&dir, ".misec.yaml", "service-tags: ./missing.json\n");
    let file = dir.join("a.misec");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(PROD), &file).unwrap();
    let o = misec(&["check", "--format", "short", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "{}:1:15: error E201 cannot use the service-tags file `./missing.json`\n",
            dir.join(".misec.yaml").display()
        )
    );
    write(&dir, "missing.json", "{\"values\": 3}");
    let o = misec(&["check", "--format", "short", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("E201"), "{}", stdout(&o));
}

#[test]
fn azure_service_tags_make_answers_certain() {
    let tags = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/servicetags-public/ServiceTags_Public_20230109.json"
    );
    if !Path::new(tags).exists() {
        eprintln!("note: {tags} not found; skipping");
        return;
    }
    let dir = temp_dir("tags-real");
    write(&dir, ".misec.yaml", &format!("service-tags: {tags}\n"));
    let file = dir.join("a.misec");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(PROD), &file).unwrap();
    let o = misec(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // SqlManagement resolved: a flow from one of its addresses is certainly
    // the platform's management rule's
    let o = misec(&[
        "query",
        file.to_str().unwrap(),
        "tcp SqlManagement -> subnet:1438",
        "--format",
        "json",
    ]);
    let v = json(&o);
    assert_eq!(
        (v["origin"].as_str(), v["certain"].as_bool()),
        (Some("mandatory"), Some(true)),
        "{v}"
    );
}
