//! The whole pipeline on a generated file of 1,000 rules and 400 routes
//! (`tests/common/gen.rs`: sets, prefixes, port lists, tags, three subnets):
//! parse, resolve, parse+resolve, full check (lints included), build (plan and
//! ARM emit); end to end (check and build) on every `examples/*.misec`; and
//! the full check at 100, 1,000 and 4,000 rules to show how it grows.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark data

#[path = "../tests/common/gen.rs"]
mod gen;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use misec::check::{analyse, front_end, Options};
use misec::config::Config;
use misec::diagnostic::Severity;
use misec::emit;
use misec::source::{FileId, Sources};

fn load(text: &str) -> (Sources, FileId) {
    let mut sources = Sources::new();
    let id = sources.add("bench.misec", text.to_string());
    (sources, id)
}

/// Check, then plan and emit ARM, as `misec build` does.
fn build(text: &str) -> String {
    let (mut sources, id) = load(text);
    let a = analyse(&mut sources, id, &Config::default(), &Options::default());
    assert!(
        !a.diagnostics.iter().any(|d| d.severity == Severity::Error),
        "the benchmark input has errors"
    );
    let plan = emit::plan(a.model.as_ref().unwrap(), &a.profiles);
    emit::arm(&plan, false).unwrap()
}

fn bench(c: &mut Criterion) {
    let text = gen::misec_file(1000, 400);
    let (sources, id) = load(&text);
    let (ast, _) = misec::syntax::parse(id, &text);

    let mut g = c.benchmark_group("1000 rules 400 routes");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("parse", |b| {
        b.iter(|| misec::syntax::parse(id, black_box(&text)))
    });
    g.bench_function("resolve", |b| {
        b.iter(|| misec::resolve::resolve(black_box(&ast)))
    });
    g.bench_function("parse+resolve", |b| {
        b.iter(|| front_end(black_box(&sources), id))
    });
    g.bench_function("check", |b| {
        b.iter(|| {
            let (mut s, id) = load(&text);
            analyse(&mut s, id, &Config::default(), &Options::default())
        })
    });
    let (mut s, id2) = load(&text);
    let a = analyse(&mut s, id2, &Config::default(), &Options::default());
    let model = a.model.unwrap();
    g.bench_function("build (plan + arm)", |b| {
        b.iter(|| emit::arm(&emit::plan(black_box(&model), &a.profiles), false).unwrap())
    });
    g.finish();

    let examples: Vec<String> = {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "misec"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    };
    c.bench_function("examples end to end (check + build)", |b| {
        b.iter(|| {
            for t in &examples {
                black_box(build(t));
            }
        })
    });

    let mut g = c.benchmark_group("check by size");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for rules in [100, 1000, 4000] {
        let text = gen::misec_file(rules, rules * 2 / 5);
        g.bench_with_input(BenchmarkId::from_parameter(rules), &text, |b, text| {
            b.iter(|| {
                let (mut s, id) = load(text);
                analyse(&mut s, id, &Config::default(), &Options::default())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
