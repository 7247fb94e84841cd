//! Realistic, seeded rule sets for the scale benchmarks (`benches/scale.rs`).
//!
//! Input: a size (rules, routes) and a seed. Output: the text of an ARM
//! template (what `az group export` or a pipeline holds) or of a `.misec`
//! file with the same rules. The same arguments give the same text on every
//! machine (a fixed linear congruential generator, no `rand`).
//!
//! "Realistic" means what exported NSGs look like, not what is convenient:
//! prefixes from /8 to /32 drawn inside a few shared networks (so rules
//! overlap and many are shadowed), service tags, single ports, ranges and
//! lists, about a quarter of the rules deny, protocols mostly TCP. An NSG
//! holds at most 1,000 rules (Azure's limit), so a larger rule count is
//! spread over several MI subnets, each with its NSG and route table.
//! `dense` makes every rule overlap every other: broad prefixes, wide port
//! ranges, the worst case for shadowing and redundancy.
#![allow(dead_code)] // each benchmark uses part of it

use std::fmt::Write;

/// User rules per NSG: Azure's limit of 1,000, less room for the platform's.
const PER_NSG: usize = 990;

/// A fixed, portable pseudo-random sequence (Knuth's MMIX constants).
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x2545_F491_4F6C_DD1D)
    }
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: u32) -> u32 {
        self.next() % n.max(1)
    }
    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u32) as usize]
    }
}

/// One side of a rule.
#[derive(Clone, Debug)]
enum Addr {
    Any,
    /// This rule's subnet.
    Subnet,
    Tag(&'static str),
    Prefixes(Vec<String>),
}

#[derive(Clone, Debug)]
enum Ports {
    Any,
    List(Vec<(u16, u16)>),
}

#[derive(Clone, Debug)]
struct Rule {
    inbound: bool,
    deny: bool,
    protocol: &'static str,
    source: Addr,
    destination: Addr,
    ports: Ports,
}

const INBOUND_TAGS: &[&str] = &[
    "Internet",
    "VirtualNetwork",
    "AzureLoadBalancer",
    "AzureCloud.westeurope",
    "GatewayManager",
    "AzureMonitor",
];
const OUTBOUND_TAGS: &[&str] = &[
    "Internet",
    "Storage",
    "Storage.westeurope",
    "AzureActiveDirectory",
    "AzureMonitor",
    "Sql.westeurope",
    "AzureCloud",
];

/// The shared networks prefixes are drawn from: a hub, spokes, on-premises
/// ranges and a few public blocks, as (first octet, second octet, length).
const NETWORKS: &[(u8, u8, u8)] = &[
    (10, 0, 8),
    (10, 20, 16),
    (10, 40, 14),
    (172, 16, 12),
    (192, 168, 16),
    (100, 64, 10),
    (20, 50, 15),
    (52, 160, 11),
    (40, 112, 13),
];

fn prefix(rng: &mut Lcg, dense: bool) -> String {
    prefix_in(rng, dense, NETWORKS.len())
}

/// A prefix in one of the first `networks` of [`NETWORKS`].
fn prefix_in(rng: &mut Lcg, dense: bool, networks: usize) -> String {
    let (a, b, base) = NETWORKS[rng.below(networks as u32) as usize];
    // lengths skewed to /16../28, with some /8-level and host routes
    let len = if dense {
        base + rng.below(4) as u8
    } else {
        match rng.below(10) {
            0 => base,
            1 => 32,
            2..=4 => 24,
            5 => 28,
            _ => (base + 1 + rng.below((30 - base as u32).max(1)) as u8).min(32),
        }
    };
    let len = len.max(base).min(32);
    let network = (u32::from(a) << 24) | (u32::from(b) << 16);
    let free = 32 - u32::from(base);
    let offset = if free == 0 {
        0
    } else {
        rng.next() & ((1u32 << free) - 1)
    };
    let address = network | offset;
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    let address = address & mask;
    format!(
        "{}.{}.{}.{}/{len}",
        address >> 24,
        (address >> 16) & 255,
        (address >> 8) & 255,
        address & 255
    )
}

fn addresses(rng: &mut Lcg, dense: bool, tags: &[&'static str]) -> Addr {
    if dense {
        return match rng.below(10) {
            0 => Addr::Any,
            1 => Addr::Tag(tags[rng.below(tags.len() as u32) as usize]),
            _ => Addr::Prefixes((0..1 + rng.below(2)).map(|_| prefix(rng, true)).collect()),
        };
    }
    match rng.below(100) {
        0..=9 => Addr::Any,
        10..=24 => Addr::Tag(tags[rng.below(tags.len() as u32) as usize]),
        25..=39 => Addr::Prefixes((0..2 + rng.below(3)).map(|_| prefix(rng, false)).collect()),
        _ => Addr::Prefixes(vec![prefix(rng, false)]),
    }
}

fn ports(rng: &mut Lcg, dense: bool) -> Ports {
    const WELL_KNOWN: &[u16] = &[1433, 443, 80, 22, 3389, 5022, 1434, 53, 445, 8080, 9000];
    if dense {
        let lo = rng.below(2000) as u16;
        return Ports::List(vec![(lo, lo + 20_000 + rng.below(40_000) as u16)]);
    }
    let one = |rng: &mut Lcg| WELL_KNOWN[rng.below(WELL_KNOWN.len() as u32) as usize];
    match rng.below(100) {
        0..=19 => Ports::Any,
        20..=59 => {
            let p = one(rng);
            Ports::List(vec![(p, p)])
        }
        60..=74 => Ports::List(vec![(11000, 11999)]),
        75..=84 => {
            let lo = 1024 + rng.below(50_000) as u16;
            Ports::List(vec![(lo, lo + rng.below(2_000) as u16)])
        }
        _ => {
            let mut list: Vec<(u16, u16)> = (0..2 + rng.below(3))
                .map(|_| {
                    let p = one(rng);
                    (p, p)
                })
                .collect();
            list.sort_unstable();
            list.dedup();
            Ports::List(list)
        }
    }
}

fn rule(rng: &mut Lcg, dense: bool) -> Rule {
    let inbound = rng.chance(60);
    let protocol = match rng.below(20) {
        0..=11 => "Tcp",
        12..=14 => "Udp",
        15..=18 => "*",
        _ => "Icmp",
    };
    let (source, destination) = if inbound {
        let to = match rng.below(10) {
            0..=5 => Addr::Subnet,
            6 | 7 => Addr::Prefixes(vec![prefix(rng, dense)]),
            8 => Addr::Tag("VirtualNetwork"),
            _ => Addr::Any,
        };
        (addresses(rng, dense, INBOUND_TAGS), to)
    } else {
        let from = match rng.below(10) {
            0..=6 => Addr::Subnet,
            7 | 8 => Addr::Tag("VirtualNetwork"),
            _ => Addr::Any,
        };
        (from, addresses(rng, dense, OUTBOUND_TAGS))
    };
    let ports = match protocol {
        "Icmp" => Ports::Any,
        _ => ports(rng, dense),
    };
    Rule {
        inbound,
        deny: rng.chance(if dense { 40 } else { 25 }),
        protocol,
        source,
        destination,
        ports,
    }
}

/// One MI subnet of the generated network: its prefix, rules and routes.
struct Subnet {
    prefix: String,
    rules: Vec<Rule>,
    routes: Vec<(String, &'static str)>,
}

fn subnets(rules: usize, routes: usize, seed: u64, dense: bool) -> Vec<Subnet> {
    let mut rng = Lcg::new(seed);
    let count = rules.div_ceil(PER_NSG).max(1);
    (0..count)
        .map(|n| {
            let here = rules / count + usize::from(n < rules % count);
            let mut seen = std::collections::BTreeSet::new();
            let mut rts = Vec::new();
            let wanted = routes / count + usize::from(n < routes % count);
            while rts.len() < wanted {
                // routes stay in private space: a public block may be one
                // the platform itself routes, which would make the era
                // inference a matter of chance
                let p = prefix_in(&mut rng, false, 6);
                if p.ends_with("/32") || !seen.insert(p.clone()) {
                    continue;
                }
                let hop = match rng.below(10) {
                    0..=3 => "VirtualAppliance",
                    4 | 5 => "VirtualNetworkGateway",
                    6 | 7 => "Internet",
                    8 => "None",
                    _ => "VnetLocal",
                };
                rts.push((p, hop));
            }
            Subnet {
                prefix: format!("10.{}.{}.0/24", 200 + n / 256, n % 256),
                rules: (0..here).map(|_| rule(&mut rng, dense)).collect(),
                routes: rts,
            }
        })
        .collect()
}

/// Inbound and outbound priorities: mandatory rules sit at 100..=106, user
/// rules from 200 in steps of 1 to 3 (as people leave gaps), never past 4096.
fn priorities(rules: &[Rule], rng: &mut Lcg) -> Vec<u16> {
    let (mut inbound, mut outbound) = (200u16, 200u16);
    let room = |n: usize| 3896usize.checked_div(n).unwrap_or(1).clamp(1, 3) as u32;
    let ins = rules.iter().filter(|r| r.inbound).count();
    let (step_in, step_out) = (room(ins), room(rules.len() - ins));
    rules
        .iter()
        .map(|r| {
            let (next, step) = match r.inbound {
                true => (&mut inbound, step_in),
                false => (&mut outbound, step_out),
            };
            let here = *next;
            *next = (*next + 1 + rng.below(step) as u16).min(4096);
            here
        })
        .collect()
}

fn json_prefixes(key: &str, addr: &Addr, subnet: &str) -> String {
    match addr {
        Addr::Any => format!(r#""{key}AddressPrefix": "*""#),
        Addr::Subnet => format!(r#""{key}AddressPrefix": "{subnet}""#),
        Addr::Tag(t) => format!(r#""{key}AddressPrefix": "{t}""#),
        Addr::Prefixes(p) if p.len() == 1 => format!(r#""{key}AddressPrefix": "{}""#, p[0]),
        Addr::Prefixes(p) => format!(
            r#""{key}AddressPrefixes": [{}]"#,
            p.iter()
                .map(|p| format!("\"{p}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn port_text((lo, hi): (u16, u16)) -> String {
    match lo == hi {
        true => lo.to_string(),
        false => format!("{lo}-{hi}"),
    }
}

fn json_ports(ports: &Ports) -> String {
    match ports {
        Ports::Any => r#""destinationPortRange": "*""#.to_string(),
        Ports::List(l) if l.len() == 1 => {
            format!(r#""destinationPortRange": "{}""#, port_text(l[0]))
        }
        Ports::List(l) => format!(
            r#""destinationPortRanges": [{}]"#,
            l.iter()
                .map(|&p| format!("\"{}\"", port_text(p)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The mi-2024 mandatory rules and route of a subnet, with the platform's
/// names, as an exported service-aided NSG holds them.
fn mandatory(subnet: &str) -> (Vec<String>, String) {
    let dashed = subnet.replace(['.', '/'], "-");
    let rule = |name: &str, src: &str, dir: &str, prio: u16| {
        format!(
            r#"{{"name": "Microsoft.Sql-managedInstances_UseOnly_mi-{name}-{dashed}-v10", "properties": {{"protocol": "*", "sourcePortRange": "*", "destinationPortRange": "*", "sourceAddressPrefix": "{src}", "destinationAddressPrefix": "{subnet}", "access": "Allow", "priority": {prio}, "direction": "{dir}"}}}}"#
        )
    };
    (
        vec![
            rule("healthprobe-in", "AzureLoadBalancer", "Inbound", 103),
            rule("internal-in", subnet, "Inbound", 104),
            rule("internal-out", subnet, "Outbound", 103),
        ],
        format!(
            r#"{{"name": "Microsoft.Sql-managedInstances_UseOnly_subnet-{dashed}-to-vnetlocal", "properties": {{"addressPrefix": "{subnet}", "nextHopType": "VnetLocal"}}}}"#
        ),
    )
}

/// An ARM template with `rules` security rules and `routes` routes over as
/// many MI subnets as Azure's 1,000-rule limit needs, each with its NSG and
/// route table; `mandatory` adds the platform's rules and route as an export
/// of a working service-aided subnet holds them.
pub fn arm(rules: usize, routes: usize, seed: u64, mandatory_rules: bool, dense: bool) -> String {
    let nets = subnets(rules, routes, seed, dense);
    let mut rng = Lcg::new(seed ^ 0xA5A5);
    let mut t = String::from(
        "{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n  \"contentVersion\": \"1.0.0.0\",\n  \"parameters\": {\"location\": {\"type\": \"string\", \"defaultValue\": \"westeurope\"}},\n  \"resources\": [",
    );
    let mut subnet_json = Vec::new();
    for (n, net) in nets.iter().enumerate() {
        let prios = priorities(&net.rules, &mut rng);
        let mut items = Vec::new();
        let (fixed, route) = mandatory(&net.prefix);
        if mandatory_rules {
            items.extend(fixed);
        }
        for (i, (r, prio)) in net.rules.iter().zip(&prios).enumerate() {
            items.push(format!(
                r#"{{"name": "rule-{n}-{i}", "properties": {{"protocol": "{}", "sourcePortRange": "*", {}, {}, {}, "access": "{}", "priority": {prio}, "direction": "{}"}}}}"#,
                r.protocol,
                json_prefixes("source", &r.source, &net.prefix),
                json_prefixes("destination", &r.destination, &net.prefix),
                json_ports(&r.ports),
                if r.deny { "Deny" } else { "Allow" },
                if r.inbound { "Inbound" } else { "Outbound" },
            ));
        }
        let _ = write!(
            t,
            "\n    {{\"type\": \"Microsoft.Network/networkSecurityGroups\", \"apiVersion\": \"2024-05-01\", \"name\": \"mi-{n}-nsg\", \"location\": \"[parameters('location')]\",\n     \"properties\": {{\"securityRules\": [\n      {}\n    ]}}}},",
            items.join(",\n      ")
        );
        let mut routes: Vec<String> = Vec::new();
        if mandatory_rules {
            routes.push(route);
        }
        for (i, (p, hop)) in net.routes.iter().enumerate() {
            let ip = match *hop {
                "VirtualAppliance" => ", \"nextHopIpAddress\": \"10.0.0.4\"",
                _ => "",
            };
            routes.push(format!(
                r#"{{"name": "route-{n}-{i}", "properties": {{"addressPrefix": "{p}", "nextHopType": "{hop}"{ip}}}}}"#
            ));
        }
        let _ = write!(
            t,
            "\n    {{\"type\": \"Microsoft.Network/routeTables\", \"apiVersion\": \"2024-05-01\", \"name\": \"mi-{n}-rt\", \"location\": \"[parameters('location')]\",\n     \"properties\": {{\"disableBgpRoutePropagation\": false, \"routes\": [\n      {}\n    ]}}}},",
            routes.join(",\n      ")
        );
        subnet_json.push(format!(
            r#"{{"name": "mi-{n}", "properties": {{"addressPrefix": "{}", "networkSecurityGroup": {{"id": "[resourceId('Microsoft.Network/networkSecurityGroups', 'mi-{n}-nsg')]"}}, "routeTable": {{"id": "[resourceId('Microsoft.Network/routeTables', 'mi-{n}-rt')]"}}, "delegations": [{{"name": "mi", "properties": {{"serviceName": "Microsoft.Sql/managedInstances"}}}}]}}}}"#,
            net.prefix
        ));
    }
    let _ = write!(
        t,
        "\n    {{\"type\": \"Microsoft.Network/virtualNetworks\", \"apiVersion\": \"2024-05-01\", \"name\": \"vnet\", \"location\": \"[parameters('location')]\",\n     \"dependsOn\": [{}],\n     \"properties\": {{\"addressSpace\": {{\"addressPrefixes\": [\"10.200.0.0/16\", \"10.201.0.0/16\"]}}, \"subnets\": [\n      {}\n    ]}}}}\n  ]\n}}\n",
        (0..nets.len())
            .flat_map(|n| {
                [
                    format!("\"[resourceId('Microsoft.Network/networkSecurityGroups', 'mi-{n}-nsg')]\""),
                    format!("\"[resourceId('Microsoft.Network/routeTables', 'mi-{n}-rt')]\""),
                ]
            })
            .collect::<Vec<_>>()
            .join(", "),
        subnet_json.join(",\n      ")
    );
    t
}

fn misec_addr(addr: &Addr) -> String {
    match addr {
        Addr::Any => "any".into(),
        Addr::Subnet => "subnet".into(),
        Addr::Tag(t) => (*t).into(),
        Addr::Prefixes(p) if p.len() == 1 => p[0].clone(),
        Addr::Prefixes(p) => format!("[{}]", p.join(", ")),
    }
}

fn misec_ports(ports: &Ports) -> String {
    match ports {
        Ports::Any => String::new(),
        Ports::List(l) if l.len() == 1 => format!(" port {}", port_text(l[0])),
        Ports::List(l) => format!(
            " port [{}]",
            l.iter()
                .map(|&p| port_text(p))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A `.misec` file with the same kind of rules (and routes) as [`arm`],
/// under `profile mi-2024`; priorities are left to the compiler.
pub fn misec(rules: usize, routes: usize, seed: u64, dense: bool) -> String {
    let nets = subnets(rules, routes, seed, dense);
    let mut s = String::from(
        "# generated by benches/support/gen.rs\nprofile mi-2024\n\nvnet vnet {\n  address [10.200.0.0/16, 10.201.0.0/16]\n  region westeurope\n  gateway vpn\n",
    );
    for (n, net) in nets.iter().enumerate() {
        let _ = write!(
            s,
            "\n  subnet mi-{n} {{\n    address {}\n    delegated\n",
            net.prefix
        );
        for (inbound, block) in [(true, "inbound"), (false, "outbound")] {
            let _ = writeln!(s, "\n    {block} {{");
            for (i, r) in net
                .rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.inbound == inbound)
            {
                let _ = writeln!(
                    s,
                    "      rule-{i}: {} {} from {} to {}{}",
                    if r.deny { "deny" } else { "allow" },
                    match r.protocol {
                        "*" => "any".to_string(),
                        p => p.to_lowercase(),
                    },
                    misec_addr(&r.source),
                    misec_addr(&r.destination),
                    misec_ports(&r.ports),
                );
            }
            s.push_str("    }\n");
        }
        s.push_str("\n    routes {\n");
        for (i, (p, hop)) in net.routes.iter().enumerate() {
            let via = match *hop {
                "VirtualAppliance" => "appliance 10.200.0.4",
                "VirtualNetworkGateway" => "gateway",
                "Internet" => "internet",
                "None" => "none",
                _ => "vnet-local",
            };
            let _ = writeln!(s, "      route-{i}: {p} via {via}");
        }
        s.push_str("    }\n  }\n");
    }
    s.push_str("}\n");
    s
}
