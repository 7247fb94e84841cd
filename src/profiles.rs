//! Which profile governs each subnet, and loading it once per run.
//!
//! Precedence: the subnet's own `profile`, then the file's `profile`, then
//! `--profile`, then `profile:` in `.misec.yaml`, then the default
//! (`mi-2020-service-aided`). A name is a built-in profile; a value ending in
//! `.yaml` or `.yml` (or containing a path separator) is a profile file.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::profile::{self, Profile};
use crate::source::{Sources, Span};

/// Where a subnet's profile name came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub name: String,
    /// The statement or configuration value that chose it; `None` for
    /// `--profile` and the default.
    pub span: Option<Span>,
}

/// Profiles loaded so far in this run, by name or path. A failed load is
/// remembered too, so its diagnostics are reported once.
#[derive(Debug, Default)]
pub struct Profiles {
    loaded: RefCell<BTreeMap<String, Option<Rc<Profile>>>>,
    /// Retry a failed name whose load added nothing to the source table (an
    /// unknown built-in name, an unreadable file), so that a long-lived
    /// workspace reports its E108 at the new span on every analysis; a
    /// broken profile file (E202, labelled inside its YAML) is still read
    /// once, so the table does not grow with every analysis.
    retry_cheap_failures: bool,
}

/// Is this a path to a profile file rather than a built-in name?
pub fn is_file(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml") || name.contains('/') || name.contains('\\')
}

impl Profiles {
    /// Profiles for a long-lived workspace: see `retry_cheap_failures`.
    pub fn retrying() -> Profiles {
        Profiles {
            retry_cheap_failures: true,
            ..Profiles::default()
        }
    }

    /// How many names were loaded (or failed for good) so far.
    pub fn len(&self) -> usize {
        self.loaded.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The profile `choice` names, or the diagnostics that say why not (E108
    /// for an unknown name, E202 for a broken file). `base` is the directory
    /// a relative profile path is read from (empty: the working directory).
    /// Diagnostics come only the first time a name fails.
    pub fn get(
        &self,
        choice: &Choice,
        base: &Path,
        sources: &mut Sources,
    ) -> Result<Rc<Profile>, Vec<Diagnostic>> {
        let key = match is_file(&choice.name) {
            true => base.join(&choice.name).display().to_string(),
            false => choice.name.clone(),
        };
        if let Some(entry) = self.loaded.borrow().get(&key) {
            return entry.clone().ok_or_else(Vec::new);
        }
        let before = sources.len();
        let result = load(choice, base, sources);
        if result.is_err() && self.retry_cheap_failures && sources.len() == before {
            return result;
        }
        let entry = result.as_ref().ok().cloned();
        self.loaded.borrow_mut().insert(key, entry);
        result
    }
}

fn load(
    choice: &Choice,
    base: &Path,
    sources: &mut Sources,
) -> Result<Rc<Profile>, Vec<Diagnostic>> {
    let name = choice.name.as_str();
    if is_file(name) {
        let path = base.join(name);
        return match crate::bounded::read_string(&path, crate::bounded::PROFILE) {
            Ok(text) => profile::load_file(&path.display().to_string(), text, sources).map(Rc::new),
            Err(e) => Err(choice
                .span
                .map(|span| {
                    vec![Diagnostic::new("E108", span, format!("cannot read profile file `{name}`"))
                        .label(e.reason())
                        .help("give a built-in profile name (`misec profiles` lists them) or a readable YAML file")]
                })
                .unwrap_or_default()),
        };
    }
    match profile::shared(name) {
        Some(profile) => Ok(profile),
        None => Err(choice
            .span
            .map(|span| vec![unknown(name, span)])
            .unwrap_or_default()),
    }
}

/// E108 for a name that is no built-in profile.
pub fn unknown(name: &str, span: Span) -> Diagnostic {
    let known = profile::builtin_names().join(", ");
    let d = Diagnostic::new("E108", span, format!("unknown profile `{name}`"))
        .label("not a built-in profile")
        .note(format!("the built-in profiles are {known}"));
    match did_you_mean(name, profile::builtin_names().iter().copied()) {
        Some(best) => d.help(format!("did you mean `{best}`?")),
        None => d.help("use one of the built-in profiles, or a path to a profile YAML file"),
    }
}
