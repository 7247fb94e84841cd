//! misec's own human snippet writer against codespan-reporting, which drew
//! every report before it: wherever the own writer takes a diagnostic, its
//! bytes must be codespan-reporting's, plain and coloured.
//!
//! - every diagnostic of every fixture under `tests/fixtures` (the goldens
//!   must all take the own writer);
//! - every diagnostic of the scale benchmark's shapes (a realistic template,
//!   a 1,000-rule-style `.misec`, a dense policy), all taking the own writer;
//! - random texts (tabs, wide and multi-byte characters, long lines, CRLF)
//!   with random diagnostics (1–4 labels in one or two files, messages and
//!   notes with or without newlines, help).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure should stop loudly

mod common;
#[path = "../benches/support/gen.rs"]
mod scale_gen;

use std::cell::Cell;
use std::path::{Path, PathBuf};

use misec::diagnostic::render::human_both;
use misec::diagnostic::Diagnostic;
use misec::source::Sources;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use common::reports;

/// Renders `d` both ways, plain and coloured; panics on a difference.
/// Returns whether the own writer took it.
fn compare(sources: &Sources, d: &Diagnostic, what: &str) -> bool {
    let mut took = Vec::new();
    for color in [false, true] {
        let (own, theirs) = human_both(color, sources, d).unwrap();
        if let Some(own) = &own {
            assert_eq!(
                String::from_utf8_lossy(own),
                String::from_utf8_lossy(&theirs),
                "{what}: {} (colour {color}) differs from codespan-reporting",
                d.code
            );
        }
        took.push(own.is_some());
    }
    assert_eq!(took[0], took[1], "{what}: colour changed the writer");
    took[0]
}

/// Whether a label of `d` runs over a line end: the one shape the own
/// writer leaves to codespan-reporting.
fn crosses_lines(sources: &Sources, d: &Diagnostic) -> bool {
    std::iter::once(&d.primary)
        .chain(&d.secondary)
        .any(|l| sources.text(l.span.file)[l.span.range()].contains('\n'))
}

fn check_file(path: &Path) -> (Sources, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(path).unwrap();
    reports::checked(&path.display().to_string(), text)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        // a `.json` beside a `.misec` of the same name is its golden
        let golden = ext == "json" && path.with_extension("misec").exists();
        if path.is_dir() {
            collect(&path, out);
        } else if ext == "misec" || (ext == "json" && !golden) {
            out.push(path);
        }
    }
}

#[test]
fn fixtures_render_as_codespan_does() {
    let mut files = Vec::new();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut files,
    );
    let (mut took, mut left, mut golden) = (0, 0, 0);
    for path in &files {
        let (sources, diagnostics) = check_file(path);
        let has_golden = path.with_extension("diag").exists();
        for d in &diagnostics {
            let own = compare(&sources, d, &path.display().to_string());
            assert!(
                own || !has_golden,
                "{}: {} left to codespan-reporting",
                path.display(),
                d.code
            );
            assert!(
                own || crosses_lines(&sources, d),
                "{}: {} is on one line",
                path.display(),
                d.code
            );
            golden += usize::from(has_golden);
            if own {
                took += 1;
            } else {
                left += 1;
            }
        }
    }
    println!(
        "{took} diagnostics by misec's writer, {left} by codespan-reporting ({golden} of goldens)"
    );
    assert!(
        golden > 20 && took > 400,
        "{took} taken, {left} left, {golden} of goldens"
    );
}

/// The scale benchmark's shapes, smaller (the same generator): every
/// diagnostic takes the own writer.
#[test]
fn scale_shapes_take_the_own_writer() {
    let inputs = [
        ("realistic.json", scale_gen::arm(400, 40, 407, true, false)),
        ("medium.misec", scale_gen::misec(300, 30, 300, false)),
        ("dense.json", scale_gen::arm(150, 0, 157, true, true)),
    ];
    for (name, text) in inputs {
        let (sources, diagnostics) = reports::checked(name, text);
        assert!(
            diagnostics.len() > 20,
            "{name}: {} diagnostics",
            diagnostics.len()
        );
        for d in &diagnostics {
            assert!(
                compare(&sources, d, name),
                "{name}: {} left to codespan-reporting",
                d.code
            );
        }
    }
}

#[test]
fn random_reports_render_as_codespan_does() {
    let mut runner = TestRunner::new(common::props::config(600));
    let (took, left) = (Cell::new(0), Cell::new(0));
    runner
        .run(&reports::case(), |case| {
            let mut sources = Sources::new();
            sources.add("a.misec", case.0.clone());
            sources.add("dir/b.json", case.1.clone());
            let d = reports::diagnostic(&sources, &case);
            if compare(&sources, &d, "generated") {
                took.set(took.get() + 1);
            } else {
                prop_assert!(
                    crosses_lines(&sources, &d),
                    "a one-line shape was left to codespan-reporting"
                );
                left.set(left.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    println!(
        "{} taken, {} left to codespan-reporting",
        took.get(),
        left.get()
    );
    assert!(
        took.get() > 2 * left.get(),
        "{} taken, {} left",
        took.get(),
        left.get()
    );
}

/// Every span of a short text with every kind of line end (LF, CRLF, an
/// empty line, no final newline), alone and next to a second label: the
/// own writer decides from each label's line where it ends, so a label
/// ending at a line's end, on its terminator or at the next line's start
/// must be taken or left exactly as codespan-reporting's lines say.
#[test]
fn every_span_of_a_short_text_renders_as_codespan_does() {
    let text = "a\tb\r\nc😀\n\nd é";
    let mut sources = Sources::new();
    let id = sources.add("a.misec", text);
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let spans: Vec<misec::source::Span> = bounds
        .iter()
        .flat_map(|&s| {
            bounds
                .iter()
                .filter(move |&&e| e >= s)
                .map(move |&e| (s, e))
        })
        .map(|(s, e)| misec::source::Span::new(id, s, e))
        .collect();
    let (mut took, mut left) = (0, 0);
    let mut check = |d: &Diagnostic| {
        if compare(&sources, d, "short text") {
            took += 1;
        } else {
            assert!(crosses_lines(&sources, d), "a one-line shape was left");
            left += 1;
        }
    };
    for (k, &span) in spans.iter().enumerate() {
        let d = Diagnostic::new("SEC003", span, "rule `x` is shadowed").label("never decides");
        check(&d);
        // a second label, at a few places against the first
        for &other in spans.iter().skip(k % 7).step_by(5) {
            check(&d.clone().secondary(other, "comes first"));
        }
    }
    assert!(took > 100 && left > 100, "{took} taken, {left} left");
}
