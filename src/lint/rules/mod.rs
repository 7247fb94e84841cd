//! The registry: every lint, in catalogue order. Adding a lint is adding a
//! file `<code>.rs` with its doc `<code>.md`, and a line here.

use super::Rule;

mod azure;

mod az001;
mod az002;
mod az003;
mod mi001;

pub static RULES: &[Rule] = &[az001::RULE, az002::RULE, az003::RULE, mi001::RULE];
