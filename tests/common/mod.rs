//! Helpers shared by several integration tests: offline schema validation
//! (`schema`), verdict comparison of two configurations on generated flows
//! (`verdicts`), and running the pipeline on a `.misec` text (`pipeline`).
//! Each test binary uses only part of them.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod corpus;
pub mod equivalence;
pub mod gen;
pub mod golden;
pub mod pipeline;
pub mod schema;
pub mod verdicts;
