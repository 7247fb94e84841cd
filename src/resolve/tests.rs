//! Unit tests of sets, names and values (blocks: `tests_blocks`): small files through the real parser, then `resolve`; each
//! asserts what the user would see (codes, lines of labels, model values).

use crate::diagnostic::Diagnostic;
use crate::model::*;
use crate::source::{FileId, Span};
use crate::syntax;

/// Parses (asserting no syntax error) and resolves.
pub(super) fn run(text: &str) -> (Model, Vec<Diagnostic>) {
    let (ast, diags) = syntax::parse(FileId(0), text);
    assert!(diags.is_empty(), "syntax errors: {diags:#?}");
    super::resolve(&ast)
}

/// The text a span covers.
pub(super) fn at(text: &str, span: Span) -> &str {
    &text[span.range()]
}

pub(super) fn codes(diags: &[Diagnostic]) -> Vec<&str> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn language_example_is_clean() {
    let text = include_str!("../../tests/fixtures/syntax/example.misec");
    let (model, diags) = run(text);
    assert!(diags.is_empty(), "{diags:#?}");
    let (vnet, subnet) = model.subnets().next().unwrap();
    assert_eq!(vnet.region.as_ref().unwrap().value, "westeurope");
    let nsg = subnet.nsg.as_ref().unwrap();
    assert_eq!(nsg.name.value, "prod-sqlmi-nsg");
}

/// A subnet around some statements, for brevity.
pub(super) fn subnet(body: &str) -> String {
    format!(
        "vnet v {{\n address 10.0.0.0/16\n subnet s {{\n  address 10.0.1.0/24\n{body}\n }}\n}}\n"
    )
}

pub(super) fn rules(model: &Model) -> &[SecurityRule] {
    &model.vnets[0].subnets[0].nsg.as_ref().unwrap().rules
}

#[test]
fn set_items_keep_element_span_and_outermost_reference() {
    let text = format!(
        "let inner = [10.1.0.0/16, Storage]\nlet outer = [inner, 10.2.0.4]\n{}",
        subnet("  inbound {\n   r: allow tcp from outer to subnet port 1433\n  }")
    );
    let (model, diags) = run(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    let rule = &rules(&model)[0];
    let got: Vec<(String, &str, &str)> = rule
        .source
        .iter()
        .map(|i| {
            (
                format!("{:?}", i.address),
                at(&text, i.span),
                at(&text, i.via.unwrap()),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("Prefix(10.1.0.0/16)".to_string(), "10.1.0.0/16", "outer"),
            ("Tag(\"Storage\")".to_string(), "Storage", "outer"),
            ("Prefix(10.2.0.4/32)".to_string(), "10.2.0.4", "outer"),
        ]
    );
    // the via is the reference in the rule, not the one inside `outer`
    assert!(rule.source[0].via.unwrap().start > text.find("subnet s").unwrap() as u32);
    assert_eq!(
        rule.destination[0].address,
        Address::Prefix("10.0.1.0/24".parse().unwrap())
    );
    assert_eq!(rule.destination_ports[0].range, PortRange::single(1433));
    assert_eq!(rule.source_ports[0].range, PortRange::ANY);
    assert_eq!(at(&text, rule.source_ports[0].span), "outer");
}

#[test]
fn sets_resolve_in_any_order() {
    let text = format!(
        "let b = [a]\nlet a = [1433, 11000-11999]\n{}",
        subnet("  inbound {\n   r: allow tcp from any to subnet port b\n  }")
    );
    let (model, diags) = run(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    let ports: Vec<PortRange> = rules(&model)[0]
        .destination_ports
        .iter()
        .map(|p| p.range)
        .collect();
    assert_eq!(
        ports,
        vec![
            PortRange::single(1433),
            PortRange {
                lo: 11000,
                hi: 11999
            }
        ]
    );
}

#[test]
fn a_cycle_is_named_and_every_reference_labelled() {
    let text = "let a = [b]\nlet b = [10.0.0.0/8, c]\nlet c = a\n";
    let (_, diags) = run(text);
    assert_eq!(codes(&diags), vec!["E103"]);
    let d = &diags[0];
    assert_eq!(d.message, "cyclic set definition `a -> b -> c -> a`");
    assert_eq!(at(text, d.primary.span), "b");
    let labels: Vec<(&str, &str)> = d
        .secondary
        .iter()
        .map(|l| (at(text, l.span), l.message.as_str()))
        .collect();
    assert_eq!(labels, vec![("c", "`b` uses `c`"), ("a", "`c` uses `a`")]);
    assert!(d.help.is_some());
}

#[test]
fn a_set_containing_itself_is_a_cycle() {
    let (_, diags) = run("let a = [10.0.0.0/8, a]\n");
    assert_eq!(codes(&diags), vec!["E103"]);
    assert_eq!(diags[0].message, "cyclic set definition `a -> a`");
}

#[test]
fn mixing_kinds_labels_both_elements() {
    let text = "let x = [10.0.0.0/8, 1433, 10.1.0.0/16]\n";
    let (_, diags) = run(text);
    assert_eq!(codes(&diags), vec!["E104"]);
    assert_eq!(at(text, diags[0].primary.span), "1433");
    assert_eq!(at(text, diags[0].secondary[0].span), "10.0.0.0/8");
}

#[test]
fn mixing_through_a_reference_labels_the_reference() {
    let text = "let p = [1433]\nlet x = [10.0.0.0/8, p]\n";
    let (_, diags) = run(text);
    assert_eq!(codes(&diags), vec!["E104"]);
    assert_eq!(at(text, diags[0].primary.span), "p");
    assert_eq!(diags[0].primary.message, "`p` is a set of ports");
}

#[test]
fn sets_used_in_the_wrong_position() {
    let text = format!(
        "let p = [1433]\nlet a = [10.9.0.0/16]\n{}",
        subnet("  inbound {\n   r1: allow tcp from p to subnet\n   r2: allow tcp from any to subnet port a\n  }")
    );
    let (model, diags) = run(&text);
    assert_eq!(codes(&diags), vec!["E104", "E104"]);
    assert_eq!(at(&text, diags[0].secondary[0].span), "p");
    assert!(
        rules(&model).is_empty(),
        "rules with an empty side are left out"
    );
}

#[test]
fn names_are_sets_then_keywords_then_tags() {
    let text = format!(
        "let apps = [10.9.0.0/16]\n{}",
        subnet(
            "  outbound {\n   r: allow tcp from subnet to [apps, vnet, sql.WestEurope, any]\n  }"
        )
    );
    let (model, diags) = run(&text);
    assert!(diags.is_empty(), "{diags:#?}");
    let dest: Vec<&Address> = rules(&model)[0]
        .destination
        .iter()
        .map(|i| &i.address)
        .collect();
    assert_eq!(
        dest,
        vec![
            &Address::Prefix("10.9.0.0/16".parse().unwrap()),
            &Address::Tag("VirtualNetwork".into()),
            &Address::Tag("Sql.westeurope".into()),
            &Address::Any,
        ]
    );
}

#[test]
fn unknown_names_are_tags_or_sets_by_their_look() {
    let text = format!(
        "let apps = [10.9.0.0/16]\n{}",
        subnet("  outbound {\n   r: allow tcp from subnet to [Storag, aps, Storage.westeurop, frob]\n  }")
    );
    let (_, diags) = run(&text);
    let got: Vec<(&str, &str, &str)> = diags
        .iter()
        .map(|d| (d.code, at(&text, d.span()), d.help.as_deref().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("E107", "Storag", "did you mean `Storage`?"),
            ("E101", "aps", "did you mean the set `apps`?"),
            (
                "E107",
                "Storage.westeurop",
                "did you mean `Storage.westeurope`?"
            ),
            (
                "E101",
                "frob",
                "define it first: `let frob = [10.0.0.0/24]`"
            ),
        ]
    );
}

#[test]
fn host_bits_and_bad_ports() {
    let text = "let a = [10.20.1.5/24]\nlet p = [70000, 2000-1000]\n";
    let (_, diags) = run(text);
    let got: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, at(text, d.span()))).collect();
    assert_eq!(
        got,
        vec![
            ("E105", "10.20.1.5/24"),
            ("E106", "70000"),
            ("E106", "2000-1000")
        ]
    );
    assert_eq!(diags[0].help.as_deref(), Some("use `10.20.1.0/24`"));
    assert_eq!(diags[2].help.as_deref(), Some("write `1000-2000`"));
}
