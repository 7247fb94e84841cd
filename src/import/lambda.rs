//! Functions whose arguments are not all evaluated first: `if`, `and`, `or`
//! and `coalesce` (only what decides the result is evaluated, as ARM does,
//! so an unknown in an unused branch changes nothing), the lambda functions
//! (`map`, `filter`, `reduce`, `sort`, `toObject`, `groupBy`, `mapValues`
//! with `lambda(...)` and `lambdaVariables(...)`), and variable copy loops.
//!
//! Input: the unevaluated argument expressions. Output: the value, or
//! `None` when the function is an ordinary one. Invariant: sorting is a
//! stable insertion sort bounded in size, so an inconsistent comparison
//! cannot panic or run long.

use std::ops::Range;

use super::eval::{unknown, Scope, Val};
use super::expr::Expr;
use super::funcs::Cx;
use crate::source::Span;

const MAX_SORT: usize = 1_000;
const MAX_STEPS: u32 = 100_000;

type At<'f> = &'f dyn Fn(Range<usize>) -> Span;

impl Scope<'_, '_> {
    /// The value of a lazily evaluated function, or `None` for the others.
    pub(super) fn lazy(
        &self,
        name: &str,
        args: &[Expr],
        body: &str,
        cx: &Cx,
        at: At,
    ) -> Option<Val> {
        let ev = |e: &Expr| self.expr(e, body, cx.copy, at);
        let bad = |why: &str| unknown(format!("`{}` {why}", cx.text), cx.span, name);
        let v = match name {
            "if" => match args {
                [c, yes, no] => match ev(c) {
                    Val::Bool(true) => ev(yes),
                    Val::Bool(false) => ev(no),
                    u @ Val::Unknown(_) => u,
                    _ => bad("needs a boolean condition"),
                },
                _ => bad("takes a condition and two values"),
            },
            "and" | "or" => {
                let decisive = name == "or";
                let mut pending = None;
                for a in args {
                    match ev(a) {
                        Val::Bool(b) if b == decisive => return Some(Val::Bool(decisive)),
                        Val::Bool(_) => {}
                        u @ Val::Unknown(_) => pending = pending.or(Some(u)),
                        _ => return Some(bad("takes booleans")),
                    }
                }
                pending.unwrap_or(Val::Bool(!decisive))
            }
            "coalesce" => {
                for a in args {
                    match ev(a) {
                        Val::Null => continue,
                        v => return Some(v),
                    }
                }
                Val::Null
            }
            "lambdavariables" => match args.first().map(ev) {
                Some(Val::Str(n)) => self
                    .lambdas
                    .borrow()
                    .iter()
                    .rev()
                    .find(|(v, _)| v.eq_ignore_ascii_case(&n))
                    .map_or_else(
                        || bad("names no lambda variable in force"),
                        |(_, v)| v.clone(),
                    ),
                _ => bad("needs a variable name"),
            },
            "lambda" => bad("is only allowed as an argument of a lambda function"),
            "map" | "filter" | "sort" | "toobject" | "groupby" | "mapvalues" | "reduce" => {
                self.lambda_call(name, args, body, cx, at)
            }
            _ => return None,
        };
        Some(v)
    }

    fn lambda_call(&self, name: &str, args: &[Expr], body: &str, cx: &Cx, at: At) -> Val {
        let bad = |why: &str| unknown(format!("`{}` {why}", cx.text), cx.span, name);
        let Some(input) = args.first().map(|a| self.expr(a, body, cx.copy, at)) else {
            return bad("needs an array");
        };
        let lambda = |i: usize| match args.get(i) {
            Some(Expr::Call(n, la, _)) if n.eq_ignore_ascii_case("lambda") => {
                let (last, names) = la.split_last()?;
                let names: Option<Vec<String>> = names
                    .iter()
                    .map(|n| match n {
                        Expr::Str(s, _) => Some(s.clone()),
                        _ => None,
                    })
                    .collect();
                Some((names?, last))
            }
            _ => None,
        };
        // applies lambda `l` to `vals` (bound to its variables in order)
        let apply = |l: &(Vec<String>, &Expr), vals: Vec<Val>| {
            let steps = self.steps.get().saturating_add(1);
            self.steps.set(steps);
            if steps > MAX_STEPS {
                return unknown(
                    format!("`{}` is too much work to evaluate offline", cx.text),
                    cx.span,
                    name,
                );
            }
            let n = l.0.len();
            {
                let mut stack = self.lambdas.borrow_mut();
                stack.extend(l.0.iter().cloned().zip(vals));
            }
            let v = self.expr(l.1, body, cx.copy, at);
            let mut stack = self.lambdas.borrow_mut();
            let keep = stack.len().saturating_sub(n);
            stack.truncate(keep);
            v
        };
        let items = match (name, input) {
            (_, u @ Val::Unknown(_)) => return u,
            ("mapvalues", Val::Object(members)) => {
                let Some(l) = lambda(1) else {
                    return bad("needs a lambda");
                };
                let mut out = Vec::new();
                for (k, v) in members {
                    out.push((k, apply(&l, vec![v])));
                }
                return Val::Object(out);
            }
            (_, Val::Array(items)) => items,
            _ => return bad("needs an array"),
        };
        let with_index = |l: &(Vec<String>, &Expr), item: Val, i: usize| {
            let mut vals = vec![item];
            if l.0.len() > 1 {
                vals.push(Val::Int(i as i64));
            }
            apply(l, vals)
        };
        match name {
            "map" => {
                let Some(l) = lambda(1) else {
                    return bad("needs a lambda");
                };
                let out: Vec<Val> = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, x)| with_index(&l, x, i))
                    .collect();
                first_unknown(&out).unwrap_or(Val::Array(out))
            }
            "filter" => {
                let Some(l) = lambda(1) else {
                    return bad("needs a lambda");
                };
                let mut out = Vec::new();
                for (i, x) in items.into_iter().enumerate() {
                    match with_index(&l, x.clone(), i) {
                        Val::Bool(true) => out.push(x),
                        Val::Bool(false) => {}
                        u @ Val::Unknown(_) => return u,
                        _ => return bad("needs a lambda that gives a boolean"),
                    }
                }
                Val::Array(out)
            }
            "reduce" => {
                let Some(l) = lambda(2) else {
                    return bad("needs a lambda");
                };
                let Some(mut acc) = args.get(1).map(|a| self.expr(a, body, cx.copy, at)) else {
                    return bad("needs an initial value");
                };
                for (i, x) in items.into_iter().enumerate() {
                    let mut vals = vec![acc, x];
                    if l.0.len() > 2 {
                        vals.push(Val::Int(i as i64));
                    }
                    acc = apply(&l, vals);
                }
                acc
            }
            "sort" => {
                let Some(l) = lambda(1) else {
                    return bad("needs a lambda");
                };
                if items.len() > MAX_SORT {
                    return bad("sorts too many items to evaluate offline");
                }
                let mut out: Vec<Val> = Vec::with_capacity(items.len());
                for x in items {
                    // insert after every item that does not come after x
                    let mut at_pos = out.len();
                    while at_pos > 0 {
                        let prev = out.get(at_pos - 1).cloned().unwrap_or(Val::Null);
                        match apply(&l, vec![x.clone(), prev]) {
                            Val::Bool(true) => at_pos -= 1,
                            Val::Bool(false) => break,
                            u @ Val::Unknown(_) => return u,
                            _ => return bad("needs a lambda that gives a boolean"),
                        }
                    }
                    out.insert(at_pos, x);
                }
                Val::Array(out)
            }
            "toobject" | "groupby" => {
                let Some(key) = lambda(1) else {
                    return bad("needs a lambda");
                };
                let value = lambda(2);
                let mut out: Vec<(String, Val)> = Vec::new();
                for x in items {
                    let k = match apply(&key, vec![x.clone()]) {
                        Val::Str(s) => s,
                        u @ Val::Unknown(_) => return u,
                        _ => return bad("needs a lambda that gives a string key"),
                    };
                    let v = match &value {
                        Some(l) => apply(l, vec![x]),
                        None => x,
                    };
                    let found = out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(&k));
                    match (name, found) {
                        ("groupby", Some((_, Val::Array(group)))) => group.push(v),
                        ("groupby", _) => out.push((k, Val::Array(vec![v]))),
                        (_, Some(slot)) => slot.1 = v,
                        (_, None) => out.push((k, v)),
                    }
                }
                Val::Object(out)
            }
            _ => bad("is not a lambda function"),
        }
    }

    /// `variables('x')` where `x` is made by a `copy` in `variables`.
    pub(super) fn variable_copy(&self, name: &str) -> Option<Val> {
        let loops = self.vars?.get("copy")?.as_array()?;
        let copy = loops.iter().find(|c| {
            c.get("name")
                .and_then(|n| n.as_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })?;
        let input = copy.get("input")?;
        let n = match copy.get("count").map(|c| self.eval(c, &[])) {
            Some(Val::Int(n)) if (0..=10_000).contains(&n) => n,
            Some(u @ Val::Unknown(_)) => return Some(u),
            _ => {
                return Some(unknown(
                    format!("the count of variable copy `{name}` is not a number up to 10000"),
                    copy.span,
                    name,
                ))
            }
        };
        let out: Vec<Val> = (0..n)
            .map(|i| self.eval(input, &[(name.to_string(), i)]))
            .collect();
        Some(first_unknown(&out).unwrap_or(Val::Array(out)))
    }
}

/// Arrays holding an unknown are unknown as a whole: a half-known list of
/// rules or prefixes must not pass for the whole list.
fn first_unknown(items: &[Val]) -> Option<Val> {
    items.iter().find(|v| matches!(v, Val::Unknown(_))).cloned()
}
