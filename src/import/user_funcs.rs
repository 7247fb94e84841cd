//! User-defined functions: a template's `functions` section (and compiled
//! Bicep's `func` declarations, namespace `__bicep`), called as
//! `namespace.name(...)`.
//!
//! Input: the evaluated arguments and the function's definition. Output:
//! its `output.value`, evaluated in a scope that holds only the function's
//! parameters (as ARM allows: no variables, no other parameters). Nesting
//! is bounded, so a function that calls itself ends in an unknown.

use super::eval::{unknown, Scope, Val};
use super::funcs::Cx;

const MAX_CALLS: u32 = 16;

impl Scope<'_, '_> {
    pub(super) fn user_call(&self, ns: &str, name: &str, args: Vec<Val>, cx: &Cx) -> Val {
        let not_found = || {
            unknown(
                format!(
                    "`{}` calls a function this template does not define",
                    cx.text
                ),
                cx.span,
                name,
            )
        };
        let definition = self
            .functions
            .and_then(|f| f.as_array())
            .unwrap_or_default()
            .iter()
            .filter(|f| {
                f.get("namespace")
                    .and_then(|n| n.as_str())
                    .is_some_and(|n| n.eq_ignore_ascii_case(ns))
            })
            .find_map(|f| f.get("members")?.member(name));
        let Some(definition) = definition else {
            return not_found();
        };
        let Some(output) = definition.value.path(&["output", "value"]) else {
            return not_found();
        };
        if self.calls >= MAX_CALLS {
            return unknown(
                format!("`{}` nests function calls too deeply", cx.text),
                cx.span,
                name,
            );
        }
        let names: Vec<String> = definition
            .value
            .get("parameters")
            .and_then(|p| p.as_array())
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.get("name")?.as_str().map(str::to_string))
            .collect();
        if names.len() != args.len() {
            return unknown(
                format!(
                    "`{}` passes {} arguments to a function of {}",
                    cx.text,
                    args.len(),
                    names.len()
                ),
                cx.span,
                name,
            );
        }
        let inner = self.function(names.into_iter().zip(args).collect());
        inner.eval(output, &[])
    }
}
