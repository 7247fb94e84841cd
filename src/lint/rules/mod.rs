//! The registry: every lint, in catalogue order. Adding a lint is adding a
//! file `<code>.rs` with its doc `<code>.md`, and a line here.

use super::Rule;

mod azure;

mod az001;
mod az002;
mod az003;
mod az004;
mod az005;
mod az006;
mod az007;
mod az008;
mod az009;
mod az010;
mod az011;
mod az012;
mod mi001;
mod mi201;
mod mi202;
mod mi203;
mod routes;

pub static RULES: &[Rule] = &[
    az001::RULE,
    az002::RULE,
    az003::RULE,
    az004::RULE,
    az005::RULE,
    az006::RULE,
    az007::RULE,
    az008::RULE,
    az009::RULE,
    az010::RULE,
    az011::RULE,
    az012::RULE,
    mi001::RULE,
    mi201::RULE,
    mi202::RULE,
    mi203::RULE,
];
