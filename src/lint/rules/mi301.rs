//! MI301: a peering to a vnet in another region (global VNet peering) where a
//! managed instance subnet of the vnet cannot use it. The vnet's regions are
//! compared by their canonical names, so imported spellings agree.
//!
//! Whether global peering works depends on the profile and, from the
//! September 2020 change on, on when the subnet was created (`created`):
//! before the profile's `fails_before` it fails (error); from `works_from`
//! it works; between the two days the documents disagree, and without a
//! creation date misec cannot tell, so it says *may* (warning). One
//! diagnostic per peering, for the subnet that fares worst.

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{Context, Rule, Scope};
use crate::model::{Subnet, Vnet};
use crate::profile::Profile;
use crate::region;

pub const RULE: Rule = Rule {
    code: "MI301",
    doc: include_str!("mi301.md"),
    scope: Scope::Vnet(check),
};

fn same_region(a: &str, b: &str) -> bool {
    match (region::canonical(a), region::canonical(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a.eq_ignore_ascii_case(b),
    }
}

/// How global peering fares for one subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    Works,
    /// It may fail: why, for a note; whether the creation date is known.
    May(String, bool),
    /// It fails: why.
    Fails(String),
}

impl Verdict {
    fn rank(&self) -> u8 {
        match self {
            Verdict::Works => 0,
            Verdict::May(..) => 1,
            Verdict::Fails(_) => 2,
        }
    }
}

fn verdict(subnet: &Subnet, profile: &Profile) -> Verdict {
    if profile.subnet.global_peering_allowed {
        return Verdict::Works;
    }
    let Some(cut) = &profile.global_peering else {
        return Verdict::Fails(format!(
            "profile `{}` does not support global peering",
            profile.name
        ));
    };
    match &subnet.created {
        None => Verdict::May(
            format!(
                "global peering fails for managed instances in subnets created before {}, and subnet `{}` does not say when it was created",
                cut.fails_before, subnet.name.value
            ),
            false,
        ),
        Some(c) if c.value < cut.fails_before => Verdict::Fails(format!(
            "subnet `{}` was created on {}, before {}: global peering does not work for its managed instances",
            subnet.name.value, c.value, cut.fails_before
        )),
        Some(c) if c.value < cut.works_from => Verdict::May(
            format!(
                "subnet `{}` was created on {}: the documents put the cut-off on {} or on {}",
                subnet.name.value, c.value, cut.fails_before, cut.works_from
            ),
            true,
        ),
        Some(_) => Verdict::Works,
    }
}

fn check(cx: &Context<'_>, vnet: &Vnet, out: &mut Vec<Diagnostic>) {
    let Some(home) = &vnet.region else {
        return;
    };
    // the subnet that fares worst, first in source order among equals
    let mut worst: Option<(Verdict, &Subnet)> = None;
    for (subnet, profile) in cx.profiles_of(vnet) {
        let v = verdict(subnet, profile);
        if worst.as_ref().is_none_or(|(w, _)| v.rank() > w.rank()) {
            worst = Some((v, subnet));
        }
    }
    let Some((verdict, subnet)) = worst else {
        return;
    };
    let (why, certain, dated) = match verdict {
        Verdict::Works => return,
        Verdict::May(why, dated) => (why, false, dated),
        Verdict::Fails(why) => (why, true, true),
    };
    for peering in &vnet.peerings {
        let Some(there) = &peering.region else {
            continue;
        };
        if same_region(&there.value, &home.value) {
            continue;
        }
        let mut d = Diagnostic::new(
            "MI301",
            there.span,
            format!(
                "peering `{}` reaches `{}`, another region than vnet `{}` in `{}`; global peering {} not work for managed instance subnet `{}`",
                peering.name.value,
                there.value,
                vnet.name.value,
                home.value,
                if certain { "does" } else { "may" },
                subnet.name.value
            ),
        )
        .label(format!("a vnet in `{}`", there.value))
        .secondary(home.span, format!("vnet `{}` is in `{}`", vnet.name.value, home.value))
        .note(why.clone())
        .note("a managed instance sits behind an internal load balancer, which clients across a global peering cannot reach where the platform does not support it");
        let help = if certain {
            format!(
                "peer with a vnet in `{}`, or connect the regions through a VPN gateway",
                home.value
            )
        } else if dated {
            d.severity = Severity::Warning;
            "test a connection across the peering before relying on it, or connect the regions through a VPN gateway".to_string()
        } else {
            d.severity = Severity::Warning;
            format!(
                "say when subnet `{}` was created (`created YYYY-MM-DD`), or connect the regions through a VPN gateway",
                subnet.name.value
            )
        };
        out.push(d.help(help));
    }
}
