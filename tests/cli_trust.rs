//! Issue 10's classes through the real binary: relative profile paths,
//! streams, keeping the user's files, bare NSGs, misec's metadata, imports
//! of several files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::fs;

use common::cli::misec_in;

const BLOCKED: &str = "vnet v {\n  address 10.20.0.0/16\n  region westeurope\n  subnet sqlmi {\n    address 10.20.1.0/24\n    delegated\n    inbound {\n      block: deny any from any to subnet priority 100\n    }\n  }\n}\n";

/// `prof/era.yaml` (mi-2022) and `prof/x.misec` (a deny-all before the
/// mandatory rules) in a scratch directory.
fn profile_dir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("prof")).unwrap();
    fs::copy(
        common::inputs::root().join("profiles/mi-2022.yaml"),
        tmp.path().join("prof/era.yaml"),
    )
    .unwrap();
    fs::write(tmp.path().join("prof/x.misec"), BLOCKED).unwrap();
    fs::write(tmp.path().join("prof/bad.yaml"), "name: [\n").unwrap();
    fs::write(
        tmp.path().join("y.misec"),
        "vnet v {\n  address 10.20.0.0/16\n}\n",
    )
    .unwrap();
    tmp
}

#[test]
fn a_relative_profile_flag_is_read_from_the_working_directory() {
    let tmp = profile_dir();
    let out = misec_in(
        tmp.path(),
        &["check", "prof/x.misec", "--profile", "prof/era.yaml"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("MI101"), "{text}");
}

#[test]
fn build_and_query_read_a_relative_profile_flag_from_the_working_directory() {
    let tmp = profile_dir();
    fs::write(
        tmp.path().join("prof/x.misec"),
        BLOCKED.replace("priority 100", ""),
    )
    .unwrap();
    let out = misec_in(
        tmp.path(),
        &["build", "prof/x.misec", "--profile", "prof/era.yaml"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = doc.to_string();
    assert!(
        text.contains("mi-healthprobe-in-10-20-1-0-24"),
        "the profile's rules: {text}"
    );
    let flow = "tcp 168.63.129.16 -> 10.20.1.4:1433";
    let out = misec_in(
        tmp.path(),
        &["query", "prof/x.misec", flow, "--profile", "prof/era.yaml"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("mi-healthprobe-in"), "{text}");
}

#[test]
fn a_broken_profile_file_is_an_error_even_where_no_subnet_uses_it() {
    let tmp = profile_dir();
    let out = misec_in(
        tmp.path(),
        &["check", "y.misec", "--profile", "prof/bad.yaml"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("E202"));
    fs::write(tmp.path().join(".misec.yaml"), "profile: prof/bad.yaml\n").unwrap();
    let out = misec_in(tmp.path(), &["check", "y.misec"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("E202"));
}

#[test]
fn a_relative_profile_in_the_configuration_is_read_from_its_directory() {
    let tmp = profile_dir();
    fs::write(tmp.path().join("prof/.misec.yaml"), "profile: era.yaml\n").unwrap();
    let out = misec_in(tmp.path(), &["check", "prof/x.misec"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("MI101") && !text.contains("E108"), "{text}");
}

#[test]
fn a_failed_import_leaves_stdout_empty() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("bad.json"), "{\"resources\": 3}").unwrap();
    let out = misec_in(tmp.path(), &["import", "bad.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("E301"));
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

#[test]
fn a_byte_order_mark_is_accepted_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("b.misec"),
        "\u{feff}vnet v {\n  address   10.0.0.0/16\n}\n",
    )
    .unwrap();
    let out = misec_in(tmp.path(), &["check", "b.misec"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = misec_in(tmp.path(), &["fmt", "b.misec"]);
    assert_eq!(out.status.code(), Some(0));
    let text = fs::read_to_string(tmp.path().join("b.misec")).unwrap();
    assert_eq!(text, "\u{feff}vnet v {\n  address 10.0.0.0/16\n}\n");
}

#[test]
fn fmt_check_lists_the_other_files_past_one_that_does_not_parse() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.misec"), "vnet {{{\n").unwrap();
    fs::write(
        tmp.path().join("b.misec"),
        "vnet v {\n  address   10.0.0.0/16\n}\n",
    )
    .unwrap();
    let out = misec_in(tmp.path(), &["fmt", "--check", "a.misec", "b.misec"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("would reformat b.misec") && text.contains("E001"),
        "{text}"
    );
}

const APPS: &str = "profile mi-2022\n\nlet apps = [10.20.2.0/24, 10.20.3.0/24]\n\nvnet prod {\n  address  10.20.0.0/16\n  region   westeurope\n\n  subnet sqlmi {\n    address  10.20.1.0/24\n    delegated\n\n    inbound {\n      allow-apps:  allow tcp from apps to subnet port 1433\n      default deny\n    }\n  }\n}\n";

#[test]
fn a_flow_of_several_verdicts_is_split_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("demo.misec"), APPS).unwrap();
    let out = misec_in(
        tmp.path(),
        &[
            "query",
            "demo.misec",
            "any 10.20.2.4 -> 10.20.1.10",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["verdict"], "split");
    assert_eq!(doc["certain"], true, "no tag: nothing is `may`");
    let parts = doc["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0]["verdict"], "allow");
    assert_eq!(parts[0]["rule"], "allow-apps");
    assert_eq!(parts[0]["flows"][0]["destination_ports"], "1433");
    assert_eq!(parts[1]["verdict"], "deny");
    let human = misec_in(
        tmp.path(),
        &["query", "demo.misec", "any 10.20.2.4 -> 10.20.1.10"],
    );
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.starts_with("split inbound") && !text.contains("may"),
        "{text}"
    );
    // one rule for the whole flow: the contract's single-verdict shape
    let out = misec_in(
        tmp.path(),
        &[
            "query",
            "demo.misec",
            "tcp 10.20.2.4 -> 10.20.1.10:1433",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["verdict"], "allow");
    assert_eq!(doc["rule"], "allow-apps");
    assert!(doc.get("parts").is_none());
}

#[test]
fn sec004_does_not_propose_a_default_deny_the_block_has() {
    let tmp = tempfile::tempdir().unwrap();
    let text = APPS.replace(
        "      default deny",
        "      extra:  deny tcp from 10.30.0.0/16 to subnet port 1433\n      default deny",
    );
    fs::write(tmp.path().join("x.misec"), text).unwrap();
    let out = misec_in(tmp.path(), &["check", "x.misec", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sec004: Vec<_> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "SEC004")
        .collect();
    assert_eq!(sec004.len(), 1, "{doc}");
    let help = sec004[0]["help"].as_str().unwrap();
    assert!(!help.contains("default deny"), "{help}");
}

#[test]
fn profiles_honours_json_and_reads_a_profile_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = misec_in(tmp.path(), &["profiles", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["profiles"].as_array().unwrap().len() >= 5);
    fs::copy(
        common::inputs::root().join("profiles/mi-2022.yaml"),
        tmp.path().join("era.yaml"),
    )
    .unwrap();
    let out = misec_in(
        tmp.path(),
        &[
            "profiles",
            "era.yaml",
            "--subnet",
            "10.20.1.0/24",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["name"], "mi-2022");
    let names: Vec<&str> = doc["inbound"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("10-20-1-0-24")),
        "{names:?}"
    );
    fs::write(tmp.path().join("bad.yaml"), "name: [\n").unwrap();
    let out = misec_in(tmp.path(), &["profiles", "bad.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("E202"));
}

#[test]
fn explain_cites_public_documents_not_internal_names() {
    for info in misec::diagnostic::CODES {
        let doc = misec::diagnostic::doc::get(info.code).unwrap();
        for bad in [
            "seed 0",
            "seeds 0",
            "Seed 0",
            "src/",
            "tests/",
            ".rs`",
            "profiles.md",
            "rules.md",
            "SOURCES.md",
        ] {
            assert!(!doc.contains(bad), "{}: cites `{bad}`", info.code);
        }
    }
}

#[test]
fn minified_json_is_shown_as_a_window_around_the_column() {
    let tmp = tempfile::tempdir().unwrap();
    let rule = |i: usize, src: &str| {
        format!("{{\"name\":\"r{i}\",\"properties\":{{\"protocol\":\"Tcp\",\"sourcePortRange\":\"*\",\"destinationPortRange\":\"1433\",\"sourceAddressPrefix\":\"{src}\",\"destinationAddressPrefix\":\"10.0.1.0/24\",\"access\":\"Allow\",\"priority\":{},\"direction\":\"Inbound\"}}}}", 200 + i)
    };
    let rules: Vec<String> = (0..20)
        .map(|i| {
            rule(
                i,
                if i == 10 {
                    "10.0.0.5/24"
                } else {
                    "10.0.0.0/24"
                },
            )
        })
        .collect();
    let text = format!(
        "{{\"type\":\"Microsoft.Network/networkSecurityGroups\",\"name\":\"n\",\"location\":\"westeurope\",\"properties\":{{\"securityRules\":[{}]}}}}",
        rules.join(",")
    );
    fs::write(tmp.path().join("min.json"), &text).unwrap();
    let out = misec_in(tmp.path(), &["check", "min.json"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    let column = text.find("\"10.0.0.5/24\"").unwrap() + 1;
    assert!(shown.contains(&format!("min.json:1:{column}")), "{shown}");
    assert!(shown.contains("10.0.0.5/24"), "{shown}");
    let longest = shown.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 300, "a line of {longest} characters:\n{shown}");
}
