//! Constraint profiles: what one era of SQL Managed Instance requires of its
//! subnet, NSG and route table. Profiles are YAML data (built in from
//! `profiles/*.yaml`, or a user's file); no number of theirs lives in Rust code.
//! The built-in ones are loaded and checked at build time (`build.rs`) and
//! embedded in their checked form (`embedded`), so a run parses no YAML.
//!
//! Input: YAML text in the source table (a built-in's answered by every
//! table at its embedded id). Output: [`Profile`], whose mandatory
//! rules and routes are templates; [`Profile::instantiate`] turns them into
//! model rules and routes for one subnet, with spans into the profile's YAML.
//!
//! Invariants of a loaded profile (checked by the loader, E202 otherwise):
//! priorities are 100–4096 and unique per direction, rule names are unique
//! in the profile, route names and prefixes are unique, every template uses
//! only the known placeholders and every literal address, port and
//! protocol is valid; the client and feature [`Ports`] are single ports
//! (the redirect range a port or a range), never `*`.

mod check;
mod check_eras;
mod check_ports;
mod check_routes;
mod describe;
pub mod describe_eras;
mod describe_json;
mod embedded;
mod instantiate;
mod load;
pub mod locate;
mod parse;
mod raw;
mod remember;
mod template;
mod types;

pub use describe::list;
pub use describe_json::list_json;
pub use instantiate::Instantiated;
pub(crate) use load::embedded_source;
pub use load::{builtin_names, builtin_text, load_builtin, load_file, shared, DEFAULT};
pub use types::*;
