//! The registry: every lint, in catalogue order. Adding a lint is adding a
//! file `<code>.rs` with its doc `<code>.md`, and a line here.

use super::Rule;

mod azure;
mod feature_port;
mod routes;
mod traffic;
mod wording;

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
mod mi007;
mod mi008;
mod mi009;
mod mi010;
mod mi101;
mod mi102;
mod mi103;
mod mi104;
mod mi105;
mod mi106;
mod mi107;
mod mi108;
mod mi109;
mod mi110;
mod mi111;
mod mi201;
mod mi202;
mod mi203;
mod mi204;
mod mi205;
mod mi301;
mod mi302;
mod mi303;
mod mi304;
mod sec001;
mod sec002;
mod sec003;
mod sec004;
mod sec005;

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
    mi007::RULE,
    mi008::RULE,
    mi009::RULE,
    mi010::RULE,
    mi101::RULE,
    mi102::RULE,
    mi103::RULE,
    mi104::RULE,
    mi105::RULE,
    mi106::RULE,
    mi107::RULE,
    mi108::RULE,
    mi109::RULE,
    mi110::RULE,
    mi111::RULE,
    mi201::RULE,
    mi202::RULE,
    mi203::RULE,
    mi204::RULE,
    mi205::RULE,
    mi301::RULE,
    mi302::RULE,
    mi303::RULE,
    mi304::RULE,
    sec001::RULE,
    sec002::RULE,
    sec003::RULE,
    sec004::RULE,
    sec005::RULE,
];
