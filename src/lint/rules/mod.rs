//! The registry: every lint, in catalogue order. Adding a lint is adding a
//! file `<code>.rs` with its doc `<code>.md`, and a line here.

use super::Rule;

mod azure;
mod routes;

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
mod mi002;
mod mi003;
mod mi004;
mod mi005;
mod mi006;
mod mi105;
mod mi110;
mod mi201;
mod mi202;
mod mi203;
mod mi204;
mod mi301;
mod mi302;
mod mi303;
mod mi304;

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
    mi002::RULE,
    mi003::RULE,
    mi004::RULE,
    mi005::RULE,
    mi006::RULE,
    mi105::RULE,
    mi110::RULE,
    mi201::RULE,
    mi202::RULE,
    mi203::RULE,
    mi204::RULE,
    mi301::RULE,
    mi302::RULE,
    mi303::RULE,
    mi304::RULE,
];
