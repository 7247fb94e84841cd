//! The packet-set engine on generated NSGs of 100, 1,000 and 4,000 rules:
//! building the policy, one `decide`, the management-traffic `coverage`,
//! and the full SEC003 pass (`shadowed` for every rule).
//!
//! The rules are deterministic (a fixed linear congruential generator):
//! mixed IPv4 prefixes (/8 to /32, private and public), some IPv6, port
//! lists and ranges, a few service tags, both accesses, all protocols; and a
//! dense variant (wide prefixes, many `any`) where half the rules are shadowed.

// benchmark setup unwraps known-good constants
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ipnet::IpNet;
use misec::flow::{build, Context, Flow, Policy, Proto};
use misec::model::{
    Access, Address, AddressItem, Direction, PortItem, PortRange, Protocol, RuleOrigin,
    SecurityRule,
};
use misec::source::{Span, Spanned};

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n.max(1)
    }
}

const TAGS: [&str; 5] = [
    "Internet",
    "Storage",
    "SqlManagement",
    "AzureMonitor",
    "VirtualNetwork",
];
const PORTS: [u16; 10] = [22, 80, 443, 1433, 3342, 3389, 5022, 8080, 9000, 445];

/// `dense`: many `any`s and wide prefixes, so that half the rules end up
/// shadowed (a stress case); otherwise mostly specific prefixes.
fn address(rng: &mut Lcg, dense: bool) -> Address {
    let k = rng.below(if dense { 20 } else { 50 });
    match k {
        0 => Address::Any,
        1 | 2 => Address::Tag(TAGS[rng.below(5) as usize].to_string()),
        3 => {
            let ip = std::net::Ipv6Addr::new(0x2001, 0xdb8, rng.below(16) as u16, 0, 0, 0, 0, 0);
            Address::Prefix(
                IpNet::new(ip.into(), 48 + rng.below(17) as u8)
                    .unwrap()
                    .trunc(),
            )
        }
        k if dense => {
            let base = if k < 12 { 10 << 24 } else { rng.next() };
            let ip = std::net::Ipv4Addr::from(base | (rng.next() & 0x00FF_FFFF));
            Address::Prefix(
                IpNet::new(ip.into(), 8 + rng.below(25) as u8)
                    .unwrap()
                    .trunc(),
            )
        }
        k => {
            let (base, min_len) = if k < 30 {
                (10 << 24, 16)
            } else {
                (rng.next(), 20)
            };
            let ip = std::net::Ipv4Addr::from(base | (rng.next() & 0x00FF_FFFF));
            let len = min_len + rng.below(33 - min_len as u32) as u8;
            Address::Prefix(IpNet::new(ip.into(), len).unwrap().trunc())
        }
    }
}

fn ports(rng: &mut Lcg, dense: bool) -> Vec<PortRange> {
    match rng.below(if dense { 4 } else { 12 }) {
        0 => vec![PortRange::ANY],
        1 => {
            let lo = rng.below(60000) as u16;
            vec![PortRange {
                lo,
                hi: lo + rng.below(2000) as u16,
            }]
        }
        2..=5 => (0..1 + rng.below(4))
            .map(|_| PortRange::single(PORTS[rng.below(10) as usize]))
            .collect(),
        _ => (0..1 + rng.below(3))
            .map(|_| PortRange::single(1024 + rng.below(60000) as u16))
            .collect(),
    }
}

fn nsg(n: usize, seed: u64, dense: bool) -> Vec<SecurityRule> {
    let mut rng = Lcg(seed);
    let sp = Span::default();
    let items = |v: Vec<Address>| {
        v.into_iter()
            .map(|address| AddressItem {
                address,
                span: sp,
                via: None,
            })
            .collect()
    };
    let port_items = |v: Vec<PortRange>| {
        v.into_iter()
            .map(|range| PortItem {
                range,
                span: sp,
                via: None,
            })
            .collect()
    };
    (0..n)
        .map(|k| {
            let src = (0..1 + rng.below(3))
                .map(|_| address(&mut rng, dense))
                .collect();
            let dst = (0..1 + rng.below(2))
                .map(|_| address(&mut rng, dense))
                .collect();
            let protocol =
                [Protocol::Tcp, Protocol::Tcp, Protocol::Udp, Protocol::Any][rng.below(4) as usize];
            let access = if rng.below(3) == 0 {
                Access::Deny
            } else {
                Access::Allow
            };
            SecurityRule {
                name: Spanned::new(format!("rule-{k}"), sp),
                direction: Direction::Inbound,
                access: Spanned::new(access, sp),
                protocol: Spanned::new(protocol, sp),
                source: items(src),
                source_ports: port_items(if rng.below(8) == 0 {
                    ports(&mut rng, dense)
                } else {
                    vec![PortRange::ANY]
                }),
                destination: items(dst),
                destination_ports: port_items(ports(&mut rng, dense)),
                priority: None,
                description: None,
                origin: RuleOrigin::User,
                span: sp,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let vnet: Vec<IpNet> = vec!["10.20.0.0/16".parse().unwrap()];
    let ctx = Context::new(None, &vnet);
    let subnet = [Address::Prefix("10.20.1.0/24".parse().unwrap())];
    let sql = [Address::Tag("SqlManagement".into())];
    let mi_ports = [9000, 9003, 1438, 1440, 1452].map(PortRange::single);
    let management = build::parts(
        &ctx,
        Protocol::Tcp,
        &sql,
        [PortRange::ANY],
        &subnet,
        mi_ports,
    )
    .certain;
    let flow = Flow {
        protocol: Proto::Tcp,
        src: Address::Prefix("203.0.113.7/32".parse().unwrap()),
        src_port: PortRange::single(50000),
        dst: Address::Prefix("10.20.1.10/32".parse().unwrap()),
        dst_port: PortRange::single(1433),
    };
    let mut group = c.benchmark_group("flow");
    group.sample_size(20);
    for n in [100usize, 1000, 4000] {
        let rules = nsg(n, 7, false);
        let numbered: Vec<(&SecurityRule, u32)> = rules.iter().zip(100u32..).collect();
        group.bench_with_input(BenchmarkId::new("build", n), &n, |b, _| {
            b.iter(|| Policy::new(&ctx, Direction::Inbound, black_box(&numbered)))
        });
        let policy = Policy::new(&ctx, Direction::Inbound, &numbered);
        group.bench_with_input(BenchmarkId::new("decide", n), &n, |b, _| {
            b.iter(|| policy.decide(black_box(&flow)))
        });
        group.bench_with_input(BenchmarkId::new("coverage", n), &n, |b, _| {
            b.iter(|| policy.coverage(black_box(&management)))
        });
        group.bench_with_input(BenchmarkId::new("shadowed_all", n), &n, |b, _| {
            b.iter(|| (0..n).filter(|&i| policy.shadowed(i).is_some()).count())
        });
        group.bench_with_input(BenchmarkId::new("redundant_all", n), &n, |b, _| {
            b.iter(|| (0..n).filter(|&i| policy.redundant(i)).count())
        });
        let shadowed = (0..n).filter(|&i| policy.shadowed(i).is_some()).count();
        let redundant = (0..n).filter(|&i| policy.redundant(i)).count();
        eprintln!("{n} rules: {shadowed} shadowed, {redundant} redundant");
        let dense = nsg(n, 7, true);
        let numbered: Vec<(&SecurityRule, u32)> = dense.iter().zip(100u32..).collect();
        let policy = Policy::new(&ctx, Direction::Inbound, &numbered);
        group.bench_with_input(BenchmarkId::new("shadowed_all_dense", n), &n, |b, _| {
            b.iter(|| (0..n).filter(|&i| policy.shadowed(i).is_some()).count())
        });
        let shadowed = (0..n).filter(|&i| policy.shadowed(i).is_some()).count();
        eprintln!("{n} dense rules: {shadowed} shadowed");
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
