//! The catalogue of diagnostic codes: one row per code, its default severity
//! and its one-line summary. Codes are never reused; `misec rules` prints this
//! table. The long documentation of each code lives with the code that emits it
//! (see `lint::docs`).

use super::Severity;

/// A diagnostic code such as `E101` or `MI101`.
pub type Code = &'static str;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: Code,
    pub severity: Severity,
    pub summary: &'static str,
}

const fn row(code: Code, severity: Severity, summary: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity,
        summary,
    }
}

use Severity::{Error as E, Info as I, Warning as W};

/// Every code misec can report, in catalogue order.
pub static CODES: &[CodeInfo] = &[
    row("E001", E, "syntax error"),
    row("E002", E, "invalid token"),
    row("E003", E, "file larger than misec reads"),
    row("E101", E, "undefined name"),
    row("E102", E, "duplicate definition"),
    row("E103", E, "cyclic set definition"),
    row("E104", E, "wrong kind of value: addresses and ports mixed"),
    row("E105", E, "invalid address or CIDR prefix"),
    row("E106", E, "invalid port or port range"),
    row("E107", E, "unknown service tag"),
    row("E108", E, "unknown profile"),
    row("E109", E, "missing required statement"),
    row(
        "E110",
        E,
        "subnet outside its vnet, or overlapping another subnet",
    ),
    row("E111", E, "explicit priority contradicts source order"),
    row("E201", E, "configuration file error"),
    row("E202", E, "profile file error"),
    row(
        "E301",
        E,
        "input JSON cannot be read as an Azure configuration",
    ),
    row("E302", E, "an ARM template defines one resource twice"),
    row(
        "E303",
        W,
        "part of a template is only known at deployment; the checks that need it are not made",
    ),
    row(
        "IMP001",
        I,
        "subnet of a bare NSG or route table inferred from the file",
    ),
    row(
        "IMP002",
        W,
        "subnet of a bare NSG or route table unknown: checks not made",
    ),
    row("AZ001", E, "priority outside 100-4096"),
    row("AZ002", E, "two rules with the same priority and direction"),
    row("AZ003", E, "invalid Azure resource or rule name"),
    row("AZ004", E, "description longer than 140 characters"),
    row(
        "AZ005",
        E,
        "more than 1,000 rules in one network security group",
    ),
    row(
        "AZ006",
        E,
        "more than 4,000 addresses on one side of one network security group",
    ),
    row(
        "AZ007",
        E,
        "more than one service tag on one side of one Azure rule",
    ),
    row("AZ008", E, "more than 400 routes in one route table"),
    row(
        "AZ009",
        E,
        "more than 25 service-tag routes in one route table",
    ),
    row("AZ010", E, "two routes with the same prefix in one table"),
    row(
        "AZ011",
        E,
        "next-hop address missing, or given for a next hop that takes none",
    ),
    row(
        "AZ012",
        E,
        "protocol or field not available in the profile's API version",
    ),
    row("MI001", E, "subnet smaller than the profile's minimum"),
    row("MI002", W, "subnet smaller than the recommended size"),
    row(
        "MI003",
        E,
        "subnet not delegated to Microsoft.Sql/managedInstances",
    ),
    row(
        "MI004",
        E,
        "service endpoints where the profile forbids them",
    ),
    row("MI005", E, "NAT gateway attached to the subnet"),
    row("MI006", E, "subnet is a gateway subnet or not dedicated"),
    row(
        "MI007",
        E,
        "no NSG or no route table associated with the subnet",
    ),
    row(
        "MI008",
        E,
        "default outbound access off (a private subnet): not supported",
    ),
    row("MI009", E, "subnet too small for the instances it declares"),
    row(
        "MI010",
        W,
        "the profile's era has ended: its configuration can no longer be deployed",
    ),
    row(
        "MI101",
        E,
        "a user rule denies mandatory management traffic",
    ),
    row(
        "MI102",
        E,
        "mandatory traffic is not allowed by the effective rules",
    ),
    row("MI103", E, "management ports split across several rules"),
    row(
        "MI104",
        E,
        "a user rule placed in front of the mandatory rules",
    ),
    row(
        "MI105",
        E,
        "reserved name prefix `Microsoft.Sql-managedInstances_UseOnly_`",
    ),
    row("MI106", E, "outbound traffic to AzurePlatformDNS denied"),
    row(
        "MI107",
        W,
        "redirect connections, but 11000-11999 not allowed",
    ),
    row("MI108", W, "replication, but outbound TCP 445 not allowed"),
    row(
        "MI109",
        W,
        "public endpoint, but inbound TCP 3342 not allowed",
    ),
    row(
        "MI110",
        E,
        "IPv6 prefix where the profile does not support IPv6",
    ),
    row(
        "MI111",
        E,
        "failover group replication blocked between the partner subnets",
    ),
    row(
        "MI201",
        E,
        "mandatory route missing or with another next hop",
    ),
    row(
        "MI202",
        E,
        "a user route takes over traffic of a mandatory route",
    ),
    row(
        "MI203",
        E,
        "default route away from Internet where management needs it",
    ),
    row("MI204", W, "BGP route propagation disabled"),
    row(
        "MI205",
        I,
        "a user rule or route repeats what the platform adds under a service-aided profile",
    ),
    row(
        "MI301",
        E,
        "global VNet peering where the profile does not support it",
    ),
    row(
        "MI302",
        E,
        "Microsoft peering enabled on the ExpressRoute circuit",
    ),
    row(
        "MI303",
        W,
        "custom DNS without Azure's resolver 168.63.129.16",
    ),
    row("MI304", E, "peering gateway settings that cannot work"),
    row(
        "SEC001",
        W,
        "TDS or public endpoint open to the Internet or any source",
    ),
    row(
        "SEC002",
        W,
        "allow rule matching any protocol, source and destination",
    ),
    row(
        "SEC003",
        W,
        "shadowed rule: higher-precedence rules already decide it",
    ),
    row(
        "SEC004",
        I,
        "redundant rule: removing it changes no verdict",
    ),
    row("SEC005", I, "no `default deny` inbound"),
    row(
        "SUP001",
        W,
        "suppression without a reason, or that silences nothing",
    ),
];

/// The catalogue row of a code, compared case-insensitively.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// Default severity; E codes and unknown codes are errors.
pub fn default_severity(code: Code) -> Severity {
    lookup(code).map_or(Severity::Error, |c| c.severity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_e_codes_are_errors() {
        let mut seen = std::collections::BTreeSet::new();
        for c in CODES {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            // E303 (a value only the deployment knows) is a warning by contract
            if c.code.starts_with('E') && c.code != "E303" {
                assert_eq!(c.severity, Severity::Error, "{}", c.code);
            }
            assert!(!c.summary.ends_with('.'), "{}", c.code);
        }
    }
}
