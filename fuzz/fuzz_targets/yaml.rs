//! libFuzzer entry point of the `yaml` target: see `misec_fuzz::yaml` and
//! `src/harness.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    misec_fuzz::yaml(data);
});
