//! A [`Report`] as text: for a terminal ([`human`]), for a pull-request
//! comment ([`markdown`]), and the contract's JSON document ([`json`]).
//!
//! Input: a report (already in its order: subnet, direction, weightiest
//! first). Output: the whole text, ending with a newline.
//!
//! Invariants: deterministic; a change that depends on service tags says
//! *may*; flows are shown as `misec query` reads them (`PROTO SRC[:PORT] ->
//! DST[:PORT]`, a port left out when any).

use std::fmt::Write;

use serde_json::{json, Value};

use super::{Change, Decider, FlowBox, Report, RuleRef, SubnetRoute, Weight};
use crate::model::{Access, Direction};

/// Why a change is only possible, and what makes it certain.
const MAY: &str = "which addresses a service tag holds decides this; `service-tags:` in `.misec.yaml` resolves tags";

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

fn change_word(c: &Change) -> &'static str {
    match c.now {
        Access::Allow => "allowed",
        Access::Deny => "denied",
    }
}

/// `now allowed`, or `may now be allowed` where a service tag leaves it open.
fn headline(c: &Change) -> String {
    let word = change_word(c);
    if c.certain {
        format!("now {word}")
    } else {
        format!("may now be {word}")
    }
}

fn why(c: &Change) -> &'static str {
    match (c.weight, c.now) {
        (Weight::FromInternet, _) => " from the Internet",
        (Weight::Mandatory, _) => ", needed by the platform",
        _ => "",
    }
}

/// A box in `misec query` syntax.
pub fn flow_text(f: &FlowBox) -> String {
    let end = |addr: &str, port: &str| {
        if port == "any" {
            addr.to_string()
        } else if addr.contains(':') {
            format!("[{addr}]:{port}")
        } else {
            format!("{addr}:{port}")
        }
    };
    format!(
        "{} {} -> {}",
        f.protocol,
        end(&f.source, &f.source_ports),
        end(&f.destination, &f.destination_ports)
    )
}

fn origin_words(r: &RuleRef) -> &'static str {
    match r.origin {
        "mandatory" => "mandatory rule of the profile",
        "default" => "Azure default rule",
        _ => "user rule",
    }
}

fn rule_text(r: &RuleRef) -> String {
    format!(
        "`{}` (priority {}, {})",
        r.name,
        r.priority,
        origin_words(r)
    )
}

fn hop_text(d: &Option<Decider>) -> String {
    match d {
        None => "no route of its own".to_string(),
        Some(d) => {
            let mut s = d.next_hop.azure_name().to_string();
            if let Some(a) = d.address {
                let _ = write!(s, " {a}");
            }
            let whose = match d.origin {
                super::RouteOrigin::System => format!("Azure system route {}", d.prefix),
                super::RouteOrigin::Mandatory => format!("mandatory route `{}`", d.route),
                super::RouteOrigin::User => format!("route `{}`", d.route),
            };
            format!("{s} ({whose})")
        }
    }
}

fn counts(r: &Report) -> (usize, usize, usize) {
    let allowed = r.changes.iter().filter(|c| c.now == Access::Allow).count();
    (allowed, r.changes.len() - allowed, r.routes.len())
}

fn summary_line(r: &Report) -> String {
    let (a, d, n) = counts(r);
    if r.is_empty() {
        return "no change to traffic or routes".to_string();
    }
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut parts = Vec::new();
    if a + d > 0 {
        parts.push(format!(
            "{} ({a} allowed, {d} denied)",
            plural(a + d, "traffic change", "traffic changes")
        ));
    }
    if n > 0 {
        parts.push(plural(n, "route change", "route changes"));
    }
    parts.join(", ")
}

/// Sections in report order: (subnet, heading) with their changes.
fn sections(r: &Report) -> Vec<(String, Vec<&Change>, Vec<&SubnetRoute>)> {
    let mut out: Vec<(String, Vec<&Change>, Vec<&SubnetRoute>)> = Vec::new();
    for (subnet, _) in &r.compared {
        for d in [Direction::Inbound, Direction::Outbound] {
            let here: Vec<&Change> = r
                .changes
                .iter()
                .filter(|c| &c.subnet == subnet && c.direction == d)
                .collect();
            if !here.is_empty() {
                out.push((format!("`{subnet}` {}", direction(d)), here, Vec::new()));
            }
        }
        let routes: Vec<&SubnetRoute> = r.routes.iter().filter(|x| &x.subnet == subnet).collect();
        if !routes.is_empty() {
            out.push((format!("`{subnet}` routes"), Vec::new(), routes));
        }
    }
    out
}

/// For a terminal.
pub fn human(r: &Report) -> String {
    let mut s = String::new();
    for (heading, changes, routes) in sections(r) {
        let _ = writeln!(s, "{heading}");
        for c in changes {
            let _ = writeln!(s, "  {}{}:", headline(c), why(c));
            for f in &c.flows {
                let _ = writeln!(s, "    {}", flow_text(f));
            }
            let _ = writeln!(
                s,
                "    was decided by {}, now by {}",
                rule_text(&c.old_rule),
                rule_text(&c.new_rule)
            );
            if !c.certain {
                let _ = writeln!(s, "    {MAY}");
            }
        }
        for x in routes {
            let _ = writeln!(
                s,
                "  {}: {} -> {}",
                x.change.prefix,
                hop_text(&x.change.old),
                hop_text(&x.change.new)
            );
        }
        s.push('\n');
    }
    for (side, name) in &r.alone {
        let _ = writeln!(s, "note: subnet `{name}` is only in {side}: not compared");
    }
    for note in &r.notes {
        let _ = writeln!(s, "note: {note}");
    }
    let _ = writeln!(s, "{}", summary_line(r));
    s
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// For a pull-request comment (GitHub-flavoured markdown).
pub fn markdown(r: &Report) -> String {
    let mut s = format!("### misec diff: {}\n\n", summary_line(r));
    for (heading, changes, routes) in sections(r) {
        let _ = writeln!(s, "#### {heading}\n");
        if !changes.is_empty() {
            s.push_str("| change | protocol | source | source ports | destination | destination ports | was decided by | now decided by |\n");
            s.push_str("|---|---|---|---|---|---|---|---|\n");
        }
        for c in changes {
            let mark = if c.weight == Weight::Other { "" } else { "**" };
            let rule = |r: &RuleRef| cell(&format!("`{}` ({}, {})", r.name, r.priority, r.origin));
            for f in &c.flows {
                let _ = writeln!(
                    s,
                    "| {mark}{}{}{mark} | {} | {} | {} | {} | {} | {} | {} |",
                    headline(c),
                    why(c),
                    f.protocol,
                    cell(&f.source),
                    f.source_ports,
                    cell(&f.destination),
                    f.destination_ports,
                    rule(&c.old_rule),
                    rule(&c.new_rule)
                );
            }
        }
        if !routes.is_empty() {
            s.push_str("| prefix | was | now |\n|---|---|---|\n");
        }
        for x in routes {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                cell(&x.change.prefix),
                cell(&hop_text(&x.change.old)),
                cell(&hop_text(&x.change.new))
            );
        }
        s.push('\n');
    }
    if r.changes.iter().any(|c| !c.certain) {
        let _ = writeln!(s, "_may: {MAY}_\n");
    }
    for (side, name) in &r.alone {
        let _ = writeln!(s, "_subnet `{name}` is only in {side}: not compared_\n");
    }
    for note in &r.notes {
        let _ = writeln!(s, "_{note}_\n");
    }
    s
}

fn decider(d: &Option<Decider>) -> Value {
    match d {
        None => Value::Null,
        Some(d) => {
            let mut v = json!({
                "route": d.route,
                "origin": d.origin.name(),
                "next_hop": d.next_hop.azure_name(),
            });
            if let Some(a) = d.address {
                v["next_hop_address"] = json!(a.to_string());
            }
            v
        }
    }
}

fn rule_json(r: &RuleRef) -> Value {
    json!({"name": r.name, "priority": r.priority, "origin": r.origin})
}

/// The contract's document (`cli.md`, `misec diff`).
pub fn json(r: &Report) -> String {
    let changes: Vec<Value> = r
        .changes
        .iter()
        .map(|c| {
            json!({
                "subnet": c.subnet,
                "direction": direction(c.direction),
                "change": change_word(c),
                "certain": c.certain,
                "flows": c.flows.iter().map(|f| json!({
                    "protocol": f.protocol,
                    "source": f.source,
                    "source_ports": f.source_ports,
                    "destination": f.destination,
                    "destination_ports": f.destination_ports,
                })).collect::<Vec<_>>(),
                "old_rule": rule_json(&c.old_rule),
                "new_rule": rule_json(&c.new_rule),
            })
        })
        .collect();
    let routes: Vec<Value> = r
        .routes
        .iter()
        .map(|x| {
            json!({
                "subnet": x.subnet,
                "prefix": x.change.prefix,
                "old": decider(&x.change.old),
                "new": decider(&x.change.new),
            })
        })
        .collect();
    let (a, d, n) = counts(r);
    let doc = json!({
        "version": 1,
        "changes": changes,
        "routes": routes,
        "summary": {"allowed": a, "denied": d, "routes": n},
    });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    format!("{text}\n")
}
