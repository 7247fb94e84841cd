//! `misec build` end to end.
//!
//! - Goldens: every `tests/fixtures/build/<name>.misec` is built by the real
//!   binary and compared byte for byte with `<name>.arm.json` beside it; the
//!   fixtures in `REST` also with `<name>.rest/<resource>.json`. A fixture
//!   whose text holds `# misec-build: --with-subnets` is built with that flag.
//!   To refresh after an intended change: `MISEC_BLESS=1 cargo test --test
//!   build`, then read the diff (mandatory rules first, with the profile's
//!   names and priorities; user rules after).
//! - Every build of `examples/*.misec` and of the fixtures validates against
//!   the published schemas (`common::schema`; skipped when ../shared is absent).
//! - Compiling does not change what is allowed: the compiled template, read
//!   back with the importer, decides every generated flow as the source's
//!   effective configuration does, and holds the same routes.
//! - Bad input: errors, unwritable output, Azure's limits and names, REST
//!   without `-o`; identical input gives identical output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::fs;
use std::path::Path;

use common::cli::{assert_refused, build_text, is_template, misec, printed, subnet_file};
use common::equivalence::{self, Match};
use common::inputs::{build_args, fixtures, inputs, root, stem, with_subnets};
use common::{golden, pipeline, schema};
use serde_json::{json, Value};

/// Fixtures also emitted as REST bodies.
const REST: [&str; 2] = ["profile-mi-2022", "route-kinds"];

#[test]
fn fixtures_build_to_their_goldens() {
    let files = fixtures();
    assert!(files.len() >= 9, "build fixtures missing");
    for path in files {
        let args = build_args(&path);
        let out = misec(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{}: {stderr}", path.display());
        let text = String::from_utf8(out.stdout).unwrap();
        golden::check(&path.with_extension("arm.json"), &versionless(&text));
    }
}

/// misec's version in `metadata.misec.version`, as the goldens hold it: a
/// placeholder, so that a release changes no golden. The test of the
/// metadata itself (`tests/cli_trust.rs`) reads the real version.
fn versionless(text: &str) -> String {
    let real = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    text.replace(&real, "\"version\": \"<misec version>\"")
}

#[test]
fn rest_fixtures_build_to_their_goldens() {
    for name in REST {
        let input = root().join(format!("tests/fixtures/build/{name}.misec"));
        let dir = tempfile::tempdir().unwrap();
        let out_dir = dir.path().join("out");
        let out = misec(&[
            "build",
            input.to_str().unwrap(),
            "--target",
            "rest",
            "-o",
            out_dir.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}: -o writes nothing to stdout");
        let files = golden::read_dir(&out_dir);
        golden::check_dir(&input.with_extension("rest"), &files);
    }
}

fn built(path: &Path) -> pipeline::Built {
    let text = fs::read_to_string(path).unwrap();
    let name = path.to_string_lossy();
    pipeline::build(&name, &text, with_subnets(path))
        .unwrap_or_else(|codes| panic!("{name} does not build: {codes:?}"))
}

#[test]
fn every_build_validates_against_the_schemas() {
    let Some(v) = schema::validators() else {
        return;
    };
    let mut resources = 0;
    for path in inputs() {
        let name = stem(&path);
        let b = built(&path);
        let doc: Value = serde_json::from_str(&b.arm).unwrap();
        let errors = schema::errors(&v.template, &doc);
        assert!(errors.is_empty(), "{name}: template: {errors:#?}");
        for r in doc["resources"].as_array().unwrap() {
            let errors = schema::errors(schema::resource_validator(v, r), r);
            assert!(errors.is_empty(), "{name}: {}: {errors:#?}", r["name"]);
            resources += 1;
        }
        let files = misec::emit::rest(&b.plan, "westeurope").unwrap();
        for (file, text) in files {
            let body: Value = serde_json::from_str(&text).unwrap();
            let ty = match body["properties"].get("securityRules") {
                Some(_) => "Microsoft.Network/networkSecurityGroups",
                None => "Microsoft.Network/routeTables",
            };
            let errors = schema::errors(&v.bodies[ty], &body);
            assert!(errors.is_empty(), "{name}: {file}: {errors:#?}");
        }
    }
    eprintln!("{resources} resources validated");
}

#[test]
fn a_broken_built_resource_fails_the_schemas() {
    let Some(v) = schema::validators() else {
        return;
    };
    let path = root().join("tests/fixtures/build/profile-mi-2022.misec");
    let good: Value = serde_json::from_str(&built(&path).arm).unwrap();
    assert!(
        v.template.is_valid(&good),
        "the control itself must be valid"
    );
    for (field, bad) in [("access", json!("Maybe")), ("priority", json!("first"))] {
        let mut doc = good.clone();
        doc["resources"][0]["properties"]["securityRules"][0]["properties"][field] = bad.clone();
        assert!(!v.template.is_valid(&doc), "template with {field} = {bad}");
        let nsg = &doc["resources"][0];
        assert!(
            !schema::resource_validator(v, nsg).is_valid(nsg),
            "resource with {field} = {bad}"
        );
    }
}

#[test]
fn compiling_does_not_change_what_is_allowed() {
    for path in inputs() {
        let name = stem(&path);
        let b = built(&path);
        let compiled = pipeline::read_back(&name, &b.arm);
        let done = equivalence::compare(&name, &b.model, &b.profiles, &compiled, Match::ByResource)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(done.subnets > 0, "{name}: no subnet compared");
        eprintln!(
            "{name}: {} subnets, {} flows, {} routes agree",
            done.subnets, done.flows, done.routes
        );
    }
}

// ---- bad input, through the real binary (helpers in common/cli.rs) ----

/// The lines of the tool's own error (`misec: ...`); warnings and infos on
/// the input may come before it.
fn trouble_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("misec:")).collect()
}

#[test]
fn a_file_with_an_error_writes_nothing() {
    let text = subnet_file("      r1: allow tcp from 10.61.0.0/16 to subnet port 99999\n");
    let (out, _dir, wrote) = build_text(&text, &[]);
    assert_refused("port out of range", &out, wrote);
    // and without -o, stdout stays empty
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.misec");
    fs::write(&input, "vnet {\n").unwrap();
    let out = misec(&["build", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !is_template(&out.stdout),
        "a syntax error printed a template"
    );
}

#[test]
fn an_unwritable_output_directory_is_exit_2_and_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    fs::write(&blocker, "not a directory").unwrap();
    let input = root().join("tests/fixtures/build/profile-mi-2024.misec");
    let target = blocker.join("out");
    let out = misec(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(trouble_lines(&stderr).len(), 1, "one line: {stderr}");
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a directory");
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the blocking file remains");
}

#[test]
fn a_generated_rule_name_over_80_characters_is_refused() {
    // split in two Azure rules: the second is named `<name>-2`, 81 characters
    let name = "n".repeat(79);
    let rule = format!("      {name}: allow tcp from [Storage, AzureMonitor] to subnet port 443\n");
    let (out, _dir, wrote) = build_text(&subnet_file(&rule), &[]);
    assert_refused("generated name of 81 characters", &out, wrote);
    assert!(printed(&out).contains("AZ003"), "{}", printed(&out));
}

#[test]
fn a_rule_name_azure_rejects_is_refused() {
    // AZ003: 1-80 characters, ending with a letter, digit or `_`
    let long = "r".repeat(81);
    for (what, name) in [("81 characters", long.as_str()), ("ends with `-`", "bad-")] {
        let rule = format!("      {name}: allow tcp from 10.61.0.0/16 to subnet port 1433\n");
        let (out, _dir, wrote) = build_text(&subnet_file(&rule), &[]);
        assert_refused(what, &out, wrote);
    }
}

#[test]
fn more_than_1000_rules_are_refused() {
    let mut rules = String::new();
    for i in 0..1001u32 {
        let (a, b) = (i / 250, i % 250);
        rules.push_str(&format!(
            "      r{i}: allow tcp from 10.{}.{b}.0/24 to subnet port {}\n",
            100 + a,
            1000 + i
        ));
    }
    let (out, _dir, wrote) = build_text(&subnet_file(&rules), &[]);
    assert_refused("1001 user rules", &out, wrote);
    assert!(printed(&out).contains("AZ005"), "{}", printed(&out));
}

#[test]
fn rest_without_an_output_directory_is_exit_2() {
    let input = root().join("tests/fixtures/build/profile-mi-2022.misec");
    let out = misec(&["build", input.to_str().unwrap(), "--target", "rest"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(trouble_lines(&stderr).len(), 1, "one line: {stderr}");
    assert!(
        trouble_lines(&stderr)[0].contains("-o"),
        "names the missing option: {stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn identical_input_gives_identical_output() {
    for path in inputs() {
        let args = build_args(&path);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (a, b) = (misec(&args), misec(&args));
        assert_eq!(a.status.code(), Some(0), "{}", path.display());
        assert!(
            a.stdout == b.stdout,
            "{}: two builds differ",
            path.display()
        );
    }
    for name in REST {
        let input = root().join(format!("tests/fixtures/build/{name}.misec"));
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let dir = tempfile::tempdir().unwrap();
                let out = dir.path().join("o");
                let args = ["build", input.to_str().unwrap(), "--target", "rest", "-o"];
                let status = misec(&[&args[..], &[out.to_str().unwrap()]].concat());
                assert_eq!(status.status.code(), Some(0));
                golden::read_dir(&out)
            })
            .collect();
        assert_eq!(runs[0], runs[1], "{name}: two REST builds differ");
    }
}

#[test]
fn generated_files_build_and_keep_their_verdicts() {
    for (rules, routes) in [(100, 40), (1000, 400)] {
        let text = common::gen::misec_file(rules, routes);
        let name = format!("generated-{rules}");
        let b = pipeline::build(&name, &text, false)
            .unwrap_or_else(|codes| panic!("{name} does not build: {codes:?}\n{text}"));
        let written: usize = b
            .model
            .subnets()
            .map(|(_, s)| s.nsg.as_ref().map_or(0, |n| n.rules.len()))
            .sum();
        // `default deny` adds one rule per subnet
        let subnets = b.model.subnets().count();
        assert_eq!(written, rules + subnets, "{name}: rules in the model");
        if rules <= 100 {
            let compiled = pipeline::read_back(&name, &b.arm);
            equivalence::compare(&name, &b.model, &b.profiles, &compiled, Match::ByResource)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
}
