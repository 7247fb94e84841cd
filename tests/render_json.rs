//! `--format json`'s hand-written diagnostic element against serde_json's
//! serializer, which defines the bytes: every diagnostic of every fixture,
//! of the scale benchmark's shapes, and random diagnostics whose messages,
//! notes and help hold any characters (control characters, quotes,
//! backslashes, non-ASCII) must give the same element.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure should stop loudly

mod common;
#[path = "../benches/support/gen.rs"]
mod scale_gen;

use std::path::{Path, PathBuf};

use misec::diagnostic::render::{json_element, json_element_by_serde};
use misec::diagnostic::Diagnostic;
use misec::source::Sources;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use common::reports;

fn compare(sources: &Sources, d: &Diagnostic, what: &str) {
    let (mut own, mut serde) = (Vec::new(), Vec::new());
    json_element(&mut own, sources, d).unwrap();
    json_element_by_serde(&mut serde, sources, d).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&own),
        String::from_utf8_lossy(&serde),
        "{what}: {} differs from serde_json's",
        d.code
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if path.is_dir() {
            collect(&path, out);
        } else if ext == "misec" || ext == "json" {
            out.push(path);
        }
    }
}

#[test]
fn fixtures_and_scale_shapes_write_as_serde_does() {
    let mut files = Vec::new();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut files,
    );
    let mut inputs: Vec<(String, String)> = files
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    inputs.push((
        "realistic.json".into(),
        scale_gen::arm(300, 30, 307, true, false),
    ));
    inputs.push(("medium.misec".into(), scale_gen::misec(200, 20, 200, false)));
    let mut seen = 0;
    for (name, text) in inputs {
        let (sources, diagnostics) = reports::checked(&name, text);
        for d in &diagnostics {
            compare(&sources, d, &name);
            seen += 1;
        }
    }
    assert!(seen > 1000, "only {seen} diagnostics");
}

#[test]
fn random_diagnostics_write_as_serde_does() {
    let mut runner = TestRunner::new(common::props::config(400));
    let texts = (any::<String>(), any::<String>(), any::<Option<String>>());
    runner
        .run(
            &(reports::case(), texts),
            |(case, (message, note, help))| {
                let mut sources = Sources::new();
                sources.add("a \"quoted\\\" name", case.0.clone());
                sources.add("dir/b\u{1}\u{1b}.json", case.1.clone());
                let mut d = reports::diagnostic(&sources, &case);
                d.message = message;
                d.notes.push(note);
                d.help = help;
                d.primary.message.push('\u{7f}');
                compare(&sources, &d, "generated");
                Ok(())
            },
        )
        .unwrap();
}
