//! The registry: every lint, in catalogue order. Adding a lint is adding a
//! file `<code>.rs` with its doc `<code>.md`, and a line here.

use super::Rule;

mod mi001;

pub static RULES: &[Rule] = &[mi001::RULE];
