//! The registry: every lint, in catalogue order. Adding a lint is adding a
//! file `<code>.rs` with its doc `<code>.md`, and a line here.

use super::Rule;

mod feature_port;
mod mi001;
mod mi101;
mod mi102;
mod mi103;
mod mi104;
mod mi106;
mod mi107;
mod mi108;
mod mi109;
mod sec001;
mod sec002;
mod sec003;
mod sec004;
mod sec005;
mod traffic;
mod wording;

pub static RULES: &[Rule] = &[
    mi001::RULE,
    mi101::RULE,
    mi102::RULE,
    mi103::RULE,
    mi104::RULE,
    mi106::RULE,
    mi107::RULE,
    mi108::RULE,
    mi109::RULE,
    sec001::RULE,
    sec002::RULE,
    sec003::RULE,
    sec004::RULE,
    sec005::RULE,
];
