//! The configuration every property test runs with.

use proptest::test_runner::{Config, RngSeed};

/// A fixed seed: the same cases on every run, so CI is deterministic.
/// `MISEC_PROPTEST_SEED=N` explores other cases locally.
pub fn config(cases: u32) -> Config {
    let seed = std::env::var("MISEC_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x006d_6973_6563);
    Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    }
}
