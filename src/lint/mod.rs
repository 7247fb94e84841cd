//! Lints: the MI, AZ and SEC codes, each in its own file under `rules/` with
//! its documentation beside it, registered in [`RULES`]. Input: a resolved
//! [`Model`](crate::model::Model) with the profile of each subnet; output:
//! diagnostics. Flow questions go through [`crate::flow`]; no rule compares
//! ports or prefixes by hand.

pub mod suppress;

use crate::diagnostic::Code;

/// One lint: its code, its documentation, and what it checks.
pub struct Rule {
    pub code: Code,
    pub doc: &'static str,
}

/// Every lint, in catalogue order.
pub static RULES: &[Rule] = &[];

/// The documentation of a lint code.
pub fn doc(code: &str) -> Option<&'static str> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code))
        .map(|r| r.doc)
}
