//! The ARM template functions misec evaluates offline.
//!
//! Input: a lowercase function name and evaluated arguments. Output: the
//! result, or `Unknown` when the function depends on the deployment
//! (`resourceGroup()`, `reference()`, `uniqueString()`, …) or is not
//! implemented. An unknown argument makes the result unknown, except where
//! a name is being built: then the unknown's `hint` stands in for it.

use super::eval::{unknown, Loops, Val, MAX_TEXT_LEN};
use crate::source::Span;

/// Functions whose value exists only at deployment.
const DEPLOYMENT: &[&str] = &[
    "resourcegroup",
    "subscription",
    "deployment",
    "environment",
    "tenant",
    "managementgroup",
    "reference",
    "uniquestring",
    "guid",
    "newguid",
    "utcnow",
    "list",
    "listkeys",
    "pickzones",
    "providers",
];

pub fn call(name: &str, args: Vec<Val>, copy: Loops, span: Span, text: &str) -> Val {
    if DEPLOYMENT.contains(&name) || name.starts_with("list") {
        // `@` marks an object of the deployment; its members are unknown too
        return unknown(
            format!("`{text}` is only known at deployment"),
            span,
            &format!("@{name}"),
        );
    }
    match name {
        "concat" => return concat(args),
        "format" => return format(args, span, text),
        "resourceid" => return resource_id(args),
        _ => {}
    }
    // Everything below needs every argument.
    if let Some(Val::Unknown(u)) = args.iter().find(|a| matches!(a, Val::Unknown(_))) {
        return Val::Unknown(u.clone());
    }
    let bad = || unknown(format!("`{text}` cannot be evaluated offline"), span, name);
    let mut it = args.into_iter();
    let (a, b, c) = (it.next(), it.next(), it.next());
    let result = match (name, a, b, c) {
        ("if", Some(Val::Bool(cond)), Some(x), Some(y)) => {
            if cond {
                x
            } else {
                y
            }
        }
        ("equals", Some(x), Some(y), None) => Val::Bool(x == y),
        ("not", Some(Val::Bool(x)), None, None) => Val::Bool(!x),
        ("and", Some(Val::Bool(x)), Some(Val::Bool(y)), _) => Val::Bool(x && y),
        ("or", Some(Val::Bool(x)), Some(Val::Bool(y)), _) => Val::Bool(x || y),
        ("true", None, _, _) => Val::Bool(true),
        ("false", None, _, _) => Val::Bool(false),
        ("copyindex", a, b, None) => return copy_index(a, b, copy, span, text),
        ("length", Some(Val::Array(x)), None, None) => Val::Int(x.len() as i64),
        ("length", Some(Val::Str(x)), None, None) => Val::Int(x.chars().count() as i64),
        ("length", Some(Val::Object(x)), None, None) => Val::Int(x.len() as i64),
        ("empty", Some(Val::Array(x)), None, None) => Val::Bool(x.is_empty()),
        ("empty", Some(Val::Str(x)), None, None) => Val::Bool(x.is_empty()),
        ("replace", Some(Val::Str(s)), Some(Val::Str(from)), Some(Val::Str(to)))
            if !from.is_empty() =>
        {
            if s.len().saturating_mul(to.len().max(1)) > MAX_TEXT_LEN {
                return bad();
            }
            Val::Str(s.replace(&from, &to))
        }
        ("tolower", Some(Val::Str(s)), None, None) => Val::Str(s.to_lowercase()),
        ("toupper", Some(Val::Str(s)), None, None) => Val::Str(s.to_uppercase()),
        ("string", Some(Val::Str(s)), None, None) => Val::Str(s),
        ("string", Some(Val::Int(n)), None, None) => Val::Str(n.to_string()),
        ("string", Some(Val::Bool(b)), None, None) => Val::Str(b.to_string()),
        ("int", Some(Val::Int(n)), None, None) => Val::Int(n),
        ("int", Some(Val::Str(s)), None, None) => match s.trim().parse() {
            Ok(n) => Val::Int(n),
            Err(_) => return bad(),
        },
        ("bool", Some(Val::Bool(b)), None, None) => Val::Bool(b),
        ("add", Some(Val::Int(x)), Some(Val::Int(y)), None) => checked(x.checked_add(y)),
        ("sub", Some(Val::Int(x)), Some(Val::Int(y)), None) => checked(x.checked_sub(y)),
        ("mul", Some(Val::Int(x)), Some(Val::Int(y)), None) => checked(x.checked_mul(y)),
        ("div", Some(Val::Int(x)), Some(Val::Int(y)), None) => checked(x.checked_div(y)),
        ("mod", Some(Val::Int(x)), Some(Val::Int(y)), None) => checked(x.checked_rem(y)),
        ("first", Some(Val::Array(x)), None, None) => x.into_iter().next().unwrap_or(Val::Null),
        ("last", Some(Val::Array(x)), None, None) => x.into_iter().last().unwrap_or(Val::Null),
        ("split", Some(Val::Str(s)), Some(Val::Str(d)), None) if !d.is_empty() => Val::Array(
            s.split(d.as_str())
                .map(|p| Val::Str(p.to_string()))
                .collect(),
        ),
        ("array", Some(Val::Array(x)), None, None) => Val::Array(x),
        ("array", Some(x), None, None) => Val::Array(vec![x]),
        ("json", Some(Val::Str(s)), None, None) if s.trim() == "null" => Val::Null,
        ("createarray", a, b, c) => Val::Array([a, b, c].into_iter().flatten().collect()),
        _ => return bad(),
    };
    match result {
        Val::Null => Val::Null,
        // `checked` overflow
        Val::Unknown(_) => bad(),
        other => other,
    }
}

fn checked(n: Option<i64>) -> Val {
    n.map_or_else(
        || unknown(String::new(), Span::default(), "number"),
        Val::Int,
    )
}

fn copy_index(a: Option<Val>, b: Option<Val>, copy: Loops, span: Span, text: &str) -> Val {
    let (name, offset) = match (a, b) {
        (None, None) => (None, 0),
        (Some(Val::Int(o)), None) => (None, o),
        (Some(Val::Str(n)), None) => (Some(n), 0),
        (Some(Val::Str(n)), Some(Val::Int(o))) => (Some(n), o),
        _ => return unknown(format!("`{text}` has unexpected arguments"), span, "index"),
    };
    let found = match &name {
        Some(n) => copy.iter().rev().find(|(l, _)| l.eq_ignore_ascii_case(n)),
        None => copy.last(),
    };
    match found {
        Some((_, i)) => Val::Int(i.saturating_add(offset)),
        None => unknown(
            format!("`{text}` is used outside its copy loop"),
            span,
            "index",
        ),
    }
}

/// `concat` joins arrays when given arrays, else text; unknown parts make an
/// unknown whose hint is the joined stand-ins.
fn concat(args: Vec<Val>) -> Val {
    if !args.is_empty() && args.iter().all(|a| matches!(a, Val::Array(_))) {
        let mut out = Vec::new();
        for a in args {
            if let Val::Array(items) = a {
                out.extend(items);
            }
            if out.len() > 100_000 {
                return unknown(
                    "the array is too long".to_string(),
                    Span::default(),
                    "array",
                );
            }
        }
        return Val::Array(out);
    }
    join(args.iter())
}

/// Builds text from parts; the first unknown part gives the reason.
fn join<'v>(parts: impl Iterator<Item = &'v Val>) -> Val {
    let mut text = String::new();
    let mut first: Option<Val> = None;
    for p in parts {
        if let Val::Unknown(_) = p {
            if first.is_none() {
                first = Some(p.clone());
            }
        }
        text.push_str(&p.hint_text());
        if text.len() > MAX_TEXT_LEN {
            return unknown("the text is too long".to_string(), Span::default(), "text");
        }
    }
    match first {
        Some(Val::Unknown(mut u)) => {
            u.hint = text;
            Val::Unknown(u)
        }
        _ => Val::Str(text),
    }
}

fn format(args: Vec<Val>, span: Span, text: &str) -> Val {
    let mut it = args.iter();
    let template = match it.next() {
        Some(Val::Str(t)) => t.clone(),
        Some(u @ Val::Unknown(_)) => return u.clone(),
        _ => return unknown(format!("`{text}` needs a format string"), span, "text"),
    };
    let values: Vec<&Val> = it.collect();
    let mut parts: Vec<Val> = Vec::new();
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        parts.push(Val::Str(rest[..open].to_string()));
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return unknown(format!("`{text}` has an unclosed `{{`"), span, "text");
        };
        // `{0}` or `{0:format}`
        let index = after[..close].split(':').next().unwrap_or("").trim();
        match index.parse::<usize>().ok().and_then(|i| values.get(i)) {
            Some(v) => parts.push((*v).clone()),
            None => {
                return unknown(
                    format!("`{text}` refers to a missing argument"),
                    span,
                    "text",
                )
            }
        }
        rest = &after[close + 1..];
    }
    parts.push(Val::Str(rest.to_string()));
    join(parts.iter())
}

/// `resourceId([sub], [group], type, name...)` as
/// `/providers/<ns>/<type>/<name>/<child type>/<child name>`: enough to
/// match references to resources of the same template.
fn resource_id(args: Vec<Val>) -> Val {
    let type_at = args
        .iter()
        .position(|a| matches!(a, Val::Str(s) if s.contains('/')))
        .unwrap_or(0);
    let Some(Val::Str(kind)) = args.get(type_at) else {
        return join(args.iter());
    };
    let mut segments = kind.split('/');
    let namespace = segments.next().unwrap_or("");
    let mut parts = vec![Val::Str(format!("/providers/{namespace}"))];
    for (segment, name) in segments.zip(args.iter().skip(type_at + 1)) {
        parts.push(Val::Str(format!("/{segment}/")));
        parts.push(name.clone());
    }
    join(parts.iter())
}
