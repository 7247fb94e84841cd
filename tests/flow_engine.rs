//! The packet-set engine on hand-written NSGs: the answers a lint or
//! `misec query` would show.

// helpers outside `#[test]` functions unwrap too: this is test code
#![allow(clippy::unwrap_used)]

use ipnet::IpNet;
use misec::flow::{azure_default_rules, Context, Flow, PacketSet, Policy, Proto, TagResolver};
use misec::model::{
    Access, Address, AddressItem, Direction, PortItem, PortRange, Protocol, RuleOrigin,
    SecurityRule,
};
use misec::source::{Span, Spanned};

fn addr(text: &str) -> Address {
    match text {
        "any" => Address::Any,
        _ => match (text.parse::<IpNet>(), text.parse::<std::net::IpAddr>()) {
            (Ok(n), _) => Address::Prefix(n),
            (_, Ok(ip)) => Address::Prefix(IpNet::from(ip)),
            _ => Address::Tag(text.to_string()),
        },
    }
}

fn ports(list: &[(u16, u16)]) -> Vec<PortItem> {
    let list = if list.is_empty() { &[(0, 65535)] } else { list };
    list.iter()
        .map(|&(lo, hi)| PortItem {
            range: PortRange { lo, hi },
            span: Span::default(),
            via: None,
        })
        .collect()
}

/// `rule("deny", Protocol::Tcp, "any", "10.0.1.0/24", &[(1433, 1433)])`;
/// several addresses are separated by commas; empty ports mean any.
fn rule(
    access: &str,
    protocol: Protocol,
    src: &str,
    dst: &str,
    dports: &[(u16, u16)],
) -> SecurityRule {
    let items = |s: &str| {
        s.split(',')
            .map(|a| AddressItem {
                address: addr(a.trim()),
                span: Span::default(),
                via: None,
            })
            .collect()
    };
    let sp = Span::default();
    SecurityRule {
        name: Spanned::new(format!("{access}-{src}-{dst}"), sp),
        direction: Direction::Inbound,
        access: Spanned::new(
            if access == "allow" {
                Access::Allow
            } else {
                Access::Deny
            },
            sp,
        ),
        protocol: Spanned::new(protocol, sp),
        source: items(src),
        source_ports: ports(&[]),
        destination: items(dst),
        destination_ports: ports(dports),
        priority: None,
        description: None,
        origin: RuleOrigin::User,
        span: sp,
    }
}

fn numbered(rules: &[SecurityRule]) -> Vec<(&SecurityRule, u32)> {
    rules.iter().zip((1..).map(|k| k * 100)).collect()
}

fn vnet() -> Vec<IpNet> {
    vec![
        "10.0.0.0/16".parse().unwrap(),
        "10.0.1.0/24".parse().unwrap(),
    ]
}

fn flow(protocol: Proto, src: &str, dst: &str, dport: u16) -> Flow {
    Flow {
        protocol,
        src: addr(src),
        src_port: PortRange::ANY,
        dst: addr(dst),
        dst_port: PortRange::single(dport),
    }
}

#[test]
fn azure_defaults_match_the_portal() {
    let names: Vec<(String, u32, Access)> = azure_default_rules(Direction::Outbound)
        .iter()
        .map(|r| {
            (
                r.name.value.clone(),
                r.priority.as_ref().unwrap().value,
                r.access.value,
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("AllowVnetOutBound".to_string(), 65000, Access::Allow),
            ("AllowInternetOutBound".to_string(), 65001, Access::Allow),
            ("DenyAllOutBound".to_string(), 65500, Access::Deny),
        ]
    );
    let inbound = azure_default_rules(Direction::Inbound);
    assert_eq!(inbound[1].source[0].address, addr("AzureLoadBalancer"));
    assert!(inbound.iter().all(|r| r.origin == RuleOrigin::AzureDefault));
}

#[test]
fn decide_names_the_first_matching_rule() {
    let rules = [
        rule("deny", Protocol::Tcp, "any", "10.0.1.0/24", &[(1433, 1433)]),
        rule(
            "allow",
            Protocol::Tcp,
            "10.0.0.0/16",
            "any",
            &[(1433, 1433)],
        ),
    ];
    let ctx = Context::new(None, &vnet());
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules));
    let d = policy
        .decide(&flow(Proto::Tcp, "10.0.2.4", "10.0.1.10", 1433))
        .unwrap();
    assert_eq!((d.rule, d.access, d.is_certain()), (0, Access::Deny, true));
    let d = policy
        .decide(&flow(Proto::Tcp, "10.0.2.4", "10.0.2.10", 1433))
        .unwrap();
    assert_eq!((d.rule, d.access, d.is_certain()), (1, Access::Allow, true));
    // UDP inside the vnet falls through to AllowVnetInBound (id 2)
    let d = policy
        .decide(&flow(Proto::Udp, "10.0.2.4", "10.0.1.10", 53))
        .unwrap();
    assert_eq!((d.rule, d.access, d.is_certain()), (2, Access::Allow, true));
    assert_eq!(policy.rule(2).unwrap().0.name.value, "AllowVnetInBound");
    // from outside the vnet: DenyAllInBound, but AllowVnetInBound may match
    // (VirtualNetwork may hold more than the vnet: peerings, on-premises);
    // the load balancer rule cannot: AzureLoadBalancer is 168.63.129.16
    let d = policy
        .decide(&flow(Proto::Udp, "192.0.2.1", "10.0.1.10", 53))
        .unwrap();
    assert_eq!(
        (d.rule, d.access, d.maybe.clone()),
        (4, Access::Deny, vec![2])
    );
    let d = policy
        .decide(&flow(Proto::Udp, "168.63.129.16", "10.0.1.10", 53))
        .unwrap();
    assert_eq!(
        (d.rule, d.access, d.is_certain()),
        (3, Access::Allow, false)
    );
}

#[test]
fn an_unresolved_tag_makes_a_literal_flow_uncertain() {
    let rules = [rule(
        "deny",
        Protocol::Tcp,
        "Internet",
        "any",
        &[(1433, 1433)],
    )];
    let ctx = Context::new(None, &vnet());
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules));
    // an address outside the vnet may be in Internet
    let d = policy
        .decide(&flow(Proto::Tcp, "192.0.2.1", "10.0.1.10", 1433))
        .unwrap();
    assert_eq!((d.rule, d.access, d.maybe), (3, Access::Deny, vec![0, 1]));
    // one inside the vnet is not: Internet is the space outside it
    let d = policy
        .decide(&flow(Proto::Tcp, "10.0.2.4", "10.0.1.10", 1433))
        .unwrap();
    assert_eq!((d.rule, d.access, d.is_certain()), (1, Access::Allow, true));
    let d = policy
        .decide(&flow(Proto::Tcp, "internet", "10.0.1.10", 1433))
        .unwrap();
    assert_eq!((d.rule, d.access, d.is_certain()), (0, Access::Deny, true));
}

#[test]
fn a_resolved_tag_is_its_prefixes() {
    let resolver = TagResolver::from_prefixes([("Storage", vec!["20.0.0.0/8".parse().unwrap()])]);
    let rules = [rule("deny", Protocol::Tcp, "storage", "any", &[])];
    let ctx = Context::new(Some(&resolver), &vnet());
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules));
    let d = policy
        .decide(&flow(Proto::Tcp, "10.0.2.4", "10.0.1.10", 80))
        .unwrap();
    assert_eq!((d.rule, d.is_certain()), (1, true));
    let d = policy
        .decide(&flow(Proto::Tcp, "20.1.2.3", "10.0.1.10", 80))
        .unwrap();
    assert_eq!((d.rule, d.is_certain()), (0, true));
}

#[test]
fn shadowing_uses_the_union_of_higher_rules() {
    let rules = [
        rule("allow", Protocol::Tcp, "10.0.0.0/24", "any", &[(443, 443)]),
        rule("allow", Protocol::Udp, "any", "any", &[]),
        rule("allow", Protocol::Tcp, "10.0.1.0/24", "any", &[(443, 443)]),
        rule("deny", Protocol::Tcp, "10.0.0.0/23", "any", &[(443, 443)]),
        rule("deny", Protocol::Tcp, "10.0.0.0/22", "any", &[(443, 443)]),
    ];
    let ctx = Context::new(None, &vnet());
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules));
    assert_eq!(policy.shadowed(3), Some(vec![0, 2]));
    assert_eq!(policy.shadowed(4), None);
    assert_eq!(policy.shadowed(0), None);
}

#[test]
fn a_tag_rule_is_shadowed_by_the_same_tag_but_not_by_prefixes() {
    let rules = [
        rule("deny", Protocol::Tcp, "Internet", "any", &[(1433, 1433)]),
        rule("allow", Protocol::Any, "0.0.0.0/0", "any", &[]),
        rule("deny", Protocol::Tcp, "INTERNET", "any", &[(1433, 1433)]),
        rule("deny", Protocol::Tcp, "Storage", "any", &[(1433, 1433)]),
    ];
    let ctx = Context::new(None, &vnet());
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules));
    assert_eq!(policy.shadowed(2), Some(vec![0]));
    assert_eq!(policy.shadowed(3), None);
}

#[test]
fn redundancy_looks_at_the_rules_below() {
    let rules = [
        rule("allow", Protocol::Tcp, "10.0.0.0/24", "any", &[(443, 443)]),
        rule("allow", Protocol::Tcp, "10.0.0.0/16", "any", &[(443, 443)]),
    ];
    let ctx = Context::new(None, &vnet());
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules));
    assert!(policy.redundant(0));
    assert!(!policy.redundant(1));
    let between = [
        rules[0].clone(),
        rule("deny", Protocol::Tcp, "10.0.0.0/25", "any", &[]),
        rules[1].clone(),
    ];
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&between));
    assert!(!policy.redundant(0));
    // a deny of outside traffic: the default rules below may allow it, as
    // `VirtualNetwork` may hold peered prefixes
    let deny = [rule(
        "deny",
        Protocol::Tcp,
        "192.0.2.0/24",
        "10.0.1.0/24",
        &[],
    )];
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&deny));
    assert!(!policy.redundant(0));
    // once both default tags are known not to hold it, only DenyAllInBound
    // is left below: redundant
    let resolver = TagResolver::from_prefixes([
        ("VirtualNetwork", vnet()),
        (
            "AzureLoadBalancer",
            vec!["168.63.129.16/32".parse().unwrap()],
        ),
    ]);
    let ctx = Context::new(Some(&resolver), &vnet());
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&deny));
    assert!(policy.redundant(0));
}

fn management(ctx: &Context<'_>) -> PacketSet {
    let sql = [addr("SqlManagement")];
    let subnet = [addr("10.0.1.0/24")];
    let mi_ports = [9000, 9003, 1438, 1440, 1452].map(PortRange::single);
    misec::flow::build::parts(
        ctx,
        Protocol::Tcp,
        &sql,
        [PortRange::ANY],
        &subnet,
        mi_ports,
    )
    .certain
}

#[test]
fn coverage_shows_certain_and_possible_denials() {
    let rules = [rule("deny", Protocol::Tcp, "any", "any", &[(9000, 9003)])];
    let ctx = Context::new(None, &vnet());
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules));
    let cov = policy.coverage(&management(&ctx));
    assert!(!cov.all_allowed());
    let denied: Vec<_> = cov.denied().collect();
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0].rule, 0);
    let example = denied[0].packets.sample(&ctx).unwrap();
    assert_eq!(example.to_string(), "tcp SqlManagement -> 10.0.1.4:9000");
    // the other ports reach DenyAllInBound unless SqlManagement is in the vnet
    let maybe: Vec<usize> = cov.maybe_denied().map(|p| p.rule).collect();
    assert_eq!(maybe, vec![3]);
    let example = cov
        .maybe_denied()
        .next()
        .unwrap()
        .packets
        .sample(&ctx)
        .unwrap();
    assert_eq!(example.to_string(), "tcp SqlManagement -> 10.0.1.4:1438");
}

#[test]
fn coverage_of_allowed_management_traffic() {
    let rules = [
        rule(
            "allow",
            Protocol::Tcp,
            "SqlManagement",
            "10.0.1.0/24",
            &[(9000, 9003), (1438, 1452)],
        ),
        rule("deny", Protocol::Any, "any", "any", &[]),
    ];
    let ctx = Context::new(None, &vnet());
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules));
    let cov = policy.coverage(&management(&ctx));
    assert!(cov.all_allowed());
    assert_eq!(cov.parts.len(), 1);
}

#[test]
fn ipv4_flows_never_meet_ipv6_rules() {
    let rules = [rule("deny", Protocol::Any, "::/0", "::/0", &[])];
    let ctx = Context::new(None, &vnet());
    let policy = Policy::new(&ctx, Direction::Inbound, &numbered(&rules));
    let d = policy
        .decide(&flow(Proto::Tcp, "10.0.2.4", "10.0.1.10", 80))
        .unwrap();
    assert_eq!(d.rule, 1);
    let d = policy
        .decide(&flow(Proto::Tcp, "2001:db8::1", "2001:db8::2", 80))
        .unwrap();
    assert_eq!(d.rule, 0);
}

#[test]
fn flows_print_in_query_syntax() {
    let f = Flow {
        protocol: Proto::Udp,
        src: addr("2001:db8::1/128"),
        src_port: PortRange { lo: 1000, hi: 2000 },
        dst: addr("any"),
        dst_port: PortRange::ANY,
    };
    assert_eq!(f.to_string(), "udp [2001:db8::1]:1000-2000 -> any");
}
