//! Finds where a value sits in YAML text, since serde_yaml gives no spans.
//!
//! Input: the YAML text and a path of keys and sequence indexes
//! (`inbound[2].priority`). Output: byte ranges of the entry, its key and its
//! value. Understands the block style misec's profiles use (mappings,
//! `- ` sequences) and flow collections (`[a, b]`, `{k: v}`) at any point.
//! Best effort by design: it never panics, and when it cannot follow the
//! path it answers `None` so the caller can fall back to an ancestor.

use std::ops::Range;

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where one node is: the whole entry (`- …` item or `key: value`), the key
/// (for mapping entries) and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub entry: Range<usize>,
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// A node of the current search: a byte range of the text and, for block
/// nodes, the column its children start at.
#[derive(Debug, Clone)]
struct Node {
    range: Range<usize>,
}

/// Follows `path` from the document root.
pub fn locate(text: &str, path: &[Seg]) -> Option<Found> {
    let mut node = Node {
        range: 0..text.len(),
    };
    let mut found = Found {
        entry: 0..text.len(),
        key: None,
        value: 0..text.len(),
    };
    for seg in path {
        found = step(text, &node, *seg)?;
        node = Node {
            range: found.value.clone(),
        };
    }
    Some(found)
}

/// The deepest node of `path` that can be found, with how many steps were
/// followed; the root when none.
pub fn locate_nearest(text: &str, path: &[Seg]) -> Found {
    for len in (0..=path.len()).rev() {
        if let Some(found) = path.get(..len).and_then(|p| locate(text, p)) {
            return found;
        }
    }
    Found {
        entry: 0..0,
        key: None,
        value: 0..0,
    }
}

fn step(text: &str, node: &Node, seg: Seg) -> Option<Found> {
    let start = skip_blank(text, node.range.start, node.range.end);
    let first = text.as_bytes().get(start).copied()?;
    if first == b'[' || first == b'{' {
        return flow_step(text, start, node.range.end, seg);
    }
    match seg {
        Seg::Key(key) => block_key(text, node.range.clone(), key),
        Seg::Index(i) => block_index(text, node.range.clone(), i),
    }
}

/// Skips spaces, newlines and comments.
fn skip_blank(text: &str, mut at: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while at < end {
        match bytes.get(at) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => at += 1,
            Some(b'#') => {
                while at < end && bytes.get(at) != Some(&b'\n') {
                    at += 1;
                }
            }
            Some(b'-') if text.get(at..at + 3) == Some("---") && at == line_start(text, at) => {
                at += 3
            }
            _ => break,
        }
    }
    at
}

fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

fn column(text: &str, at: usize) -> usize {
    at - line_start(text, at)
}

/// The end of a scalar on one line: before a ` #` comment (outside quotes)
/// and trailing spaces.
fn line_value_end(text: &str, start: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    let mut quote: Option<u8> = None;
    while at < limit {
        let Some(&b) = bytes.get(at) else { break };
        match (quote, b) {
            (_, b'\n') => break,
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (Some(b'"'), b'\\') => at += 1,
            (None, b'#') if at > start && matches!(bytes.get(at - 1), Some(b' ' | b'\t')) => break,
            _ => {}
        }
        at += 1;
    }
    let mut end = at.min(limit);
    while end > start && matches!(bytes.get(end - 1), Some(b' ' | b'\t' | b'\r')) {
        end -= 1;
    }
    end
}

/// Lines of a block node: `(content start, column)` for every line whose
/// content is not blank or a comment, with `- ` markers split off so the
/// item's first key gets the column after the dash.
fn block_lines(text: &str, range: Range<usize>) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut at = range.start;
    let bytes = text.as_bytes();
    while at < range.end {
        let line_end = text
            .get(at..range.end)
            .and_then(|t| t.find('\n'))
            .map_or(range.end, |i| at + i);
        let mut c = at;
        while c < line_end && matches!(bytes.get(c), Some(b' ' | b'\t')) {
            c += 1;
        }
        loop {
            match bytes.get(c) {
                Some(b'\r' | b'#') | None => break,
                _ if c >= line_end => break,
                Some(b'-') if c == at && text.get(c..c + 3) == Some("---") => break,
                Some(b'-') if matches!(bytes.get(c + 1), Some(b' ' | b'\n' | b'\r') | None) => {
                    out.push((c, column(text, c), true));
                    c += 1;
                    while c < line_end && matches!(bytes.get(c), Some(b' ' | b'\t')) {
                        c += 1;
                    }
                }
                _ => {
                    out.push((c, column(text, c), false));
                    break;
                }
            }
        }
        at = line_end + 1;
    }
    out
}

/// The end of a block child starting at line `i` of `lines`: the start of
/// the next line at a column `<= col` (dashes at exactly `col` end it only
/// when `dash_ends`), trimmed of trailing blank space.
fn child_end(
    text: &str,
    lines: &[(usize, usize, bool)],
    i: usize,
    col: usize,
    dash_ends: bool,
    end: usize,
) -> usize {
    let next = lines
        .iter()
        .skip(i + 1)
        .find(|&&(_, c, dash)| c < col || (c == col && (dash_ends || !dash)))
        .map_or(end, |&(s, _, _)| line_start(text, s));
    let mut e = next.min(end);
    while e > 0
        && matches!(
            text.as_bytes().get(e - 1),
            Some(b' ' | b'\t' | b'\r' | b'\n')
        )
    {
        e -= 1;
    }
    e
}

fn block_key(text: &str, range: Range<usize>, key: &str) -> Option<Found> {
    let lines = block_lines(text, range.clone());
    let &(_, col, _) = lines.first()?;
    for (i, &(start, c, dash)) in lines.iter().enumerate() {
        if c != col || dash {
            continue;
        }
        let Some(after) = key_at(text, start, key) else {
            continue;
        };
        let value_start = skip_inline_space(text, after);
        let end = child_end(text, &lines, i, col, false, range.end);
        let value = if value_start >= end
            || matches!(text.as_bytes().get(value_start), Some(b'\n' | b'\r' | b'#'))
        {
            let v = skip_blank(text, after, end);
            v..end.max(v)
        } else if matches!(text.as_bytes().get(value_start), Some(b'[' | b'{')) {
            value_start..end
        } else {
            value_start..line_value_end(text, value_start, end)
        };
        return Some(Found {
            entry: start..end,
            key: Some(start..start + key_len(text, start)),
            value,
        });
    }
    None
}

fn block_index(text: &str, range: Range<usize>, index: usize) -> Option<Found> {
    let lines = block_lines(text, range.clone());
    let &(_, col, dash) = lines.first()?;
    if !dash {
        return None;
    }
    let (i, &(start, _, _)) = lines
        .iter()
        .enumerate()
        .filter(|(_, &(_, c, d))| d && c == col)
        .nth(index)?;
    let end = child_end(text, &lines, i, col, true, range.end);
    let value_start = skip_blank(text, start + 1, end);
    let value_end = if matches!(text.as_bytes().get(value_start), Some(b'[' | b'{'))
        || lines.get(i + 1).is_some_and(|&(s, _, _)| s < end)
    {
        end
    } else {
        line_value_end(text, value_start, end)
    };
    Some(Found {
        entry: start..end,
        key: None,
        value: value_start..value_end.max(value_start),
    })
}

fn skip_inline_space(text: &str, mut at: usize) -> usize {
    while matches!(text.as_bytes().get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    at
}

/// Length of a (possibly quoted) key at `start`.
fn key_len(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    match rest.as_bytes().first() {
        Some(&q @ (b'"' | b'\'')) => rest
            .get(1..)
            .and_then(|r| r.find(q as char))
            .map_or(rest.len(), |i| i + 2),
        _ => rest.find([':', '\n', ',', '}']).unwrap_or(rest.len()),
    }
}

/// If the text at `start` is `key:` (bare or quoted), the offset after the colon.
fn key_at(text: &str, start: usize, key: &str) -> Option<usize> {
    let len = key_len(text, start);
    let raw = text.get(start..start + len)?;
    let name = raw.trim_matches(|c| c == '"' || c == '\'').trim_end();
    let after = skip_inline_space(text, start + len);
    (name == key && text.as_bytes().get(after) == Some(&b':')).then_some(after + 1)
}

/// Steps into a flow collection starting at `open`.
fn flow_step(text: &str, open: usize, limit: usize, seg: Seg) -> Option<Found> {
    let items = flow_items(text, open, limit)?;
    match seg {
        Seg::Index(i) => {
            let r = items.get(i)?.clone();
            Some(Found {
                entry: r.clone(),
                key: None,
                value: r,
            })
        }
        Seg::Key(key) => items.into_iter().find_map(|r| {
            let after = key_at(text, r.start, key)?;
            let v = skip_blank(text, after, r.end);
            Some(Found {
                entry: r.clone(),
                key: Some(r.start..r.start + key_len(text, r.start)),
                value: v..r.end.max(v),
            })
        }),
    }
}

/// The items of the flow collection opening at `open`: their trimmed ranges.
fn flow_items(text: &str, open: usize, limit: usize) -> Option<Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut item_start = open + 1;
    let mut at = open;
    while at < limit {
        let b = *bytes.get(at)?;
        match (quote, b) {
            (Some(b'"'), b'\\') => at += 1,
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[' | b'{') => depth += 1,
            (None, b']' | b'}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    push_trimmed(text, &mut items, item_start, at);
                    return Some(items);
                }
            }
            (None, b',') if depth == 1 => {
                push_trimmed(text, &mut items, item_start, at);
                item_start = at + 1;
            }
            _ => {}
        }
        at += 1;
    }
    None
}

fn push_trimmed(text: &str, items: &mut Vec<Range<usize>>, start: usize, end: usize) {
    let s = skip_blank(text, start, end);
    let mut e = end;
    while e > s
        && matches!(
            text.as_bytes().get(e - 1),
            Some(b' ' | b'\t' | b'\r' | b'\n')
        )
    {
        e -= 1;
    }
    if s < e {
        items.push(s..e);
    }
}

/// The entries of the sequence at `path`, in order (empty when there is no
/// sequence there). One pass, for long lists such as 166 routes.
pub fn items(text: &str, path: &[Seg]) -> Vec<Range<usize>> {
    let Some(found) = locate(text, path) else {
        return Vec::new();
    };
    let range = found.value;
    let start = skip_blank(text, range.start, range.end);
    if text.as_bytes().get(start) == Some(&b'[') {
        return flow_items(text, start, range.end).unwrap_or_default();
    }
    let lines = block_lines(text, range.clone());
    let Some(&(_, col, true)) = lines.first() else {
        return Vec::new();
    };
    lines
        .iter()
        .enumerate()
        .filter(|(_, &(_, c, dash))| dash && c == col)
        .map(|(i, &(s, _, _))| s..child_end(text, &lines, i, col, true, range.end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# comment\nname: x   # trailing\ninbound:\n  - name: a\n    priority: 100\n    from: [\"*\", \"{subnet}\"]\n\n  - name: b\n    priority: 200\noutbound:\n- {name: c, priority: 300}\n- name: d\nroutes: []\n";

    fn at(path: &[Seg]) -> String {
        let f = locate(TEXT, path).unwrap();
        TEXT[f.value].to_string()
    }

    #[test]
    fn finds_block_and_flow_values() {
        use Seg::{Index as I, Key as K};
        assert_eq!(at(&[K("name")]), "x");
        assert_eq!(at(&[K("inbound"), I(1), K("priority")]), "200");
        assert_eq!(at(&[K("inbound"), I(0), K("from"), I(1)]), "\"{subnet}\"");
        assert_eq!(at(&[K("outbound"), I(0), K("priority")]), "300");
        assert_eq!(at(&[K("outbound"), I(1), K("name")]), "d");
        let entry = locate(TEXT, &[K("inbound"), I(0)]).unwrap().entry;
        assert!(
            TEXT[entry.clone()].starts_with("- name: a") && TEXT[entry].ends_with("\"{subnet}\"]")
        );
        assert!(locate(TEXT, &[K("inbound"), I(2)]).is_none());
        assert_eq!(items(TEXT, &[K("inbound")]).len(), 2);
        assert_eq!(items(TEXT, &[K("outbound")]).len(), 2);
        assert!(items(TEXT, &[K("routes")]).is_empty());
        let near = locate_nearest(TEXT, &[K("inbound"), I(1), K("nope")]);
        assert!(TEXT[near.entry].starts_with("- name: b"));
    }

    #[test]
    fn never_panics_on_odd_text() {
        use Seg::{Index as I, Key as K};
        for text in [
            "",
            "-",
            "- ",
            "[",
            "{a: [",
            "\"a:",
            "a:\n  - - b\n",
            "é: ü\n  - x",
            "---\na: 1",
        ] {
            let _ = locate(text, &[K("a"), I(0), K("b")]);
            let _ = items(text, &[K("a")]);
            let _ = locate_nearest(text, &[I(3)]);
        }
    }
}
