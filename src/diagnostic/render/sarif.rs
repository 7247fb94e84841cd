//! `--format sarif`: SARIF 2.1.0, one `rule` per code of the catalogue (with
//! its summary as help text and a help URI), one `result` per diagnostic with
//! its regions. Columns are 1-based characters (`columnKind`
//! `unicodeCodePoints`).

use std::io;

use serde::Serialize;
use serde_json::{json, Value};

use super::{indent, position, Diagnostic};
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

/// Where the results array stands in the document.
pub const DEPTH: usize = 4;
const MARKER: &str = "\"results\": []";

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Artifact {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: Physical,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Item<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
}

fn typed_location(sources: &Sources, span: Span, message: &str, id: Option<usize>) -> Location {
    let start = position(sources, span, false);
    let end = position(sources, span, true);
    Location {
        physical_location: Physical {
            artifact_location: Artifact {
                uri: uri(sources.name(span.file)),
            },
            region: Region {
                start_line: start.line,
                start_column: start.column,
                end_line: end.line,
                end_column: end.column,
            },
        },
        message: (!message.is_empty()).then(|| Text {
            text: message.to_string(),
        }),
        id,
    }
}

fn text(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// One element of `results`, as it stands in the document (its first line
/// not indented).
pub fn item(out: &mut Vec<u8>, sources: &Sources, d: &Diagnostic) -> io::Result<()> {
    let Some(rule_index) = CODES.iter().position(|c| c.code == d.code) else {
        return indent::write(out, DEPTH, &uncatalogued(sources, d));
    };
    let item = Item {
        rule_id: d.code,
        rule_index,
        level: level(d.severity),
        message: Text { text: text(d) },
        locations: [typed_location(sources, d.span(), &d.primary.message, None)],
        related_locations: d
            .secondary
            .iter()
            .enumerate()
            .map(|(i, l)| typed_location(sources, l.span, &l.message, Some(i)))
            .collect(),
    };
    indent::write(out, DEPTH, &item)
}

/// A result for a code outside the catalogue, as the document held it
/// before results were streamed: without `ruleIndex`, whose removal moved
/// the last key into its place.
fn uncatalogued(sources: &Sources, d: &Diagnostic) -> Value {
    let mut result = json!({
        "ruleId": d.code,
        "ruleIndex": null,
        "level": level(d.severity),
        "message": {"text": text(d)},
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
    if let Some(obj) = result.as_object_mut() {
        obj.remove("ruleIndex");
    }
    result
}

/// The document without its results, split where they go.
pub fn frame() -> (String, String) {
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
            "results": [],
        }],
    });
    let text = format!("{doc:#}\n");
    super::split(&text, MARKER)
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
