//! The built-in profiles load, agree with the seed documents, instantiate
//! for a subnet, and bad user profile files are E202 at the right line; the
//! lints take the client and feature ports from the profile.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeSet;
use std::time::Instant;

use misec::model::{Address, Direction, NextHopKind, PortRange, RuleOrigin};
use misec::profile::{self, Profile};
use misec::source::Sources;

fn builtin(name: &str) -> (Profile, Sources) {
    let sources = Sources::new();
    let p = profile::load_builtin(name)
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
            "mi-2021",
            "mi-2022",
            "mi-2024"
        ]
    );
    assert!(profile::builtin_names().contains(&profile::DEFAULT));
    for name in profile::builtin_names() {
        let mut sources = Sources::new();
        sources.add("other.misec", "x");
        let p = profile::load_builtin(name).unwrap().unwrap();
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

/// The ports of profiles.md: clients on 1433 and, with redirect,
/// 11000-11999 (not seed 001's 11000-12000), replication 445, the public
/// endpoint 3342; each era says where they come from.
#[test]
fn every_era_names_the_client_and_feature_ports_with_their_source() {
    for name in profile::builtin_names() {
        let (p, _) = builtin(name);
        assert_eq!(p.ports.tds, 1433, "{name}");
        assert_eq!(
            p.ports.redirect,
            PortRange {
                lo: 11000,
                hi: 11999
            },
            "{name}"
        );
        assert_eq!(p.ports.replication, 445, "{name}");
        assert_eq!(p.ports.public_endpoint, 3342, "{name}");
        assert!(p.ports.provenance.is_some(), "{name}: ports have no source");
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
    profile::load_builtin(profile::DEFAULT).unwrap().unwrap();
    let start = Instant::now();
    for _ in 0..100 {
        profile::load_builtin(profile::DEFAULT).unwrap().unwrap();
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

/// Every fixture in `tests/fixtures/profiles/` is a user profile file with
/// `#~ E202` on each line an error must start on; no other error may occur.
#[test]
fn bad_profile_files_are_e202_on_the_marked_lines() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/profiles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 10);
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("#~ E202"))
            .map(|(i, _)| i + 1)
            .collect();
        let mut sources = Sources::new();
        let name = path.display().to_string();
        let diagnostics = match profile::load_file(&name, text, &mut sources) {
            Ok(p) => panic!("{name}: loaded as `{}`", p.name),
            Err(d) => d,
        };
        let mut lines: Vec<usize> = diagnostics
            .iter()
            .map(|d| {
                assert_eq!(d.code, "E202", "{name}: {d:?}");
                assert!(d.help.is_some(), "{name}: no help in {d:?}");
                let file = sources.get(d.span().file).unwrap();
                file.line_col(d.span().start as usize).0
            })
            .collect();
        lines.sort();
        lines.dedup();
        assert_eq!(lines, expected, "{name}: {diagnostics:#?}");
    }
}

#[test]
fn hostile_input_gives_diagnostics_not_panics() {
    let huge_yaml = "a: ".repeat((10 << 20) / 3);
    let huge_list = format!(
        "name: x\ninbound:\n{}",
        "  - name: r\n    priority: 100\n".repeat(200_000)
    );
    let deep = "[".repeat(100_000);
    let binary: String = (0u8..=255).cycle().take(1 << 16).map(char::from).collect();
    let inputs = [
        String::new(),
        "   \n\n".into(),
        "\u{0}\u{1}\u{2}".into(),
        binary,
        deep,
        huge_yaml,
        huge_list,
        "name: [unclosed".into(),
        "- just\n- a list\n".into(),
        "name: x\n  bad: indent\n".into(),
        "inbound: !!binary aGVsbG8=\n".into(),
        "a: &x [*x]\n".into(),
    ];
    for text in inputs {
        let mut sources = Sources::new();
        let len = text.len();
        let start = Instant::now();
        let result = profile::load_file("hostile.yaml", text, &mut sources);
        let diagnostics = result.expect_err("hostile input loaded as a profile");
        assert!(!diagnostics.is_empty());
        for d in &diagnostics {
            assert_eq!(d.code, "E202");
            assert!(d.span().end as usize <= len);
        }
        assert!(
            start.elapsed().as_secs() < 60,
            "{len} bytes took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn description_lists_and_shows_profiles_deterministically() {
    let list = profile::list();
    assert_eq!(list, profile::list());
    for name in profile::builtin_names() {
        assert!(list.contains(name), "{list}");
    }
    let default_line = list
        .lines()
        .find(|l| l.starts_with(profile::DEFAULT))
        .unwrap();
    assert!(default_line.contains("(default)"));
    assert_eq!(list.lines().filter(|l| l.contains("(default)")).count(), 1);

    let (p, _) = builtin("mi-2022");
    let templates = p.describe(None, None);
    assert!(templates
        .contains("Microsoft.Sql-managedInstances_UseOnly_mi-strg-s-out-{subnet-dashed}-v11"));
    assert!(templates.contains("Storage.{paired-region}"));
    let filled = p.describe(Some(net("10.20.1.0/24")), Some("westeurope"));
    assert_eq!(
        filled,
        p.describe(Some(net("10.20.1.0/24")), Some("westeurope"))
    );
    assert!(
        filled.contains("Microsoft.Sql-managedInstances_UseOnly_mi-strg-s-out-10-20-1-0-24-v11")
    );
    assert!(filled.contains("Storage.northeurope"));
    assert!(!filled.contains('{'), "{filled}");
    // the ports the lints check, among the requirements
    let requirements: Vec<&str> = filled
        .lines()
        .skip_while(|l| *l != "requirements")
        .take_while(|l| !l.is_empty())
        .collect();
    for port in [
        "inbound TCP 1433",
        "inbound TCP 11000-11999",
        "outbound TCP 445",
        "inbound TCP 3342",
    ] {
        assert!(
            requirements.iter().any(|l| l.ends_with(port)),
            "{port}: {filled}"
        );
    }
    for line in filled.lines() {
        assert_eq!(line, line.trim_end(), "trailing space in `{line}`");
    }
    // columns line up: every row of the routes table puts its prefix in the same column
    let routes: Vec<&str> = filled
        .lines()
        .skip_while(|l| !l.starts_with("mandatory routes"))
        .skip(1)
        .collect();
    let col = routes[0].find("PREFIX").unwrap();
    assert!(
        routes[1..]
            .iter()
            .all(|l| l.get(col - 2..col) == Some("  ")),
        "{filled}"
    );
}

#[test]
fn a_malformed_port_is_e202_at_its_value() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/profiles");
    let text = std::fs::read_to_string(format!("{dir}/bad-client-port.yaml")).unwrap();
    let mut sources = Sources::new();
    let d = profile::load_file("mine.yaml", text.clone(), &mut sources).unwrap_err();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "E202");
    assert_eq!(sources.slice(d[0].span()), "\"1433/tcp\"");
    assert_eq!(d[0].primary.message, "not a port");

    // a value of the wrong kind
    let text = text.replace(
        "ports:\n  tds: \"1433/tcp\"   #~ E202\n  redirect: \"11000-11999\"\n  replication: \"445\"\n",
        "ports:\n  tds: 1433\n  redirect: \"11000-11999\"\n  replication: [445]\n",
    );
    let mut sources = Sources::new();
    let d = profile::load_file("mine.yaml", text, &mut sources).unwrap_err();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].message,
        "invalid replication port: not a number or a string"
    );
    assert_eq!(sources.slice(d[0].span()), "[445]");
}

/// A user profile with other ports: MI107, MI108, MI109 and SEC001 ask
/// about its ports, and say so; the built-in profile finds nothing.
#[test]
fn the_lints_check_the_ports_of_the_profile() {
    use misec::check::{check_misec, Options};
    use misec::config::Config;

    let misec_text = "vnet v {
  address  10.0.0.0/16
  region   westeurope

  subnet sqlmi {
    address     10.0.1.0/27
    connection  redirect
    delegated
    features    [replication, public-endpoint]

    inbound {
      apps:      allow tcp from 10.0.8.0/24 to subnet port [1433, 1434, 11000-11999]
      partners:  allow tcp from 203.0.113.0/24 to subnet port 3342
      web:       allow tcp from Internet to subnet port 12500
      default deny
    }

    outbound {
      smb:  allow tcp from subnet to 10.0.9.0/24 port 445
      default deny
    }
  }
}
";
    let dir = tempfile::tempdir().unwrap();
    let builtin_text = profile::builtin_text("mi-2022").unwrap();
    let mine = builtin_text
        .replace("name: mi-2022\n", "name: mi-2022-other-ports\n")
        .replace("tds: \"1433\"", "tds: \"1434\"")
        .replace("redirect: \"11000-11999\"", "redirect: \"11000-12999\"")
        .replace("replication: \"445\"", "replication: \"446\"")
        .replace("public_endpoint: \"3342\"", "public_endpoint: \"3343\"");
    assert_ne!(mine, builtin_text);
    let path = dir.path().join("other-ports.yaml");
    std::fs::write(&path, mine).unwrap();

    let check = |profile: &str| {
        let mut sources = Sources::new();
        let file = sources.add(
            dir.path().join("mi.misec").display().to_string(),
            misec_text,
        );
        let options = Options::with_profile(Some(profile.to_string()));
        let mut messages: Vec<String> =
            check_misec(&mut sources, file, &Config::default(), &options)
                .iter()
                .filter(|d| ["MI107", "MI108", "MI109", "SEC001"].contains(&d.code))
                .map(|d| format!("{} {}", d.code, d.message))
                .collect();
        messages.sort();
        messages
    };
    assert_eq!(check("mi-2022"), Vec::<String>::new());
    assert_eq!(
        check(&path.display().to_string()),
        [
            "MI107 clients that `apps` allows on port 1434 are denied on 11000-12999, which redirected connections use",
            "MI108 outbound TCP 446 is not allowed, which `replication` needs",
            "MI109 inbound TCP 3343 is not allowed, which `public-endpoint` needs",
            "SEC001 rule `web` allows TDS from the Internet",
        ]
    );
}

#[test]
fn e202_messages_say_what_is_wrong_and_where() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/profiles");
    let cases = [
        (
            "unknown-key.yaml",
            "unknown key `sorce` in the profile",
            "did you mean `source`?",
        ),
        (
            "unknown-protocol.yaml",
            "unknown protocol `tcpp`",
            "did you mean `tcp`?",
        ),
        (
            "priority-out-of-range.yaml",
            "priority 50 is outside 100–4096",
            "100 to 4096",
        ),
        (
            "bad-template.yaml",
            "unknown placeholder `{subnet-dash}`",
            "placeholders",
        ),
        (
            "host-bits-set.yaml",
            "the network is `10.0.0.0/24`",
            "prefix",
        ),
        (
            "duplicate-rule-name.yaml",
            "duplicate rule name `ALLOW-MGMT`",
            "rename",
        ),
        (
            "appliance-next-hop.yaml",
            "invalid next hop `virtualappliance`",
            "cannot give",
        ),
        (
            "bad-client-port.yaml",
            "invalid TDS port `1433/tcp`",
            "write one port from 0 to 65535",
        ),
        (
            "bad-redirect-range.yaml",
            "invalid redirect range `11999-11000`",
            "low end first",
        ),
    ];
    for (file, message, help) in cases {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        let mut sources = Sources::new();
        let d = profile::load_file(file, text, &mut sources).unwrap_err();
        assert_eq!(d.len(), 1, "{file}: {d:#?}");
        assert!(d[0].message.contains(message), "{file}: `{}`", d[0].message);
        assert!(
            d[0].help.as_deref().unwrap().contains(help),
            "{file}: {:?}",
            d[0].help
        );
        assert!(
            !sources.slice(d[0].span()).is_empty(),
            "{file}: empty label"
        );
    }
}

/// A profile file written before profiles had a `ports:` section is told
/// what to add, with the built-in values.
#[test]
fn a_profile_without_ports_is_told_what_to_add() {
    let text = misec::profile::builtin_text("mi-2022").unwrap();
    let cut = text
        .find("\nports:")
        .expect("the built-in has a ports section");
    let mut sources = Sources::new();
    let d = profile::load_file("old.yaml", text[..=cut].to_string(), &mut sources).unwrap_err();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "E202");
    assert!(
        d[0].message.contains("missing field `ports`"),
        "{}",
        d[0].message
    );
    let help = d[0].help.as_deref().unwrap();
    assert!(
        help.contains("`ports: {tds: \"1433\", redirect: \"11000-11999\", replication: \"445\", public_endpoint: \"3342\""),
        "{help}"
    );
}
