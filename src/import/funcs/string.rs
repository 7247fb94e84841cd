//! String functions: `contains`, `empty`, `endsWith`, `first`, `format`,
//! `indexOf`, `join`, `last`, `lastIndexOf`, `length`, `padLeft`, `replace`,
//! `skip`, `split`, `startsWith`, `substring`, `take`, `toLower`, `toUpper`,
//! `trim` on strings.
//!
//! Input: known arguments (`format` also takes unknowns, for names).
//! Output: `None` when the arguments are not strings (the array family may
//! take them). As ARM does: `indexOf`, `lastIndexOf`, `startsWith` and
//! `endsWith` ignore case, `contains` and `replace` do not; positions count
//! characters.

use super::{join, Cx};
use crate::import::eval::{unknown, Val, MAX_TEXT_LEN};

pub fn call(name: &str, args: &[Val], cx: &Cx) -> Option<Val> {
    let bad = || cx.bad(name);
    let v = match (name, args) {
        ("contains", [Val::Str(s), Val::Str(x)]) => Val::Bool(s.contains(x.as_str())),
        ("empty", [Val::Str(s)]) => Val::Bool(s.is_empty()),
        ("length", [Val::Str(s)]) => Val::Int(s.chars().count() as i64),
        ("first", [Val::Str(s)]) => Val::Str(s.chars().take(1).collect()),
        ("last", [Val::Str(s)]) => Val::Str(s.chars().last().map(String::from).unwrap_or_default()),
        ("skip", [Val::Str(s), Val::Int(n)]) => Val::Str(s.chars().skip(clamp(*n)).collect()),
        ("take", [Val::Str(s), Val::Int(n)]) => Val::Str(s.chars().take(clamp(*n)).collect()),
        ("startswith", [Val::Str(s), Val::Str(x)]) => {
            Val::Bool(s.to_lowercase().starts_with(&x.to_lowercase()))
        }
        ("endswith", [Val::Str(s), Val::Str(x)]) => {
            Val::Bool(s.to_lowercase().ends_with(&x.to_lowercase()))
        }
        ("indexof" | "lastindexof", [Val::Str(s), Val::Str(x)]) => {
            Val::Int(position(s, x, name == "lastindexof"))
        }
        ("tolower", [Val::Str(s)]) => Val::Str(s.to_lowercase()),
        ("toupper", [Val::Str(s)]) => Val::Str(s.to_uppercase()),
        ("trim", [Val::Str(s)]) => Val::Str(s.trim().to_string()),
        ("replace", [Val::Str(s), Val::Str(from), Val::Str(to)]) => {
            if from.is_empty() || s.len().saturating_mul(to.len().max(1)) > MAX_TEXT_LEN {
                return Some(bad());
            }
            Val::Str(s.replace(from.as_str(), to))
        }
        ("split", [Val::Str(s), d]) => {
            let delims: Vec<&str> = match d {
                Val::Str(d) => vec![d.as_str()],
                Val::Array(ds) => ds
                    .iter()
                    .filter_map(|d| match d {
                        Val::Str(d) => Some(d.as_str()),
                        _ => None,
                    })
                    .collect(),
                _ => return Some(bad()),
            };
            split(s, &delims).map_or_else(bad, Val::Array)
        }
        ("substring", [Val::Str(s), Val::Int(start), rest @ ..]) => {
            let chars: Vec<char> = s.chars().collect();
            let len = match rest {
                [] => (chars.len() as i64).saturating_sub(*start),
                [Val::Int(l)] => *l,
                _ => return Some(bad()),
            };
            match usize::try_from(*start)
                .ok()
                .zip(usize::try_from(len).ok())
                .and_then(|(a, l)| chars.get(a..a.checked_add(l)?))
            {
                Some(part) => Val::Str(part.iter().collect()),
                None => unknown(
                    format!("`{}` reaches past the end of the string", cx.text),
                    cx.span,
                    name,
                ),
            }
        }
        ("padleft", [v, Val::Int(total), rest @ ..]) => {
            let s = match v {
                Val::Str(s) => s.clone(),
                Val::Int(n) => n.to_string(),
                _ => return Some(bad()),
            };
            let pad = match rest {
                [] => ' ',
                [Val::Str(p)] if p.chars().count() == 1 => p.chars().next().unwrap_or(' '),
                _ => return Some(bad()),
            };
            let total = clamp(*total).min(MAX_TEXT_LEN);
            let have = s.chars().count();
            let mut out: String = std::iter::repeat_n(pad, total.saturating_sub(have)).collect();
            out.push_str(&s);
            Val::Str(out)
        }
        ("join", [Val::Array(items), Val::Str(d)]) => {
            let mut parts = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    parts.push(Val::Str(d.clone()));
                }
                match item {
                    Val::Str(_) | Val::Int(_) | Val::Bool(_) => parts.push(item.clone()),
                    _ => return Some(bad()),
                }
            }
            join(parts.iter())
        }
        (
            "startswith" | "endswith" | "tolower" | "toupper" | "trim" | "replace" | "split"
            | "substring" | "padleft" | "join",
            _,
        ) => bad(),
        _ => return None,
    };
    Some(v)
}

fn clamp(n: i64) -> usize {
    usize::try_from(n.max(0)).unwrap_or(usize::MAX)
}

/// The character index of `x` in `s` ignoring case, or -1.
fn position(s: &str, x: &str, last: bool) -> i64 {
    let (s, x) = (s.to_lowercase(), x.to_lowercase());
    let at = if last { s.rfind(&x) } else { s.find(&x) };
    at.map_or(-1, |b| s.get(..b).map_or(-1, |p| p.chars().count() as i64))
}

/// Splits at any of `delims` (empty delimiters are ignored).
fn split(s: &str, delims: &[&str]) -> Option<Vec<Val>> {
    let delims: Vec<&str> = delims.iter().copied().filter(|d| !d.is_empty()).collect();
    if delims.is_empty() {
        return Some(vec![Val::Str(s.to_string())]);
    }
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        let next = delims
            .iter()
            .filter_map(|d| rest.find(d).map(|i| (i, d.len())))
            .min();
        match next {
            Some((i, len)) => {
                out.push(Val::Str(rest.get(..i)?.to_string()));
                rest = rest.get(i + len..)?;
            }
            None => {
                out.push(Val::Str(rest.to_string()));
                return Some(out);
            }
        }
    }
}

/// `format('{0}-{1:D3}', a, b)`: .NET composite formatting with `{{`/`}}`
/// escapes; `D<n>`, `N<n>` and `x`/`X` on integers; other format specifiers are
/// unknown rather than approximated.
pub fn format(args: Vec<Val>, cx: &Cx) -> Val {
    let mut it = args.iter();
    let template = match it.next() {
        Some(Val::Str(t)) => t.clone(),
        Some(u @ Val::Unknown(_)) => return u.clone(),
        _ => return cx.bad("text"),
    };
    let values: Vec<&Val> = it.collect();
    let mut parts: Vec<Val> = Vec::new();
    let mut lit = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let spec: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let (index, fmt) = spec.split_once(':').unwrap_or((&spec, ""));
                let Some(v) = index
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| values.get(i))
                else {
                    return unknown(
                        format!("`{}` refers to a missing argument", cx.text),
                        cx.span,
                        "text",
                    );
                };
                parts.push(Val::Str(std::mem::take(&mut lit)));
                match (fmt, v) {
                    ("", _) => parts.push((*v).clone()),
                    (f, Val::Int(n)) => match number(*n, f) {
                        Some(t) => parts.push(Val::Str(t)),
                        None => return cx.bad("text"),
                    },
                    _ => return cx.bad("text"),
                }
            }
            c => lit.push(c),
        }
    }
    parts.push(Val::Str(lit));
    join(parts.iter())
}

fn number(n: i64, f: &str) -> Option<String> {
    let (kind, width) = f.split_at(f.char_indices().nth(1).map_or(f.len(), |(i, _)| i));
    let width: usize = if width.is_empty() {
        0
    } else {
        width.parse().ok()?
    };
    let width = width.min(64);
    match kind {
        "D" | "d" => {
            let digits = format!("{:0width$}", n.unsigned_abs());
            Some(if n < 0 { format!("-{digits}") } else { digits })
        }
        "N" | "n" => {
            let digits = n.unsigned_abs().to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            if width > 0 {
                grouped.push('.');
                grouped.push_str(&"0".repeat(width));
            }
            Some(if n < 0 {
                format!("-{grouped}")
            } else {
                grouped
            })
        }
        "x" => Some(format!("{n:0width$x}")),
        "X" => Some(format!("{n:0width$X}")),
        _ => None,
    }
}
