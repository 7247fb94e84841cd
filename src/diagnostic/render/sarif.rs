//! `--format sarif`: SARIF 2.1.0, one `rule` per code of the catalogue (with
//! its summary as help text and a help URI), one `result` per diagnostic with
//! its regions. Columns are 1-based characters (`columnKind`
//! `unicodeCodePoints`).

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{position, Diagnostic};
use crate::diagnostic::{Severity, CODES};
use crate::source::{Sources, Span};

/// The project's source tree, where every code's documentation is a file
/// (the same text `misec explain CODE` prints).
pub const REPOSITORY: &str = "https://github.com/misec/misec/blob/main/";

/// The documentation file of a code: a lint's sits beside its implementation.
fn help_uri(code: &str) -> String {
    let file = code.to_ascii_lowercase();
    if crate::lint::doc(code).is_some() {
        format!("{REPOSITORY}src/lint/rules/{file}.md")
    } else {
        format!("{REPOSITORY}src/diagnostic/docs/{file}.md")
    }
}

fn region(sources: &Sources, span: Span) -> Value {
    let start = position(sources, span, false);
    let end = position(sources, span, true);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn location(sources: &Sources, span: Span, message: &str) -> Value {
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(sources.name(span.file))},
            "region": region(sources, span),
        }
    });
    if !message.is_empty() {
        loc["message"] = json!({"text": message});
    }
    loc
}

/// A file name as an RFC 3986 URI reference: a built-in profile is its file
/// in the project's repository (where a reader can open it), an absolute
/// path a `file:` URI, a relative path a relative reference with `/`
/// separators. Every byte outside the characters a path may hold is
/// percent-encoded, and so is `:` in a relative path (a first segment with
/// `:` would read as a scheme).
fn uri(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("<builtin>/") {
        return format!("{REPOSITORY}{}", encode(rest, false));
    }
    let path = path.replace('\\', "/");
    let drive =
        path.len() >= 2 && path.as_bytes()[1] == b':' && path.as_bytes()[0].is_ascii_alphabetic();
    if path.starts_with('/') {
        return format!("file://{}", encode(&path, true));
    }
    if drive {
        return format!("file:///{}", encode(&path, true));
    }
    encode(&path, false)
}

fn encode(path: &str, colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep =
            b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b) || (colon && b == b':');
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(
    out: &mut dyn Write,
    sources: &Sources,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let rules: Vec<Value> = CODES
        .iter()
        .map(|c| {
            json!({
                "id": c.code,
                "shortDescription": {"text": c.summary},
                "help": {"text": format!("{}; run `misec explain {}` for the full documentation", c.summary, c.code)},
                "helpUri": help_uri(c.code),
                "defaultConfiguration": {"level": level(c.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": CODES.iter().position(|c| c.code == d.code),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [location(sources, d.span(), &d.primary.message)],
            });
            if !d.secondary.is_empty() {
                result["relatedLocations"] = d
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mut loc = location(sources, l.span, &l.message);
                        loc["id"] = json!(i);
                        loc
                    })
                    .collect();
            }
            if result["ruleIndex"].is_null() {
                if let Some(obj) = result.as_object_mut() {
                    obj.remove("ruleIndex");
                }
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "misec",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/misec/misec",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_rfc_3986_references() {
        assert_eq!(uri("a b/c:d.misec"), "a%20b/c%3Ad.misec");
        assert_eq!(uri("dir\\x.misec"), "dir/x.misec");
        assert_eq!(uri("/srv/x y.misec"), "file:///srv/x%20y.misec");
        assert_eq!(uri("C:\\x\\y.misec"), "file:///C:/x/y.misec");
        assert_eq!(uri("100%#.misec"), "100%25%23.misec");
        assert_eq!(
            uri("<builtin>/profiles/mi-2022.yaml"),
            format!("{}profiles/mi-2022.yaml", super::REPOSITORY)
        );
    }
}
