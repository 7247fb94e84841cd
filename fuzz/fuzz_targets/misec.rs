//! libFuzzer entry point of the `misec` target: see `misec_fuzz::misec` and
//! `src/harness.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    misec_fuzz::misec(data);
});
