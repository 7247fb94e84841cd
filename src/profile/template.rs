//! Profile templates: `{subnet}`, `{subnet-dashed}`, `{region}` and
//! `{paired-region}` in names, addresses and route prefixes, and the parsing
//! of what they expand to (addresses, ports).
//!
//! Input: template text and the values known for one subnet. Output: the
//! expanded text, or which placeholder had no value. Checking a template at
//! load time expands it with sample values and parses the result, so a
//! template that loads always expands to something valid.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::model::{Address, PortRange};

pub const PLACEHOLDERS: [&str; 4] = ["subnet", "subnet-dashed", "region", "paired-region"];

/// The values of the placeholders for one subnet; `None` when unknown.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    pub subnet: Option<String>,
    pub subnet_dashed: Option<String>,
    pub region: Option<String>,
    pub paired_region: Option<String>,
}

impl Vars {
    pub fn new(subnet: Option<IpNet>, region: Option<&str>) -> Vars {
        let region = region.map(|r| {
            crate::region::canonical(r).map_or_else(|| r.to_ascii_lowercase(), str::to_string)
        });
        let paired_region = region
            .as_deref()
            .and_then(crate::region::pair)
            .map(str::to_string);
        Vars {
            subnet: subnet.map(|s| s.to_string()),
            subnet_dashed: subnet.map(|s| dashed(&s.to_string())),
            region,
            paired_region,
        }
    }

    /// Values used to check a template when loading a profile.
    pub fn sample() -> Vars {
        Vars {
            subnet: Some("10.0.0.0/24".into()),
            subnet_dashed: Some("10-0-0-0-24".into()),
            region: Some("westeurope".into()),
            paired_region: Some("northeurope".into()),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        match name {
            "subnet" => self.subnet.as_deref(),
            "subnet-dashed" => self.subnet_dashed.as_deref(),
            "region" => self.region.as_deref(),
            "paired-region" => self.paired_region.as_deref(),
            _ => None,
        }
    }
}

/// `10.20.1.0/24` → `10-20-1-0-24` (IPv6 colons too).
pub fn dashed(prefix: &str) -> String {
    prefix.replace(['.', '/', ':'], "-")
}

/// Why a template cannot be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandError {
    /// A placeholder whose value is unknown here (`subnet`, `paired-region`).
    Missing(String),
    /// The template itself is malformed (only for unchecked templates).
    Malformed(String),
}

/// Replaces every `{name}` of `template` with its value.
pub fn expand(template: &str, vars: &Vars) -> Result<String, ExpandError> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        let (before, from_open) = rest.split_at(open);
        out.push_str(before);
        if from_open.starts_with('}') {
            return Err(ExpandError::Malformed("`}` without a matching `{`".into()));
        }
        let Some(close) = from_open.find('}') else {
            return Err(ExpandError::Malformed("`{` without a closing `}`".into()));
        };
        let name = from_open.get(1..close).unwrap_or("");
        if !PLACEHOLDERS.contains(&name) {
            let mut message = format!("unknown placeholder `{{{name}}}`");
            if let Some(near) = crate::diagnostic::did_you_mean(name, PLACEHOLDERS) {
                message.push_str(&format!("; did you mean `{{{near}}}`?"));
            }
            return Err(ExpandError::Malformed(message));
        }
        match vars.get(name) {
            Some(value) => out.push_str(value),
            None => return Err(ExpandError::Missing(name.to_string())),
        }
        rest = from_open.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(out)
}

/// Checks a template by expanding it with sample values.
pub fn check(template: &str) -> Result<String, String> {
    expand(template, &Vars::sample()).map_err(|e| match e {
        ExpandError::Missing(name) => format!("placeholder `{{{name}}}` has no value"),
        ExpandError::Malformed(message) => message,
    })
}

/// An expanded address: `*`/`any`, a prefix with host bits clear, an IP, or
/// a service tag (kept as written: profiles write Azure's casing).
pub fn parse_address(text: &str) -> Result<Address, String> {
    let text = text.trim();
    if text == "*" || text.eq_ignore_ascii_case("any") {
        return Ok(Address::Any);
    }
    if text.contains('/') {
        let net: IpNet = text
            .parse()
            .map_err(|_| format!("`{text}` is not a valid address prefix"))?;
        if net.trunc() != net {
            return Err(format!(
                "`{text}` has host bits set; the network is `{}`",
                net.trunc()
            ));
        }
        return Ok(Address::Prefix(net));
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(Address::Prefix(IpNet::from(ip)));
    }
    let tag_like = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if tag_like {
        Ok(Address::Tag(text.to_string()))
    } else {
        Err(format!(
            "`{text}` is neither an address, a prefix, `*` nor a service tag"
        ))
    }
}

/// A port: `*`, `N` or `LO-HI`, each within 0–65535 and `LO <= HI`.
pub fn parse_port(text: &str) -> Result<PortRange, String> {
    let text = text.trim();
    if text == "*" || text.eq_ignore_ascii_case("any") {
        return Ok(PortRange::ANY);
    }
    let number = |s: &str| {
        s.trim()
            .parse::<u16>()
            .map_err(|_| format!("`{text}` is not a port (0–65535), a range `LO-HI` or `*`"))
    };
    match text.split_once('-') {
        Some((lo, hi)) => {
            let (lo, hi) = (number(lo)?, number(hi)?);
            if lo > hi {
                return Err(format!("port range `{text}` runs backwards"));
            }
            Ok(PortRange { lo, hi })
        }
        None => number(text).map(PortRange::single),
    }
}

/// Azure's naming rule for rules and routes: 1–80 characters, letters,
/// digits, `.`, `-`, `_`; starts with a letter or digit; ends with a letter,
/// digit or `_`.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 80
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!("`{name}` is not a valid Azure rule or route name"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_known_placeholders_and_reports_missing_ones() {
        let vars = Vars::new(Some("10.20.1.0/24".parse().unwrap()), Some("WestEurope"));
        assert_eq!(
            expand("mi-{subnet-dashed}-{region}-{paired-region}", &vars).unwrap(),
            "mi-10-20-1-0-24-westeurope-northeurope"
        );
        let no_subnet = Vars::new(None, Some("italynorth"));
        assert_eq!(
            expand("{subnet}", &no_subnet),
            Err(ExpandError::Missing("subnet".into()))
        );
        assert_eq!(
            expand("Storage.{paired-region}", &no_subnet),
            Err(ExpandError::Missing("paired-region".into()))
        );
        assert!(check("{subnett}").unwrap_err().contains("`{subnet}`"));
        assert!(check("{subnet").is_err());
        assert!(check("subnet}").is_err());
    }

    #[test]
    fn parses_addresses_and_ports() {
        assert_eq!(parse_address("*"), Ok(Address::Any));
        assert_eq!(
            parse_address("Storage.westeurope"),
            Ok(Address::Tag("Storage.westeurope".into()))
        );
        assert!(parse_address("10.0.0.1/24")
            .unwrap_err()
            .contains("10.0.0.0/24"));
        assert!(parse_address("10.0.0.0/33").is_err());
        assert_eq!(
            parse_port("11000-11999"),
            Ok(PortRange {
                lo: 11000,
                hi: 11999
            })
        );
        assert!(parse_port("70000").is_err());
        assert!(parse_port("20-10").is_err());
        assert!(check_name("Microsoft.Sql-managedInstances_UseOnly_mi-10-0-0-0-24").is_ok());
        assert!(check_name("bad name").is_err());
        assert!(check_name("ends-with-dot.").is_err());
    }
}
