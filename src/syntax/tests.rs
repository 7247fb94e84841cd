//! Unit tests of the parser on small inputs; fixtures live in
//! `tests/fixtures/syntax/`.

use super::ast::*;
use super::parse;
use crate::source::FileId;

fn codes(text: &str) -> Vec<(&'static str, String)> {
    let (_, d) = parse(FileId(0), text);
    d.into_iter().map(|d| (d.code, d.message)).collect()
}

#[test]
fn parses_profile_and_lets() {
    let (f, d) = parse(FileId(0), "profile p\nlet a = [1433, 11000-11999,]\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(f.items.len(), 2);
    let Item::Let(l) = &f.items[1] else { panic!() };
    assert_eq!(l.name.name, "a");
    assert_eq!(
        l.value
            .elements()
            .iter()
            .map(|e| e.kind.clone())
            .collect::<Vec<_>>(),
        vec![ElementKind::Port(1433), ElementKind::Range(11000, 11999)]
    );
    assert_eq!(l.span.range(), 10..38);
}

#[test]
fn typo_in_protocol_is_explained() {
    let c = codes("vnet v {\n subnet s {\n  inbound {\n   r: allow tpc from a to b\n  }\n }\n}\n");
    assert_eq!(
        c,
        vec![(
            "E001",
            "expected a protocol (tcp, udp, icmp, esp, ah, any), found `tpc`".to_string()
        )]
    );
}

#[test]
fn three_errors_three_diagnostics() {
    let c = codes("profil x\nlet = 3\nvnet v {\n  adress 10.0.0.0/8\n}\n");
    assert_eq!(c.len(), 3, "{c:?}");
}

#[test]
fn unclosed_brace_points_at_opening() {
    let (_, d) = parse(FileId(0), "vnet v {\n  region x\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message, "expected `}`, found end of file");
    assert_eq!(d[0].secondary[0].span.range(), 7..8);
}

#[test]
fn rule_named_deny_and_set_named_routes() {
    let (f, d) = parse(
        FileId(0),
        "let routes = 1\nvnet v {\n subnet s {\n  inbound {\n   deny: deny tcp from any to subnet port routes\n   default: allow any from any to any\n   default deny\n  }\n }\n}\n",
    );
    assert!(d.is_empty(), "{d:?}");
    let Item::Vnet(v) = &f.items[1] else { panic!() };
    let VnetStmtKind::Subnet(s) = &v.body[0].kind else {
        panic!()
    };
    let SubnetStmtKind::Inbound(b) = &s.body[0].kind else {
        panic!()
    };
    assert!(matches!(&b.entries[0], BlockEntry::Rule(r) if r.name.name == "deny"));
    assert!(matches!(&b.entries[1], BlockEntry::Rule(r) if r.name.name == "default"));
    assert!(matches!(&b.entries[2], BlockEntry::Default(_)));
}

#[test]
fn invalid_addresses_and_big_numbers() {
    let c = codes("let a = [10.20.300.1, 10.0.0.0/33, 4294967296]\n");
    assert_eq!(
        c.iter().map(|c| c.0).collect::<Vec<_>>(),
        vec!["E105", "E105", "E106"]
    );
}

#[test]
fn deep_nesting_is_linear_and_safe() {
    let deep = "[".repeat(10_000);
    assert_eq!(codes(&format!("let a = {deep}")).len(), 1);
    let braces = "{".repeat(10_000);
    assert_eq!(codes(&braces).len(), 2);
    assert!(!codes("\0\u{7}é∑ \"").is_empty());
}

#[test]
fn example_fixture_parses_clean() {
    let text = include_str!("../../tests/fixtures/syntax/example.misec");
    let (f, d) = parse(FileId(0), text);
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(f.items.len(), 5);
    // one comment, besides the fixture harness's `#~` markers
    let prose = f.comments.iter().filter(|c| !c.text.starts_with('~'));
    assert_eq!(prose.count(), 1);
    let Item::Vnet(v) = &f.items[4] else { panic!() };
    assert_eq!(v.body.len(), 6);
    let VnetStmtKind::Subnet(s) = &v.body[5].kind else {
        panic!()
    };
    assert_eq!(s.body.len(), 9);
    let SubnetStmtKind::Routes(r) = &s.body[8].kind else {
        panic!()
    };
    let RouteEntry::Route(egress) = &r.entries[1] else {
        panic!()
    };
    assert_eq!(egress.next_hop.kind.value, NextHopKind::Appliance);
    assert_eq!(
        &text[egress.span.range()],
        "egress:        0.0.0.0/0 via appliance 10.20.3.4"
    );
    assert!(matches!(&s.body[4].kind, SubnetStmtKind::Nsg(n) if n.name == "prod-sqlmi-nsg"));
}

#[test]
fn misspelt_protocol_gets_did_you_mean() {
    let (_, d) = parse(
        FileId(0),
        "vnet v {\n subnet s {\n  inbound {\n   r: allow tpc from a to b\n  }\n }\n}\n",
    );
    assert_eq!(d[0].help.as_deref(), Some("did you mean `tcp`?"));
    assert_eq!(d[0].primary.span.range(), 45..48);
}

#[test]
fn large_input_is_linear() {
    // 20,000 copies of a subnet block: must parse in well under a few seconds
    // even unoptimised; quadratic behaviour would take minutes.
    let block = "  subnet s {\n    address 10.0.0.0/24\n    inbound {\n      r: allow tcp from [1.2.3.4, 5.6.7.8] to subnet port 1433\n    }\n  }\n";
    let text = format!("vnet v {{\n{}}}\n", block.repeat(20_000));
    let t = std::time::Instant::now();
    let (f, d) = parse(FileId(0), &text);
    assert!(d.is_empty());
    let Item::Vnet(v) = &f.items[0] else { panic!() };
    assert_eq!(v.body.len(), 20_000);
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
}

/// 50 MB of junk and of valid text; run with `--ignored` (slow unoptimised).
#[test]
#[ignore]
fn fifty_megabytes() {
    let junk = "{[\"$ 10.0.0.0/99 a: b\n".repeat(50_000_000 / 22);
    let t = std::time::Instant::now();
    let (_, d) = parse(FileId(0), &junk);
    eprintln!("junk: {:?}, {} diagnostics", t.elapsed(), d.len());
    let text = format!(
        "vnet v {{\n{}}}\n",
        "  region westeurope\n".repeat(50_000_000 / 20)
    );
    let t = std::time::Instant::now();
    let (_, d) = parse(FileId(0), &text);
    eprintln!("valid: {:?}, {} diagnostics", t.elapsed(), d.len());
    assert!(d.is_empty());
}
