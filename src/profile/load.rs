//! Loading profiles: the built-in YAML files (embedded in the binary) and a
//! user's own profile file.
//!
//! Input: YAML text. Output: a checked [`Profile`] whose spans point into the
//! copy of the text added to the caller's source table, or E202 diagnostics
//! labelled inside the YAML. Never panics: any text, however malformed or
//! large, gives a profile or diagnostics.

use std::sync::OnceLock;

use super::raw::{self, RawProfile};
use super::Profile;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Sources, Span};

/// The profile used when neither the file nor the configuration names one.
pub const DEFAULT: &str = "mi-2020-service-aided";

/// The built-in profiles, oldest first.
static BUILTIN: [(&str, &str); 6] = [
    ("mi-2018", include_str!("../../profiles/mi-2018.yaml")),
    (
        "mi-2020-manual",
        include_str!("../../profiles/mi-2020-manual.yaml"),
    ),
    (
        "mi-2020-service-aided",
        include_str!("../../profiles/mi-2020-service-aided.yaml"),
    ),
    ("mi-2021", include_str!("../../profiles/mi-2021.yaml")),
    ("mi-2022", include_str!("../../profiles/mi-2022.yaml")),
    ("mi-2024", include_str!("../../profiles/mi-2024.yaml")),
];

/// The names of the built-in profiles, oldest first.
pub fn builtin_names() -> &'static [&'static str] {
    static NAMES: [&str; 6] = [
        BUILTIN[0].0,
        BUILTIN[1].0,
        BUILTIN[2].0,
        BUILTIN[3].0,
        BUILTIN[4].0,
        BUILTIN[5].0,
    ];
    &NAMES
}

/// The YAML text of a built-in profile.
pub fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Loads a built-in profile by name, adding its YAML to `sources` as
/// `<builtin>/profiles/NAME.yaml`. `None` when no built-in has that name.
pub fn load_builtin(name: &str, sources: &mut Sources) -> Option<Result<Profile, Vec<Diagnostic>>> {
    let index = BUILTIN.iter().position(|(n, _)| *n == name)?;
    let (name, text) = BUILTIN.get(index)?;
    let file = sources.add(format!("<builtin>/profiles/{name}.yaml"), *text);
    // Parsed once per process, and only the profiles a run uses (a check
    // needs one); spans are re-pointed at this caller's copy.
    static PARSED: [OnceLock<Result<Profile, Vec<Diagnostic>>>; 6] = [const { OnceLock::new() }; 6];
    let result = PARSED
        .get(index)?
        .get_or_init(|| parse(FileId::default(), text))
        .clone();
    Some(match result {
        Ok(profile) => Ok(with_file(profile, file)),
        Err(diagnostics) => Err(diagnostics
            .into_iter()
            .map(|d| diagnostic_with_file(d, file))
            .collect()),
    })
}

/// Loads a user's profile file: adds `text` to `sources` under `name` and
/// checks it.
pub fn load_file(
    name: &str,
    text: String,
    sources: &mut Sources,
) -> Result<Profile, Vec<Diagnostic>> {
    let file = sources.add(name, text);
    parse(file, sources.text(file))
}

/// Parses and checks profile text that is `file` in the source table.
pub(crate) fn parse(file: FileId, text: &str) -> Result<Profile, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::new(
            "E202",
            Span::new(file, 0, text.len()),
            "the profile file is empty",
        )
        .label("nothing here")
        .help("a profile needs at least `name`, `summary`, `api_version`, `subnet`, `platform_provisioned`, `mandatory_first` and `ports`; `misec profiles NAME` shows a built-in one to start from")]);
    }
    if let Some(at) = crate::yaml::too_deep(text) {
        let what = "invalid profile";
        return Err(vec![crate::yaml::too_deep_diagnostic(
            "E202", file, at, what,
        )]);
    }
    let raw: RawProfile = match serde_yaml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => return Err(vec![raw::serde_diagnostic(file, text, &err)]),
    };
    raw::check(file, text, raw)
}

fn with_file(mut profile: Profile, file: FileId) -> Profile {
    let fix = |span: &mut Span| span.file = file;
    fix(&mut profile.span);
    for rule in profile
        .inbound
        .iter_mut()
        .chain(profile.outbound.iter_mut())
    {
        fix(&mut rule.span);
        fix(&mut rule.name_span);
        fix(&mut rule.priority_span);
    }
    for route in &mut profile.routes {
        fix(&mut route.span);
    }
    if let Some(g) = &mut profile.global_peering {
        fix(&mut g.span);
    }
    if let Some(s) = &mut profile.sizing {
        fix(&mut s.span);
    }
    if let Some(e) = &mut profile.ended {
        fix(&mut e.span);
    }
    profile
}

fn diagnostic_with_file(mut d: Diagnostic, file: FileId) -> Diagnostic {
    d.primary.span.file = file;
    for label in &mut d.secondary {
        label.span.file = file;
    }
    d
}
