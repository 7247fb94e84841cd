//! Runs `tests/fixtures/resolve/*.misec` through parse and resolve and checks
//! their `#~ CODE` markers (`#~^ CODE`: the line above), the convention of
//! the project's fixture harness: every diagnostic is marked on the line of
//! its primary span, and every marker fires. Together the fixtures must make
//! every resolve code fire at least once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::source::Sources;
use crate::syntax;

/// Resolve's codes; E108 (unknown profile) is checked after resolution.
const CODES: [&str; 10] = [
    "E101", "E102", "E103", "E104", "E105", "E106", "E107", "E109", "E110", "E111",
];

fn markers(text: &str) -> BTreeMap<(usize, String), usize> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("#~") else { continue };
        let rest = &line[at + 2..];
        let (rest, target) = match rest.strip_prefix('^') {
            Some(r) => (r, i),
            None => (rest, i + 1),
        };
        for code in rest.split_whitespace() {
            *out.entry((target, code.to_string())).or_insert(0) += 1;
        }
    }
    out
}

#[test]
fn resolve_fixtures_report_exactly_their_markers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/resolve");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "misec"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 11, "fixtures missing in {}", dir.display());
    let mut fired = BTreeSet::new();
    let mut failures = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let mut sources = Sources::new();
        let id = sources.add(path.display().to_string(), text.clone());
        let (ast, parse_diags) = syntax::parse(id, &text);
        assert!(
            parse_diags.is_empty(),
            "{}: syntax errors {parse_diags:#?}",
            path.display()
        );
        let (_, diags) = super::resolve(&ast);
        let file = sources.get(id).unwrap();
        let mut actual = BTreeMap::new();
        let mut shown = Vec::new();
        for d in &diags {
            assert!(d.help.is_some(), "{}: {d:?} has no help", path.display());
            assert!(!d.primary.message.is_empty(), "{d:?}");
            let (line, col) = file.line_col(d.span().start as usize);
            *actual.entry((line, d.code.to_string())).or_insert(0) += 1;
            fired.insert(d.code);
            shown.push(format!("  {line}:{col} {} {}", d.code, d.message));
        }
        let expected = markers(&text);
        if actual != expected {
            failures.push(format!(
                "{}:\n expected {expected:?}\n actual   {actual:?}\n{}",
                path.display(),
                shown.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    for code in CODES {
        assert!(fired.contains(code), "no fixture fires {code}");
    }
}
