//! misec at the scale users have, as whole processes against the floor (a
//! process that only parses the same JSON into `serde_json::Value`): the
//! targets of the performance work, printed as ratios.
//!
//! ```text
//! cargo bench --bench scale                 every job
//! cargo bench --bench scale -- fleet dense  the jobs whose key is named
//! ```
//! Keys: `small` (a 10-rule `.misec`), `medium` (1,000 rules), `realistic`
//! (a 4,000-rule / 400-route ARM template), `dense` (1,000 rules that all
//! overlap), `fleet` (500 exported templates in one call, `--format json`,
//! with peak memory), `fleet-5000` (peak memory of 5,000 files; only when
//! named). Inputs come from `benches/support/gen.rs` (seeded, realistic);
//! for a `.misec` job the floor parses an ARM template of the same rules.
//! `MISEC_SCALE_ROUNDS` sets the runs per side (default 15; 5 for fleets),
//! `MISEC_SCALE_CALLGRIND=1` adds instruction counts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark data

#[path = "support/gen.rs"]
mod gen;
#[path = "support/process.rs"]
mod process;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use process::Job;

fn rounds(default: usize) -> usize {
    std::env::var("MISEC_SCALE_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(default)
}

fn args(items: &[&str], paths: &[&Path]) -> Vec<OsString> {
    let mut v: Vec<OsString> = items.iter().map(OsString::from).collect();
    v.extend(paths.iter().map(|p| p.as_os_str().to_owned()));
    v
}

/// A `.misec` job: the file, and the ARM template of the same rules that
/// the floor parses.
fn misec_job(dir: &Path, key: &str, name: &str, rules: usize, routes: usize, target: f64) -> Job {
    let seed = rules as u64;
    let file = process::write(
        dir,
        &format!("{key}.misec"),
        &gen::misec(rules, routes, seed, false),
    );
    let floor = process::write(
        dir,
        &format!("{key}.floor.json"),
        &gen::arm(rules, routes, seed, true, false),
    );
    Job {
        name: name.into(),
        misec: args(&["check"], &[&file]),
        floor_files: vec![floor],
        target,
    }
}

fn template_job(
    dir: &Path,
    key: &str,
    name: &str,
    rules: usize,
    routes: usize,
    dense: bool,
    target: f64,
) -> Job {
    let file = process::write(
        dir,
        &format!("{key}.json"),
        &gen::arm(rules, routes, rules as u64 + 7, true, dense),
    );
    Job {
        name: name.into(),
        misec: args(&["check"], &[&file]),
        floor_files: vec![file],
        target,
    }
}

/// `files` exported templates (40 rules, 20 routes; half of them with the
/// platform's rules) in `dir/fleet-N/`, named on the command line as a
/// fleet script names them (a directory is searched for `.misec` files).
fn fleet(dir: &Path, files: usize) -> (PathBuf, Vec<PathBuf>) {
    let here = dir.join(format!("fleet-{files}"));
    std::fs::create_dir_all(&here).unwrap();
    let paths = (0..files)
        .map(|i| {
            process::write(
                &here,
                &format!("nsg-{i:05}.json"),
                &gen::arm(40, 20, 1000 + i as u64, i % 2 == 0, false),
            )
        })
        .collect();
    (here, paths)
}

fn main() {
    if process::floor_main() {
        return;
    }
    // `cargo bench` passes `--bench`; every other word names a job
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let run = |key: &str| {
        if key == "fleet-5000" {
            wanted.iter().any(|w| w == key)
        } else {
            wanted.is_empty() || wanted.iter().any(|w| w == key)
        }
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scale");
    std::fs::create_dir_all(&dir).unwrap();
    println!("whole processes, median of alternating runs; the floor parses the same JSON into serde_json::Value");

    let mut jobs = Vec::new();
    if run("small") {
        jobs.push(misec_job(
            &dir,
            "small",
            "check of a 10-rule .misec",
            10,
            2,
            2.5,
        ));
    }
    if run("medium") {
        jobs.push(misec_job(
            &dir,
            "medium",
            "check of a 1,000-rule .misec",
            1000,
            100,
            2.0,
        ));
    }
    if run("realistic") {
        jobs.push(template_job(
            &dir,
            "realistic",
            "check of a realistic 4,000-rule / 400-route template",
            4000,
            400,
            false,
            2.0,
        ));
    }
    if run("dense") {
        jobs.push(template_job(
            &dir,
            "dense",
            "check of a dense 1,000-rule policy",
            1000,
            0,
            true,
            5.0,
        ));
    }
    for job in &jobs {
        process::ratio(job, rounds(15));
        process::instruction_ratio(job);
    }

    if run("fleet") {
        let (_, files) = fleet(&dir, 500);
        let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        let job = Job {
            name: "check of 500 exported templates, --format json".into(),
            misec: args(&["check", "--format", "json"], &paths),
            floor_files: files,
            target: 3.0,
        };
        process::ratio(&job, rounds(5));
        if let Some(kb) = process::peak_kb(&job.misec) {
            println!("{:<44} peak memory: {:.1} MB", "", kb as f64 / 1024.0);
        }
    }
    if run("fleet-5000") {
        let (_, files) = fleet(&dir, 5000);
        let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        if let Some(kb) = process::peak_kb(&args(&["check", "--format", "json"], &paths)) {
            println!(
                "{:<44} peak memory: {:.1} MB",
                "check of 5,000 exported templates, json",
                kb as f64 / 1024.0
            );
        }
    }
}
