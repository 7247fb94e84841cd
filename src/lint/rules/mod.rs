//! The registry: every lint, in catalogue order. Adding a lint is adding a
//! file `<code>.rs` with its doc `<code>.md`, and a line here.

use super::Rule;

mod mi001;
mod mi002;
mod mi003;
mod mi004;
mod mi005;
mod mi006;
mod mi105;
mod mi110;
mod mi204;
mod mi301;
mod mi302;
mod mi303;
mod mi304;

pub static RULES: &[Rule] = &[
    mi001::RULE,
    mi002::RULE,
    mi003::RULE,
    mi004::RULE,
    mi005::RULE,
    mi006::RULE,
    mi105::RULE,
    mi110::RULE,
    mi204::RULE,
    mi301::RULE,
    mi302::RULE,
    mi303::RULE,
    mi304::RULE,
];
