//! The fuzz targets of misec: each runs one function of `harness.rs` under a
//! hang watchdog. The regression test `tests/fuzz_regressions.rs` includes
//! `harness.rs` itself, so a saved input replays through exactly the code
//! the fuzzer ran.
//!
//! Why a watchdog of our own: libFuzzer's `-timeout` fires SIGALRM on the
//! fuzzing thread and its handler allocates; without a sanitizer's allocator
//! that deadlocks whenever the signal lands inside `malloc` or `free`, and a
//! busy machine fires wall-clock timeouts on inputs that were only starved of
//! CPU. The watchdog is a thread that reads the fuzzing thread's CPU time
//! from `/proc` and aborts once one input has used `MISEC_FUZZ_HANG_SECS`
//! seconds (default 1) of it: libFuzzer saves that input as a `crash-*`
//! artifact, and the message below says it was a hang.

mod harness;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

/// CPU ticks (1/100 s) of the fuzzing thread when the current input started;
/// `NONE` between inputs.
static STARTED: AtomicU64 = AtomicU64::new(NONE);
const NONE: u64 = u64::MAX;
/// Linux's `USER_HZ` on every architecture misec is fuzzed on.
const TICKS_PER_SECOND: u64 = 100;

pub fn misec(data: &[u8]) {
    watched(|| harness::misec(data));
}

pub fn import(data: &[u8]) {
    watched(|| harness::import(data));
}

pub fn query(data: &[u8]) {
    watched(|| harness::query(data));
}

pub fn yaml(data: &[u8]) {
    watched(|| harness::yaml(data));
}

fn watched<T>(run: impl FnOnce() -> T) -> T {
    let stat = STAT.get_or_init(start_watchdog);
    if let Some(stat) = stat {
        STARTED.store(cpu_ticks(stat).unwrap_or(NONE), Ordering::SeqCst);
    }
    let out = run();
    STARTED.store(NONE, Ordering::SeqCst);
    out
}

/// `/proc/PID/task/TID/stat` of the fuzzing thread, once the watchdog runs;
/// `None` where `/proc` cannot tell (no watchdog then).
static STAT: OnceLock<Option<String>> = OnceLock::new();

fn start_watchdog() -> Option<String> {
    let me = std::fs::read_link("/proc/thread-self").ok()?;
    let stat = format!("/proc/{}/stat", me.display());
    cpu_ticks(&stat)?;
    let limit = std::env::var("MISEC_FUZZ_HANG_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(1)
        * TICKS_PER_SECOND;
    let path = stat.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(100));
        let started = STARTED.load(Ordering::SeqCst);
        if started == NONE {
            continue;
        }
        let Some(now) = cpu_ticks(&path) else {
            continue;
        };
        // the input may have ended while we read: only the same one counts
        if STARTED.load(Ordering::SeqCst) == started && now.saturating_sub(started) > limit {
            eprintln!(
                "==misec-fuzz== HANG: one input used more than {} s of CPU",
                limit / TICKS_PER_SECOND
            );
            std::process::abort();
        }
    });
    Some(stat)
}

/// User plus system CPU time of a thread, in ticks, from its `stat` file.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let text = std::fs::read_to_string(stat).ok()?;
    // fields after the command name (which may contain spaces) in `(...)`;
    // utime and stime are the 14th and 15th fields, the 12th and 13th here
    let rest = text.rsplit_once(')')?.1;
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}
