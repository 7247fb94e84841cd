//! A seeded linear congruential generator for the flow engine's unit tests
//! (bounds, boxes): the same generated sets on every run, without a
//! dependency.

pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    /// The next number in `0..n`.
    pub(super) fn below(&mut self, n: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as u32) % n
    }
}
