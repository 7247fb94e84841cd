//! Golden tests: hand-built plans emitted and compared byte for byte with
//! `tests/fixtures/build/<name>.arm.json` and `<name>.rest/<resource>.json`.
//!
//! To refresh the expected files after an intended change, run
//! `MISEC_BLESS=1 cargo test --test emit_golden` and review the diff.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

mod emit_plans;

use std::fs;
use std::path::{Path, PathBuf};

use misec::emit::{arm, rest, Plan};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build")
}

fn bless() -> bool {
    std::env::var_os("MISEC_BLESS").is_some_and(|v| v == "1")
}

fn check(path: &Path, actual: &str) {
    if bless() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with MISEC_BLESS=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(expected.lines().count().min(actual.lines().count()), |i| i);
        panic!(
            "{} differs from the emitted text at line {}:\nexpected: {:?}\nactual:   {:?}\n(MISEC_BLESS=1 refreshes it)",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line),
        );
    }
}

fn check_arm(name: &str, plan: &Plan, with_subnets: bool) {
    let text = arm(plan, with_subnets).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    check(&dir().join(format!("{name}.arm.json")), &text);
}

fn check_rest(name: &str, plan: &Plan) {
    let files = rest(plan, "westeurope").unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let folder = dir().join(format!("{name}.rest"));
    let mut names: Vec<String> = files.iter().map(|(f, _)| f.clone()).collect();
    for (file, text) in &files {
        check(&folder.join(file), text);
    }
    if !bless() {
        // no stale file lingers beside the expected ones
        let mut on_disk: Vec<String> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        names.sort();
        assert_eq!(on_disk, names, "files in {}", folder.display());
    }
}

#[test]
fn service_aided_template() {
    check_arm("service-aided", &emit_plans::service_aided(), false);
}

#[test]
fn service_aided_template_with_subnets() {
    check_arm("service-aided-subnets", &emit_plans::service_aided(), true);
}

#[test]
fn service_aided_rest_bodies() {
    check_rest("service-aided", &emit_plans::service_aided());
}

#[test]
fn manual_2018_template() {
    check_arm("manual-2018", &emit_plans::manual_2018(), false);
}

#[test]
fn manual_2018_rest_bodies() {
    check_rest("manual-2018", &emit_plans::manual_2018());
}
