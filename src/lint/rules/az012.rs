//! AZ012: a rule's protocol does not exist in the API version the profile
//! targets.
//!
//! Input: the user's rules and the profile's `api_version`. Output: one
//! diagnostic per rule whose protocol that version's schema does not list,
//! on the protocol.
//!
//! The table is the `protocol` enum of `securityRules` in Azure's
//! Microsoft.Network ARM schema of each API version where it changed. Note
//! that 2018-11-01 and 2018-12-01 list only Tcp and Udp again, after
//! 2018-10-01 had added Icmp and Esp. A version not in the table takes the
//! entry of the latest version before it (the earliest for older ones).

use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Protocol, RuleOrigin};

pub const RULE: Rule = Rule {
    code: "AZ012",
    doc: include_str!("az012.md"),
    scope: Scope::Subnet(check),
};

use Protocol::{Ah, Esp, Icmp, Tcp, Udp};

/// The protocols of each API version where the list changed (`*` is in all).
const PROTOCOLS: &[(&str, &[Protocol])] = &[
    ("2018-08-01", &[Tcp, Udp]),
    ("2018-10-01", &[Tcp, Udp, Icmp, Esp]),
    ("2018-11-01", &[Tcp, Udp]),
    ("2019-02-01", &[Tcp, Udp, Icmp, Esp]),
    ("2019-08-01", &[Tcp, Udp, Icmp, Esp, Ah]),
];

/// Whether `version` of the API accepts `protocol`.
pub fn available(protocol: Protocol, version: &str) -> bool {
    if protocol == Protocol::Any {
        return true;
    }
    let entry = PROTOCOLS
        .iter()
        .rev()
        .find(|(v, _)| *v <= version)
        .or(PROTOCOLS.first());
    entry.is_some_and(|(_, list)| list.contains(&protocol))
}

/// The first version from which every later version accepts `protocol`.
fn since(protocol: Protocol) -> Option<&'static str> {
    let mut first = None;
    for (version, list) in PROTOCOLS {
        match (list.contains(&protocol), first) {
            (true, None) => first = Some(*version),
            (false, _) => first = None,
            _ => {}
        }
    }
    first
}

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    let Some(nsg) = &view.subnet.nsg else {
        return;
    };
    let version = view.profile.api_version.as_str();
    for rule in nsg.rules.iter().filter(|r| r.origin == RuleOrigin::User) {
        let protocol = rule.protocol.value;
        if available(protocol, version) {
            continue;
        }
        let name = protocol.azure_name();
        let mut d = Diagnostic::new(
            "AZ012",
            rule.protocol.span,
            format!(
                "rule `{}` uses protocol `{name}`, which API version {version} does not have",
                rule.name.value
            ),
        )
        .label(format!("not in API version {version}"))
        .note(format!(
            "profile `{}` targets Microsoft.Network API version {version}, whose security rules take {}",
            view.profile.name,
            accepted(version)
        ));
        if let Some(since) = since(protocol) {
            d = d.note(format!("`{name}` is accepted from API version {since}"));
        }
        out.push(d.help(
            "use a protocol this API version has (for example `any`), or a profile of a later era",
        ));
    }
}

/// `Tcp, Udp or *` for a version.
fn accepted(version: &str) -> String {
    let mut names: Vec<String> = [Tcp, Udp, Icmp, Esp, Ah]
        .into_iter()
        .filter(|p| available(*p, version))
        .map(|p| format!("`{}`", p.azure_name()))
        .collect();
    names.push("`*`".to_string());
    let last = names.pop().unwrap_or_default();
    format!("{} or {last}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_the_schemas() {
        assert!(!available(Icmp, "2018-08-01"));
        assert!(available(Icmp, "2018-10-01"));
        assert!(!available(Icmp, "2018-12-01"));
        assert!(available(Esp, "2019-06-01"));
        assert!(!available(Ah, "2019-07-01"));
        assert!(available(Ah, "2019-08-01"));
        assert!(available(Ah, "2024-01-01"));
        assert!(!available(Icmp, "2017-10-01"));
        assert!(available(Protocol::Any, "2015-06-15"));
        assert!(available(Tcp, "2015-06-15"));
        assert_eq!(since(Icmp), Some("2019-02-01"));
        assert_eq!(since(Ah), Some("2019-08-01"));
        assert_eq!(accepted("2018-08-01"), "`Tcp`, `Udp` or `*`");
    }
}
