//! The ARM template functions misec evaluates offline, one file per family
//! of Microsoft's template-functions reference.
//!
//! Input: a lowercase function name, evaluated arguments and the call's
//! context ([`Cx`]). Output: the result, or `Unknown` when the value exists
//! only at deployment (`reference()`, `listKeys()`, `newGuid()`, `utcNow()`,
//! a context value not given on the command line) or the arguments do not
//! fit. An unknown argument makes the result unknown, except where a name is
//! being built (`concat`, `format`, `resourceId`): then the unknown's `hint`
//! stands in for it. `if`, `and`, `or`, `coalesce` and the lambda functions
//! are evaluated lazily in `lambda.rs`.

mod array;
mod cidr;
mod convert;
mod date;
mod numeric;
mod object;
mod string;
#[cfg(test)]
mod tests;

use super::deploy::Deployment;
use super::eval::{deferred, unknown, Loops, Val, MAX_TEXT_LEN};
use crate::source::Span;

/// What a function call sees besides its arguments.
pub struct Cx<'c> {
    pub copy: Loops<'c>,
    pub span: Span,
    /// The call's text, for messages.
    pub text: &'c str,
    pub deploy: &'c Deployment,
}

impl Cx<'_> {
    /// The unknown for arguments that do not fit the function.
    pub fn bad(&self, name: &str) -> Val {
        unknown(
            format!("`{}` cannot be evaluated with these arguments", self.text),
            self.span,
            name,
        )
    }
}

/// One family's dispatcher: `None` when the function is not of the family.
type Family = fn(&str, &[Val], &Cx) -> Option<Val>;

/// Functions whose value exists only at deployment.
const DEPLOYMENT: &[&str] = &[
    "environment",
    "tenant",
    "managementgroup",
    "reference",
    "references",
    "newguid",
    "utcnow",
    "pickzones",
    "providers",
    // hashes Azure computes; misec does not reproduce them
    "uniquestring",
    "guid",
];

pub fn call(name: &str, args: Vec<Val>, cx: &Cx) -> Val {
    if DEPLOYMENT.contains(&name) || name.starts_with("list") {
        // `@` marks an object of the deployment; its members are unknown too
        return deferred(
            format!("`{}` is only known at deployment", cx.text),
            cx.span,
            &format!("@{name}"),
        );
    }
    match name {
        "resourcegroup" => return cx.deploy.resource_group(cx.span),
        "subscription" => return cx.deploy.subscription(cx.span),
        "deployment" => return cx.deploy.deployment(cx.span),
        "concat" => return concat(args),
        "format" => return string::format(args, cx),
        "resourceid" | "subscriptionresourceid" | "tenantresourceid" | "extensionresourceid" => {
            return resource_id(args)
        }
        "copyindex" => return copy_index(args, cx),
        _ => {}
    }
    // Everything below needs every argument.
    if let Some(u) = args.iter().find(|a| matches!(a, Val::Unknown(_))) {
        return u.clone();
    }
    let families: [Family; 7] = [
        numeric::call,
        string::call,
        array::call,
        object::call,
        convert::call,
        cidr::call,
        date::call,
    ];
    for family in families {
        if let Some(v) = family(name, &args, cx) {
            return v;
        }
    }
    unknown(
        format!(
            "`{}` uses a function misec does not evaluate offline",
            cx.text
        ),
        cx.span,
        name,
    )
}

fn copy_index(args: Vec<Val>, cx: &Cx) -> Val {
    let mut it = args.into_iter();
    let (name, offset) = match (it.next(), it.next()) {
        (None, None) => (None, 0),
        (Some(Val::Int(o)), None) => (None, o),
        (Some(Val::Str(n)), None) => (Some(n), 0),
        (Some(Val::Str(n)), Some(Val::Int(o))) => (Some(n), o),
        (Some(u @ Val::Unknown(_)), _) | (_, Some(u @ Val::Unknown(_))) => return u,
        _ => return cx.bad("index"),
    };
    let found = match &name {
        Some(n) => cx
            .copy
            .iter()
            .rev()
            .find(|(l, _)| l.eq_ignore_ascii_case(n)),
        None => cx.copy.last(),
    };
    match found {
        Some((_, i)) => Val::Int(i.saturating_add(offset)),
        None => unknown(
            format!("`{}` is used outside its copy loop", cx.text),
            cx.span,
            "index",
        ),
    }
}

/// `concat` joins arrays when given arrays, else text; unknown parts make an
/// unknown whose hint is the joined stand-ins.
fn concat(args: Vec<Val>) -> Val {
    if !args.is_empty() && args.iter().all(|a| matches!(a, Val::Array(_) | Val::Null)) {
        let mut out = Vec::new();
        for a in args {
            if let Val::Array(items) = a {
                out.extend(items);
            }
            if out.len() > 100_000 {
                return unknown("the array is too long".into(), Span::default(), "array");
            }
        }
        return Val::Array(out);
    }
    join(args.iter())
}

/// Builds text from parts; the first unknown part gives the reason.
pub(super) fn join<'v>(parts: impl Iterator<Item = &'v Val>) -> Val {
    let mut text = String::new();
    let mut first: Option<Val> = None;
    for p in parts {
        if let Val::Unknown(_) = p {
            if first.is_none() {
                first = Some(p.clone());
            }
        }
        match p {
            Val::Array(_) | Val::Object(_) => text.push_str(&convert::to_json(p)),
            _ => text.push_str(&p.hint_text()),
        }
        if text.len() > MAX_TEXT_LEN {
            return unknown("the text is too long".into(), Span::default(), "text");
        }
    }
    match first {
        Some(Val::Unknown(mut u)) => {
            u.hint = text;
            Val::Unknown(u)
        }
        _ => Val::Str(text),
    }
}

/// `resourceId([sub], [group], type, name...)` as
/// `/providers/<ns>/<type>/<name>/<child type>/<child name>`: enough to
/// match references to resources of the same template.
fn resource_id(args: Vec<Val>) -> Val {
    let type_at = args
        .iter()
        .position(|a| matches!(a, Val::Str(s) if s.contains('/') && !s.starts_with('/')))
        .unwrap_or(0);
    let Some(Val::Str(kind)) = args.get(type_at) else {
        return join(args.iter());
    };
    let mut segments = kind.split('/');
    let namespace = segments.next().unwrap_or("");
    let mut parts = vec![Val::Str(format!("/providers/{namespace}"))];
    for (segment, name) in segments.zip(args.iter().skip(type_at + 1)) {
        parts.push(Val::Str(format!("/{segment}/")));
        parts.push(name.clone());
    }
    join(parts.iter())
}
