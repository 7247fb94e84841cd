//! MI105: a user rule or route of a `.misec` file is named with the prefix the
//! platform reserves for its own entries, `Microsoft.Sql-managedInstances_UseOnly_`
//! (case-insensitively). Imported JSON is not checked: there the platform's
//! own provisioned copies legitimately carry the prefix.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::import::USE_ONLY_PREFIX;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Origin, RuleOrigin};
use crate::source::Spanned;

pub const RULE: Rule = Rule {
    code: "MI105",
    doc: include_str!("mi105.md"),
    scope: Scope::Subnet(check),
};

fn reserved(name: &str) -> bool {
    name.get(..USE_ONLY_PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(USE_ONLY_PREFIX))
}

fn check(cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    if cx.model.origin != Origin::Misec {
        return;
    }
    let rules = view.subnet.nsg.iter().flat_map(|n| &n.rules);
    let user_rules = rules
        .filter(|r| r.origin == RuleOrigin::User)
        .map(|r| ("rule", &r.name));
    let routes = view.subnet.route_table.iter().flat_map(|t| &t.routes);
    // a set of several prefixes yields several routes under one written name
    let mut seen = BTreeSet::new();
    for (what, name) in user_rules.chain(routes.map(|r| ("route", &r.name))) {
        if reserved(&name.value) && seen.insert(name.span) {
            out.push(diagnostic(what, name, cx.sources.slice(name.span)));
        }
    }
}

/// `written`: the name as the file spells it (a set route's name has the
/// prefix appended after it).
fn diagnostic(what: &str, name: &Spanned<String>, written: &str) -> Diagnostic {
    let written = if reserved(written) {
        written
    } else {
        &name.value
    };
    let rest = written.get(USE_ONLY_PREFIX.len()..).unwrap_or_default();
    let suggestion = if rest.is_empty() {
        "a name of your own"
    } else {
        rest
    };
    Diagnostic::new(
        "MI105",
        name.span,
        format!("{what} `{written}` uses the reserved name prefix `{USE_ONLY_PREFIX}`"),
    )
    .label("reserved for the platform's own entries")
    .note("the platform provisions its mandatory rules and routes under this prefix and manages every entry that carries it; user entries with it are rejected or overwritten")
    .help(format!("rename the {what}, e.g. `{suggestion}`"))
}

#[cfg(test)]
mod tests {
    use crate::check::{check_model, Options};
    use crate::config::Config;
    use crate::import::{import, ImportOptions};
    use crate::source::Sources;

    /// An NSG read back from Azure holds the platform's own entries under
    /// the reserved prefix: they are not the user's, and MI105 stays quiet.
    #[test]
    fn imported_platform_rules_are_not_reported() {
        let json = r#"{
  "name": "mi-nsg",
  "type": "Microsoft.Network/networkSecurityGroups",
  "location": "westeurope",
  "properties": {
    "securityRules": [
      {
        "name": "Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in-10-0-1-0-24-v11",
        "properties": {
          "priority": 100,
          "direction": "Inbound",
          "access": "Allow",
          "protocol": "*",
          "sourceAddressPrefix": "AzureLoadBalancer",
          "sourcePortRange": "*",
          "destinationAddressPrefix": "10.0.1.0/24",
          "destinationPortRange": "*"
        }
      }
    ]
  }
}"#;
        let mut sources = Sources::new();
        let id = sources.add("nsg.json", json);
        let (model, problems) = import(id, json, &ImportOptions::default());
        assert!(problems.is_empty(), "{problems:?}");
        let rules: usize = model
            .subnets()
            .filter_map(|(_, s)| s.nsg.as_ref())
            .map(|n| n.rules.len())
            .sum();
        assert_eq!(rules, 1, "the reserved rule is imported");
        let found = check_model(
            &mut sources,
            &model,
            &Config::default(),
            &Options::default(),
            false,
        );
        assert!(found.iter().all(|d| d.code != "MI105"), "{found:?}");
    }

    #[test]
    fn reserved_compares_case_insensitively_and_only_at_the_start() {
        assert!(super::reserved("microsoft.sql-managedinstances_useonly_x"));
        assert!(super::reserved("Microsoft.Sql-managedInstances_UseOnly_"));
        assert!(!super::reserved(
            "x-Microsoft.Sql-managedInstances_UseOnly_"
        ));
        assert!(!super::reserved("Microsoft.Sql-managedInstances_Use"));
        assert!(!super::reserved("Microsoft.Sql-managedInstances_UseOnlé"));
    }
}
