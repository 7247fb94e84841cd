//! Unit tests of rule blocks, routes, vnets and subnets: priorities (E111),
//! duplicates (E102), containment (E110), required statements (E109).

use super::tests::{at, codes, rules, run, subnet};
use crate::model::*;

#[test]
fn priorities_must_not_decrease_in_source_order() {
    let text = subnet(
        "  inbound {\n   a: allow tcp from any to subnet priority 400\n   b: allow tcp from any to subnet\n   c: allow tcp from any to subnet priority 300\n   d: allow tcp from any to subnet priority 400\n  }",
    );
    let (_, diags) = run(&text);
    assert_eq!(codes(&diags), vec!["E111"], "{diags:#?}");
    assert_eq!(at(&text, diags[0].span()), "300");
    assert_eq!(diags[0].secondary[0].message, "`a` has priority 400");
    assert_eq!(at(&text, diags[0].secondary[0].span), "400");
}

#[test]
fn equal_priorities_are_left_to_the_lints() {
    let text = subnet(
        "  inbound {\n   a: allow tcp from any to subnet priority 400\n   b: allow tcp from any to subnet priority 400\n  }",
    );
    assert!(run(&text).1.is_empty());
}

#[test]
fn nothing_may_follow_default() {
    let text = subnet("  outbound {\n   default deny\n   late: allow tcp from subnet to any\n  }");
    let (model, diags) = run(&text);
    assert_eq!(codes(&diags), vec!["E111"]);
    assert_eq!(at(&text, diags[0].span()), "late");
    assert_eq!(at(&text, diags[0].secondary[0].span), "default deny");
    let d = &rules(&model)[0];
    assert_eq!(d.name.value, "default-deny-outbound");
    assert_eq!(d.origin, RuleOrigin::Default);
    assert_eq!(d.priority.as_ref().map(|p| p.value), Some(4096));
    assert_eq!(d.source[0].address, Address::Any);
    assert_eq!(d.protocol.value, Protocol::Any);
}

#[test]
fn no_number_left_between_explicit_priorities() {
    let text = subnet(
        "  inbound {\n   a: allow tcp from any to subnet priority 100\n   b: allow tcp from any to subnet\n   c: allow tcp from any to subnet priority 101\n  }",
    );
    let (_, diags) = run(&text);
    assert_eq!(codes(&diags), vec!["E111"]);
    assert_eq!(at(&text, diags[0].span()), "b");
}

#[test]
fn out_of_range_priorities_are_not_ours() {
    let text = subnet("  inbound {\n   a: allow tcp from any to subnet priority 50\n   b: allow tcp from any to subnet priority 5000\n  }");
    assert!(run(&text).1.is_empty());
}

#[test]
fn rule_names_are_shared_by_inbound_and_outbound() {
    let text = subnet("  inbound {\n   web: allow tcp from any to subnet\n  }\n  outbound {\n   Web: allow tcp from subnet to any\n  }");
    let (_, diags) = run(&text);
    assert_eq!(codes(&diags), vec!["E102"]);
    assert_eq!(at(&text, diags[0].span()), "Web");
    assert_eq!(at(&text, diags[0].secondary[0].span), "web");
}

#[test]
fn subnets_outside_the_vnet_or_overlapping() {
    let text = "vnet v {\n address [10.0.0.0/16, 10.1.0.0/16]\n subnet a {\n  address 10.0.0.0/24\n }\n subnet b {\n  address 10.2.0.0/24\n }\n subnet c {\n  address 10.0.0.128/25\n }\n subnet d {\n  address 10.1.0.0/24\n }\n}\n";
    let (_, diags) = run(text);
    let got: Vec<(&str, &str, Vec<&str>)> = diags
        .iter()
        .map(|d| {
            (
                d.code,
                at(text, d.span()),
                d.secondary.iter().map(|l| at(text, l.span)).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("E110", "10.2.0.0/24", vec!["10.0.0.0/16", "10.1.0.0/16"]),
            ("E110", "10.0.0.128/25", vec!["10.0.0.0/24"]),
        ]
    );
}

#[test]
fn missing_addresses() {
    let text =
        "vnet v {\n subnet s {\n  inbound {\n   r: allow tcp from any to subnet\n  }\n }\n}\n";
    let (model, diags) = run(text);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(text, d.span()))).collect();
    assert_eq!(got, vec![("E109", "s"), ("E109", "v")]);
    assert!(
        rules(&model).is_empty(),
        "`subnet` without an address is skipped silently"
    );
}

#[test]
fn statements_given_twice() {
    let text = "vnet v {\n address 10.0.0.0/16\n region westeurope\n region northeurope\n subnet s {\n  address 10.0.1.0/24\n  address 10.0.2.0/24\n }\n}\n";
    let (model, diags) = run(text);
    assert_eq!(codes(&diags), vec!["E102", "E102"]);
    assert_eq!(model.vnets[0].region.as_ref().unwrap().value, "westeurope");
}

#[test]
fn routes_expand_sets_into_named_routes() {
    let text = format!(
        "let one = [10.50.0.0/16]\nlet many = [192.168.0.0/16, fd00::/8, AzureCloud]\n{}",
        subnet("  routes {\n   a: one via gateway\n   b: many via appliance 10.0.1.4\n  }")
    );
    let (model, diags) = run(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    let rt = model.vnets[0].subnets[0].route_table.as_ref().unwrap();
    let names: Vec<&str> = rt.routes.iter().map(|r| r.name.value.as_str()).collect();
    assert_eq!(
        names,
        vec!["a", "b-192-168-0-0-16", "b-fd00---8", "b-AzureCloud"]
    );
    assert_eq!(rt.name.value, "s-rt");
    let hop = &rt.routes[1].next_hop.value;
    assert_eq!(hop.kind, NextHopKind::Appliance);
    assert_eq!(
        hop.address.as_ref().unwrap().value,
        "10.0.1.4".parse::<std::net::IpAddr>().unwrap()
    );
}

#[test]
fn route_prefix_errors() {
    let text = format!(
        "let p = [1433]\n{}",
        subnet("  routes {\n   a: any via internet\n   b: p via internet\n   c: 0.0.0.0/0 via appliance 10.0.0.0/24\n   d: 10.9.0.0/16 via none\n   d: 10.8.0.0/16 via none\n  }")
    );
    let (_, diags) = run(&text);
    let got: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d.code, at(&text, d.span())))
        .collect();
    assert_eq!(
        got,
        vec![
            ("E104", "any"),
            ("E104", "p"),
            ("E105", "10.0.0.0/24"),
            ("E102", "d")
        ]
    );
}

#[test]
fn regions_features_and_defaults() {
    let text = "vnet v {\n address 10.0.0.0/16\n region WestEurope\n peering hub {\n  region westeurop\n }\n subnet s {\n  address 10.0.1.0/24\n  features [replication, failover-groups]\n  bgp-propagation off\n }\n}\n";
    let (model, diags) = run(text);
    let got: Vec<(&str, &str, &str)> = diags
        .iter()
        .map(|d| (d.code, at(text, d.span()), d.help.as_deref().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("E101", "westeurop", "did you mean `westeurope`?"),
            ("E101", "failover-groups", "did you mean `failover-group`?"),
        ]
    );
    let vnet = &model.vnets[0];
    assert_eq!(vnet.region.as_ref().unwrap().value, "westeurope");
    let s = &vnet.subnets[0];
    assert_eq!(
        s.features.iter().map(|f| f.value).collect::<Vec<_>>(),
        vec![Feature::Replication]
    );
    assert_eq!(s.nsg.as_ref().unwrap().name.value, "s-nsg");
    assert_eq!(at(text, s.nsg.as_ref().unwrap().name.span), "s");
    assert_eq!(
        s.route_table
            .as_ref()
            .unwrap()
            .bgp_propagation
            .as_ref()
            .map(|b| b.value),
        Some(false)
    );
}

/// Hostile input: a long chain of sets must not overflow the stack, and
/// exponential nesting must stay within the budget.
#[test]
fn deep_and_wide_sets_stay_bounded() {
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!("let s{i} = [s{}, 10.0.0.0/8]\n", i + 1));
    }
    text.push_str("let s20000 = [10.1.0.0/16]\n");
    let (_, diags) = run(&text);
    assert!(diags.is_empty());

    let mut text = String::from("let w0 = [10.0.0.0/8, 10.1.0.0/16]\n");
    for i in 1..40 {
        let p = i - 1;
        text.push_str(&format!("let w{i} = [w{p}, w{p}, w{p}]\n"));
    }
    text.push_str(&subnet(
        "  inbound {\n   r: allow tcp from w39 to subnet\n  }",
    ));
    let (model, diags) = run(&text);
    assert!(diags.is_empty());
    assert_eq!(
        rules(&model)[0].source.len(),
        2,
        "each set is expanded once per use"
    );
}
