//! Which era (profile) an imported file targets, from evidence, all of it,
//! and stated.
//!
//! Input: the imported model (with the metadata's profile and the Network
//! apiVersion the import read) and the built-in profiles. Output: a profile name and a sentence that says which evidence
//! decided and which evidence disagreed.
//!
//! The evidence, strongest first:
//! 1. misec's own metadata (`metadata.misec.profile`, written by `misec
//!    build`): the file says which profile it was built for.
//! 2. What the file carries, compared with each profile's own data: a rule
//!    that allows exactly the traffic of a profile's mandatory rule, a rule or
//!    route under the platform's reserved name of a profile (its `-vN` suffix
//!    included), a route with a profile's prefix and next hop. An entry that
//!    several profiles share counts for each of them in part (1/k), so only
//!    what tells eras apart decides.
//! 3. Delegation: a delegated subnet is under the platform's intent policy,
//!    whatever its rules say, so only service-aided profiles remain.
//! 4. `apiVersion` of the `Microsoft.Network` resources: the template was
//!    written no earlier than that version; the era current then breaks ties.
//!
//! No era is named in Rust: a new profile file is learned from its data.

use std::rc::Rc;

use super::evidence::{content_scores, Score};
use crate::model::{Model, SubnetKind};
use crate::profile::{self, Profile};

/// The profile an imported model most likely targets, and why (the CLI
/// prints the reason). The built-in profiles are the thread's shared ones:
/// nothing is parsed, and the source table is not touched.
pub fn infer_profile(model: &Model) -> (String, String) {
    let profiles: Vec<Rc<Profile>> = profile::builtin_names()
        .iter()
        .filter_map(|n| profile::shared(n))
        .collect();
    let meta = model.profile.as_ref().map(|p| p.value.clone());
    let api = model.api_version.clone();
    let scores = content_scores(model, &profiles);
    let delegated = delegation(model);
    let known = meta
        .as_deref()
        .filter(|name| profiles.iter().any(|p| p.name == *name));
    let unknown = meta.as_deref().filter(|_| known.is_none());
    let (name, reason) = decide(&profiles, &scores, delegated, api.as_deref(), unknown);
    match known {
        Some(meta) => {
            let mut stated =
                format!("from misec's metadata (`metadata.misec.profile` is `{meta}`)");
            if name != meta {
                stated.push_str(&format!(
                    "; conflicting evidence: without it the file would be `{name}` ({reason})"
                ));
            }
            (meta.to_string(), stated)
        }
        None => (name, reason),
    }
}

fn decide(
    profiles: &[Rc<Profile>],
    scores: &[Score],
    delegated: Option<bool>,
    api: Option<&str>,
    meta: Option<&str>,
) -> (String, String) {
    let mut said = Vec::new();
    if let Some(name) = meta {
        said.push(format!(
            "misec's metadata names `{name}`, which is no built-in profile"
        ));
    }
    let by_api = api.and_then(|v| era_of_api(profiles, v, |_| true));
    let candidates: Vec<usize> = (0..profiles.len())
        .filter(|&i| delegated != Some(true) || profiles[i].platform_provisioned)
        .collect();
    let best_of = |set: &[usize]| -> Option<usize> {
        set.iter()
            .copied()
            .filter(|&i| scores[i].weight > 0.0)
            .max_by(|&a, &b| {
                let key = |i: usize| (scores[i].weight, by_api == Some(i), usize::MAX - i);
                key(a)
                    .partial_cmp(&key(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
    };
    let all: Vec<usize> = (0..profiles.len()).collect();
    let overall = best_of(&all);
    let chosen = best_of(&candidates);
    let api_text = |v: &str| format!("the `Microsoft.Network` apiVersion `{v}`");
    let (index, decided) = match (chosen, delegated) {
        (Some(i), Some(true)) => {
            if let Some(o) = overall.filter(|&o| o != i) {
                said.push(format!(
                    "the rules and routes are most like `{}`'s, but the subnet is delegated to `Microsoft.Sql/managedInstances`, so the platform's intent policy applies",
                    profiles[o].name
                ));
            }
            (
                i,
                content_reason(&profiles[i], &scores[i], "and the subnet's delegation"),
            )
        }
        (Some(i), _) => {
            if delegated == Some(false) && profiles[i].subnet.delegation_required {
                said.push(format!(
                    "no subnet is delegated to `Microsoft.Sql/managedInstances`, which `{}` requires",
                    profiles[i].name
                ));
            }
            (i, content_reason(&profiles[i], &scores[i], ""))
        }
        (None, _) => {
            if let Some(o) = overall {
                said.push(format!(
                    "the rules and routes are most like `{}`'s, but the subnet is delegated to `Microsoft.Sql/managedInstances`, so the platform's intent policy applies",
                    profiles[o].name
                ));
            }
            // nothing the file carries tells eras apart: delegation and the
            // apiVersion decide, else the last era without delegation
            let fits = |p: &Profile| match delegated {
                Some(true) => p.platform_provisioned,
                _ => !p.subnet.delegation_required,
            };
            let pick = api
                .and_then(|v| era_of_api(profiles, v, fits))
                .or_else(|| {
                    let set: Vec<usize> = (0..profiles.len())
                        .filter(|&i| fits(&profiles[i]))
                        .collect();
                    match (delegated, api) {
                        // written before every fitting era: the earliest of them
                        (Some(true), Some(_)) => set.first().copied(),
                        _ => set.last().copied(),
                    }
                })
                .unwrap_or(0);
            let basis = match (delegated, api) {
                (Some(true), Some(v)) => format!("the subnet's delegation to `Microsoft.Sql/managedInstances` and {}", api_text(v)),
                (Some(true), None) => "the subnet's delegation to `Microsoft.Sql/managedInstances` (no apiVersion: the platform applies its current era's policy)".to_string(),
                (Some(false), Some(v)) => format!("{} (no subnet is delegated)", api_text(v)),
                (None, Some(v)) => format!("{} (the file declares no subnet)", api_text(v)),
                (_, None) => "the absence of evidence (no delegation, no rule or route of any profile, no apiVersion): the last era without delegation".to_string(),
            };
            let tail = match overall {
                Some(_) => "no entry of the file is one of those eras'",
                None => "no rule or route of the file tells the eras apart",
            };
            (pick, format!("decided by {basis}; {tail}"))
        }
    };
    if let (Some(v), Some(a)) = (api, by_api) {
        if a != index && chosen.is_some() {
            said.push(format!(
                "{} points to `{}` (an apiVersion says when a template was written, not which era's entries it carries)",
                api_text(v),
                profiles[a].name
            ));
        }
    }
    let name = profiles
        .get(index)
        .map_or(profile::DEFAULT, |p| p.name.as_str());
    let mut reason = decided;
    if !said.is_empty() {
        reason.push_str("; conflicting evidence: ");
        reason.push_str(&said.join("; "));
    }
    (name.to_string(), reason)
}

fn content_reason(p: &Profile, s: &Score, and: &str) -> String {
    let and = if and.is_empty() {
        String::new()
    } else {
        format!(" {and}")
    };
    let (n, verb) = match s.entries {
        1 => ("one entry".to_string(), "is"),
        n => (format!("{n} entries"), "are"),
    };
    format!(
        "decided by the rules and routes{and}: {n} of the file {verb} `{}`'s mandatory entries (by traffic, prefix or the platform's name), and they tell this era from the others best",
        p.name
    )
}

/// The latest profile (among those `fits` accepts) whose emitted apiVersion
/// is not newer than `version`.
fn era_of_api(
    profiles: &[Rc<Profile>],
    version: &str,
    fits: impl Fn(&Profile) -> bool,
) -> Option<usize> {
    let day = |v: &str| v.get(..10).unwrap_or(v).to_string();
    (0..profiles.len())
        .filter(|&i| fits(&profiles[i]) && day(&profiles[i].api_version) <= day(version))
        .max_by_key(|&i| (day(&profiles[i].api_version), i))
}

fn delegation(model: &Model) -> Option<bool> {
    let mut known = model
        .subnets()
        .filter(|(_, s)| s.kind == SubnetKind::ManagedInstance)
        .peekable();
    known.peek()?;
    Some(known.any(|(_, s)| s.delegated.is_some()))
}
