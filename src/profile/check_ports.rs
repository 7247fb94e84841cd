//! Checking a profile's `ports`: the ports clients and instance features use,
//! which the lints check are allowed (MI107–MI109, SEC001).
//!
//! Input: the `ports` section as written. Output: [`Ports`], with an E202
//! pushed into the checking context, at the value, for each value that is
//! not one port (the redirect range: not a port or a range `LO-HI`). `*`
//! is refused: the lints ask about these ports in particular.

use serde_yaml::Value;

use super::check::Ctx;
use super::locate::Seg;
use super::raw::{port_text, RawPorts};
use super::Ports;
use crate::model::PortRange;

/// Checks `raw` and builds the ports; values in error are 0 (the profile is
/// then not built).
pub(super) fn ports(cx: &mut Ctx, raw: &RawPorts) -> Ports {
    Ports {
        tds: single(cx, "tds", "TDS port", &raw.tds),
        redirect: range(cx, &raw.redirect),
        replication: single(cx, "replication", "replication port", &raw.replication),
        public_endpoint: single(
            cx,
            "public_endpoint",
            "public endpoint port",
            &raw.public_endpoint,
        ),
        failover_group: failover(cx, raw.failover_group.as_deref().unwrap_or_default()),
        provenance: raw.source.clone(),
    }
}

/// `ports.failover_group`: ports and ranges `LO-HI`, at least one.
fn failover(cx: &mut Ctx, values: &[Value]) -> Vec<PortRange> {
    let mut out = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let text = port_text(value);
        let bounds = text.as_deref().and_then(|t| match t.split_once('-') {
            Some((lo, hi)) => Some((number(lo)?, number(hi)?)),
            None => number(t).map(|p| (p, p)),
        });
        match bounds {
            Some((lo, hi)) if lo <= hi => out.push(PortRange { lo, hi }),
            _ => {
                cx.error(
                    &[Seg::Key("ports"), Seg::Key("failover_group"), Seg::Index(i)],
                    format!("invalid failover group port `{}`", text.unwrap_or_default()),
                    "not a port or a range",
                    "write ports and ranges, low end first, e.g. `[\"5022\", \"11000-11999\"]`",
                );
            }
        }
    }
    out
}

fn number(text: &str) -> Option<u16> {
    text.trim().parse().ok()
}

/// One port, at `ports.KEY`.
fn single(cx: &mut Ctx, key: &str, what: &str, value: &Value) -> u16 {
    let text = port_text(value);
    if let Some(port) = text.as_deref().and_then(number) {
        return port;
    }
    let message = match text {
        Some(t) => format!("invalid {what} `{t}`"),
        None => format!("invalid {what}: not a number or a string"),
    };
    cx.error(
        &[Seg::Key("ports"), Seg::Key(key)],
        message,
        "not a port",
        "write one port from 0 to 65535, such as `1433`; not a range or `*`",
    );
    0
}

/// A port or a range `LO-HI`, at `ports.redirect`.
fn range(cx: &mut Ctx, value: &Value) -> PortRange {
    let text = port_text(value);
    let bounds = text.as_deref().and_then(|t| match t.split_once('-') {
        Some((lo, hi)) => Some((number(lo)?, number(hi)?)),
        None => number(t).map(|p| (p, p)),
    });
    let label = match bounds {
        Some((lo, hi)) if lo <= hi => return PortRange { lo, hi },
        Some(_) => "runs backwards",
        None => "not a port or a range",
    };
    let message = match text {
        Some(t) => format!("invalid redirect range `{t}`"),
        None => "invalid redirect range: not a number or a string".to_string(),
    };
    cx.error(
        &[Seg::Key("ports"), Seg::Key("redirect")],
        message,
        label,
        "write a range of ports from 0 to 65535, low end first, such as `\"11000-11999\"`, or one port; not `*`",
    );
    PortRange::single(0)
}
