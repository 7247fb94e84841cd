//! Array functions: `array`, `createArray`, `contains`, `empty`, `first`,
//! `flatten`, `indexOf`, `intersection`, `last`, `lastIndexOf`, `length`,
//! `range`, `skip`, `take`, `union` on arrays.
//!
//! Input: known arguments. Output: `None` when the arguments are not arrays
//! (the object family may take them). Bounds: `range` takes at most 10000
//! items, as ARM allows, so no template makes an array that is too long.

use super::Cx;
use crate::import::eval::Val;

const MAX_RANGE: i64 = 10_000;

pub fn call(name: &str, args: &[Val], cx: &Cx) -> Option<Val> {
    let bad = || cx.bad(name);
    let v = match (name, args) {
        ("array", [Val::Array(x)]) => Val::Array(x.clone()),
        ("array", [x]) => Val::Array(vec![x.clone()]),
        ("createarray", items) => Val::Array(items.to_vec()),
        ("contains", [Val::Array(x), item]) => Val::Bool(x.contains(item)),
        ("empty", [Val::Array(x)]) => Val::Bool(x.is_empty()),
        ("empty", [Val::Null]) => Val::Bool(true),
        ("length", [Val::Array(x)]) => Val::Int(x.len() as i64),
        ("first", [Val::Array(x)]) => x.first().cloned().unwrap_or(Val::Null),
        ("last", [Val::Array(x)]) => x.last().cloned().unwrap_or(Val::Null),
        ("indexof", [Val::Array(x), item]) => {
            Val::Int(x.iter().position(|v| v == item).map_or(-1, |i| i as i64))
        }
        ("lastindexof", [Val::Array(x), item]) => {
            Val::Int(x.iter().rposition(|v| v == item).map_or(-1, |i| i as i64))
        }
        ("skip", [Val::Array(x), Val::Int(n)]) => {
            Val::Array(x.iter().skip(clamp(*n)).cloned().collect())
        }
        ("take", [Val::Array(x), Val::Int(n)]) => {
            Val::Array(x.iter().take(clamp(*n)).cloned().collect())
        }
        ("range", [Val::Int(start), Val::Int(count)]) => {
            if !(0..=MAX_RANGE).contains(count) || start.checked_add(*count).is_none() {
                return Some(bad());
            }
            Val::Array((0..*count).map(|i| Val::Int(start + i)).collect())
        }
        ("flatten", [Val::Array(x)]) => {
            let mut out = Vec::new();
            for item in x {
                match item {
                    Val::Array(inner) => out.extend(inner.iter().cloned()),
                    _ => return Some(bad()),
                }
            }
            Val::Array(out)
        }
        ("union", all @ [Val::Array(_), ..]) => {
            let mut out: Vec<Val> = Vec::new();
            for a in all {
                let Val::Array(items) = a else {
                    return Some(bad());
                };
                for item in items {
                    if !out.contains(item) {
                        out.push(item.clone());
                    }
                }
            }
            Val::Array(out)
        }
        ("intersection", all @ [Val::Array(first), ..]) => {
            let mut out: Vec<Val> = Vec::new();
            for item in first {
                let everywhere = all
                    .iter()
                    .all(|a| matches!(a, Val::Array(x) if x.contains(item)));
                if everywhere && !out.contains(item) {
                    out.push(item.clone());
                }
            }
            Val::Array(out)
        }
        ("range" | "flatten", _) => bad(),
        _ => return None,
    };
    Some(v)
}

fn clamp(n: i64) -> usize {
    usize::try_from(n.max(0)).unwrap_or(usize::MAX)
}
