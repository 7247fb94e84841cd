//! Whole-process measurements for the scale benchmarks: `misec` as a user
//! runs it against a *floor*, a process that only reads the same JSON and
//! parses it into `serde_json::Value`.
//!
//! The floor is this benchmark binary itself, started again with `--floor
//! FILE...` (see [`floor_main`]), so that no second program has to be built.
//! Each comparison alternates the two processes and takes the median of
//! each, so a shared, noisy machine skews both alike; `MISEC_SCALE_CALLGRIND=1`
//! also counts instructions under `valgrind --tool=callgrind`, which noise
//! does not touch. Peak memory comes from GNU time (`/usr/bin/time -f %M`)
//! where it is installed.
#![allow(dead_code)] // each benchmark uses part of it

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Acts as the floor when started with `--floor FILE...`: reads each file
/// and parses it into `serde_json::Value`, one after the other. Returns
/// false (and does nothing) otherwise.
pub fn floor_main() -> bool {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if args.first().map(|a| a != "--floor").unwrap_or(true) {
        return false;
    }
    let mut ok = 0usize;
    for path in &args[1..] {
        let text = std::fs::read_to_string(path).expect("the floor reads its input");
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        ok += usize::from(!value.is_null());
    }
    std::hint::black_box(ok);
    true
}

/// One comparison: `misec ARGS` against the floor over `floor_files`.
pub struct Job {
    pub name: String,
    pub misec: Vec<OsString>,
    pub floor_files: Vec<PathBuf>,
    /// The target, as a ratio to the floor.
    pub target: f64,
}

fn misec() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_misec"));
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn floor(files: &[PathBuf]) -> Command {
    let mut c = Command::new(std::env::current_exe().expect("the benchmark's own path"));
    c.arg("--floor").args(files);
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

/// Runs `cmd` to its end and returns how long it took. misec's exit codes 0
/// and 1 (findings) are both a finished run; anything else stops the
/// benchmark, because a crashed run measures nothing.
fn time(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let status = cmd.status().expect("the process starts");
    let took = start.elapsed();
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "{cmd:?} failed: {status}"
    );
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

/// Prints `name: misec X ms / floor Y ms = Z× (target ≤ T×)` from `rounds`
/// alternating runs of each, and returns the ratio of the medians.
pub fn ratio(job: &Job, rounds: usize) -> f64 {
    let (mut m, mut f) = (Vec::new(), Vec::new());
    // one unmeasured run of each: the page cache, not misec, pays for the
    // first read of the files
    time(misec().args(&job.misec));
    time(&mut floor(&job.floor_files));
    for _ in 0..rounds.max(1) {
        m.push(time(misec().args(&job.misec)));
        f.push(time(&mut floor(&job.floor_files)));
    }
    let (m, f) = (median(m), median(f));
    let r = m.as_secs_f64() / f.as_secs_f64();
    println!(
        "{:<44} misec {:>8.1} ms / floor {:>7.1} ms = {:>5.2}x  (target: at most {}x){}",
        job.name,
        m.as_secs_f64() * 1e3,
        f.as_secs_f64() * 1e3,
        r,
        job.target,
        if r <= job.target { "" } else { "  MISSED" }
    );
    r
}

/// Instructions of one run under callgrind (`None` without valgrind).
fn instructions(cmd: &Command) -> Option<u64> {
    let mut c = Command::new("valgrind");
    c.args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdout(Stdio::null());
    let out = c.output().ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().find(|l| l.contains("Collected :"))?;
    line.rsplit(':').next()?.trim().parse().ok()
}

/// With `MISEC_SCALE_CALLGRIND=1`: instructions of misec and of the floor,
/// and their ratio.
pub fn instruction_ratio(job: &Job) {
    if std::env::var_os("MISEC_SCALE_CALLGRIND").is_none() {
        return;
    }
    let mut m = misec();
    m.args(&job.misec);
    match (instructions(&m), instructions(&floor(&job.floor_files))) {
        (Some(m), Some(f)) => println!(
            "{:<44} instructions: misec {m} / floor {f} = {:.2}x",
            "",
            m as f64 / f as f64
        ),
        _ => println!("{:<44} instructions: valgrind is not installed", ""),
    }
}

/// Peak resident memory of one misec run, in kilobytes, from GNU time.
pub fn peak_kb(args: &[OsString]) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_misec"))
        .args(args)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines().last()?.trim().parse().ok()
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the benchmark writes its inputs");
    path
}
