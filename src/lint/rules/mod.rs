//! The registry: every lint, in catalogue order. Adding a lint is adding a
//! file `<code>.rs` with its doc `<code>.md`, and a line here.

use super::Rule;

mod az005;
mod az006;
mod az007;
mod az009;
mod az011;
mod az012;
mod azure;
mod mi003;
mod mi004;
mod mi105;
mod mi110;
mod mi201;
mod mi202;
mod mi203;
mod mi301;
mod mi302;
mod mi303;
mod routes;

mod az001;
mod az002;
mod az003;
mod az004;
mod az008;
mod az010;
mod mi001;
mod mi002;
mod mi005;
mod mi006;
mod mi204;
mod mi304;

pub static RULES: &[Rule] = &[
    az001::RULE,
    az002::RULE,
    az003::RULE,
    az004::RULE,
    az008::RULE,
    az010::RULE,
    mi001::RULE,
    mi002::RULE,
    mi005::RULE,
    mi006::RULE,
    mi204::RULE,
    mi304::RULE,
];
