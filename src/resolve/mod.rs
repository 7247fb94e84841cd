//! Resolution: [`ast::File`] to [`Model`], checking names, sets, service tags,
//! CIDRs, ports, priorities and containment (E101–E111). Never fails: what
//! cannot be resolved is reported and left out of the model.
//!
//! # How a name is read
//! In an address position (a rule side, a route prefix, a `let` element) an
//! identifier is, in this order:
//! 1. a set defined with `let` (exact, case-sensitive match);
//! 2. one of the keywords `any`, `subnet` (this subnet's prefix), `vnet` (the
//!    `VirtualNetwork` service tag);
//! 3. a service tag (case-insensitive; the model holds Azure's casing);
//! 4. otherwise an error: E107 "unknown service tag" when the name starts with
//!    an uppercase letter or contains a `.` (it was meant as a tag), E101
//!    "undefined name" otherwise (it was meant as a set), each with a "did you
//!    mean" over tags or over set names (E101 also mentions a close tag).
//!
//! In a port position an identifier is a set or `any`; anything else is E101,
//! or E104 when it names addresses (a tag, `subnet`, `vnet`, an address set).
//!
//! # Invariants of the output
//! Every address is a prefix with host bits clear (a CIDR with host bits set
//! is reported as E105 and kept as its network) or a tag in Azure's casing;
//! every port range has `lo <= hi`; a rule side or route prefix that lost all
//! its elements to errors drops the rule or route. Items expanded from a set
//! keep the element's span (`span`) and the outermost set reference in the
//! rule (`via`). Expansion stops after [`BUDGET`] items in the whole file: a
//! file that large is rejected by the NSG size limits (AZ005, AZ006) anyway,
//! and the cap keeps hostile nesting (`let a = [b, b, b]` …) from exploding.

mod containment;
mod network;
mod routes;
mod rules;
mod sets;
mod statements;
mod values;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_blocks;

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Model, Origin};
use crate::source::{Span, Spanned};
use crate::syntax::ast;

/// The most address and port items one file may expand to.
pub const BUDGET: usize = 1_000_000;

/// Resolves one parsed file. The diagnostics are in the order found; the
/// caller sorts them.
pub fn resolve(file: &ast::File) -> (Model, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let sets = sets::Sets::build(file, &mut diags);
    let mut r = Resolver {
        sets,
        diags,
        budget: BUDGET,
    };
    let mut model = Model {
        file: file.span.file,
        origin: Origin::Misec,
        profile: None,
        api_version: None,
        vnets: Vec::new(),
    };
    let mut vnet_names: BTreeMap<String, Span> = BTreeMap::new();
    for item in &file.items {
        match item {
            ast::Item::Profile(p) => {
                if let Some(first) = &model.profile {
                    r.diags
                        .push(twice("profile", "the file", p.span, first.span));
                } else {
                    model.profile = Some(Spanned::new(p.name.name.clone(), p.name.span));
                }
            }
            ast::Item::Vnet(v) => {
                if let Some(first) = vnet_names.get(&v.name.name.to_ascii_lowercase()) {
                    r.diags.push(duplicate("vnet", &v.name, *first, "the file"));
                } else {
                    vnet_names.insert(v.name.name.to_ascii_lowercase(), v.name.span);
                }
                let vnet = r.vnet(v);
                model.vnets.push(vnet);
            }
            ast::Item::Let(_) | ast::Item::Error(_) => {}
        }
    }
    (model, r.diags)
}

/// State shared by every part of one file's resolution.
pub(crate) struct Resolver {
    pub(crate) sets: sets::Sets,
    pub(crate) diags: Vec<Diagnostic>,
    /// Items that may still be expanded from sets (see [`BUDGET`]).
    pub(crate) budget: usize,
}

/// E102 for a name defined twice in one namespace.
pub(crate) fn duplicate(what: &str, name: &ast::Ident, first: Span, scope: &str) -> Diagnostic {
    Diagnostic::new(
        "E102",
        name.span,
        format!("{what} `{}` is defined twice in {scope}", name.name),
    )
    .label("defined again here")
    .secondary(first, "first defined here")
    .help(format!(
        "rename or remove one of the two definitions of `{}`",
        name.name
    ))
}

/// E102 for a statement that may appear once, given twice.
pub(crate) fn twice(keyword: &str, scope: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        "E102",
        again,
        format!("`{keyword}` is given twice in {scope}"),
    )
    .label("given again here")
    .secondary(first, "first given here")
    .help(format!("keep one `{keyword}` statement"))
}
