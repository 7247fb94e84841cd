//! Checking a profile's routes: the `routes` entries and the lines of
//! `route_lists` tables, with duplicate names and prefixes reported.
//!
//! Input: the routes as written with their spans. Output: mandatory routes,
//! E202 pushed into the checking context.

use std::collections::BTreeMap;

use super::check::Ctx;
use super::locate::{self, Seg};
use super::raw::RawRouteList;
use super::template::{check as check_template, check_name, parse_address};
use super::MandatoryRoute;
use crate::diagnostic::Diagnostic;
use crate::model::NextHopKind;
use crate::source::Span;

const NEXT_HOPS: [(&str, NextHopKind); 5] = [
    ("internet", NextHopKind::Internet),
    ("vnetlocal", NextHopKind::VnetLocal),
    ("virtualnetworkgateway", NextHopKind::Gateway),
    ("gateway", NextHopKind::Gateway),
    ("none", NextHopKind::None),
];

/// A route as written, from `routes` (`field_path` is its index there) or
/// from a line of a `route_lists` table.
pub(super) struct RouteInput {
    pub(super) name: String,
    pub(super) prefix: String,
    pub(super) next_hop: String,
    pub(super) optional: bool,
    pub(super) source: Option<String>,
    pub(super) entry: std::ops::Range<usize>,
    pub(super) field_path: Option<usize>,
}

/// The routes of one `route_lists` entry, with each table line as its span.
pub(super) fn table_routes(cx: &mut Ctx, k: usize, list: &RawRouteList, out: &mut Vec<RouteInput>) {
    use Seg::{Index as I, Key as K};
    // The literal block's lines are the text's lines after the `table:` key
    // line, one for one; blank and `#` lines are skipped in both.
    let entry =
        locate::locate(cx.text, &[K("route_lists"), I(k), K("table")]).map_or(0..0, |f| f.entry);
    let body_start = cx
        .text
        .get(entry.clone())
        .and_then(|t| t.find('\n'))
        .map_or(entry.end, |n| entry.start + n + 1);
    let mut text_lines = cx
        .text
        .get(body_start..entry.end)
        .unwrap_or("")
        .split_inclusive('\n')
        .scan(body_start, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l))
        })
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    // a ` #` starts a comment, as elsewhere in YAML
    let uncomment = |l: &'_ str| l.split(" #").next().unwrap_or("").trim().to_string();
    for line in list
        .table
        .lines()
        .map(uncomment)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let span = text_lines.next().map_or(entry.clone(), |(start, l)| {
            let lead = l.len() - l.trim_start().len();
            start + lead..start + lead + uncomment(l).len()
        });
        let mut words = line.split_whitespace();
        let (Some(name), Some(prefix), None) = (words.next(), words.next(), words.next()) else {
            let span = Span::new(cx.file, span.start, span.end);
            cx.errors.push(
                Diagnostic::new(
                    "E202",
                    span,
                    "a route table line needs a name and a prefix".to_string(),
                )
                .label("expected `NAME PREFIX`")
                .help("write one route per line: its name, spaces, its prefix"),
            );
            continue;
        };
        out.push(RouteInput {
            name: format!("{}{name}", list.name_prefix),
            prefix: prefix.to_string(),
            next_hop: list.next_hop.clone(),
            optional: list.optional,
            source: list.source.clone(),
            entry: span,
            field_path: None,
        });
    }
}

pub(super) fn routes(cx: &mut Ctx, raw: &[RouteInput]) -> Vec<MandatoryRoute> {
    use Seg::{Index as I, Key as K};
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut prefixes: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        // a field of a `routes` entry, or the table line
        let span_of = |cx: &Ctx, i: usize, key: &str| match raw.get(i).and_then(|r| r.field_path) {
            Some(j) => cx.span(&[K("routes"), I(j), K(key)]),
            None => raw.get(i).map_or(Span::new(cx.file, 0, 0), |r| {
                Span::new(cx.file, r.entry.start, r.entry.end)
            }),
        };
        if let Err(m) = check_template(&r.name).and_then(|n| check_name(&n)) {
            cx.error_at(span_of(cx, i, "name"), format!("invalid route name: {m}"), "bad name", "names are 1–80 letters, digits, `.`, `-`, `_`, with placeholders `{subnet}`, `{subnet-dashed}`, `{region}`, `{paired-region}`");
        }
        match check_template(&r.prefix).and_then(|e| parse_address(&e)) {
            Ok(crate::model::Address::Any) => {
                cx.error_at(
                    span_of(cx, i, "prefix"),
                    "a route needs a prefix, not `*`".into(),
                    "not a prefix",
                    "write `0.0.0.0/0` for the default route",
                );
            }
            Ok(_) => {}
            Err(m) => {
                cx.error_at(
                    span_of(cx, i, "prefix"),
                    format!("invalid route prefix: {m}"),
                    "bad prefix",
                    "write a prefix, `{subnet}`, or a service tag",
                );
            }
        }
        for (seen, key, what) in [
            (&mut names, r.name.to_ascii_lowercase(), "name"),
            (&mut prefixes, r.prefix.to_ascii_lowercase(), "prefix"),
        ] {
            if let Some(first) = seen.get(&key).copied() {
                let span = span_of(cx, i, what);
                let first = span_of(cx, first, what);
                cx.errors.push(
                    Diagnostic::new(
                        "E202",
                        span,
                        format!(
                            "duplicate route {what} `{}` in the profile",
                            if what == "name" { &r.name } else { &r.prefix }
                        ),
                    )
                    .label("used again here")
                    .secondary(first, "first used here")
                    .help(format!("every route of a table needs its own {what}")),
                );
            } else {
                seen.insert(key, i);
            }
        }
        let lower = r.next_hop.to_ascii_lowercase();
        let next_hop = NEXT_HOPS.iter().find(|(n, _)| *n == lower).map(|(_, k)| *k);
        if next_hop.is_none() {
            let mut help =
                "next hops in a profile are `internet`, `vnetlocal`, `gateway`, `none`".to_string();
            if lower.contains("appliance") {
                help.push_str(
                    "; a virtual appliance needs an address, which a profile cannot give",
                );
            }
            cx.error_at(
                span_of(cx, i, "next_hop"),
                format!("invalid next hop `{}`", r.next_hop),
                "not a next hop here",
                &help,
            );
        }
        let entry = r.entry.clone();
        out.push(MandatoryRoute {
            name: r.name.clone(),
            prefix: r.prefix.clone(),
            next_hop: next_hop.unwrap_or(NextHopKind::None),
            optional: r.optional,
            provenance: r.source.clone(),
            span: Span::new(cx.file, entry.start, entry.end),
        });
    }
    out
}
