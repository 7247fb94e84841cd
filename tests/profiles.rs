//! The built-in profiles load, agree with the seed documents, instantiate
//! for a subnet, and bad user profile files are E202 at the right line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeSet;
use std::time::Instant;

use misec::model::{Address, Direction, NextHopKind, RuleOrigin};
use misec::profile::{self, Profile};
use misec::source::Sources;

fn builtin(name: &str) -> (Profile, Sources) {
    let mut sources = Sources::new();
    let p = profile::load_builtin(name, &mut sources)
        .unwrap_or_else(|| panic!("no built-in `{name}`"))
        .unwrap_or_else(|d| panic!("`{name}` does not load: {d:#?}"));
    (p, sources)
}

#[test]
fn every_builtin_loads_with_spans_into_its_yaml() {
    assert_eq!(
        profile::builtin_names(),
        [
            "mi-2018",
            "mi-2020-manual",
            "mi-2020-service-aided",
            "mi-2022",
            "mi-2024"
        ]
    );
    assert!(profile::builtin_names().contains(&profile::DEFAULT));
    for name in profile::builtin_names() {
        let mut sources = Sources::new();
        sources.add("other.misec", "x");
        let p = profile::load_builtin(name, &mut sources).unwrap().unwrap();
        assert_eq!(p.name, *name);
        let file = p.span.file;
        assert_eq!(
            sources.name(file),
            format!("<builtin>/profiles/{name}.yaml")
        );
        for r in p.inbound.iter().chain(&p.outbound) {
            assert_eq!(r.span.file, file);
            let entry = sources.slice(r.span);
            assert!(
                entry.starts_with("- name:"),
                "{name}: rule span is `{entry}`"
            );
            assert!(
                entry.contains(&r.name),
                "{name}: span of `{}` is `{entry}`",
                r.name
            );
            assert!(r.provenance.is_some(), "{name}: `{}` has no source", r.name);
        }
        for r in &p.routes {
            let entry = sources.slice(r.span);
            // a `routes` entry, or the `NAME PREFIX` line of a route list
            let listed = entry.split_whitespace().collect::<Vec<_>>();
            let ok = (entry.starts_with("- {name:") && entry.contains(&r.name))
                || (listed.len() == 2 && r.name.ends_with(listed[0]) && listed[1] == r.prefix);
            assert!(ok, "{name}: span of route `{}` is `{entry}`", r.name);
            assert!(
                r.provenance.is_some(),
                "{name}: route `{}` has no source",
                r.name
            );
        }
        assert!(!p.sources.is_empty());
    }
}

#[test]
fn names_and_priorities_are_unique_per_direction() {
    for name in profile::builtin_names() {
        let (p, _) = builtin(name);
        let mut names = BTreeSet::new();
        for dir in [Direction::Inbound, Direction::Outbound] {
            let mut prios = BTreeSet::new();
            for r in p.rules(dir) {
                assert!(
                    prios.insert(r.priority),
                    "{name}: priority {} twice",
                    r.priority
                );
                assert!((100..=4096).contains(&r.priority));
                assert!(
                    names.insert(r.name.to_lowercase()),
                    "{name}: `{}` twice",
                    r.name
                );
            }
            let max = p.rules(dir).iter().map(|r| r.priority).max().unwrap();
            assert_eq!(p.mandatory_floor(dir), max);
        }
        let route_names: BTreeSet<_> = p.routes.iter().map(|r| r.name.to_lowercase()).collect();
        assert_eq!(
            route_names.len(),
            p.routes.len(),
            "{name}: duplicate route name"
        );
    }
}

fn net(s: &str) -> ipnet::IpNet {
    s.parse().unwrap()
}

#[test]
fn instantiates_every_profile_for_a_westeurope_subnet() {
    for name in profile::builtin_names() {
        let (p, sources) = builtin(name);
        let inst = p.instantiate_for(Some(net("10.20.1.0/24")), Some("westeurope"));
        assert!(inst.problems.is_empty(), "{name}: {:?}", inst.problems);
        assert_eq!(inst.rules.len(), p.inbound.len() + p.outbound.len());
        assert_eq!(inst.routes.len(), p.routes.len());
        for r in &inst.rules {
            assert_eq!(r.origin, RuleOrigin::Mandatory);
            assert!(!r.name.value.contains('{'), "{name}: `{}`", r.name.value);
            assert!(sources.slice(r.span).starts_with("- name:"));
            assert!(!r.source.is_empty() && !r.destination_ports.is_empty());
        }
        // every rule that mentions the subnet names it in Azure's form
        let mentions_subnet = inst.rules.iter().any(|r| {
            r.source
                .iter()
                .chain(&r.destination)
                .any(|a| a.address == Address::Prefix(net("10.20.1.0/24")))
        });
        assert!(mentions_subnet, "{name}: no rule names the subnet");
        for r in &inst.routes {
            assert!(!r.name.value.contains('{'));
        }
    }
    let (p, _) = builtin("mi-2020-service-aided");
    let inst = p.instantiate_for(Some(net("10.20.1.0/24")), Some("westeurope"));
    let first = &inst.rules[0];
    assert_eq!(
        first.name.value,
        "Microsoft.Sql-managedInstances_UseOnly_mi-sqlmgmt-in-10-20-1-0-24-v10"
    );
    assert_eq!(first.priority.as_ref().unwrap().value, 100);
    assert_eq!(
        first.source[0].address,
        Address::Tag("SqlManagement".into())
    );
    let ports: Vec<u16> = first.destination_ports.iter().map(|p| p.range.lo).collect();
    assert_eq!(ports, [9000, 9003, 1438, 1440, 1452]);
    let out: Vec<_> = inst
        .rules
        .iter()
        .filter(|r| r.direction == Direction::Outbound)
        .collect();
    assert_eq!(
        out[0].destination[0].address,
        Address::Tag("AzureCloud".into())
    );
    assert_eq!(
        inst.routes[0].name.value,
        "Microsoft.Sql-managedInstances_UseOnly_subnet-10-20-1-0-24-to-vnetlocal"
    );
    assert_eq!(inst.routes[0].next_hop.value.kind, NextHopKind::VnetLocal);
    assert_eq!(
        inst.routes[1].name.value,
        "Microsoft.Sql-managedInstances_UseOnly_mi-13-64-11-nexthop-internet"
    );

    let (p, _) = builtin("mi-2022");
    let inst = p.instantiate_for(Some(net("10.20.1.0/24")), Some("WestEurope"));
    let tags: Vec<String> = inst
        .routes
        .iter()
        .filter_map(|r| match &r.prefix.address {
            Address::Tag(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        tags,
        [
            "AzureActiveDirectory",
            "OneDsCollector",
            "Storage.westeurope",
            "Storage.northeurope"
        ]
    );
    assert!(inst.optional.is_empty());

    let (p, _) = builtin("mi-2024");
    let inst = p.instantiate_for(Some(net("10.20.1.0/24")), Some("westeurope"));
    assert_eq!(inst.optional.len(), 3, "{:?}", inst.optional);
    assert!(inst
        .optional
        .contains("Microsoft.Sql-managedInstances_UseOnly_mi-optional-AzureCloud.northeurope"));
}

#[test]
fn items_that_cannot_be_filled_in_are_named_in_problems() {
    let (p, _) = builtin("mi-2022");
    let inst = p.instantiate_for(None, Some("italynorth"));
    // no subnet: every rule names it; italynorth has no pair
    assert!(inst.rules.is_empty());
    assert_eq!(inst.routes.len(), 3, "{:?}", inst.routes);
    assert!(inst
        .problems
        .iter()
        .any(|m| m.contains("subnet's address is unknown")));
    assert!(inst
        .problems
        .iter()
        .any(|m| m.contains("`italynorth` has no documented paired region")));
    let inst = p.instantiate_for(Some(net("10.20.1.0/24")), None);
    assert!(inst
        .problems
        .iter()
        .any(|m| m.contains("region is unknown")));
}

/// The 166 routes of seed 003 (both tables of the 2020 document) are in
/// both 2020 profiles, prefix for prefix and name for name.
#[test]
fn the_2020_profiles_hold_the_166_routes_of_seed_003() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds");
    let Some(seed) = std::fs::read_dir(dir).ok().and_then(|entries| {
        entries
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with("003_"))
    }) else {
        eprintln!("note: {dir}/003_* not found; skipping");
        return;
    };
    let text = std::fs::read_to_string(seed.path()).unwrap();
    let table: BTreeSet<(String, String)> = text
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            match cells.as_slice() {
                ["", name, prefix, "Internet", ""] if name.ends_with("nexthop-internet") => {
                    Some((name.to_string(), prefix.to_string()))
                }
                _ => None,
            }
        })
        .collect();
    assert_eq!(table.len(), 166, "the seed's table changed shape");
    for (name, strip) in [
        ("mi-2020-manual", ""),
        (
            "mi-2020-service-aided",
            "Microsoft.Sql-managedInstances_UseOnly_",
        ),
    ] {
        let (p, _) = builtin(name);
        let ours: BTreeSet<(String, String)> = p
            .routes
            .iter()
            .filter(|r| r.next_hop == NextHopKind::Internet)
            .map(|r| {
                (
                    r.name.strip_prefix(strip).unwrap_or(&r.name).to_string(),
                    r.prefix.clone(),
                )
            })
            .collect();
        assert_eq!(ours, table, "{name}");
        let vnetlocal: Vec<_> = p
            .routes
            .iter()
            .filter(|r| r.next_hop == NextHopKind::VnetLocal)
            .collect();
        assert_eq!(vnetlocal.len(), 1);
        assert_eq!(vnetlocal[0].prefix, "{subnet}");
    }
}

#[test]
fn loading_the_default_profile_is_fast() {
    // first load parses; later loads (as on every `misec check`) reuse it
    let mut sources = Sources::new();
    profile::load_builtin(profile::DEFAULT, &mut sources)
        .unwrap()
        .unwrap();
    let start = Instant::now();
    for _ in 0..100 {
        let mut sources = Sources::new();
        profile::load_builtin(profile::DEFAULT, &mut sources)
            .unwrap()
            .unwrap();
    }
    let each = start.elapsed() / 100;
    eprintln!("loading {} takes {each:?}", profile::DEFAULT);
    assert!(each.as_micros() < 1000, "{each:?}");
}

#[test]
fn parsing_a_profile_file_as_large_as_the_default_is_quick() {
    let text = profile::builtin_text(profile::DEFAULT).unwrap();
    let start = Instant::now();
    let mut sources = Sources::new();
    let p = profile::load_file("mine.yaml", text.to_string(), &mut sources).unwrap();
    eprintln!("parsing {} from text takes {:?}", p.name, start.elapsed());
    assert_eq!(p.routes.len(), 167);
}
