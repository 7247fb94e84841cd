//! Lints: the MI, AZ and SEC codes, each in its own file under `rules/` with
//! its documentation (`<code>.md`) beside it, registered in [`RULES`].
//!
//! Input: a [`Context`] (the model, the profile of each subnet, the optional
//! service-tag resolver). Output: diagnostics at their default severity (the
//! check pipeline applies configuration and suppressions afterwards).
//!
//! Flow questions go through [`crate::flow`]: each subnet's view carries its
//! effective configuration and both directions compiled once into a
//! [`Policy`](crate::flow::Policy); no rule compares ports or prefixes by hand.

mod context;
pub mod rules;
pub mod suppress;

pub use context::{Context, SubnetView};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Vnet;

/// What a rule looks at.
#[derive(Clone, Copy)]
pub enum Scope {
    /// Once per subnet that has a profile, with its effective configuration.
    Subnet(fn(&Context<'_>, &SubnetView<'_>, &mut Vec<Diagnostic>)),
    /// Once per vnet.
    Vnet(fn(&Context<'_>, &Vnet, &mut Vec<Diagnostic>)),
    /// Once per file.
    Model(fn(&Context<'_>, &mut Vec<Diagnostic>)),
}

/// One lint: its code, its documentation, and what it checks.
pub struct Rule {
    pub code: Code,
    pub doc: &'static str,
    pub scope: Scope,
}

pub use rules::RULES;

/// The documentation of a lint code.
pub fn doc(code: &str) -> Option<&'static str> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code))
        .map(|r| r.doc)
}

/// Runs every registered rule.
pub fn lint(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        match rule.scope {
            Scope::Model(check) => check(cx, &mut out),
            Scope::Vnet(check) => {
                for vnet in &cx.model.vnets {
                    check(cx, vnet, &mut out);
                }
            }
            Scope::Subnet(_) => {}
        }
    }
    cx.for_each_subnet(|view| {
        out.extend(view.effective.diagnostics.iter().cloned());
        for rule in RULES {
            if let Scope::Subnet(check) = rule.scope {
                check(cx, view, &mut out);
            }
        }
    });
    out
}
