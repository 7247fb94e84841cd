//! Loading profiles: the built-in YAML files (embedded in the binary) and a
//! user's own profile file.
//!
//! Input: YAML text. Output: a checked [`Profile`] whose spans point into the
//! text (a user's file: the copy added to the caller's source table; a
//! built-in: its embedded id, see [`crate::source::EMBEDDED`]), or E202
//! diagnostics labelled inside the YAML. Never panics: any text, however
//! malformed or large, gives a profile or diagnostics.

use std::cell::OnceCell;
use std::rc::Rc;
use std::sync::OnceLock;

use super::raw::{self, RawProfile};
use super::Profile;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile, Sources, Span, EMBEDDED};

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

/// Loads a built-in profile by name. Its spans name the profile's embedded
/// id (`<builtin>/profiles/NAME.yaml`), which every source table answers,
/// so `sources` is left as it is. `None` when no built-in has that name.
pub fn load_builtin(name: &str, sources: &mut Sources) -> Option<Result<Profile, Vec<Diagnostic>>> {
    let _ = sources;
    Some(shared(name)?.map(|p| Profile::clone(&p)))
}

/// A built-in profile by name, shared: loaded once per thread (parsed once
/// per process), so that every check, import inference and fuzz input of a
/// process reuses it. `None` when no built-in has that name.
pub fn shared(name: &str) -> Option<Result<Rc<Profile>, Vec<Diagnostic>>> {
    let index = BUILTIN.iter().position(|(n, _)| *n == name)?;
    thread_local! {
        static LOADED: [OnceCell<Result<Rc<Profile>, Vec<Diagnostic>>>; 6] =
            const { [const { OnceCell::new() }; 6] };
    }
    LOADED.with(|loaded| {
        loaded
            .get(index)
            .map(|cell| cell.get_or_init(|| parsed(index).map(Rc::new)).clone())
    })
}

/// The checked form of built-in `index`, parsed once per process.
fn parsed(index: usize) -> Result<Profile, Vec<Diagnostic>> {
    static PARSED: [OnceLock<Result<Profile, Vec<Diagnostic>>>; 6] = [const { OnceLock::new() }; 6];
    let (Some(cell), Some((_, text))) = (PARSED.get(index), BUILTIN.get(index)) else {
        return Err(Vec::new());
    };
    cell.get_or_init(|| parse(embedded_id(index), text)).clone()
}

/// The id of built-in `index` in every source table.
fn embedded_id(index: usize) -> FileId {
    FileId(EMBEDDED.saturating_add(u32::try_from(index).unwrap_or(u32::MAX)))
}

/// The text of built-in `index` as a source file, for [`Sources::get`]:
/// made the first time a diagnostic or a describer shows it.
pub fn embedded_source(index: usize) -> Option<&'static SourceFile> {
    static FILES: [OnceLock<SourceFile>; 6] = [const { OnceLock::new() }; 6];
    let (name, text) = BUILTIN.get(index)?;
    let file = FILES.get(index)?;
    Some(file.get_or_init(|| {
        SourceFile::new(format!("<builtin>/profiles/{name}.yaml"), text.to_string())
    }))
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
