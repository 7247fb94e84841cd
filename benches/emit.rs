//! Emitting a large plan: an NSG of 1,000 Azure rules (some split from
//! two-tag rules) and a route table of 400 routes, as an ARM template and as
//! REST bodies. Target: well under 20 ms per run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark data

#[path = "../tests/emit_plans/mod.rs"]
mod emit_plans;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use misec::emit::{arm, rest};

fn bench(c: &mut Criterion) {
    let plan = emit_plans::large(1000, 400);
    let text = arm(&plan, false).unwrap();
    assert_eq!(text.matches("\"priority\"").count(), 1000);
    c.bench_function("arm 1000 rules 400 routes", |b| {
        b.iter(|| arm(black_box(&plan), false).unwrap())
    });
    c.bench_function("rest 1000 rules 400 routes", |b| {
        b.iter(|| rest(black_box(&plan), "westeurope").unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
