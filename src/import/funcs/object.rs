//! Object functions: `contains`, `createObject`, `empty`, `intersection`,
//! `items`, `length`, `null`, `objectKeys`, `shallowMerge`, `tryGet`,
//! `union` on objects.
//!
//! Input: known arguments. Output: `None` for another family's function.
//! Keys compare ignoring case, as ARM does; `union` merges nested objects
//! and the later value wins; `items` sorts by key.

use super::Cx;
use crate::import::eval::Val;

type Members = Vec<(String, Val)>;

pub fn call(name: &str, args: &[Val], cx: &Cx) -> Option<Val> {
    let bad = || cx.bad(name);
    let v = match (name, args) {
        ("null", []) => Val::Null,
        ("contains", [Val::Object(m), Val::Str(k)]) => {
            Val::Bool(m.iter().any(|(n, _)| n.eq_ignore_ascii_case(k)))
        }
        ("empty", [Val::Object(m)]) => Val::Bool(m.is_empty()),
        ("length", [Val::Object(m)]) => Val::Int(m.len() as i64),
        ("createobject", pairs) => {
            let mut out = Members::new();
            for pair in pairs.chunks(2) {
                match pair {
                    [Val::Str(k), v] => set(&mut out, k, v.clone()),
                    _ => return Some(bad()),
                }
            }
            Val::Object(out)
        }
        ("objectkeys", [Val::Object(m)]) => {
            Val::Array(m.iter().map(|(k, _)| Val::Str(k.clone())).collect())
        }
        ("items", [Val::Object(m)]) => {
            let mut sorted = m.clone();
            sorted.sort_by_key(|a| a.0.to_lowercase());
            Val::Array(
                sorted
                    .into_iter()
                    .map(|(k, v)| {
                        Val::Object(vec![("key".into(), Val::Str(k)), ("value".into(), v)])
                    })
                    .collect(),
            )
        }
        ("tryget", [Val::Object(m), Val::Str(k)]) => m
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(k))
            .map_or(Val::Null, |(_, v)| v.clone()),
        ("tryget", [Val::Array(x), Val::Int(i)]) => usize::try_from(*i)
            .ok()
            .and_then(|i| x.get(i))
            .cloned()
            .unwrap_or(Val::Null),
        ("union", all @ [Val::Object(_), ..]) => {
            let mut out = Members::new();
            for a in all {
                let Val::Object(m) = a else {
                    return Some(bad());
                };
                merge(&mut out, m, true);
            }
            Val::Object(out)
        }
        ("shallowmerge", [Val::Array(all)]) => {
            let mut out = Members::new();
            for a in all {
                let Val::Object(m) = a else {
                    return Some(bad());
                };
                merge(&mut out, m, false);
            }
            Val::Object(out)
        }
        ("intersection", all @ [Val::Object(first), ..]) => {
            let common = first.iter().filter(|(k, v)| {
                all.iter().all(|o| {
                    matches!(o, Val::Object(m) if m.iter().any(|(n, w)| n.eq_ignore_ascii_case(k) && w == v))
                })
            });
            Val::Object(common.cloned().collect())
        }
        ("objectkeys" | "items" | "shallowmerge" | "tryget", _) => bad(),
        _ => return None,
    };
    Some(v)
}

fn set(out: &mut Members, key: &str, v: Val) {
    match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(key)) {
        Some(slot) => slot.1 = v,
        None => out.push((key.to_string(), v)),
    }
}

/// Adds `m` to `out`; with `deep`, objects under the same key merge too.
fn merge(out: &mut Members, m: &Members, deep: bool) {
    for (k, v) in m {
        let slot = out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(k));
        match (slot, v) {
            (Some((_, Val::Object(inner))), Val::Object(add)) if deep => merge(inner, add, true),
            (Some(slot), _) => slot.1 = v.clone(),
            (None, _) => out.push((k.clone(), v.clone())),
        }
    }
}
