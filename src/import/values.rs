//! Reading one JSON value as text, a list of texts, a number, an address or a
//! port range, with spans, through the expression evaluator.
//!
//! Input: a JSON value of a resource and the scope it is evaluated in.
//! Output: the value, or a [`Problem`] that the caller turns into an E301
//! (the item is then skipped, never guessed).

use std::borrow::Cow;
use std::net::IpAddr;

use ipnet::{IpNet, Ipv4Net};

use super::eval::{Loops, Scope, Unknown, Val};
use super::json::{Json, Value};
use crate::diagnostic::Diagnostic;
use crate::model::{Address, PortRange};
use crate::source::Span;

/// Why a value could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Depends on the deployment.
    Unknown(Box<Unknown>),
    /// Read, but not what the field takes: (span, message, help).
    Invalid(Span, String, String),
}

impl Problem {
    /// The E301 for this problem, in `item` (e.g. "rule `x`").
    pub fn diagnostic(&self, field: &str, item: &str, fallback: Span) -> Diagnostic {
        self.build(
            field,
            item,
            fallback,
            format!("{item} is left out of the import rather than guessed"),
        )
    }

    /// As [`Problem::diagnostic`], for a field whose item is kept without it.
    pub fn field_diagnostic(&self, field: &str, item: &str, fallback: Span) -> Diagnostic {
        self.build(
            field,
            item,
            fallback,
            format!("the {field} of {item} is left out of the import"),
        )
    }

    fn build(&self, field: &str, item: &str, fallback: Span, note: String) -> Diagnostic {
        match self {
            Problem::Unknown(u) if u.deferred => {
                let span = if u.span == Span::default() {
                    fallback
                } else {
                    u.span
                };
                Diagnostic::new("E303", span, format!("the {field} of {item} is only known at deployment"))
                    .label(u.why.clone())
                    .note(format!("{note}; the checks that need it are not made"))
                    .help("give the deployment's values: `--parameters FILE`, `--param NAME=VALUE`, `--location REGION`, `--resource-group NAME`, `--subscription ID`")
            }
            Problem::Unknown(u) => {
                let span = if u.span == Span::default() {
                    fallback
                } else {
                    u.span
                };
                Diagnostic::new("E301", span, format!("the {field} of {item} cannot be evaluated offline"))
                    .label(u.why.clone())
                    .note(note)
                    .help("give the parameter a default value, or import the deployed resource (`az network nsg show` / `az network route-table show`)")
            }
            Problem::Invalid(span, message, help) => {
                Diagnostic::new("E301", *span, format!("{message} in the {field} of {item}"))
                    .label(format!("not a valid {field}"))
                    .note(note)
                    .help(help.clone())
            }
        }
    }
}

fn unknown_or(v: Val, span: Span, what: &str) -> Problem {
    match v {
        Val::Unknown(u) => Problem::Unknown(u),
        other => Problem::Invalid(
            span,
            format!("expected {what}, found {}", val_kind(&other)),
            format!("write {what} here"),
        ),
    }
}

fn val_kind(v: &Val) -> &'static str {
    match v {
        Val::Null => "null",
        Val::Bool(_) => "a boolean",
        Val::Int(_) => "a number",
        Val::Str(_) => "a string",
        Val::Array(_) => "an array",
        Val::Object(_) => "an object",
        Val::Unknown(_) => "an unknown value",
    }
}

/// A string (or number) value with the span of its JSON text.
pub fn text(scope: &Scope, copy: Loops, json: &Json) -> Result<(String, Span), Problem> {
    text_ref(scope, copy, json).map(|(t, span)| (t.into_owned(), span))
}

/// As [`text`], borrowing a literal string rather than copying it.
pub fn text_ref<'s, 'a>(
    scope: &Scope<'_, 'a>,
    copy: Loops,
    json: &'s Json<'a>,
) -> Result<(Cow<'s, str>, Span), Problem> {
    scope
        .text(json, copy)
        .map(|t| (t, json.span))
        .map_err(|v| unknown_or(v, json.span, "a string"))
}

/// A name: unknown parts are replaced by their stand-in, never an error.
pub fn name(scope: &Scope, copy: Loops, json: &Json) -> String {
    match scope.text(json, copy) {
        Ok(t) => t.into_owned(),
        Err(v) => v.hint_text(),
    }
}

/// Texts of a field that is a string, an array of strings, or an
/// expression giving either. Elements of an evaluated array share its span.
pub fn texts(scope: &Scope, copy: Loops, json: &Json) -> Result<Vec<(String, Span)>, Problem> {
    let mut out = Vec::new();
    each_text(scope, copy, json, |t, span| {
        out.push((t.to_string(), span));
        Ok(())
    })?;
    Ok(out)
}

/// As [`texts`], handing each text to `f` (literal strings are not copied);
/// stops at the first problem, `f`'s or the value's.
pub fn each_text(
    scope: &Scope,
    copy: Loops,
    json: &Json,
    mut f: impl FnMut(&str, Span) -> Result<(), Problem>,
) -> Result<(), Problem> {
    let mut one = |j: &Json| {
        let t = scope
            .text(j, copy)
            .map_err(|v| unknown_or(v, j.span, "a string"))?;
        f(&t, j.span)
    };
    match &json.value {
        Value::Array(items) => items.iter().try_for_each(one),
        Value::String(_) => match scope.text(json, copy) {
            Ok(t) => f(&t, json.span),
            Err(Val::Array(items)) => items.into_iter().try_for_each(|v| match v {
                Val::Str(s) => f(&s, json.span),
                Val::Int(n) => f(&n.to_string(), json.span),
                other => Err(unknown_or(other, json.span, "a string")),
            }),
            Err(v) => Err(unknown_or(v, json.span, "a string or a list")),
        },
        Value::Null => Ok(()),
        _ => one(json),
    }
}

/// A non-negative integer given as a number, a numeric string or an expression.
pub fn number(scope: &Scope, copy: Loops, json: &Json) -> Result<(u32, Span), Problem> {
    let (t, span) = text_ref(scope, copy, json)?;
    trim(&t).parse::<u32>().map(|n| (n, span)).map_err(|_| {
        Problem::Invalid(
            span,
            format!("`{t}` is not a whole number"),
            "write a number such as `100`".into(),
        )
    })
}

/// A boolean given as `true`/`false`, `"true"`/`"false"` or an expression.
pub fn boolean(scope: &Scope, copy: Loops, json: &Json) -> Result<(bool, Span), Problem> {
    match scope.eval(json, copy) {
        Val::Bool(b) => Ok((b, json.span)),
        Val::Str(s) if s.eq_ignore_ascii_case("true") => Ok((true, json.span)),
        Val::Str(s) if s.eq_ignore_ascii_case("false") => Ok((false, json.span)),
        other => Err(unknown_or(other, json.span, "`true` or `false`")),
    }
}

/// An NSG or route address: `*` / `Any`, an IP, a prefix with host bits
/// clear, or a service tag. Known tags take Azure's casing; a tag misec does
/// not know keeps the casing written (Azure adds tags faster than any
/// built-in list, and what is deployed was accepted by Azure).
pub fn address(text: &str, span: Span) -> Result<Address, Problem> {
    let t = trim(text);
    if t == "*" || t.eq_ignore_ascii_case("any") {
        return Ok(Address::Any);
    }
    let invalid = |help: String| {
        Problem::Invalid(
            span,
            format!("`{t}` is not an address, prefix or service tag"),
            help,
        )
    };
    let plain = plain_v4_prefix(t);
    if plain.is_some() || t.as_bytes().contains(&b'/') {
        let net: IpNet = match plain {
            Some(net) => net,
            None => t
                .parse()
                .map_err(|_| invalid("write a prefix such as `10.0.0.0/24`".into()))?,
        };
        if net.trunc() != net {
            return Err(Problem::Invalid(
                span,
                format!("`{t}` has host bits set"),
                format!("the network is `{}`", net.trunc()),
            ));
        }
        return Ok(Address::Prefix(net));
    }
    // an address holds hex digits, `.` and `:` only: a service tag is no
    // address, and the parser need not say so
    let maybe_ip = t
        .bytes()
        .all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':');
    if let Some(ip) = maybe_ip.then(|| t.parse::<IpAddr>().ok()).flatten() {
        return Ok(Address::Prefix(IpNet::from(ip)));
    }
    if is_tag(t) {
        return Ok(Address::Tag(
            crate::tags::canonical(t).unwrap_or_else(|| t.to_string()),
        ));
    }
    Err(invalid(
        "write an IP address, a CIDR prefix, `*`, or a service tag such as `VirtualNetwork`".into(),
    ))
}

/// `a.b.c.d/n` written plainly (decimal octets up to 255 without leading
/// zeros, a length up to 32): read here as `IpNet`'s parser reads it, in one
/// pass over the bytes, because thousands of rules hold such prefixes.
/// `None` for anything else, which that parser then reads or rejects.
fn plain_v4_prefix(t: &str) -> Option<IpNet> {
    let (address, len) = t.split_once('/')?;
    let address = crate::ipv4::plain(address)?;
    // one or two digits, no leading zero
    let len = match len.as_bytes() {
        [d @ b'0'..=b'9'] => d - b'0',
        [d @ b'1'..=b'9', e @ b'0'..=b'9'] => (d - b'0') * 10 + (e - b'0'),
        _ => return None,
    };
    Ipv4Net::new(address, len).ok().map(IpNet::V4)
}

/// [`str::trim`], without its Unicode scan for the text nearly every field
/// holds: one that starts and ends with a visible ASCII character.
pub fn trim(t: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x80);
    if visible(t.as_bytes().first()) && visible(t.as_bytes().last()) {
        t
    } else {
        t.trim()
    }
}

fn is_tag(t: &str) -> bool {
    let bytes = t.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.split(|&b| b == b'.').all(|part| {
            !part.is_empty()
                && part
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// `*`, `1433` or `11000-11999`.
pub fn port(text: &str, span: Span) -> Result<PortRange, Problem> {
    let t = trim(text);
    if t == "*" || t.eq_ignore_ascii_case("any") {
        return Ok(PortRange::ANY);
    }
    let invalid = || {
        Problem::Invalid(
            span,
            format!("`{t}` is not a port or port range"),
            "write a port (`1433`), a range (`11000-11999`) or `*`".into(),
        )
    };
    // the first `-` (ASCII: found bytewise, never inside a character)
    let (lo, hi) = match t.bytes().position(|b| b == b'-') {
        Some(i) => (t.get(..i).unwrap_or(""), t.get(i + 1..).unwrap_or("")),
        None => (t, t),
    };
    let lo: u16 = trim(lo).parse().map_err(|_| invalid())?;
    let hi: u16 = trim(hi).parse().map_err(|_| invalid())?;
    if lo > hi {
        return Err(invalid());
    }
    Ok(PortRange { lo, hi })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let s = Span::default();
        assert_eq!(address("*", s), Ok(Address::Any));
        assert_eq!(address("Any", s), Ok(Address::Any));
        assert_eq!(
            address("0.0.0.0/0", s),
            Ok(Address::Prefix("0.0.0.0/0".parse().unwrap()))
        );
        assert_eq!(
            address("10.0.0.4", s),
            Ok(Address::Prefix("10.0.0.4/32".parse().unwrap()))
        );
        assert_eq!(
            address("Storage.westeurope", s),
            Ok(Address::Tag("Storage.westeurope".into()))
        );
        assert!(
            matches!(address("10.0.0.5/24", s), Err(Problem::Invalid(_, m, h)) if m.contains("host bits") && h.contains("10.0.0.0/24"))
        );
        assert!(address("10.0.0.0/33", s).is_err());
        assert!(address("not a tag!", s).is_err());
        assert!(address("Storage..westeurope", s).is_err());
        assert!(address("Storage.", s).is_err());
        assert!(address("1Storage", s).is_err());
        assert_eq!(
            address("fe80::1", s),
            Ok(Address::Prefix("fe80::1/128".parse().unwrap()))
        );
        assert_eq!(
            address("::ffff:1.2.3.4", s),
            Ok(Address::Prefix("::ffff:1.2.3.4/128".parse().unwrap()))
        );
        assert_eq!(address("Cafe", s), Ok(Address::Tag("Cafe".into())));
        assert!(address("", s).is_err());
    }

    /// The plain reading of IPv4 prefixes agrees with `IpNet`'s parser, and
    /// leaves to it whatever is not plain.
    #[test]
    fn plain_prefixes_read_as_ipnet_does() {
        for t in [
            "10.0.0.0/8",
            "0.0.0.0/0",
            "255.255.255.255/32",
            "192.168.1.0/24",
            "10.0.0.5/24",
            "1.2.3.4/9",
        ] {
            assert_eq!(plain_v4_prefix(t), Some(t.parse().unwrap()), "{t}");
        }
        for t in [
            "010.0.0.0/8",
            "10.0.0.0/08",
            "10.0.0.0/33",
            "256.0.0.0/8",
            "10.0.0/8",
            "10.0.0.0.0/8",
            "10.0.0.0/",
            "/8",
            "10..0.0/8",
            "+1.0.0.0/8",
            "1000.0.0.0/8",
            "::/0",
            "10.0.0.0/8/8",
            "10.0.0.0/8.",
            "10.0.0.0/8 ",
            "10.0.0.0",
        ] {
            assert_eq!(plain_v4_prefix(t), None, "{t}");
        }
        // the cases it leaves alone still read as before
        assert!(
            address("10.0.0.0/08", Span::default()).is_ok()
                == "10.0.0.0/08".parse::<IpNet>().is_ok()
        );
    }

    #[test]
    fn trim_is_str_trim() {
        for t in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{a0}a",
            "a\u{3000}",
            "*",
            "\t1433\n",
            "é",
            "x\u{85}",
        ] {
            assert_eq!(trim(t), t.trim(), "{t:?}");
        }
    }

    #[test]
    fn ports() {
        let s = Span::default();
        assert_eq!(port("*", s), Ok(PortRange::ANY));
        assert_eq!(port("1433", s), Ok(PortRange::single(1433)));
        assert_eq!(
            port("11000-11999", s),
            Ok(PortRange {
                lo: 11000,
                hi: 11999
            })
        );
        assert_eq!(port(" 80 - 81 ", s), Ok(PortRange { lo: 80, hi: 81 }));
        assert!(port("1-2-3", s).is_err());
        assert!(port("-1", s).is_err());
        assert!(port("1-", s).is_err());
        assert!(port("2-1", s).is_err());
        assert!(port("70000", s).is_err());
        assert!(port("", s).is_err());
    }
}
