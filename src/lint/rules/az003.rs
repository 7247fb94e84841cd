//! AZ003: a rule, route, NSG or route-table name Azure does not accept.
//!
//! Input: the subnet's NSG and route table as the file gives them (the
//! profile's names are the platform's own), route names made from a set's
//! prefixes, and, for `.misec`, the names the compiler gives the parts of a
//! rule it splits (`name-2`, …). Output: one diagnostic per invalid name, on
//! the name.
//!
//! Azure's rule: 1–80 characters; letters, digits, `.`, `-`, `_`; starts
//! with a letter or digit; ends with a letter, digit or `_`.

use crate::diagnostic::Diagnostic;
use crate::emit::split;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Origin, RuleOrigin};
use crate::source::Span;

pub const RULE: Rule = Rule {
    code: "AZ003",
    doc: include_str!("az003.md"),
    scope: Scope::Subnet(check),
};

const MAX: usize = 80;

/// What is wrong with `name`, if anything.
pub fn problem(name: &str) -> Option<String> {
    let count = name.chars().count();
    let first = name.chars().next()?;
    if count > MAX {
        return Some(format!(
            "{count} characters long; at most {MAX} are allowed"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Some(format!("contains `{bad}`"));
    }
    if !first.is_ascii_alphanumeric() {
        return Some(format!("starts with `{first}`"));
    }
    match name.chars().last() {
        Some(last) if !(last.is_ascii_alphanumeric() || last == '_') => {
            Some(format!("ends with `{last}`"))
        }
        _ => None,
    }
}

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let subnet = view.subnet;
    if let Some(nsg) = &subnet.nsg {
        name(cx, "NSG", &nsg.name.value, nsg.name.span, None, out);
        for rule in &nsg.rules {
            if rule.origin != RuleOrigin::User {
                continue;
            }
            let n = &rule.name.value;
            name(cx, "rule", n, rule.name.span, None, out);
            if cx.model.origin == Origin::Misec && problem(n).is_none() {
                parts(n, rule.name.span, split(rule).len(), out);
            }
        }
    }
    if let Some(table) = &subnet.route_table {
        name(
            cx,
            "route table",
            &table.name.value,
            table.name.span,
            None,
            out,
        );
        for route in &table.routes {
            let written = cx.sources.slice(route.name.span);
            let from_set = (written != route.name.value).then_some(written);
            name(
                cx,
                "route",
                &route.name.value,
                route.name.span,
                from_set,
                out,
            );
        }
    }
}

fn name(
    cx: &Context<'_>,
    what: &str,
    value: &str,
    span: Span,
    from_set: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(why) = (match value.is_empty() {
        true => Some("empty".to_string()),
        false => problem(value),
    }) else {
        return;
    };
    let mut d = Diagnostic::new(
        "AZ003",
        span,
        format!("{what} name `{value}` is not a valid Azure name"),
    )
    .label(why)
    .note(NOTE);
    if let Some(written) = from_set {
        d = d.note(format!(
            "route `{written}` has several prefixes, so each route is named `{written}-` and its prefix"
        ));
    }
    let help = match (from_set, cx.model.origin) {
        (Some(written), _) => {
            let extra = value
                .chars()
                .count()
                .saturating_sub(written.chars().count());
            format!(
                "shorten the route name `{written}` to at most {} characters",
                MAX.saturating_sub(extra)
            )
        }
        (None, Origin::Misec) => format!("rename the {what}: {RULES}"),
        (None, Origin::AzureJson) => format!("rename the {what} in the template: {RULES}"),
    };
    out.push(d.help(help));
}

const NOTE: &str = "Azure takes names of 1 to 80 characters made of letters, digits, `.`, `-` and `_`, starting with a letter or digit and ending with a letter, digit or `_`";
const RULES: &str = "use 1 to 80 letters, digits, `.`, `-` or `_`, starting with a letter or digit and ending with a letter, digit or `_`";

/// The compiler names the parts of a split rule `name-2`, `name-3`, …
fn parts(name: &str, span: Span, count: usize, out: &mut Vec<Diagnostic>) {
    if count < 2 {
        return;
    }
    let last = format!("{name}-{count}");
    let len = last.chars().count();
    if len <= MAX {
        return;
    }
    out.push(
        Diagnostic::new(
            "AZ003",
            span,
            format!("rule `{name}` becomes {count} Azure rules, and `{last}` is not a valid Azure name"),
        )
        .label(format!("`{last}` is {len} characters long; at most {MAX} are allowed"))
        .note("Azure takes one service tag per side and never IPv4 and IPv6 prefixes in one rule, so the compiler emits one Azure rule per combination, named `NAME`, `NAME-2`, `NAME-3`, …")
        .help(format!(
            "shorten the name to at most {} characters",
            MAX - (len - name.chars().count())
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn azure_names() {
        for ok in ["a", "9", "allow-apps", "a.b_c-d", "x_", &"a".repeat(80)] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        let bad = [
            ("-a", "starts with `-`"),
            ("_a", "starts with `_`"),
            ("a-", "ends with `-`"),
            ("a.", "ends with `.`"),
            ("a b", "contains ` `"),
            ("é", "contains `é`"),
        ];
        for (name, why) in bad {
            assert_eq!(problem(name).as_deref(), Some(why), "{name}");
        }
        assert_eq!(
            problem(&"a".repeat(81)).as_deref(),
            Some("81 characters long; at most 80 are allowed")
        );
    }
}
