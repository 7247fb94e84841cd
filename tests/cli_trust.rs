//! Issue 10's classes through the real binary: relative profile paths,
//! streams, keeping the user's files, bare NSGs, misec's metadata, imports
//! of several files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::fs;
use std::process::{Command, Output};

fn misec_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

const BLOCKED: &str = "vnet v {\n  address 10.20.0.0/16\n  region westeurope\n  subnet sqlmi {\n    address 10.20.1.0/24\n    delegated\n    inbound {\n      block: deny any from any to subnet priority 100\n    }\n  }\n}\n";

#[test]
fn a_relative_profile_flag_is_read_from_the_working_directory() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("prof")).unwrap();
    let builtin = common::cli::misec(&["profiles", "mi-2022"]);
    assert_eq!(builtin.status.code(), Some(0));
    fs::copy(
        common::inputs::root().join("profiles/mi-2022.yaml"),
        tmp.path().join("prof/era.yaml"),
    )
    .unwrap();
    fs::write(tmp.path().join("prof/x.misec"), BLOCKED).unwrap();
    let out = misec_in(
        tmp.path(),
        &["check", "prof/x.misec", "--profile", "prof/era.yaml"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("MI101"), "{text}");
    // a broken profile file is an error, always
    fs::write(tmp.path().join("prof/bad.yaml"), "name: [\n").unwrap();
    let out = misec_in(
        tmp.path(),
        &["check", "prof/x.misec", "--profile", "prof/bad.yaml"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("E202"));
    // in .misec.yaml, relative to that file
    fs::write(tmp.path().join("prof/.misec.yaml"), "profile: era.yaml\n").unwrap();
    let out = misec_in(tmp.path(), &["check", "prof/x.misec"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_failed_build_leaves_stdout_empty_and_the_directory_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("x.misec"), BLOCKED).unwrap();
    let out = misec_in(tmp.path(), &["build", "x.misec"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("MI101"));
    fs::create_dir(tmp.path().join("out")).unwrap();
    fs::write(tmp.path().join("out/x.json"), "keep me").unwrap();
    let out = misec_in(tmp.path(), &["build", "x.misec", "-o", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        fs::read_to_string(tmp.path().join("out/x.json")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_bare_nsg_gets_its_subnet_from_the_platform_rule_names() {
    let tmp = tempfile::tempdir().unwrap();
    let src = BLOCKED.replace("priority 100", "");
    fs::write(
        tmp.path().join("x.misec"),
        format!("profile mi-2022\n{src}"),
    )
    .unwrap();
    let out = misec_in(
        tmp.path(),
        &["build", "x.misec", "--target", "rest", "-o", "out"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // put a deny-all in front of the mandatory rules of the bare body
    let path = tmp.path().join("out/sqlmi-nsg.json");
    let body = fs::read_to_string(&path).unwrap();
    let body = body.replacen(
        "\"securityRules\": [",
        "\"securityRules\": [{\"name\": \"deny-all\", \"properties\": {\"protocol\": \"*\", \"sourcePortRange\": \"*\", \"destinationPortRange\": \"*\", \"sourceAddressPrefix\": \"*\", \"destinationAddressPrefix\": \"*\", \"access\": \"Deny\", \"priority\": 99, \"direction\": \"Inbound\"}},",
        1,
    );
    fs::write(&path, body).unwrap();
    let out = misec_in(
        tmp.path(),
        &["check", "--profile", "mi-2022", "out/sqlmi-nsg.json"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("MI101") && text.contains("IMP001"), "{text}");
}

#[test]
fn templates_carry_their_profile_and_version() {
    let tmp = tempfile::tempdir().unwrap();
    let src = BLOCKED.replace("priority 100", "");
    fs::write(
        tmp.path().join("x.misec"),
        format!("profile mi-2024\n{src}"),
    )
    .unwrap();
    let out = misec_in(tmp.path(), &["build", "x.misec"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["metadata"]["misec"]["profile"], "mi-2024");
    assert_eq!(
        doc["metadata"]["misec"]["version"],
        env!("CARGO_PKG_VERSION")
    );
    fs::write(tmp.path().join("t.json"), &out.stdout).unwrap();
    let out = misec_in(tmp.path(), &["check", "t.json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("profile `mi-2024`: from misec's metadata"),
        "{text}"
    );
}

#[test]
fn importing_two_bodies_makes_one_valid_file() {
    let tmp = tempfile::tempdir().unwrap();
    let src = BLOCKED.replace("priority 100", "").replace(
        "  }\n}\n",
        "    routes {\n      out: 0.0.0.0/0 via internet\n    }\n  }\n}\n",
    );
    fs::write(
        tmp.path().join("x.misec"),
        format!("profile mi-2022\n{src}"),
    )
    .unwrap();
    let out = misec_in(
        tmp.path(),
        &["build", "x.misec", "--target", "rest", "-o", "out"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = misec_in(
        tmp.path(),
        &[
            "import",
            "--profile",
            "mi-2022",
            "out/sqlmi-nsg.json",
            "out/sqlmi-rt.json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("\nprofile ").count(), 1, "{text}");
    fs::write(tmp.path().join("back.misec"), &text).unwrap();
    let out = misec_in(tmp.path(), &["check", "back.misec"]);
    assert_ne!(out.status.code(), Some(2));
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("error["),
        "{text}"
    );
}
