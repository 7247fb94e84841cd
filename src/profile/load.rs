//! Loading profiles: the built-in ones (checked and embedded by `build.rs`)
//! and a user's own profile file.
//!
//! Input: a built-in name, or YAML text. Output: a checked [`Profile`] whose spans point into the
//! text (a user's file: the copy added to the caller's source table; a
//! built-in: its embedded id, see [`crate::source::EMBEDDED`]), or E202
//! diagnostics labelled inside the YAML. Never panics: any text, however
//! malformed or large, gives a profile or diagnostics.

use std::cell::OnceCell;
use std::rc::Rc;
use std::sync::OnceLock;

use super::embedded::{self, BUILTIN, COUNT};
use super::parse::parse;
use super::Profile;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Sources, EMBEDDED};

/// The profile used when neither the file nor the configuration names one.
pub const DEFAULT: &str = "mi-2020-service-aided";

/// The names of the built-in profiles, oldest first.
pub fn builtin_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| BUILTIN.iter().map(|(name, _)| *name).collect())
}

/// The YAML text of a built-in profile.
pub fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Loads a built-in profile by name (a copy of [`shared`]'s). Its spans
/// name the profile's embedded id (`<builtin>/profiles/NAME.yaml`), which
/// every source table answers, so no source table is touched. `None` when no
/// built-in has that name; never an error, since the build checked them.
pub fn load_builtin(name: &str) -> Option<Result<Profile, Vec<Diagnostic>>> {
    let shared = shared(name)?;
    Some(Ok(Profile::clone(&shared)))
}

thread_local! {
    /// The built-in profiles this thread has used, by index.
    static LOADED: [OnceCell<Option<Rc<Profile>>>; COUNT] =
        const { [const { OnceCell::new() }; COUNT] };
}

/// A built-in profile by name, shared: built once per thread from what the
/// build script embedded (no YAML is parsed), and only the profiles a run
/// uses, so that every check, import inference and fuzz input of a thread
/// reuses it. `None` when no built-in has that name.
pub fn shared(name: &str) -> Option<Rc<Profile>> {
    let index = BUILTIN.iter().position(|(n, _)| *n == name)?;
    LOADED.with(|loaded| {
        loaded
            .get(index)?
            .get_or_init(|| embedded::profile(index).map(Rc::new))
            .clone()
    })
}

/// Which built-in `profile` is, when it is the very value [`shared`] hands
/// out (not a copy, which its owner may have changed): what it instantiates
/// to can then be remembered for the thread.
pub(crate) fn shared_index(profile: &Profile) -> Option<usize> {
    let index = usize::try_from(profile.span.file.0.checked_sub(EMBEDDED)?).ok()?;
    LOADED.with(|loaded| {
        let shared = loaded.get(index)?.get()?.as_ref()?;
        std::ptr::eq(Rc::as_ptr(shared), profile).then_some(index)
    })
}

/// The text of built-in `index` as a source file, for [`Sources::get`]:
/// made the first time a diagnostic or a describer shows it.
pub fn embedded_source(index: usize) -> Option<&'static SourceFile> {
    static FILES: [OnceLock<SourceFile>; COUNT] = [const { OnceLock::new() }; COUNT];
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
