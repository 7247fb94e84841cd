//! Locating things inside YAML text, for diagnostics labelled in a
//! configuration or profile file. serde_yaml gives a location for its own
//! errors but no spans for values, so semantic errors find their key here.
//!
//! This understands the block style misec's files use (`key: value`, nested
//! by indentation, `- ` list items); where it cannot find a key it falls back
//! to the nearest parent, so a label is always inside the file.

use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Byte range of the key `path` (outermost first) and of its value on the
/// same line (empty when the value is on following lines). Keys compare
/// exactly; list items are skipped over.
pub fn find_key(text: &str, path: &[&str]) -> Option<(Range<usize>, Range<usize>)> {
    let mut found = None;
    let mut parent_indent: Option<usize> = None;
    let mut offset = 0;
    let mut depth = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = content.len() - trimmed.len();
        if let Some(p) = parent_indent {
            if indent <= p {
                // left the parent's block without finding the key
                return found;
            }
        }
        let Some(key) = path.get(depth) else {
            return found;
        };
        let Some((k, rest)) = trimmed.split_once(':') else {
            continue;
        };
        let k_clean = k.trim().trim_matches(['"', '\'']);
        if k_clean != *key {
            continue;
        }
        let key_start = start + indent + (k.len() - k.trim_start().len());
        let key_range = key_start..key_start + k.trim().len();
        let value = rest.split(" #").next().unwrap_or("").trim();
        let value_start = start + indent + k.len() + 1 + (rest.len() - rest.trim_start().len());
        let value_range = value_start..value_start + value.len();
        found = Some((key_range, value_range));
        parent_indent = Some(indent);
        depth += 1;
        if depth == path.len() {
            return found;
        }
    }
    found
}

/// How deeply flow collections (`[`, `{`) may nest. serde_yaml refuses more
/// than 128 levels, but only after its scanner has read the whole text, in
/// time that grows with the length times the depth: a file of 50,000 `[`
/// takes minutes. Deeper text is refused before serde_yaml sees it.
pub const MAX_FLOW_DEPTH: usize = 128;

/// The byte offset of the first `[` or `{` nested deeper than
/// [`MAX_FLOW_DEPTH`]. Brackets inside strings and comments count too: no
/// file of misec's has more than a few open at once, and counting them keeps
/// a text from hiding its nesting behind a quote.
pub fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(at);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The diagnostic for [`too_deep`]'s offset `at`.
pub fn too_deep_diagnostic(code: Code, file: FileId, at: usize, what: &str) -> Diagnostic {
    Diagnostic::new(
        code,
        Span::new(file, at, at + 1),
        format!("{what}: `[` and `{{` nest more than {MAX_FLOW_DEPTH} levels deep"),
    )
    .label(format!("level {} opens here", MAX_FLOW_DEPTH + 1))
    .help("close the lists and maps that are left open; YAML nests no deeper than this")
}

/// A diagnostic for a serde_yaml error, at the location serde_yaml gives
/// (the whole first line when it gives none).
pub fn error_diagnostic(
    code: Code,
    file: FileId,
    text: &str,
    err: &serde_yaml::Error,
    what: &str,
    help: &str,
) -> Diagnostic {
    let span = match err.location() {
        Some(loc) => {
            let at = loc.index().min(text.len());
            let end = text
                .get(at..)
                .unwrap_or("")
                .find(['\n', ':', ','])
                .map_or(text.len(), |n| at + n.max(1));
            Span::new(file, at, end.min(text.len()))
        }
        None => Span::new(file, 0, text.find('\n').unwrap_or(text.len())),
    };
    let message = err.to_string();
    // serde_yaml appends " at line L column C"; the label shows that already
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    Diagnostic::new(code, span, format!("{what}: {message}"))
        .label("here")
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "profile: mi-2022\nseverity:\n  SEC005: off   # why\n  MI204: error\nother: 1\n";

    #[test]
    fn finds_nested_keys_and_values() {
        let (k, v) = find_key(TEXT, &["severity", "MI204"]).unwrap();
        assert_eq!(&TEXT[k], "MI204");
        assert_eq!(&TEXT[v], "error");
        let (_, v) = find_key(TEXT, &["severity", "SEC005"]).unwrap();
        assert_eq!(&TEXT[v], "off");
    }

    #[test]
    fn deep_flow_nesting_is_found_before_serde_yaml_reads_it() {
        assert_eq!(too_deep(TEXT), None);
        let balanced = "a: [".to_string() + &"[]".repeat(10_000) + "]\n";
        assert_eq!(too_deep(&balanced), None);
        let deep = "a: ".to_string() + &"[{".repeat(100);
        assert_eq!(too_deep(&deep), Some(3 + MAX_FLOW_DEPTH));
    }

    #[test]
    fn falls_back_to_the_parent() {
        let (k, _) = find_key(TEXT, &["severity", "NOPE"]).unwrap();
        assert_eq!(&TEXT[k], "severity");
        assert!(find_key(TEXT, &["nothing"]).is_none());
    }
}
