//! (to be written)
mod eval;
#[cfg(test)]
mod eval_tests;
mod expr;
mod funcs;
pub mod json;
