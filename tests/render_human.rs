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

use misec::check::{check_json, check_misec, Options};
use misec::config::Config;
use misec::diagnostic::render::human_both;
use misec::diagnostic::{Diagnostic, Label, Severity};
use misec::import::ImportOptions;
use misec::source::{FileId, Sources, Span};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::TestRunner;

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
    let mut sources = Sources::new();
    let name = path.display().to_string();
    let id = sources.add(name, text);
    let (config, options) = (Config::default(), Options::default());
    let diagnostics = if path.extension().is_some_and(|e| e == "json") {
        check_json(
            &mut sources,
            id,
            &config,
            &options,
            &ImportOptions::default(),
        )
        .0
    } else {
        check_misec(&mut sources, id, &config, &options)
    };
    (sources, diagnostics)
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
        let mut sources = Sources::new();
        let id = sources.add(name, text);
        let (config, options) = (Config::default(), Options::default());
        let diagnostics = if name.ends_with(".json") {
            check_json(
                &mut sources,
                id,
                &config,
                &options,
                &ImportOptions::default(),
            )
            .0
        } else {
            check_misec(&mut sources, id, &config, &options)
        };
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

/// Pieces of generated lines: ASCII, tabs, a two-byte letter, a combining
/// mark (no width), wide characters, a control character.
fn piece() -> impl Strategy<Value = &'static str> {
    select(vec![
        "a", "rule", "x1", " ", "  ", "\t", "é", "e\u{301}", "中文", "😀", "-", "`", "\u{7}", "{",
        "\"",
    ])
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(piece(), 0..10).prop_map(|v| v.concat()),
        // longer than the 200 bytes past which a line is windowed
        1 => (prop::collection::vec(piece(), 1..5), 30..80usize).prop_map(|(v, n)| v.concat().repeat(n)),
    ]
}

fn text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 1..14),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, crlf, last)| {
            let mut text = lines.join(if crlf { "\r\n" } else { "\n" });
            if last {
                text.push('\n');
            }
            text
        })
}

/// Where a label goes: which file, which line, the start among its
/// characters, the length in characters, and whether it may run past the
/// line.
type Place = (bool, Index, Index, usize, u8, &'static str);

fn place() -> impl Strategy<Value = Place> {
    let message = select(vec![
        "",
        "",
        "comes first",
        "never `x` decides",
        "two\nlines",
    ]);
    (
        any::<u8>().prop_map(|b| b < 40),
        any::<Index>(),
        any::<Index>(),
        0..12usize,
        any::<u8>(),
        message,
    )
}

fn span(sources: &Sources, file: FileId, (_, line, start, len, long, _): &Place) -> Span {
    let text = sources.text(file);
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let from = starts[line.index(starts.len())];
    let to = text[from..].find('\n').map_or(text.len(), |i| from + i);
    let chars: Vec<usize> = text[from..to]
        .char_indices()
        .map(|(i, _)| from + i)
        .chain([to])
        .collect();
    let s = start.index(chars.len());
    let begin = chars[s];
    let end = if *long < 25 {
        // past the line, sometimes into the next ones
        let mut end = (begin + len * 15).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        // codespan-reporting overflows on a label ending inside the window
        // of a long line (a shape misec's spans never take)
        let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        if line_end - line_start > 200 {
            end = to;
        }
        end
    } else {
        chars[(s + len).min(chars.len() - 1)]
    };
    Span::new(file, begin, end)
}

type Case = (
    String,
    String,
    Vec<Place>,
    Vec<&'static str>,
    Option<&'static str>,
    u8,
);

fn case() -> impl Strategy<Value = Case> {
    let note = select(vec!["a note", "one\n  two", "`x` is `y`\nand\n"]);
    (
        text(),
        text(),
        prop::collection::vec(place(), 1..5),
        prop::collection::vec(note.clone(), 0..3),
        prop::option::of(note),
        0..3u8,
    )
}

fn diagnostic(sources: &Sources, (_, _, places, notes, help, severity): &Case) -> Diagnostic {
    let labels: Vec<Label> = places
        .iter()
        .map(|p| Label::new(span(sources, FileId(u32::from(p.0)), p), p.5))
        .collect();
    let severity = [Severity::Error, Severity::Warning, Severity::Info][usize::from(*severity)];
    let mut d = Diagnostic::new("SEC003", labels[0].span, "rule `x` is shadowed");
    d.severity = severity;
    d.primary = labels[0].clone();
    d.secondary = labels[1..].to_vec();
    d.notes = notes.iter().map(|n| n.to_string()).collect();
    d.help = help.map(str::to_string);
    d
}

#[test]
fn random_reports_render_as_codespan_does() {
    let mut runner = TestRunner::new(common::props::config(600));
    let (took, left) = (Cell::new(0), Cell::new(0));
    runner
        .run(&case(), |case| {
            let mut sources = Sources::new();
            sources.add("a.misec", case.0.clone());
            sources.add("dir/b.json", case.1.clone());
            let d = diagnostic(&sources, &case);
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
