//! What the emitted JSON says, asserted field by field: Azure's singular and
//! plural fields, rule splitting (names, priorities, IP versions), the clash
//! checks, next hops, ARM escaping, file names, determinism.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

mod emit_plans;

use emit_plans::{route, rule, service_aided};
use misec::emit::{arm, rest, EmitErrorKind, Plan, PlannedNsg, PlannedRouteTable};
use misec::model::{Access::*, Direction::*, NextHopKind, Protocol::*};
use serde_json::Value;

const KEYS: [&str; 4] = [
    "sourceAddressPrefix",
    "destinationAddressPrefix",
    "sourcePortRange",
    "destinationPortRange",
];

fn nsg_plan(rules: Vec<misec::emit::PlannedRule<'static>>) -> Plan<'static> {
    Plan {
        api_version: emit_plans::API.into(),
        nsgs: vec![PlannedNsg {
            name: "nsg".into(),
            rules,
        }],
        route_tables: vec![],
        subnets: vec![],
    }
}

fn rules_of(plan: &Plan) -> Vec<Value> {
    let text = arm(plan, false).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["resources"][0]["properties"]["securityRules"]
        .as_array()
        .unwrap()
        .clone()
}

fn errors(plan: &Plan) -> Vec<EmitErrorKind> {
    let from_arm: Vec<_> = arm(plan, true)
        .unwrap_err()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    if plan.subnets.is_empty() {
        let from_rest: Vec<_> = rest(plan, "westeurope")
            .unwrap_err()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(from_arm, from_rest, "arm and rest disagree");
    }
    from_arm
}

#[test]
fn never_both_singular_and_plural() {
    for r in rules_of(&service_aided()) {
        let props = r["properties"].as_object().unwrap();
        for key in KEYS {
            let plural = if key.ends_with("Prefix") {
                format!("{key}es")
            } else {
                format!("{key}s")
            };
            let n = props.contains_key(key) as u8 + props.contains_key(&plural) as u8;
            assert_eq!(n, 1, "{}: exactly one of {key}/{plural}", r["name"]);
            if let Some(list) = props.get(&plural) {
                assert!(
                    list.as_array().unwrap().len() > 1,
                    "{}: plural with one value",
                    r["name"]
                );
            }
        }
    }
}

#[test]
fn two_tags_on_each_side_make_four_rules_in_order() {
    let r = rule(
        "x",
        Inbound,
        Allow,
        Tcp,
        &["Sql", "Storage"],
        &["AzureCloud", "EventHub"],
        "443",
        300,
    );
    let got: Vec<(String, u64, String, String)> = rules_of(&nsg_plan(vec![r]))
        .iter()
        .map(|r| {
            let p = &r["properties"];
            (
                r["name"].as_str().unwrap().to_string(),
                p["priority"].as_u64().unwrap(),
                p["sourceAddressPrefix"].as_str().unwrap().to_string(),
                p["destinationAddressPrefix"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("x", 300, "Sql", "AzureCloud"),
        ("x-2", 301, "Sql", "EventHub"),
        ("x-3", 302, "Storage", "AzureCloud"),
        ("x-4", 303, "Storage", "EventHub"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), *b, c.to_string(), d.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn ipv4_and_ipv6_prefixes_are_separate_rules_and_never_cross() {
    let src = ["10.0.0.0/8", "2001:db8::/32", "10.1.0.0/16"];
    let dst = ["10.20.1.0/24", "2001:db8:20::/64"];
    let r = rule("dual", Inbound, Allow, Tcp, &src, &dst, "1433", 200);
    let got = rules_of(&nsg_plan(vec![r]));
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(
        got[0]["properties"]["sourceAddressPrefixes"],
        serde_json::json!(["10.0.0.0/8", "10.1.0.0/16"])
    );
    assert_eq!(
        got[0]["properties"]["destinationAddressPrefix"],
        "10.20.1.0/24"
    );
    assert_eq!(got[1]["name"], "dual-2");
    assert_eq!(got[1]["properties"]["sourceAddressPrefix"], "2001:db8::/32");
    assert_eq!(
        got[1]["properties"]["destinationAddressPrefix"],
        "2001:db8:20::/64"
    );
}

#[test]
fn only_ipv4_to_only_ipv6_is_refused() {
    let r = rule(
        "odd",
        Inbound,
        Allow,
        Tcp,
        &["10.0.0.0/8"],
        &["2001:db8::/32"],
        "1433",
        200,
    );
    assert_eq!(
        errors(&nsg_plan(vec![r])),
        vec![EmitErrorKind::NoCommonAddressFamily { rule: "odd".into() }]
    );
}

#[test]
fn any_absorbs_the_rest_of_its_side() {
    let r = rule(
        "a",
        Outbound,
        Deny,
        Any,
        &["*", "Internet", "10.0.0.0/8"],
        &["*"],
        "80,*",
        200,
    );
    let got = rules_of(&nsg_plan(vec![r]));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["properties"]["sourceAddressPrefix"], "*");
    assert_eq!(got[0]["properties"]["destinationPortRange"], "*");
    assert_eq!(got[0]["properties"]["protocol"], "*");
}

#[test]
fn a_split_running_into_the_next_priority_is_an_error() {
    let a = rule(
        "two-tags",
        Inbound,
        Allow,
        Tcp,
        &["Sql", "Storage"],
        &["*"],
        "443",
        300,
    );
    let b = rule(
        "next",
        Inbound,
        Allow,
        Tcp,
        &["10.0.0.0/8"],
        &["*"],
        "443",
        301,
    );
    let plan = nsg_plan(vec![a, b]);
    let errs = arm(&plan, false).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(
        errs[0].kind,
        EmitErrorKind::PriorityTaken {
            rule: "next".into(),
            other: "two-tags-2".into(),
            priority: 301,
            direction: Inbound
        }
    );
    assert_eq!(errs[0].code(), Some("AZ002"));
    assert_eq!(errs[0].span, Some(emit_plans::span(301)));
    assert_eq!(errs[0].other, Some(emit_plans::span(300)));
    assert_eq!(
        errs[0].to_string(),
        "rules `next` and `two-tags-2` of `nsg` would both have inbound priority 301"
    );
}

#[test]
fn the_same_priority_in_the_other_direction_is_fine() {
    let a = rule(
        "in",
        Inbound,
        Allow,
        Tcp,
        &["Sql", "Storage"],
        &["*"],
        "443",
        300,
    );
    let b = rule("out", Outbound, Allow, Tcp, &["*"], &["*"], "443", 301);
    assert_eq!(rules_of(&nsg_plan(vec![a, b])).len(), 3);
}

#[test]
fn a_generated_name_taken_by_another_rule_is_an_error() {
    let a = rule(
        "web",
        Inbound,
        Allow,
        Tcp,
        &["Sql", "Storage"],
        &["*"],
        "443",
        300,
    );
    let b = rule("WEB-2", Outbound, Allow, Tcp, &["*"], &["*"], "443", 400);
    let errs = errors(&nsg_plan(vec![a, b]));
    assert_eq!(
        errs,
        vec![EmitErrorKind::NameTaken {
            name: "WEB-2".into(),
            rule: "WEB-2".into()
        }]
    );
}

#[test]
fn a_split_past_4096_is_an_error() {
    let r = rule(
        "last",
        Inbound,
        Deny,
        Tcp,
        &["Sql", "Storage"],
        &["*"],
        "443",
        4096,
    );
    let errs = errors(&nsg_plan(vec![r]));
    assert_eq!(
        errs,
        vec![EmitErrorKind::PriorityOutOfRange {
            rule: "last-2".into(),
            priority: 4097
        }]
    );
}

#[test]
fn a_generated_name_over_80_characters_is_an_error() {
    let long = "n".repeat(79);
    let r = rule(
        &long,
        Inbound,
        Allow,
        Tcp,
        &["Sql", "Storage"],
        &["*"],
        "443",
        200,
    );
    assert_eq!(
        errors(&nsg_plan(vec![r])),
        vec![EmitErrorKind::NameTooLong {
            name: format!("{long}-2")
        }]
    );
}

#[test]
fn more_than_1000_rules_after_splitting_is_an_error() {
    let plan = emit_plans::large(1000, 0);
    assert!(arm(&plan, false).is_ok());
    let mut plan = plan;
    let extra = rule("one-more", Outbound, Allow, Tcp, &["*"], &["*"], "1", 4000);
    plan.nsgs[0].rules.push(extra);
    assert_eq!(
        errors(&plan),
        vec![EmitErrorKind::TooManyRules { count: 1001 }]
    );
}

fn rt_plan(routes: Vec<misec::model::Route>) -> Plan<'static> {
    Plan {
        api_version: emit_plans::API.into(),
        nsgs: vec![],
        route_tables: vec![PlannedRouteTable {
            name: "rt".into(),
            routes,
            disable_bgp_route_propagation: false,
        }],
        subnets: vec![],
    }
}

#[test]
fn next_hop_addresses_only_for_appliances() {
    let missing = route("fw", "0.0.0.0/0", NextHopKind::Appliance, None, 1);
    let extra = route(
        "net",
        "0.0.0.0/0",
        NextHopKind::Internet,
        Some("10.0.0.4"),
        2,
    );
    let any = route("any", "*", NextHopKind::Internet, None, 3);
    let errs = errors(&rt_plan(vec![missing, extra, any]));
    assert_eq!(
        errs,
        vec![
            EmitErrorKind::NextHopAddressMissing { route: "fw".into() },
            EmitErrorKind::NextHopAddressUnexpected {
                route: "net".into()
            },
            EmitErrorKind::AnyRoutePrefix {
                route: "any".into()
            },
        ]
    );
}

#[test]
fn rest_bodies_are_what_put_takes() {
    let files = rest(&service_aided(), "northeurope").unwrap();
    let names: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(names, ["sqlmi-nsg.json", "sqlmi-rt.json"]);
    for (_, text) in &files {
        let body: Value = serde_json::from_str(text).unwrap();
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["location", "properties"]);
        assert_eq!(body["location"], "northeurope");
    }
    let rt: Value = serde_json::from_str(&files[1].1).unwrap();
    assert_eq!(rt["properties"]["disableBgpRoutePropagation"], true);
}

#[test]
fn names_that_are_paths_or_clash_as_files_are_refused() {
    let mut plan = service_aided();
    plan.nsgs[0].name = "../escape".into();
    plan.route_tables[0].name = "x/y".into();
    let errs = errors_rest(&plan);
    assert_eq!(
        errs,
        vec![
            EmitErrorKind::UnsafeFileName {
                name: "../escape".into()
            },
            EmitErrorKind::UnsafeFileName { name: "x/y".into() },
        ]
    );
    let mut plan = service_aided();
    plan.route_tables[0].name = "SQLMI-NSG".into();
    assert_eq!(
        errors_rest(&plan),
        vec![EmitErrorKind::FileNameTaken {
            file: "SQLMI-NSG.json".into()
        }]
    );
}

fn errors_rest(plan: &Plan) -> Vec<EmitErrorKind> {
    rest(plan, "westeurope")
        .unwrap_err()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

#[test]
fn arm_strings_that_look_like_expressions_are_escaped() {
    let mut plan = service_aided();
    plan.nsgs[0].rules[7]
        .rule
        .to_mut()
        .description
        .as_mut()
        .unwrap()
        .value = "[concat('a')]".into();
    let doc: Value = serde_json::from_str(&arm(&plan, false).unwrap()).unwrap();
    let rule = &doc["resources"][0]["properties"]["securityRules"][7];
    assert_eq!(rule["properties"]["description"], "[[concat('a')]");
    let body: Value = serde_json::from_str(&rest(&plan, "westeurope").unwrap()[0].1).unwrap();
    assert_eq!(
        body["properties"]["securityRules"][7]["properties"]["description"],
        "[concat('a')]"
    );
}

#[test]
fn subnets_must_name_emitted_resources() {
    let mut plan = service_aided();
    plan.subnets[0].nsg = Some("other-nsg".into());
    let errs = arm(&plan, true).unwrap_err();
    assert_eq!(
        errs[0].kind,
        EmitErrorKind::UnknownAssociation {
            subnet: "sqlmi".into(),
            target: "other-nsg".into()
        }
    );
    assert_eq!(errs[0].code(), None);
    assert!(
        arm(&plan, false).is_ok(),
        "subnets are not emitted without with_subnets"
    );
}

#[test]
fn output_is_deterministic_and_ends_with_a_newline() {
    let a = arm(&service_aided(), true).unwrap();
    let b = arm(&service_aided(), true).unwrap();
    assert_eq!(a, b);
    assert!(a.ends_with("}\n") && !a.ends_with("\n\n"));
    assert!(a.lines().nth(1).unwrap().starts_with("  \"$schema\""));
}
