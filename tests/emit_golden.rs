//! Golden tests: hand-built plans emitted and compared byte for byte with
//! `tests/fixtures/build/<name>.arm.json` and `<name>.rest/<resource>.json`.
//!
//! To refresh the expected files after an intended change, run
//! `MISEC_BLESS=1 cargo test --test emit_golden` and review the diff.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

mod common;
mod emit_plans;

use std::path::{Path, PathBuf};

use common::golden::{check, check_dir};
use misec::emit::{arm, rest, Plan};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build")
}

fn check_arm(name: &str, plan: &Plan, with_subnets: bool) {
    let text = arm(plan, with_subnets).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    check(&dir().join(format!("{name}.arm.json")), &text);
}

fn check_rest(name: &str, plan: &Plan) {
    let files = rest(plan, "westeurope").unwrap_or_else(|e| panic!("{name}: {e:?}"));
    check_dir(&dir().join(format!("{name}.rest")), &files);
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
