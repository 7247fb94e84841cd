//! The facts the profile review checked, as the built-in profiles now hold
//! them, and the rule that every fact names where its source can be read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use misec::model::{Date, PortRange};
use misec::profile::{self, Formula, Profile};

fn builtin(name: &str) -> Profile {
    profile::load_builtin(name)
        .unwrap_or_else(|| panic!("no built-in `{name}`"))
        .unwrap_or_else(|d| panic!("`{name}` does not load: {d:#?}"))
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[test]
fn global_peering_follows_the_documents() {
    // the 2018 documents limit peering to one region
    let p = builtin("mi-2018");
    assert!(!p.subnet.global_peering_allowed);
    assert!(p.global_peering.is_none());
    // the manual era ended before the change
    assert!(builtin("mi-2020-manual").global_peering.is_none());
    // later: by creation date, between the two days the documents give
    for name in ["mi-2020-service-aided", "mi-2021", "mi-2022", "mi-2024"] {
        let g = builtin(name).global_peering.unwrap();
        assert_eq!(g.fails_before, day("2020-09-09"), "{name}");
        assert_eq!(g.works_from, day("2020-09-22"), "{name}");
    }
}

#[test]
fn corpnetsaw_keeps_the_platforms_ports_and_cites_both() {
    for name in ["mi-2020-service-aided", "mi-2021"] {
        let p = builtin(name);
        let rule = p
            .inbound
            .iter()
            .find(|r| r.name.contains("mi-corpsaw-in"))
            .unwrap();
        assert_eq!(rule.destination_ports, ["9000", "9003", "1440"], "{name}");
        let source = rule.provenance.as_deref().unwrap();
        assert!(source.contains("only 9000, 9003"), "{name}: {source}");
        assert!(
            source.contains("0f646a58de80cb5de36cd94949848834a73cbf24"),
            "{name}"
        );
    }
}

#[test]
fn the_2024_optional_rule_has_the_platforms_description() {
    let p = builtin("mi-2024");
    let rule = p.outbound.iter().find(|r| r.optional).unwrap();
    assert_eq!(
        rule.description.as_deref(),
        Some("Allow AzureCloud outbound https traffic")
    );
    assert_eq!(rule.priority, 100);
}

#[test]
fn mi_2021_has_the_routes_before_the_wave() {
    let p = builtin("mi-2021");
    let tags: Vec<&str> = p.routes.iter().map(|r| r.prefix.as_str()).collect();
    assert_eq!(p.routes.len(), 13);
    for tag in [
        "{subnet}",
        "AzureCloud.{region}",
        "AzureCloud.{paired-region}",
        "AzureMonitor",
        "CorpNetPublic",
        "CorpNetSaw",
        "EventHub.{region}",
        "EventHub.{paired-region}",
        "SqlManagement",
        "Storage",
        "Storage.{region}",
        "Storage.{paired-region}",
        "AzureActiveDirectory",
    ] {
        assert!(tags.contains(&tag), "{tag} missing from {tags:?}");
    }
    let single: Vec<&str> = p
        .inbound
        .iter()
        .chain(&p.outbound)
        .filter(|r| r.single_rule)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(single.len(), 2, "{single:?}");
    // the wave removed these; mi-2022 has none of them
    let wave = builtin("mi-2022");
    assert!(!wave.inbound.iter().any(|r| r.name.contains("sqlmgmt")));
    assert!(!wave
        .outbound
        .iter()
        .any(|r| r.name.contains("services-out")));
    assert_eq!(wave.routes.len(), 5);
}

#[test]
fn sizing_formulas_are_the_documents() {
    let f = |reserved, general_purpose, business_critical, per_group| Formula {
        reserved,
        general_purpose,
        business_critical,
        per_group,
    };
    let p = builtin("mi-2018").sizing.unwrap();
    assert_eq!(p.required, f(5, 2, 4, 0));
    assert!(p.recommended.is_none());
    for name in ["mi-2021", "mi-2022"] {
        let s = builtin(name).sizing.unwrap();
        assert_eq!(s.required, f(5, 3, 5, 6), "{name}");
        assert_eq!(s.recommended, Some(f(5, 12, 16, 16)), "{name}");
    }
    let s = builtin("mi-2024").sizing.unwrap();
    assert_eq!(s.recommended, Some(f(5, 6, 10, 6)));
    // no document of 2020 gives a formula
    assert!(builtin("mi-2020-service-aided").sizing.is_none());
}

#[test]
fn failover_ports_and_the_end_of_the_manual_era() {
    let fog = [
        PortRange::single(5022),
        PortRange {
            lo: 11000,
            hi: 11999,
        },
    ];
    for name in [
        "mi-2020-manual",
        "mi-2020-service-aided",
        "mi-2021",
        "mi-2022",
        "mi-2024",
    ] {
        assert_eq!(builtin(name).ports.failover_group, fog, "{name}");
    }
    assert!(builtin("mi-2018").ports.failover_group.is_empty());
    let ended = builtin("mi-2020-manual").ended.unwrap();
    assert_eq!(ended.date, day("2020-05-01"));
    assert!(ended.what.contains("July 1, 2020"));
    for name in profile::builtin_names() {
        if *name != "mi-2020-manual" {
            assert!(builtin(name).ended.is_none(), "{name}");
        }
    }
}

/// A source says where it can be read: a commit, or a reference copy.
fn locates(source: &str) -> bool {
    source.contains(" @ ") || source.contains("seeds/0")
}

#[test]
fn every_source_names_where_it_can_be_read() {
    for name in profile::builtin_names() {
        let p = builtin(name);
        let covers = p.covers.as_deref().unwrap_or("");
        assert!(
            covers.contains("20"),
            "{name} says no dates it covers: {covers}"
        );
        let mut sources: Vec<(String, &str)> = Vec::new();
        for r in p.inbound.iter().chain(&p.outbound) {
            sources.push((r.name.clone(), r.provenance.as_deref().unwrap_or("")));
        }
        for r in &p.routes {
            sources.push((r.name.clone(), r.provenance.as_deref().unwrap_or("")));
        }
        sources.push(("ports".into(), p.ports.provenance.as_deref().unwrap_or("")));
        if let Some(g) = &p.global_peering {
            sources.push((
                "global_peering".into(),
                g.provenance.as_deref().unwrap_or(""),
            ));
        }
        if let Some(s) = &p.sizing {
            sources.push(("sizing".into(), s.provenance.as_deref().unwrap_or("")));
        }
        if let Some(e) = &p.ended {
            sources.push(("ended".into(), e.provenance.as_deref().unwrap_or("")));
        }
        for (what, source) in sources {
            // the 2024 optional rule's platform copies are the one exception:
            // public exports whose repositories the review did not record
            if what.contains("mi-optional-azure-out") {
                assert!(source.contains("public NSG exports"), "{name} {what}");
                continue;
            }
            assert!(
                locates(source),
                "{name}: `{what}` cites no location: {source}"
            );
            assert!(
                !source.contains("seed 0"),
                "{name}: `{what}` uses a label: {source}"
            );
        }
        for s in &p.sources {
            assert!(
                locates(s) || s.contains("commit") || s.contains('@'),
                "{name}: source without location: {s}"
            );
        }
    }
}
