//! libFuzzer entry point of the `import` target: see `misec_fuzz::import` and
//! `src/harness.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    misec_fuzz::import(data);
});
