//! Replays what the fuzzers found. Every file `tests/fixtures/fuzz/TARGET/NAME.input`
//! once crashed, hung or blew up the memory of the fuzz target `TARGET`
//! (`misec`, `import`, `query`, `yaml`; see `fuzz/README.md`). It runs through
//! the very function the fuzzer calls (`fuzz/src/harness.rs`, included below),
//! which must return within a time bound, and what the user is told (the
//! diagnostics' severities and codes, or the query's answers) must be exactly
//! `NAME.expected`, one per line. After an intended change of those answers,
//! `MISEC_BLESS=1 cargo test --test fuzz_regressions` rewrites the
//! `.expected` files; review the diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure should stop loudly

#[path = "../fuzz/src/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The fuzzers call an input a hang at 1 s in an optimised build; a test
/// build is unoptimised and the machine may be busy, so the bound here is
/// wider, and still far below what the original hangs took.
const BOUND: Duration = Duration::from_secs(20);

type Target = fn(&[u8]) -> Vec<String>;

const TARGETS: [(&str, Target); 4] = [
    ("misec", harness::misec),
    ("import", harness::import),
    ("query", harness::query),
    ("yaml", harness::yaml),
];

/// Runs `target` on `input` on its own thread: a panic or a hang fails the
/// test with the input's name instead of taking the whole run with it.
fn answer(name: &str, target: Target, input: Vec<u8>) -> Vec<String> {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    std::thread::spawn(move || {
        let _ = tx.send(target(&input));
    });
    match rx.recv_timeout(BOUND) {
        Ok(codes) => codes,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("`{name}` got no answer within {BOUND:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("`{name}` panicked after {:?}", start.elapsed())
        }
    }
}

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "input"))
        .collect();
    found.sort();
    found
}

#[test]
fn every_saved_input_gets_its_answer_in_time() {
    let bless = std::env::var_os("MISEC_BLESS").is_some();
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (target, run) in TARGETS {
        for path in inputs(target) {
            let name = format!("{target}/{}", path.file_name().unwrap().to_string_lossy());
            let codes = answer(&name, run, std::fs::read(&path).unwrap());
            let mut got = codes.join("\n");
            got.push('\n');
            let expected_path = path.with_extension("expected");
            if bless {
                std::fs::write(&expected_path, &got).unwrap();
            }
            let expected = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| format!("<{} missing>\n", expected_path.display()));
            if got != expected {
                failures.push(format!("{name}: expected\n{expected}got\n{got}"));
            }
            replayed += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("replayed {replayed} fuzz regression inputs");
}

/// The harness itself answers as `misec check` does: the examples are clean
/// (a harness that dropped the diagnostics would make every regression pass).
#[test]
fn the_harness_sees_what_check_sees() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for example in [
        "examples/manual-2020.misec",
        "examples/hub-spoke-firewall.misec",
    ] {
        let text = std::fs::read(root.join(example)).unwrap();
        assert_eq!(answer(example, harness::misec, text), Vec::<String>::new());
    }
    let broken = b"vnet v {\n  address 10.0.0.0/33\n}\n".to_vec();
    assert!(answer("broken", harness::misec, broken)
        .iter()
        .any(|c| c.starts_with("error E")));
    // the first example subnet is hub-spoke-firewall's, which lets the app spoke in
    let flow = b"tcp 10.61.0.5 -> 10.60.4.10:1433".to_vec();
    let answers = answer("flow", harness::query, flow);
    assert!(
        answers[0].starts_with("Allow Inbound by `allow-app-spoke`"),
        "{answers:?}"
    );
    let denied = answer(
        "flow",
        harness::query,
        b"tcp 10.1.2.3 -> 10.60.4.10:1433".to_vec(),
    );
    assert!(denied[0].starts_with("Deny Inbound"), "{denied:?}");
    let bad_flow = b"tpc 10.1.2.3 -> subnet".to_vec();
    assert_eq!(
        answer("bad flow", harness::query, bad_flow),
        ["invalid flow: unknown protocol `tpc`; use tcp, udp, icmp, esp, ah or any"]
    );
    let bad_json = b"{\"resources\": [".to_vec();
    assert!(answer("bad json", harness::import, bad_json)
        .iter()
        .any(|c| c == "error E301"));
    let config = b"severity:\n  SEC005: off\n  XX999: error\n".to_vec();
    assert_eq!(answer("config", harness::yaml, config)[0], "error E201");
}
