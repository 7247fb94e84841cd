//! One parsed expression evaluated in its scope: members, indexes, calls.
//!
//! Input: an [`Expr`] node, the expression's text (for messages) and a map
//! from its byte ranges to spans in the JSON. Output: a [`Val`]. Members of
//! a value only the deployment knows stay such a value, named by the whole
//! chain (`reference(...).outputs.x`); `parameters` and `variables` are
//! looked up in the scope; lazily evaluated functions go to `lambda.rs`, the
//! others to `funcs`.

use super::eval::{clip, deferred, unknown, Loops, Scope, Val};
use super::expr::Expr;
use crate::source::Span;

impl Scope<'_, '_> {
    pub(super) fn expr(
        &self,
        e: &Expr,
        body: &str,
        copy: Loops,
        at: &dyn Fn(std::ops::Range<usize>) -> Span,
    ) -> Val {
        let text = |r: std::ops::Range<usize>| clip(body.get(r).unwrap_or(""));
        match e {
            Expr::Str(s, _) => Val::Str(s.clone()),
            Expr::Int(n, _) => Val::Int(*n),
            Expr::Member(base, name, r) => match self.expr(base, body, copy, at) {
                Val::Object(members) => members
                    .into_iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map_or_else(
                        || {
                            unknown(
                                format!("`{}` has no property `{name}`", text(r.clone())),
                                at(r.clone()),
                                name,
                            )
                        },
                        |(_, v)| v,
                    ),
                // the whole member chain is named, and stays a deployment value
                Val::Unknown(u) if u.hint.starts_with('@') => deferred(
                    format!("`{}` is only known at deployment", text(r.clone())),
                    at(r.clone()),
                    &u.hint,
                ),
                Val::Unknown(u) => Val::Unknown(u),
                _ => unknown(
                    format!("`{}` has no property `{name}`", text(r.clone())),
                    at(r.clone()),
                    name,
                ),
            },
            Expr::Index(base, index, r) => {
                let base = self.expr(base, body, copy, at);
                let index = self.expr(index, body, copy, at);
                match (base, index) {
                    (Val::Unknown(u), _) | (_, Val::Unknown(u)) => Val::Unknown(u),
                    (Val::Array(items), Val::Int(i)) => usize::try_from(i)
                        .ok()
                        .and_then(|i| items.into_iter().nth(i))
                        .unwrap_or_else(|| {
                            unknown(format!("index {i} is out of range"), at(r.clone()), "item")
                        }),
                    (Val::Object(members), Val::Str(k)) => members
                        .into_iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(&k))
                        .map_or_else(
                            || unknown(format!("no property `{k}`"), at(r.clone()), &k),
                            |(_, v)| v,
                        ),
                    _ => unknown(
                        format!("`{}` cannot be indexed", text(r.clone())),
                        at(r.clone()),
                        "item",
                    ),
                }
            }
            Expr::Call(name, args, r) => {
                let span = at(r.clone());
                let lower = name.to_ascii_lowercase();
                match lower.as_str() {
                    "parameters" | "variables" => {
                        let kind = if lower == "parameters" { "p" } else { "v" };
                        match args.first().map(|a| self.expr(a, body, copy, at)) {
                            // an unknown is reported where this template uses it
                            Some(Val::Str(n)) => match self.declared(kind, &n) {
                                Val::Unknown(mut u) => {
                                    u.span = span;
                                    Val::Unknown(u)
                                }
                                v => v,
                            },
                            Some(Val::Unknown(u)) => Val::Unknown(u),
                            _ => unknown(format!("`{}` needs a name", text(r.clone())), span, name),
                        }
                    }
                    _ => {
                        let lower = lower.strip_prefix("sys.").unwrap_or(&lower);
                        let cx = super::funcs::Cx {
                            copy,
                            span,
                            text: &text(r.clone()),
                            deploy: self.deploy,
                        };
                        if let Some(v) = self.lazy(lower, args, body, &cx, at) {
                            return v;
                        }
                        let vals: Vec<Val> =
                            args.iter().map(|a| self.expr(a, body, copy, at)).collect();
                        if let Some((ns, member)) = lower.split_once('.') {
                            return self.user_call(ns, member, vals, &cx);
                        }
                        super::funcs::call(lower, vals, &cx)
                    }
                }
            }
        }
    }
}
