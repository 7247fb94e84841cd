//! One security rule or one route: JSON object to model item.
//!
//! Input: the rule's (or route's) JSON object, in ARM form (`name` +
//! `properties`) or flattened as `az ... show` prints it, and its scope.
//! Output: the model item with spans into the JSON, or `None` after pushing
//! an E301 that says which field could not be read (the item is skipped).

use super::eval::{Loops, Scope};
use super::fields::{Fields, Names};
use super::json::Json;
use super::values::{self, Problem};
use crate::diagnostic::Diagnostic;
use crate::model::{
    Access, Address, AddressItem, Direction, NextHop, NextHopKind, PortItem, Protocol, Route,
    RuleOrigin, SecurityRule,
};
use crate::source::{Span, Spanned};

/// `properties` when present, else the object itself (flattened output).
pub fn props<'j, 'a>(obj: &'j Json<'a>) -> &'j Json<'a> {
    match obj.get("properties") {
        Some(p) if p.is_object() => p,
        _ => obj,
    }
}

/// A field's evaluated text (`json`, the field's value in `p` if any),
/// mapped case-insensitively onto one of `choices`.
fn choice<T: Copy>(
    scope: &Scope,
    copy: Loops,
    p: &Json,
    json: Option<&Json>,
    field: &str,
    choices: &[(&str, T)],
) -> Result<Spanned<T>, (String, Problem, Span)> {
    let json = json.ok_or_else(|| (field.to_string(), missing(p.span, field), p.span))?;
    let (t, span) =
        values::text_ref(scope, copy, json).map_err(|e| (field.to_string(), e, json.span))?;
    let trimmed = values::trim(&t);
    choices
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(trimmed))
        .map(|(_, v)| Spanned::new(*v, span))
        .ok_or_else(|| {
            let names: Vec<String> = choices.iter().map(|(n, _)| format!("`{n}`")).collect();
            let problem = Problem::Invalid(
                span,
                format!("`{t}` is not one of {}", names.join(", ")),
                format!("write one of {}", names.join(", ")),
            );
            (field.to_string(), problem, span)
        })
}

fn missing(span: Span, field: &str) -> Problem {
    Problem::Invalid(
        span,
        format!("`{field}` is missing"),
        format!("add `\"{field}\"`"),
    )
}

type Fail = (String, Problem, Span);

/// Reads a security rule; `name` is the rule's name as already resolved,
/// handed back when the rule is left out (after its E301 or E303).
pub fn rule(
    scope: &Scope,
    copy: Loops,
    obj: &Json,
    name: Spanned<String>,
    diags: &mut Vec<Diagnostic>,
) -> Result<SecurityRule, Spanned<String>> {
    match rule_inner(scope, copy, obj) {
        Ok(r) => Ok(SecurityRule { name, ..r }),
        Err((field, problem, span)) => {
            diags.push(problem.diagnostic(&field, &format!("rule `{}`", name.value), span));
            Err(name)
        }
    }
}

/// The direction and priority of a rule that was left out because one of
/// its other fields is only known at deployment (the E303 just pushed):
/// enough to check that priorities are distinct.
pub fn partial_rule(
    scope: &Scope,
    copy: Loops,
    obj: &Json,
    diags: &[Diagnostic],
) -> Option<(Direction, Spanned<u32>)> {
    if diags.last().is_none_or(|d| d.code != "E303") {
        return None;
    }
    let p = props(obj);
    let direction = choice(scope, copy, p, p.get("direction"), "direction", &DIRECTIONS).ok()?;
    let (n, span) = values::number(scope, copy, p.get("priority")?).ok()?;
    Some((direction.value, Spanned::new(n, span)))
}

/// The fields of a rule's properties that [`rule_inner`] reads, each
/// singular field followed by its plural (see [`both`]).
const RULE_FIELDS: Names<15> = Names::new([
    "direction",
    "access",
    "protocol",
    "priority",
    "sourceApplicationSecurityGroups",
    "destinationApplicationSecurityGroups",
    "sourceAddressPrefix",
    "sourceAddressPrefixes",
    "destinationAddressPrefix",
    "destinationAddressPrefixes",
    "sourcePortRange",
    "sourcePortRanges",
    "destinationPortRange",
    "destinationPortRanges",
    "description",
]);
const SOURCE: usize = 6;
const DESTINATION: usize = 8;
const SOURCE_PORT: usize = 10;
const DESTINATION_PORT: usize = 12;

const DIRECTIONS: [(&str, Direction); 2] = [
    ("Inbound", Direction::Inbound),
    ("Outbound", Direction::Outbound),
];

type RuleFields<'j, 'a> = Fields<'j, 'a, 15>;

/// The rule without its name (the caller's, which it keeps for messages).
fn rule_inner(scope: &Scope, copy: Loops, obj: &Json) -> Result<SecurityRule, Fail> {
    let p = props(obj);
    let f = RuleFields::of(p, &RULE_FIELDS);
    let direction = choice(scope, copy, p, f.at(0), "direction", &DIRECTIONS)?;
    let access = choice(
        scope,
        copy,
        p,
        f.at(1),
        "access",
        &[("Allow", Access::Allow), ("Deny", Access::Deny)],
    )?;
    let [a, b, c, d, e, g] = Protocol::KEYWORDS.map(|(_, p)| (p.azure_name(), p));
    let protocol = choice(
        scope,
        copy,
        p,
        f.at(2),
        "protocol",
        &[a, b, c, d, e, g, ("Any", Protocol::Any)],
    )?;
    let priority = match f.at(3) {
        Some(j) => {
            values::number(scope, copy, j).map_err(|e| ("priority".to_string(), e, j.span))?
        }
        None => return Err(("priority".into(), missing(p.span, "priority"), p.span)),
    };
    for side in [4, 5] {
        if let Some(j) = f
            .at(side)
            .filter(|j| j.as_array().is_some_and(|a| !a.is_empty()))
        {
            let problem = Problem::Invalid(
                j.span,
                "application security groups cannot be imported".into(),
                "use address prefixes or service tags instead".into(),
            );
            return Err((RULE_FIELDS.name(side).to_string(), problem, j.span));
        }
    }
    let source = addresses(scope, copy, p, &f, SOURCE)?;
    let destination = addresses(scope, copy, p, &f, DESTINATION)?;
    let source_ports = ports(scope, copy, p, &f, SOURCE_PORT)?;
    let destination_ports = ports(scope, copy, p, &f, DESTINATION_PORT)?;
    let description = match f.at(14) {
        Some(j) => {
            let (t, span) =
                values::text(scope, copy, j).map_err(|e| ("description".to_string(), e, j.span))?;
            Some(Spanned::new(t, span))
        }
        None => None,
    };
    Ok(SecurityRule {
        name: Spanned::new(String::new(), obj.span),
        direction: direction.value,
        access,
        protocol,
        source,
        source_ports,
        destination,
        destination_ports,
        priority: Some(Spanned::new(priority.0, priority.1)),
        description,
        origin: RuleOrigin::User,
        span: obj.span,
    })
}

/// Each non-empty text of the field at `at` in [`RULE_FIELDS`] and of its
/// plural (the next) together, read by `item`; `Err` at the first that
/// fails, or when there is none at all.
fn both<T>(
    scope: &Scope,
    copy: Loops,
    p: &Json,
    fields: &RuleFields,
    at: usize,
    item: impl Fn(&str, Span) -> Result<T, Problem>,
) -> Result<Vec<T>, Fail> {
    let field = RULE_FIELDS.name(at);
    let given = [fields.at(at), fields.at(at + 1)];
    // one element per text, nearly always: no regrowing
    let texts = given
        .iter()
        .flatten()
        .map(|j| j.as_array().map_or(1, <[Json]>::len))
        .sum();
    let mut out = Vec::with_capacity(texts);
    let mut span = p.span;
    for (f, j) in [field, RULE_FIELDS.name(at + 1)].into_iter().zip(given) {
        if let Some(j) = j {
            span = j.span;
            // a text `item` rejects is reported on the text, under `field`
            let mut rejected = None;
            let read = values::each_text(scope, copy, j, |t, at| {
                // `""` next to a list means "not this one"
                if values::trim(t).is_empty() {
                    return Ok(());
                }
                match item(t, at) {
                    Ok(v) => {
                        out.push(v);
                        Ok(())
                    }
                    Err(e) => {
                        rejected = Some((e.clone(), at));
                        Err(e)
                    }
                }
            });
            if let Some((e, at)) = rejected {
                return Err((field.to_string(), e, at));
            }
            read.map_err(|e| (f.to_string(), e, j.span))?;
        }
    }
    if out.is_empty() {
        // Azure requires the field; reading it as "any" would guess
        return Err((field.to_string(), missing(span, field), span));
    }
    Ok(out)
}

fn addresses(
    scope: &Scope,
    copy: Loops,
    p: &Json,
    fields: &RuleFields,
    at: usize,
) -> Result<Vec<AddressItem>, Fail> {
    both(scope, copy, p, fields, at, |t, span| {
        values::address(t, span).map(|address| AddressItem {
            address,
            span,
            via: None,
        })
    })
}

fn ports(
    scope: &Scope,
    copy: Loops,
    p: &Json,
    fields: &RuleFields,
    at: usize,
) -> Result<Vec<PortItem>, Fail> {
    both(scope, copy, p, fields, at, |t, span| {
        values::port(t, span).map(|range| PortItem {
            range,
            span,
            via: None,
        })
    })
}

/// Reads a route; `name` is the route's name as already resolved.
pub fn route(
    scope: &Scope,
    copy: Loops,
    obj: &Json,
    name: Spanned<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Route> {
    match route_inner(scope, copy, obj) {
        Ok(r) => Some(Route { name, ..r }),
        Err((field, problem, span)) => {
            diags.push(problem.diagnostic(&field, &format!("route `{}`", name.value), span));
            None
        }
    }
}

/// The route without its name (the caller's, which it keeps for messages).
fn route_inner(scope: &Scope, copy: Loops, obj: &Json) -> Result<Route, Fail> {
    let p = props(obj);
    let field = "addressPrefix";
    let j = p
        .get(field)
        .ok_or_else(|| (field.to_string(), missing(p.span, field), p.span))?;
    let (t, span) = values::text(scope, copy, j).map_err(|e| (field.to_string(), e, j.span))?;
    let address = values::address(&t, span).map_err(|e| (field.to_string(), e, span))?;
    if address == Address::Any {
        let problem = Problem::Invalid(
            span,
            "a route needs a prefix, not `*`".into(),
            "write `0.0.0.0/0` for every address".into(),
        );
        return Err((field.to_string(), problem, span));
    }
    let kind = choice(
        scope,
        copy,
        p,
        p.get("nextHopType"),
        "nextHopType",
        &NextHopKind::ALL.map(|k| (k.azure_name(), k)),
    )?;
    let address_hop = match p.get("nextHopIpAddress") {
        Some(j) => {
            let (t, span) = values::text(scope, copy, j)
                .map_err(|e| ("nextHopIpAddress".to_string(), e, j.span))?;
            if values::trim(&t).is_empty() {
                None
            } else {
                let ip = values::trim(&t).parse().map_err(|_| {
                    let problem = Problem::Invalid(
                        span,
                        format!("`{t}` is not an IP address"),
                        "write the appliance's address, such as `10.0.0.4`".into(),
                    );
                    ("nextHopIpAddress".to_string(), problem, span)
                })?;
                Some(Spanned::new(ip, span))
            }
        }
        None => None,
    };
    Ok(Route {
        name: Spanned::new(String::new(), obj.span),
        prefix: AddressItem {
            address,
            span,
            via: None,
        },
        next_hop: Spanned::new(
            NextHop {
                kind: kind.value,
                address: address_hop,
            },
            kind.span,
        ),
        span: obj.span,
    })
}
