//! Compile a [`Plan`] of NSGs, route tables and subnets to Azure's JSON.
//!
//! Input: a [`Plan`] (the planner's output: rules in final order with their
//! priorities). Output: text — one ARM deployment template ([`arm`]) or one
//! REST body per resource ([`rest`]) — or every [`EmitError`] found; nothing
//! partial is returned. [`write_all`] writes a set of files atomically.
//!
//! Invariants: identical plans give byte-identical text (key order is fixed by
//! insertion, serde_json's `preserve_order`); text is pretty-printed with two
//! spaces and ends with a newline; no emitted NSG has two rules of one
//! direction with one priority, or two rules with one name (see `rule`).

mod arm;
mod error;
pub mod plan;
mod rest;
mod route;
mod rule;
mod split;
mod write;

use serde_json::Value;

pub use arm::{arm, arm_with, Provenance};
pub use error::{EmitError, EmitErrorKind};
pub use plan::{plan, Plan, PlannedNsg, PlannedRouteTable, PlannedRule, PlannedSubnet};
pub use rest::rest;
pub use split::{split, SplitPart};
pub use write::write_all;

/// How user-given strings are written. In an ARM template a string that
/// starts with `[` and ends with `]` is evaluated as an expression; ARM reads
/// `[[` at the start as a literal `[`, so such strings get one more `[`.
pub(crate) struct Strings {
    arm: bool,
}

impl Strings {
    pub(crate) fn lit(&self, s: &str) -> Value {
        match self.arm && s.starts_with('[') && s.ends_with(']') {
            true => Value::from(format!("[{s}")),
            false => Value::from(s),
        }
    }
}

/// Pretty-printed text with a trailing newline.
pub(crate) fn to_text(resource: &str, value: &Value) -> Result<String, Vec<EmitError>> {
    match serde_json::to_string_pretty(value) {
        Ok(mut text) => {
            text.push('\n');
            Ok(text)
        }
        Err(e) => {
            let kind = EmitErrorKind::Internal {
                message: e.to_string(),
            };
            Err(vec![EmitError::new(resource, kind)])
        }
    }
}
