//! (to be written)
pub mod json;
