//! Helpers shared by several integration tests: the real binary on generated
//! input (`cli`), the shared corpus and `misec import` through the library
//! (`corpus`), verdict comparison of a source and a compiled configuration on
//! generated flows (`equivalence`, `verdicts`), generated large files (`gen`,
//! also used by `benches/pipeline.rs`), golden files (`golden`), the build
//! inputs (`inputs`), the library pipeline (`pipeline`), random diagnostics
//! (`reports`) and offline schema
//! validation (`schema`). Each test binary uses only part of them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod cli;
pub mod corpus;
pub mod equivalence;
pub mod gen;
pub mod golden;
pub mod inputs;
pub mod pipeline;
pub mod props;
pub mod reports;
pub mod schema;
pub mod verdicts;
