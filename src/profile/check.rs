//! Checking a profile as written and building the [`Profile`].
//!
//! Input: a [`RawProfile`] and its text (to find spans). Output: the profile
//! with spans on every rule and route entry, or every E202 found, each
//! labelled at the offending value in the YAML.

use std::collections::BTreeMap;

use super::check_eras::{ended, global_peering, sizing};
use super::check_ports::ports as client_ports;
use super::check_routes::{routes, table_routes, RouteInput};
use super::locate::{self, Seg};
use super::raw::{port_text, RawProfile, RawRule};
use super::template::{check as check_template, check_name, parse_address, parse_port};
use super::{MandatoryRule, Profile, SubnetRequirements};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::{Access, Protocol};
use crate::source::{FileId, Span};

const PROTOCOLS: [(&str, Protocol); 7] = [
    ("tcp", Protocol::Tcp),
    ("udp", Protocol::Udp),
    ("icmp", Protocol::Icmp),
    ("esp", Protocol::Esp),
    ("ah", Protocol::Ah),
    ("any", Protocol::Any),
    ("*", Protocol::Any),
];

pub(super) struct Ctx<'a> {
    pub(super) file: FileId,
    pub(super) text: &'a str,
    pub(super) errors: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub(super) fn span(&self, path: &[Seg]) -> Span {
        let f = locate::locate_nearest(self.text, path);
        let r = if f.value.is_empty() { f.entry } else { f.value };
        Span::new(self.file, r.start, r.end)
    }

    pub(super) fn error(&mut self, path: &[Seg], message: String, label: &str, help: &str) -> Span {
        let span = self.span(path);
        self.error_at(span, message, label, help)
    }

    pub(super) fn error_at(
        &mut self,
        span: Span,
        message: String,
        label: &str,
        help: &str,
    ) -> Span {
        self.errors.push(
            Diagnostic::new("E202", span, message)
                .label(label)
                .help(help),
        );
        span
    }
}

/// Checks `raw` (parsed from `text`, file `file`) and builds the profile.
pub fn check(file: FileId, text: &str, raw: RawProfile) -> Result<Profile, Vec<Diagnostic>> {
    let mut cx = Ctx {
        file,
        text,
        errors: Vec::new(),
    };
    use Seg::Key as K;
    if check_name(&raw.name).is_err() || raw.name.contains('.') {
        cx.error(
            &[K("name")],
            format!("invalid profile name `{}`", raw.name),
            "not a valid name",
            "use letters, digits and `-`, like `mi-2024-custom`",
        );
    }
    let date = raw.api_version.get(..10).unwrap_or("");
    let date_ok = date.len() == 10
        && date.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
        && matches!(raw.api_version.get(10..), Some("" | "-preview"));
    if !date_ok {
        cx.error(
            &[K("api_version")],
            format!("invalid api version `{}`", raw.api_version),
            "expected a date such as `2024-01-01`",
            "use an apiVersion of Microsoft.Network, such as `2024-01-01`",
        );
    }
    let s = &raw.subnet;
    if s.min_addresses == 0 || s.recommended_addresses < s.min_addresses {
        cx.error(
            &[K("subnet"), K("recommended_addresses")],
            "the recommended subnet size is below the minimum".into(),
            "smaller than `min_addresses`",
            "make `recommended_addresses` at least `min_addresses`, and both above zero",
        );
    }
    let mut sources = Vec::new();
    for (i, src) in raw.sources.iter().enumerate() {
        let formatted = match (&src.document, &src.section, &src.template, &src.commit) {
            (Some(d), Some(s), None, None) => Some(format!("{d}, section \"{s}\"")),
            (Some(d), None, None, None) => Some(d.clone()),
            (None, None, Some(t), Some(c)) => Some(format!("{t} @ {c}")),
            (None, None, Some(t), None) => Some(t.clone()),
            _ => None,
        };
        match formatted {
            Some(f) => sources.push(f),
            None => {
                cx.error(&[K("sources"), Seg::Index(i)], "a source is either a document or a template".into(), "mixes or lacks `document` and `template`", "write `document:` (with an optional `section:`) or `template:` (with an optional `commit:`)");
            }
        }
    }
    let inbound = rules(&mut cx, "inbound", &raw.inbound);
    let outbound = rules(&mut cx, "outbound", &raw.outbound);
    // first use of each rule name (case-insensitive): direction and index;
    // spans are found only when there is something to report
    let mut names: BTreeMap<String, (&str, usize)> = BTreeMap::new();
    for (dir, list) in [("inbound", &inbound), ("outbound", &outbound)] {
        for (i, rule) in list.iter().enumerate() {
            let key = rule.name.to_ascii_lowercase();
            if let Some(&(first_dir, first)) = names.get(&key) {
                let span = cx.span(&[K(dir), Seg::Index(i), K("name")]);
                let first = cx.span(&[K(first_dir), Seg::Index(first), K("name")]);
                cx.errors.push(
                    Diagnostic::new(
                        "E202",
                        span,
                        format!("duplicate rule name `{}` in the profile", rule.name),
                    )
                    .label("used again here")
                    .secondary(first, "first used here")
                    .note("rule names are unique in an NSG, across both directions, ignoring case")
                    .help("rename one of the rules"),
                );
            } else {
                names.insert(key, (dir, i));
            }
        }
    }
    let mut inputs: Vec<RouteInput> = Vec::new();
    let entries = locate::items(text, &[K("routes")]);
    for (i, r) in raw.routes.iter().enumerate() {
        inputs.push(RouteInput {
            name: r.name.clone(),
            prefix: r.prefix.clone(),
            next_hop: r.next_hop.clone(),
            optional: r.optional,
            source: r.source.clone(),
            entry: entries.get(i).cloned().unwrap_or(0..0),
            field_path: Some(i),
        });
    }
    for (k, list) in raw.route_lists.iter().enumerate() {
        table_routes(&mut cx, k, list, &mut inputs);
    }
    let routes = routes(&mut cx, &inputs);
    let ports = client_ports(&mut cx, &raw.ports);
    let global_peering = global_peering(&mut cx, &raw.global_peering);
    let sizing = sizing(&mut cx, &raw.sizing);
    let ended = ended(&mut cx, &raw.ended);
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    Ok(Profile {
        name: raw.name,
        summary: raw.summary,
        covers: raw.covers,
        sources,
        api_version: raw.api_version,
        subnet: SubnetRequirements {
            min_addresses: s.min_addresses,
            recommended_addresses: s.recommended_addresses,
            delegation_required: s.delegation_required,
            service_endpoints_allowed: s.service_endpoints_allowed,
            nat_gateway_allowed: s.nat_gateway_allowed,
            ipv6_allowed: s.ipv6_allowed,
            global_peering_allowed: s.global_peering_allowed,
            microsoft_peering_allowed: s.microsoft_peering_allowed,
            default_route_must_be_internet: s.default_route_must_be_internet,
            platform_dns_required: s.platform_dns_required,
            nsg_required: s.nsg_required,
            route_table_required: s.route_table_required,
        },
        platform_provisioned: raw.platform_provisioned,
        mandatory_first: raw.mandatory_first,
        inbound,
        outbound,
        routes,
        ports,
        global_peering,
        sizing,
        ended,
        notes: raw.notes,
        span: Span::new(file, 0, text.len()),
    })
}

fn rules(cx: &mut Ctx, dir: &str, raw: &[RawRule]) -> Vec<MandatoryRule> {
    use Seg::{Index as I, Key as K};
    let entries = locate::items(cx.text, &[K(dir)]);
    let mut priorities: BTreeMap<i64, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let at = |key| [K(dir), I(i), K(key)];
        if let Err(m) = check_template(&r.name).and_then(|n| check_name(&n)) {
            cx.error(&at("name"), format!("invalid rule name: {m}"), "bad name", "names are 1–80 letters, digits, `.`, `-`, `_`, with placeholders `{subnet}`, `{subnet-dashed}`, `{region}`, `{paired-region}`");
        }
        if r.description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 140)
        {
            cx.error(
                &at("description"),
                "description longer than 140 characters".into(),
                "too long for Azure",
                "shorten the description",
            );
        }
        if !(100..=4096).contains(&r.priority) {
            cx.error(
                &at("priority"),
                format!("priority {} is outside 100–4096", r.priority),
                "out of range",
                "use a priority from 100 to 4096",
            );
        } else if let Some(first) = priorities.get(&r.priority).copied() {
            let span = cx.span(&at("priority"));
            let first = cx.span(&[K(dir), I(first), K("priority")]);
            cx.errors.push(
                Diagnostic::new(
                    "E202",
                    span,
                    format!(
                        "two {dir} rules of the profile have priority {}",
                        r.priority
                    ),
                )
                .label("used again here")
                .secondary(first, "first used here")
                .help("give every rule of one direction its own priority"),
            );
        } else {
            priorities.insert(r.priority, i);
        }
        let access = match r.access.to_ascii_lowercase().as_str() {
            "allow" => Access::Allow,
            "deny" => Access::Deny,
            _ => {
                cx.error(
                    &at("access"),
                    format!("invalid access `{}`", r.access),
                    "expected `allow` or `deny`",
                    "use `allow` or `deny`",
                );
                Access::Allow
            }
        };
        let lower = r.protocol.to_ascii_lowercase();
        let protocol = PROTOCOLS.iter().find(|(n, _)| *n == lower).map(|(_, p)| *p);
        if protocol.is_none() {
            let help = match did_you_mean(&r.protocol, PROTOCOLS.iter().map(|(n, _)| *n)) {
                Some(best) => format!(
                    "did you mean `{best}`? protocols are `tcp`, `udp`, `icmp`, `esp`, `ah`, `any`"
                ),
                None => "protocols are `tcp`, `udp`, `icmp`, `esp`, `ah`, `any`".to_string(),
            };
            cx.error(
                &at("protocol"),
                format!("unknown protocol `{}`", r.protocol),
                "not a protocol",
                &help,
            );
        }
        let source = addresses(cx, &[K(dir), I(i)], "from", &r.from);
        let destination = addresses(cx, &[K(dir), I(i)], "to", &r.to);
        let source_ports = ports(cx, &[K(dir), I(i)], "from_ports", &r.from_ports);
        let destination_ports = ports(cx, &[K(dir), I(i)], "ports", &r.ports);
        let entry = entries.get(i).cloned().unwrap_or(0..0);
        out.push(MandatoryRule {
            name: r.name.clone(),
            description: r.description.clone(),
            priority: u32::try_from(r.priority).unwrap_or(0),
            access,
            protocol: protocol.unwrap_or(Protocol::Any),
            source,
            source_ports,
            destination,
            destination_ports,
            single_rule: r.single_rule,
            optional: r.optional,
            provenance: r.source.clone(),
            span: Span::new(cx.file, entry.start, entry.end),
            name_span: field(cx, &entry, "name"),
            priority_span: field(cx, &entry, "priority"),
        });
    }
    out
}

/// The value of `key:` on its own line inside a block entry (the entry's
/// first `- ` line counts too); the whole entry when there is none, as in a
/// flow-style entry.
fn field(cx: &Ctx, entry: &std::ops::Range<usize>, key: &str) -> Span {
    let text = cx.text.get(entry.clone()).unwrap_or("");
    let mut at = entry.start;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let content = body.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = content.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            // `content` is a suffix of `body`, `rest` of `content`
            let start = at + (body.len() - rest.len()) + (rest.len() - rest.trim_start().len());
            return Span::new(cx.file, start, start + rest.trim().len());
        }
        at += line.len();
    }
    Span::new(cx.file, entry.start, entry.end)
}

fn addresses(cx: &mut Ctx, base: &[Seg], key: &str, list: &[String]) -> Vec<String> {
    let mut path = base.to_vec();
    path.push(Seg::Key(key));
    if list.is_empty() {
        cx.error(
            &path,
            format!("`{key}` needs at least one address"),
            "empty",
            "write `[\"*\"]` for any address",
        );
    }
    for (j, a) in list.iter().enumerate() {
        if let Err(m) = check_template(a).and_then(|e| parse_address(&e).map(|_| ())) {
            let mut p = path.clone();
            p.push(Seg::Index(j));
            cx.error(&p, format!("invalid address: {m}"), "bad address", "write a prefix, `*`, a service tag, `{subnet}`, or a tag such as `Storage.{region}`");
        }
    }
    list.to_vec()
}

fn ports(cx: &mut Ctx, base: &[Seg], key: &str, list: &[serde_yaml::Value]) -> Vec<String> {
    let mut path = base.to_vec();
    path.push(Seg::Key(key));
    if list.is_empty() {
        cx.error(
            &path,
            format!("`{key}` needs at least one port"),
            "empty",
            "write `[\"*\"]` for any port",
        );
    }
    let mut out = Vec::new();
    for (j, v) in list.iter().enumerate() {
        let text = port_text(v);
        match text.as_deref().map(parse_port) {
            Some(Ok(_)) => out.extend(text),
            Some(Err(m)) => {
                let mut p = path.clone();
                p.push(Seg::Index(j));
                cx.error(
                    &p,
                    format!("invalid port: {m}"),
                    "bad port",
                    "write a port such as `1433`, a range such as `\"11000-11999\"`, or `\"*\"`",
                );
            }
            None => {
                let mut p = path.clone();
                p.push(Seg::Index(j));
                cx.error(
                    &p,
                    "invalid port: not a number or a string".into(),
                    "bad port",
                    "write a port such as `1433`, a range such as `\"11000-11999\"`, or `\"*\"`",
                );
            }
        }
    }
    out
}
