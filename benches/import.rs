//! Import speed: an ARM template with 4,000 rules and 400 routes, against
//! parsing the same text into `serde_json::Value` (the target: a whole check,
//! import and every lint, within 2x of that parse).

use criterion::{criterion_group, Criterion};
use misec::check::{check_json, Inferred, Options};
use misec::config::Config;
use misec::diagnostic::Diagnostic;
use misec::import::{import, ImportOptions};
use misec::source::{FileId, Sources};
use std::fmt::Write;
use std::hint::black_box;
use std::time::Instant;

fn template(rules: usize, routes: usize) -> String {
    let mut t = String::from(
        r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {"subnet": {"type": "string", "defaultValue": "10.0.0.0/24"}},
  "resources": [{"type": "Microsoft.Network/networkSecurityGroups", "name": "nsg", "properties": {"securityRules": ["#,
    );
    for i in 0..rules {
        let sep = if i == 0 { "" } else { "," };
        let direction = if i % 2 == 0 { "Inbound" } else { "Outbound" };
        let _ = write!(
            t,
            r#"{sep}
    {{"name": "rule-{i}", "properties": {{"description": "generated rule {i}", "protocol": "Tcp",
      "sourcePortRange": "*", "destinationPortRanges": ["{p}", "11000-11999"],
      "sourceAddressPrefix": "10.{a}.{b}.0/24", "destinationAddressPrefix": "[parameters('subnet')]",
      "access": "Allow", "priority": {prio}, "direction": "{direction}"}}}}"#,
            p = 1000 + i % 5000,
            a = i / 256 % 256,
            b = i % 256,
            prio = 100 + i / 2,
        );
    }
    t.push_str("]}},\n  {\"type\": \"Microsoft.Network/routeTables\", \"name\": \"rt\", \"properties\": {\"routes\": [");
    for i in 0..routes {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(
            t,
            r#"{sep}
    {{"name": "route-{i}", "properties": {{"addressPrefix": "{a}.{b}.0.0/16", "nextHopType": "Internet"}}}}"#,
            a = 20 + i / 256,
            b = i % 256,
        );
    }
    t.push_str("]}}]}\n");
    t
}

/// A whole check of `text`, as `misec check t.json --profile mi-2020-manual`
/// runs it (without printing).
fn check(text: &str) -> (Vec<Diagnostic>, Option<Inferred>) {
    let mut sources = Sources::new();
    let id = sources.add("t.json", text.to_string());
    let options = Options::with_profile(Some("mi-2020-manual".into()));
    check_json(
        &mut sources,
        id,
        &Config::default(),
        &options,
        &ImportOptions::default(),
    )
}

fn bench(c: &mut Criterion) {
    let text = template(4000, 400);
    let (model, diags) = import(FileId(0), &text, &ImportOptions::default());
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(model.vnets.len(), 1);
    let mut group = c.benchmark_group("import-4000-rules-400-routes");
    group.throughput(criterion::Throughput::Bytes(text.len() as u64));
    group.bench_function("misec::import", |b| {
        b.iter(|| import(FileId(0), black_box(&text), &ImportOptions::default()))
    });
    group.bench_function("misec check (import + lints)", |b| b.iter(|| check(&text)));
    group.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)))
    });
    group.finish();
}

/// The target as a ratio that a noisy, shared machine cannot skew: the two
/// jobs run alternately, and the best time of each is compared.
fn ratio(text: &str) {
    let whole = || {
        black_box(check(text));
    };
    let parse = || {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(text)).is_ok());
    };
    let best = |f: &dyn Fn(), best: &mut f64| {
        let start = Instant::now();
        f();
        *best = best.min(start.elapsed().as_secs_f64());
    };
    // MISEC_RATIO_ROUNDS=1 under callgrind gives instruction counts instead
    let rounds: usize = std::env::var("MISEC_RATIO_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(100);
    let (mut c, mut p) = (f64::MAX, f64::MAX);
    for _ in 0..rounds {
        best(&whole, &mut c);
        best(&parse, &mut p);
    }
    println!(
        "check / serde_json::Value parse, best of {rounds} alternating runs: {:.1} ms / {:.1} ms = {:.2}x (target: at most 2x)",
        c * 1e3,
        p * 1e3,
        c / p
    );
}

criterion_group!(benches, bench);

fn main() {
    ratio(&template(4000, 400));
    benches();
    Criterion::default().configure_from_args().final_summary();
}
