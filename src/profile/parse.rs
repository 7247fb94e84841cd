//! YAML text to a checked profile: the one entry to the loader, shared by
//! misec (a user's profile file) and the build script (the built-in ones,
//! checked and embedded at build time).
//!
//! Input: the text and its id in the source table. Output: the [`Profile`]
//! or E202 diagnostics labelled inside the YAML; never panics.

use super::raw::{self, RawProfile};
use super::Profile;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

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
