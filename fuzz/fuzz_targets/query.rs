//! libFuzzer entry point of the `query` target: see `misec_fuzz::query` and
//! `src/harness.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    misec_fuzz::query(data);
});
