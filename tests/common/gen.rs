//! A generated, realistic `.misec` file of a given size, for the benchmark
//! (`benches/pipeline.rs`) and the tests: named address and port sets,
//! literal prefixes, port lists and ranges, service tags, several subnets.
//!
//! Input: the number of user rules and of routes. Output: the text. It is
//! deterministic (no randomness) and checks without errors: each subnet gets
//! at most 500 rules (plus the profile's four mandatory ones, under Azure's
//! 1,000) and at most 200 routes (under 400), and the rules' priorities are
//! assigned by the compiler.

use std::fmt::Write;

const RULES_PER_SUBNET: usize = 500;
const ROUTES_PER_SUBNET: usize = 200;

/// The text of a file with `rules` user rules and `routes` user routes
/// (a set route counts once per prefix).
pub fn misec_file(rules: usize, routes: usize) -> String {
    let subnets = rules
        .div_ceil(RULES_PER_SUBNET)
        .max(routes.div_ceil(ROUTES_PER_SUBNET))
        .max(1);
    let mut s = String::from("# generated\nprofile mi-2024\n\n");
    let sets = (rules / 20).max(1);
    for k in 0..sets {
        let (a, b) = (k / 200, k % 200);
        writeln!(
            s,
            "let clients-{k} = [172.{}.{b}.0/28, 172.{}.{b}.64/27, 192.168.{b}.{}]",
            16 + a,
            16 + a,
            128 + (k % 100)
        )
        .unwrap();
    }
    s.push_str("let tds = [1433, 11000-11999]\nlet web = [80, 443, 8080-8090]\n\n");
    s.push_str("vnet big {\n  address 10.0.0.0/8\n  region westeurope\n  gateway vpn\n");
    let mut rule = 0;
    let mut route = 0;
    for n in 0..subnets {
        // never more than RULES_PER_SUBNET: `subnets` was sized for that
        let here = (rules - rule).div_ceil(subnets - n);
        let here_routes = (routes - route)
            .div_ceil(subnets - n)
            .min(ROUTES_PER_SUBNET);
        writeln!(
            s,
            "\n  subnet mi-{n} {{\n    address 10.{n}.0.0/24\n    delegated\n"
        )
        .unwrap();
        let inbound = here.div_ceil(2);
        s.push_str("    inbound {\n");
        for i in 0..inbound {
            let id = rule + i;
            let set = id % sets;
            let line = match id % 5 {
                0 => format!("allow tcp from clients-{set} to subnet port tds"),
                1 => format!(
                    "allow udp from 100.{}.{}.0/24 to subnet port [{}, {}]",
                    64 + id / 256 % 64,
                    id % 256,
                    2000 + id % 1000,
                    5000 + id % 1000
                ),
                2 => format!("deny tcp from Internet to subnet port {}", 3000 + id % 2000),
                3 => format!("allow tcp from [clients-{set}, 10.200.{}.0/24] port 1024-65535 to subnet port web", id % 256),
                _ => format!("allow any from AzureLoadBalancer to subnet port {}", 6000 + id % 3000),
            };
            writeln!(s, "      in-{id}: {line}").unwrap();
        }
        s.push_str("      default deny\n    }\n\n    outbound {\n");
        for i in inbound..here {
            let id = rule + i;
            let set = id % sets;
            let line = match id % 4 {
                0 => format!("allow tcp from subnet to clients-{set} port tds"),
                1 => format!(
                    "allow tcp from subnet to Storage.westeurope port {}",
                    443 + id % 7
                ),
                2 => format!(
                    "deny udp from subnet to 100.{}.{}.0/24 port {}-{}",
                    64 + id / 256 % 64,
                    id % 256,
                    7000 + id % 100,
                    7100 + id % 100
                ),
                _ => "allow tcp from subnet to [AzureMonitor, AzureActiveDirectory] port 443"
                    .to_string(),
            };
            writeln!(s, "      out-{id}: {line}").unwrap();
        }
        s.push_str("    }\n\n    routes {\n");
        for i in 0..here_routes {
            let id = route + i;
            let (a, b) = (id / 256, id % 256);
            let hop = match id % 4 {
                0 => "appliance 10.0.0.4".to_string(),
                1 => "gateway".to_string(),
                2 => "internet".to_string(),
                _ => "none".to_string(),
            };
            writeln!(s, "      rt-{id}: 100.{}.{b}.0/24 via {hop}", 128 + a % 64).unwrap();
        }
        s.push_str("    }\n  }\n");
        rule += here;
        route += here_routes;
    }
    s.push_str("}\n");
    s
}
