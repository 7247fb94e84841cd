//! Random diagnostics over random texts, for the human writers'
//! differential test (`tests/render_human.rs`): texts with tabs, multi-byte,
//! zero-width and wide characters, control characters, lines long enough to
//! be windowed, LF or CRLF; diagnostics with 1–4 labels in one or two files
//! (mostly within a line, sometimes running over line ends), messages empty
//! or not or over two lines, notes with line breaks, help, any severity;
//! and `checked`, the diagnostics `misec check` gives a file.

use misec::check::{check_json, check_misec, Options};
use misec::config::Config;
use misec::diagnostic::{Diagnostic, Label, Severity};
use misec::import::ImportOptions;
use misec::source::{FileId, Sources, Span};
use proptest::prelude::*;
use proptest::sample::{select, Index};

/// What `misec check` makes of `text` named `name` (Azure JSON when the
/// name ends in `.json`, `.misec` otherwise): the writers' real inputs.
pub fn checked(name: &str, text: String) -> (Sources, Vec<Diagnostic>) {
    let mut sources = Sources::new();
    let id = sources.add(name, text);
    let (config, options) = (Config::default(), Options::default());
    let diagnostics = if name.ends_with(".json") {
        let import = ImportOptions::default();
        check_json(&mut sources, id, &config, &options, &import).0
    } else {
        check_misec(&mut sources, id, &config, &options)
    };
    (sources, diagnostics)
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
pub type Place = (bool, Index, Index, usize, u8, &'static str);

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

pub type Case = (
    String,
    String,
    Vec<Place>,
    Vec<&'static str>,
    Option<&'static str>,
    u8,
);

pub fn case() -> impl Strategy<Value = Case> {
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

pub fn diagnostic(sources: &Sources, (_, _, places, notes, help, severity): &Case) -> Diagnostic {
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
