//! `misec diff` speed: two generated files of 1,000 rules (and 400 routes,
//! `tests/common/gen.rs`) that differ in one rule, against a `misec check`
//! of one of them (the target: the diff within 3x of that check). The ratio
//! comes first, best of 20 alternating runs (a shared machine's noise does
//! not skew it; `MISEC_RATIO_ROUNDS` changes the count), then criterion's
//! measurements of both.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark data

#[path = "../tests/common/gen.rs"]
mod gen;

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, Criterion};
use misec::check::{analyse, Analysis, Options};
use misec::config::Config;
use misec::diff::{diff, Report, Side};
use misec::source::Sources;

/// The two sides: NEW changes one inbound rule in the middle of the first
/// subnet (a port, as a pull request would).
fn sides() -> (String, String) {
    let old = gen::misec_file(1000, 400);
    let line = old
        .lines()
        .find(|l| l.trim_start().starts_with("in-120:"))
        .expect("the generated file has rule in-120")
        .to_string();
    let changed = "      in-120: allow tcp from 10.99.0.0/16 to subnet port 1433";
    let new = old.replacen(&line, changed, 1);
    assert_ne!(old, new);
    (old, new)
}

/// `misec check FILE` without printing.
fn check(text: &str) -> Analysis {
    let mut sources = Sources::new();
    let id = sources.add("old.misec", text.to_string());
    analyse(&mut sources, id, &Config::default(), &Options::default())
}

/// `misec diff OLD NEW` without printing: both sides analysed, then compared.
fn run_diff(old: &str, new: &str) -> Report {
    let options = Options::default();
    let mut sources = Sources::new();
    let o = sources.add("old.misec", old.to_string());
    let n = sources.add("new.misec", new.to_string());
    let a = analyse(&mut sources, o, &Config::default(), &options);
    let b = analyse(&mut sources, n, &Config::default(), &options);
    diff(side(&a), side(&b), None).unwrap()
}

fn side(x: &Analysis) -> Side<'_> {
    Side {
        model: x.model.as_ref().unwrap(),
        profiles: &x.profiles,
        tags: None,
    }
}

fn bench(c: &mut Criterion) {
    let (old, new) = sides();
    let mut group = c.benchmark_group("diff-1000-rules-one-changed");
    group.sample_size(20);
    group.bench_function("misec check (one side)", |b| {
        b.iter(|| check(black_box(&old)))
    });
    group.bench_function("misec diff", |b| {
        b.iter(|| run_diff(black_box(&old), black_box(&new)))
    });
    group.finish();
}

fn ratio(old: &str, new: &str) {
    let report = run_diff(old, new);
    assert!(
        !report.changes.is_empty(),
        "the changed rule changes traffic"
    );
    let best = |f: &dyn Fn(), best: &mut f64| {
        let start = Instant::now();
        f();
        *best = best.min(start.elapsed().as_secs_f64());
    };
    let rounds: usize = std::env::var("MISEC_RATIO_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let (mut d, mut c) = (f64::MAX, f64::MAX);
    for _ in 0..rounds {
        best(&|| drop(black_box(run_diff(old, new))), &mut d);
        best(&|| drop(black_box(check(old))), &mut c);
    }
    println!(
        "diff / check of one side, best of {rounds} alternating runs: {:.1} ms / {:.1} ms = {:.2}x (target: at most 3x)",
        d * 1e3,
        c * 1e3,
        d / c
    );
}

criterion_group!(benches, bench);

fn main() {
    let (old, new) = sides();
    ratio(&old, &new);
    benches();
    Criterion::default().configure_from_args().final_summary();
}
