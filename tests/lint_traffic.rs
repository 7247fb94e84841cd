//! The flow lints on imported Azure JSON (MI101–MI104 under manual
//! profiles, where the NSG must carry the mandatory rules itself), and on
//! large inputs. JSON inputs sit in `tests/fixtures/lint/*.json`; the test
//! asserts the codes and the lines they are reported on, and what a user
//! reads in the message.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use misec::check::{check_model, Options};
use misec::config::Config;
use misec::diagnostic::render::{render, Format, Summary};
use misec::diagnostic::Diagnostic;
use misec::import::{import, ImportOptions};
use misec::source::Sources;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lint");

/// Imports `name` and lints it under `profile`; returns the diagnostics and
/// the human rendering.
fn check_json(name: &str, profile: &str) -> (Vec<Diagnostic>, Vec<(usize, String)>, String) {
    let path = if name.starts_with('/') {
        name.to_string()
    } else {
        format!("{FIXTURES}/{name}")
    };
    let text = std::fs::read_to_string(path).unwrap();
    let mut sources = Sources::new();
    let file = sources.add(name, text.clone());
    let (model, diags) = import(file, &text, &ImportOptions::default());
    assert!(diags.is_empty(), "{name}: import reported {diags:?}");
    let options = Options::with_profile(Some(profile.to_string()));
    let mut out = check_model(&mut sources, &model, &Config::default(), &options, false);
    misec::diagnostic::sort(&mut out);
    let lines = out
        .iter()
        .map(|d| {
            let (line, _) = sources
                .get(d.span().file)
                .unwrap()
                .line_col(d.span().start as usize);
            (line, d.code.to_string())
        })
        .collect();
    let mut rendered = Vec::new();
    render(
        &mut rendered,
        Format::Human,
        false,
        &sources,
        &out,
        Summary::new(1, &out),
    )
    .unwrap();
    (out, lines, String::from_utf8(rendered).unwrap())
}

fn codes_at(lines: &[(usize, String)]) -> Vec<String> {
    lines.iter().map(|(l, c)| format!("{l}:{c}")).collect()
}

#[test]
fn manual_import_missing_and_blocked_mandatory_rules() {
    let (diags, lines, text) = check_json("mi102_manual_missing.json", "mi-2020-manual");
    // line 13: the deny in front, certainly for management traffic and maybe for
    // the health probe (168.63.129.16 may count as Internet; the subnet's own
    // prefix cannot); 15: its priority; line 97: the deny-all that meets the
    // missing outbound management rule
    assert_eq!(
        codes_at(&lines),
        // (128: the subnet has no route table, MI007, so every route is missing, MI201)
        [
            "13:MI101",
            "13:MI101",
            "15:MI104",
            "97:MI102",
            "128:MI007",
            "128:MI201"
        ],
        "{text}"
    );
    let certain = diags
        .iter()
        .find(|d| d.code == "MI101" && !d.message.contains(" may "))
        .expect("a certain MI101");
    assert_eq!(
        certain.message,
        "rule `deny_internet_mgmt` denies inbound traffic that mandatory rule `allow_management_inbound` must allow"
    );
    assert!(
        text.contains("denies `tcp Internet -> 10.50.0.4:9000`"),
        "{text}"
    );
    assert!(
        text.contains("`allow_management_inbound` would allow it, but comes later"),
        "{text}"
    );
    let mi102 = diags.iter().find(|d| d.code == "MI102").unwrap();
    assert!(mi102
        .message
        .contains("mandatory rule `allow_management_outbound`"));
    assert!(
        text.contains("requires `allow_management_outbound: allow tcp from 10.50.0.0/24 to AzureCloud port [443, 12000] priority 100`"),
        "{text}"
    );
    assert!(
        text.contains("the platform does not add its rules"),
        "{text}"
    );
    // the doubt is explained by the rule and the tag behind it
    assert!(
        text.contains("`allow_misubnet_outbound` may take it first"),
        "{text}"
    );
    assert!(text.contains("`AzureCloud`"), "{text}");
}

#[test]
fn a_swapped_health_probe_rule_is_named() {
    let (diags, lines, text) = check_json("mi102_swapped_probe.json", "mi-2018");
    // (145: no route table on the subnet: MI007 and MI201)
    assert_eq!(
        codes_at(&lines),
        ["45:MI102", "145:MI007", "145:MI201"],
        "{text}"
    );
    let d = &diags[0];
    assert!(d
        .message
        .contains("mandatory rule `allow_health_probe_inbound`"));
    assert_eq!(
        d.help.as_deref(),
        Some("swap the source and destination of `allow_health_probe_inbound`")
    );
    assert!(
        text.contains("source and destination look swapped"),
        "{text}"
    );
}

#[test]
fn one_rule_per_management_port_is_mi103_and_not_mi104() {
    let (diags, lines, text) = check_json("mi103_split_ports.json", "mi-2018");
    // (165: no route table on the subnet: MI007 and MI201)
    assert_eq!(
        codes_at(&lines),
        ["13:MI103", "165:MI007", "165:MI201"],
        "{text}"
    );
    assert_eq!(
        diags[0].message,
        "the ports of mandatory rule `allow_management_inbound` are split across 5 rules"
    );
    assert_eq!(diags[0].secondary.len(), 5, "{text}");
    assert!(
        text.contains("VnetSubnetConflictWithIntendedPolicy"),
        "{text}"
    );
}

#[test]
fn the_same_ports_in_one_rule_pass() {
    // the 2018-12 layout with the five ports merged, as fixed in 2019-05
    let text = std::fs::read_to_string(format!("{FIXTURES}/mi103_split_ports.json")).unwrap();
    let merged = text.replacen(
        "\"9000\"",
        "[\"9000\", \"9003\", \"1438\", \"1440\", \"1452\"]",
        1,
    );
    let merged = merged.replacen(
        "\"destinationPortRange\": [",
        "\"destinationPortRanges\": [",
        1,
    );
    let path = std::env::temp_dir().join(format!("misec-mi103-{}.json", std::process::id()));
    std::fs::write(&path, merged).unwrap();
    let (_, lines, text) = check_json(path.to_str().unwrap(), "mi-2018");
    let _ = std::fs::remove_file(&path);
    assert!(!lines.iter().any(|(_, c)| c == "MI103"), "{text}");
}

/// Quickstart 101-sqlmi-new-vnet at 75d38b5 (2018-09): its subnet rules point
/// the wrong way, but `*` -> subnet (inbound) and subnet -> `*` (outbound)
/// still carry the traffic the subnet's NSG sees, and the broad inbound rule
/// also admits the health probe: no mandatory traffic is lost. What is wrong
/// is the health-probe rule itself, which matches none of the probe's
/// traffic: one MI102 on it (misdirected), and no other MI1xx.
#[test]
fn corpus_2018_09_loses_no_mandatory_traffic_but_its_probe_rule_is_misdirected() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/qs-sqlmi-new-vnet-2018-09-nsg-swapped-src-dst/azuredeploy.json"
    );
    if !std::path::Path::new(path).exists() {
        eprintln!("note: {path} not found; skipping");
        return;
    }
    for profile in ["mi-2018", "mi-2020-manual"] {
        let (_, lines, text) = check_json(path, profile);
        let mi1: Vec<&(usize, String)> = lines
            .iter()
            .filter(|(_, c)| ["MI101", "MI102", "MI103"].contains(&c.as_str()))
            .collect();
        assert_eq!(mi1, [&(149, "MI102".to_string())], "{profile}: {text}");
        assert!(
            text.contains("rule `allow_health_probe_inbound` carries the name of mandatory rule")
                && text.contains("swap the source and destination of `allow_health_probe_inbound`"),
            "{profile}: {text}"
        );
        assert!(!text.contains("must allow is denied"), "{profile}: {text}");
    }
}

/// A subnet with `n` inbound and `n` outbound user rules, none redundant.
fn big_file(n: usize) -> String {
    let mut s = String::from(
        "profile mi-2020-service-aided\n\nvnet v {\n  address 10.0.0.0/8\n  region westeurope\n\n  subnet sqlmi {\n    address 10.0.1.0/24\n    delegated\n\n    inbound {\n",
    );
    // a deny for half of each client network, then an allow for all of it:
    // both decide something
    for i in 0..n / 2 {
        let (a, b) = (i / 250 + 10, i % 250);
        let port = 1000 + i;
        s.push_str(&format!(
            "      no-{i}: deny tcp from 10.{a}.{b}.0/25 to subnet port {port}\n"
        ));
        s.push_str(&format!(
            "      in-{i}: allow tcp from 10.{a}.{b}.0/24 to subnet port {port}\n"
        ));
    }
    s.push_str("      default deny\n    }\n\n    outbound {\n");
    for i in 0..n {
        let (a, b) = (i / 250, i % 250);
        s.push_str(&format!(
            "      out-{i}: allow tcp from subnet to 172.{}.{b}.0/24 port {}\n",
            a + 16,
            2000 + i
        ));
    }
    s.push_str("      default deny\n    }\n  }\n}\n");
    s
}

#[test]
fn a_thousand_rules_stay_fast() {
    let text = big_file(490);
    let mut sources = Sources::new();
    let file = sources.add("big.misec", text);
    let start = std::time::Instant::now();
    let out =
        misec::check::check_misec(&mut sources, file, &Config::default(), &Options::default());
    let took = start.elapsed();
    eprintln!(
        "980 rules: {} diagnostics in {took:?} (debug build)",
        out.len()
    );
    // no false finding on disjoint rules
    assert!(
        !out.iter()
            .any(|d| ["SEC003", "SEC004", "MI101", "MI102"].contains(&d.code)),
        "{:?}",
        out.iter()
            .map(|d| (&d.code, &d.message))
            .take(5)
            .collect::<Vec<_>>()
    );
    // generous for an unoptimized build on a shared machine
    assert!(took.as_secs() < 20, "took {took:?}");
}
