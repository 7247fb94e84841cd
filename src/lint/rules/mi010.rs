//! MI010: a `.misec` file uses a profile whose era has ended (the profile's
//! `ended`): the configuration it describes can no longer be deployed.
//! Reported at the `profile` statement that chose it (the subnet's, else the
//! file's, else the subnet's name when the configuration chose it), once per
//! place. Imports are left alone: their profile is often inferred, and an
//! inferred era is no choice of the user's.

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::Origin;

pub const RULE: Rule = Rule {
    code: "MI010",
    doc: include_str!("mi010.md"),
    scope: Scope::Subnet(check),
};

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if cx.model.origin != Origin::Misec {
        return;
    }
    let Some(ended) = &view.profile.ended else {
        return;
    };
    let span = view
        .subnet
        .profile
        .as_ref()
        .or(cx.model.profile.as_ref())
        .map_or(view.subnet.name.span, |p| p.span);
    let mut d = Diagnostic::new(
        "MI010",
        span,
        format!(
            "profile `{}` describes a configuration that can no longer be deployed",
            view.profile.name
        ),
    )
    .label(format!("the era ended on {}", ended.date))
    .note(ended.what.clone());
    if let Some(source) = &ended.provenance {
        d = d.note(format!("source: {source}"));
    }
    out.push(d.help(
        "use the profile of the era you deploy to (`misec profiles` lists them); for a subnet deployed today, `mi-2024`",
    ));
}
