//! The rows `misec profiles NAME` adds for the date- and size-dependent
//! facts: global peering by creation date, the sizing formulas, failover
//! group ports and the era's end.
//!
//! Input: a checked profile. Output: table rows (label, value), in a fixed
//! order; none for what the profile does not say.

use super::{Formula, Profile};
use crate::model::PortRange;

/// The value of the "global VNet peering" row.
pub(super) fn global_peering(p: &Profile) -> String {
    match (&p.global_peering, p.subnet.global_peering_allowed) {
        (_, true) => "supported".into(),
        (Some(g), false) => format!(
            "fails for subnets created before {}, works for those created from {}",
            g.fails_before, g.works_from
        ),
        (None, false) => "not supported".into(),
    }
}

/// `5 + 3 per general-purpose + 5 per business-critical + 6 per group`
pub fn formula_text(f: &Formula) -> String {
    let mut text = format!(
        "{} + {} per general-purpose + {} per business-critical",
        f.reserved, f.general_purpose, f.business_critical
    );
    if f.per_group > 0 {
        text.push_str(&format!(" + {} per group", f.per_group));
    }
    text
}

fn ports_text(ports: &[PortRange]) -> String {
    ports
        .iter()
        .map(|r| {
            if r.lo == r.hi {
                r.lo.to_string()
            } else {
                format!("{}-{}", r.lo, r.hi)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn rows(p: &Profile) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    if !p.ports.failover_group.is_empty() {
        rows.push(vec![
            "failover group replication".into(),
            format!(
                "TCP {} both ways between the partner subnets",
                ports_text(&p.ports.failover_group)
            ),
        ]);
    }
    if let Some(s) = &p.sizing {
        rows.push(vec![
            "addresses instances need".into(),
            formula_text(&s.required),
        ]);
        if let Some(r) = &s.recommended {
            rows.push(vec!["addresses recommended".into(), formula_text(r)]);
        }
    }
    if let Some(e) = &p.ended {
        rows.push(vec!["era ended".into(), format!("{}: {}", e.date, e.what)]);
    }
    rows
}
