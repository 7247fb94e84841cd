//! Conversion functions: `string`, `json`, `base64`, `base64ToString`,
//! `base64ToJson`, `dataUri`, `dataUriToString`, `uri`, `uriComponent`,
//! `uriComponentToString`, and the JSON text of a value.
//!
//! Input: known arguments. Output: `None` for another family's function.
//! `string` writes booleans as .NET does (`True`) and arrays and objects as
//! compact JSON; text that does not decode is unknown, never guessed.

use super::Cx;
use crate::import::deploy::literal;
use crate::import::eval::Val;
use crate::import::json;
use crate::source::FileId;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DATA_PREFIX: &str = "data:text/plain;charset=utf8;base64,";

pub fn call(name: &str, args: &[Val], cx: &Cx) -> Option<Val> {
    let bad = || cx.bad(name);
    let text = |b: Option<Vec<u8>>| {
        b.and_then(|b| String::from_utf8(b).ok())
            .map_or_else(bad, Val::Str)
    };
    let v = match (name, args) {
        ("string", [v]) => Val::Str(scalar_text(v)),
        ("json", [Val::Str(s)]) => parse_json(s).unwrap_or_else(bad),
        ("base64", [Val::Str(s)]) => Val::Str(encode(s.as_bytes())),
        ("base64tostring", [Val::Str(s)]) => text(decode(s)),
        ("base64tojson", [Val::Str(s)]) => match text(decode(s)) {
            Val::Str(t) => parse_json(&t).unwrap_or_else(bad),
            other => other,
        },
        ("datauri", [v]) => Val::Str(format!(
            "{DATA_PREFIX}{}",
            encode(scalar_text(v).as_bytes())
        )),
        ("datauritostring", [Val::Str(s)]) => {
            text(s.split_once(";base64,").and_then(|(_, b)| decode(b)))
        }
        ("uricomponent", [Val::Str(s)]) => Val::Str(escape(s)),
        ("uricomponenttostring", [Val::Str(s)]) => text(unescape(s)),
        ("uri", [Val::Str(base), Val::Str(rel)]) => Val::Str(uri(base, rel)),
        (
            "string"
            | "json"
            | "base64"
            | "base64tostring"
            | "base64tojson"
            | "datauri"
            | "datauritostring"
            | "uricomponent"
            | "uricomponenttostring"
            | "uri",
            _,
        ) => bad(),
        _ => return None,
    };
    Some(v)
}

/// A value as `string()` gives it.
pub fn scalar_text(v: &Val) -> String {
    match v {
        Val::Str(s) => s.clone(),
        Val::Bool(true) => "True".into(),
        Val::Bool(false) => "False".into(),
        Val::Array(_) | Val::Object(_) => to_json(v),
        other => other.hint_text(),
    }
}

/// Compact JSON text.
pub fn to_json(v: &Val) -> String {
    match v {
        Val::Null | Val::Unknown(_) => "null".into(),
        Val::Bool(b) => b.to_string(),
        Val::Int(n) => n.to_string(),
        Val::Str(s) => serde_json::Value::String(s.clone()).to_string(),
        Val::Array(items) => {
            let inner: Vec<String> = items.iter().map(to_json).collect();
            format!("[{}]", inner.join(","))
        }
        Val::Object(members) => {
            let inner: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("{}:{}", serde_json::Value::String(k.clone()), to_json(v)))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
    }
}

fn parse_json(s: &str) -> Option<Val> {
    json::parse(FileId::default(), s).ok().map(|j| literal(&j))
}

fn encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn decode(s: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = s
        .trim_end_matches('=')
        .bytes()
        .map(|c| B64.iter().position(|b| *b == c).map(|p| p as u32))
        .collect::<Option<_>>()?;
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (d << (18 - 6 * i)));
        for i in 0..chunk.len() - 1 {
            out.push(((n >> (16 - 8 * i)) & 255) as u8);
        }
    }
    Some(out)
}

/// As .NET `Uri.EscapeDataString`: all but unreserved characters escaped.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unescape(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

/// `uri(base, relative)` as .NET combines them.
fn uri(base: &str, rel: &str) -> String {
    if rel.contains("://") {
        return rel.to_string();
    }
    if let Some(path) = rel.strip_prefix('/') {
        let host_end = base
            .find("://")
            .and_then(|s| base[s + 3..].find('/').map(|i| s + 3 + i))
            .unwrap_or(base.len());
        return format!("{}/{path}", &base[..host_end]);
    }
    let dir = base
        .rfind('/')
        .filter(|i| base.get(i.saturating_sub(1)..*i) != Some("/"));
    match dir {
        Some(i) => format!("{}{rel}", &base[..=i]),
        None => format!("{base}/{rel}"),
    }
}
