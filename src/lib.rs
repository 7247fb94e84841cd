//! misec: a compiler and linter for the network security of Azure SQL Managed
//! Instance subnets.
//!
//! The pipeline (each stage a function from typed input to typed output that
//! pushes diagnostics into a `Vec`; only `cli` reads files, prints and exits):
//!
//! ```text
//! text ─ syntax::parse ─► ast::File ─ resolve::resolve ─► Model ─┬─ lint::lint(profile) ─► diagnostics
//! JSON ─ import::import ─────────────────────────────────► Model ┤
//!                                                                └─ emit::emit ─► NSG / route-table JSON
//! ```
//!
//! Flow questions (shadowing, "is management traffic allowed", `query`) all go
//! through one packet-set engine, [`flow`].

pub mod bounded;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod effective;
pub mod emit;
pub mod flow;
pub mod fmt;
pub mod import;
pub(crate) mod ipv4;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod profile;
pub mod profiles;
pub mod query;
pub mod region;
pub mod resolve;
pub mod source;
pub(crate) mod spread;
pub mod syntax;
pub mod tags;
pub mod workspace;
pub mod yaml;
