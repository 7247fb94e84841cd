//! Numeric, logical and comparison functions: `add`, `sub`, `mul`, `div`,
//! `mod`, `min`, `max`, `int`; `bool`, `not`, `true`, `false`; `equals`,
//! `greater`, `greaterOrEquals`, `less`, `lessOrEquals`.
//!
//! Input: evaluated, known arguments. Output: `None` for another family's
//! function. Arithmetic is checked: overflow and division by zero are
//! unknown, never a wrapped number.

use std::cmp::Ordering;

use super::Cx;
use crate::import::eval::Val;

pub fn call(name: &str, args: &[Val], cx: &Cx) -> Option<Val> {
    let bad = || cx.bad(name);
    let v = match (name, args) {
        ("add", [Val::Int(a), Val::Int(b)]) => checked(a.checked_add(*b), cx, name),
        ("sub", [Val::Int(a), Val::Int(b)]) => checked(a.checked_sub(*b), cx, name),
        ("mul", [Val::Int(a), Val::Int(b)]) => checked(a.checked_mul(*b), cx, name),
        ("div", [Val::Int(a), Val::Int(b)]) => checked(a.checked_div(*b), cx, name),
        ("mod", [Val::Int(a), Val::Int(b)]) => checked(a.checked_rem(*b), cx, name),
        ("min" | "max", _) => extreme(name == "max", args).unwrap_or_else(bad),
        ("int", [Val::Int(n)]) => Val::Int(*n),
        ("int", [Val::Str(s)]) => s.trim().parse().map_or_else(|_| bad(), Val::Int),
        ("bool", [Val::Bool(b)]) => Val::Bool(*b),
        ("bool", [Val::Int(n)]) => Val::Bool(*n != 0),
        ("bool", [Val::Str(s)]) if s.eq_ignore_ascii_case("true") => Val::Bool(true),
        ("bool", [Val::Str(s)]) if s.eq_ignore_ascii_case("false") => Val::Bool(false),
        ("not", [Val::Bool(b)]) => Val::Bool(!b),
        ("true", []) => Val::Bool(true),
        ("false", []) => Val::Bool(false),
        ("equals", [a, b]) => Val::Bool(a == b),
        ("greater" | "greaterorequals" | "less" | "lessorequals", [a, b]) => match compare(a, b) {
            Some(o) => Val::Bool(match name {
                "greater" => o == Ordering::Greater,
                "greaterorequals" => o != Ordering::Less,
                "less" => o == Ordering::Less,
                _ => o != Ordering::Greater,
            }),
            None => bad(),
        },
        (
            "add" | "sub" | "mul" | "div" | "mod" | "int" | "bool" | "not" | "true" | "false"
            | "equals" | "greater" | "greaterorequals" | "less" | "lessorequals",
            _,
        ) => bad(),
        _ => return None,
    };
    Some(v)
}

fn checked(n: Option<i64>, cx: &Cx, name: &str) -> Val {
    n.map_or_else(|| cx.bad(name), Val::Int)
}

/// Integers compare as numbers, strings by ordinal.
fn compare(a: &Val, b: &Val) -> Option<Ordering> {
    match (a, b) {
        (Val::Int(x), Val::Int(y)) => Some(x.cmp(y)),
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// `min`/`max` of integers, given as arguments or as one array.
fn extreme(max: bool, args: &[Val]) -> Option<Val> {
    let items: &[Val] = match args {
        [Val::Array(items)] => items,
        _ => args,
    };
    let mut best: Option<i64> = None;
    for v in items {
        let Val::Int(n) = v else { return None };
        best = Some(match best {
            Some(b) if (max && b >= *n) || (!max && b <= *n) => b,
            _ => *n,
        });
    }
    best.map(Val::Int)
}
