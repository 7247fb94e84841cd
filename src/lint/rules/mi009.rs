//! MI009: the subnet is too small for the instances it declares
//! (`instances [...]`), under the profile's sizing rule: below what the
//! instances occupy is an error, below the recommended room to scale a
//! warning. The arithmetic is shown in a note. A profile without a sizing
//! rule, or a subnet without `instances`, is left to MI001 and MI002.

use super::mi001::{longest_prefix_for, size};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::Instances;
use crate::profile::Formula;

pub const RULE: Rule = Rule {
    code: "MI009",
    doc: include_str!("mi009.md"),
    scope: Scope::Subnet(check),
};

/// Whether MI009 judges this subnet's size (MI001 and MI002 then do not).
pub fn sized_by_instances(view: &SubnetView<'_>) -> bool {
    view.profile.sizing.is_some() && view.subnet.instances.is_some()
}

/// The formula's total and its arithmetic, e.g.
/// `5 + 3 × 4 general-purpose + 6 × 1 group = 23`. One group (virtual
/// cluster, VM group or configuration) as soon as there is an instance:
/// misec cannot know more.
fn apply(f: &Formula, n: &Instances) -> (u64, String) {
    let groups = u64::from(n.general_purpose > 0 || n.business_critical > 0);
    let terms = [
        (
            u64::from(f.general_purpose),
            u64::from(n.general_purpose),
            "general-purpose",
        ),
        (
            u64::from(f.business_critical),
            u64::from(n.business_critical),
            "business-critical",
        ),
        (u64::from(f.per_group), groups, "group"),
    ];
    let mut total = u64::from(f.reserved);
    let mut text = f.reserved.to_string();
    for (per, count, what) in terms {
        if per == 0 || count == 0 {
            continue;
        }
        total += per * count;
        text.push_str(&format!(" + {per} × {count} {what}"));
    }
    (total, format!("{text} = {total}"))
}

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if !view.subnet_facts_known() {
        return;
    }
    let (Some(sizing), Some(instances), Some(address)) = (
        &view.profile.sizing,
        &view.subnet.instances,
        &view.subnet.address,
    ) else {
        return;
    };
    let have = size(&address.value);
    let (required, required_text) = apply(&sizing.required, &instances.value);
    let (need, text, severity, verb) = if u128::from(required) > have {
        (required, required_text, Severity::Error, "need")
    } else {
        match &sizing.recommended {
            Some(r) => {
                let (rec, rec_text) = apply(r, &instances.value);
                if u128::from(rec) <= have {
                    return;
                }
                (rec, rec_text, Severity::Warning, "should have")
            }
            None => return,
        }
    };
    let mut d = Diagnostic::new(
        "MI009",
        address.span,
        format!(
            "subnet `{}` has {have} addresses; under profile `{}` the instances it declares {verb} {need}",
            view.subnet.name.value, view.profile.name
        ),
    )
    .label(format!("a /{} has {have} addresses", address.value.prefix_len()))
    .secondary(instances.span, "the instances")
    .note(format!("{text} addresses"));
    d.severity = severity;
    if severity == Severity::Warning {
        d = d.note("the instances fit, but scaling one of them or adding an instance needs more addresses, and a subnet's range cannot change while anything is deployed in it");
    }
    if let Some(source) = &sizing.provenance {
        d = d.note(format!("the rule: {source}"));
    }
    // `longest_prefix_for` rounds up to a power of two, which must fit
    let help = match u32::try_from(need) {
        Ok(n) if n <= 1 << 31 => format!("use a /{} or larger prefix", longest_prefix_for(n)),
        _ => "no subnet holds that many addresses: spread the instances over several subnets"
            .to_string(),
    };
    out.push(d.help(help));
}
