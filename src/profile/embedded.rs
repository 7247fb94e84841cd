//! The built-in profiles as the build script checked them (`build.rs`):
//! their names, YAML texts and checked forms, with no YAML parsed at run
//! time. Input: an index among the built-ins. Output: the [`Profile`] the
//! loader would make of its YAML, spans on the profile's embedded id
//! (`crate::source::EMBEDDED` + index); the unit test below holds the two
//! equal.

use super::{
    Ended, Formula, GlobalPeering, MandatoryRoute, MandatoryRule, Ports, Profile, Sizing,
    SubnetRequirements,
};
use crate::model::{Access, Date, NextHopKind, PortRange, Protocol};
use crate::source::{FileId, Span};

include!(concat!(env!("OUT_DIR"), "/builtin_profiles.rs"));

/// A mandatory rule as the generated tables hold it: static text, spans as
/// `(start, end)` in the profile's file.
struct Rule {
    name: &'static str,
    description: Option<&'static str>,
    priority: u32,
    access: Access,
    protocol: Protocol,
    source: &'static [&'static str],
    source_ports: &'static [&'static str],
    destination: &'static [&'static str],
    destination_ports: &'static [&'static str],
    single_rule: bool,
    optional: bool,
    provenance: Option<&'static str>,
    span: (u32, u32),
    name_span: (u32, u32),
    priority_span: (u32, u32),
}

/// A mandatory route as the generated tables hold it.
struct Route {
    name: &'static str,
    prefix: &'static str,
    next_hop: NextHopKind,
    optional: bool,
    provenance: Option<&'static str>,
    span: (u32, u32),
}

fn s(text: &str) -> String {
    text.to_string()
}

fn o(text: Option<&str>) -> Option<String> {
    text.map(str::to_string)
}

fn v(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

fn span(file: FileId, (start, end): (u32, u32)) -> Span {
    Span { file, start, end }
}

fn rules(file: FileId, table: &[Rule]) -> Vec<MandatoryRule> {
    table
        .iter()
        .map(|r| MandatoryRule {
            name: s(r.name),
            description: o(r.description),
            priority: r.priority,
            access: r.access,
            protocol: r.protocol,
            source: v(r.source),
            source_ports: v(r.source_ports),
            destination: v(r.destination),
            destination_ports: v(r.destination_ports),
            single_rule: r.single_rule,
            optional: r.optional,
            provenance: o(r.provenance),
            span: span(file, r.span),
            name_span: span(file, r.name_span),
            priority_span: span(file, r.priority_span),
        })
        .collect()
}

fn routes(file: FileId, table: &[Route]) -> Vec<MandatoryRoute> {
    table
        .iter()
        .map(|r| MandatoryRoute {
            name: s(r.name),
            prefix: s(r.prefix),
            next_hop: r.next_hop,
            optional: r.optional,
            provenance: o(r.provenance),
            span: span(file, r.span),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::EMBEDDED;

    #[test]
    fn the_embedded_form_is_what_the_loader_makes_of_the_yaml() {
        for (index, (name, text)) in BUILTIN.iter().enumerate() {
            let file = FileId(EMBEDDED + index as u32);
            let parsed = super::super::parse::parse(file, text).unwrap();
            assert_eq!(profile(index), Some(parsed), "{name}");
        }
        assert_eq!(profile(COUNT), None);
    }
}
