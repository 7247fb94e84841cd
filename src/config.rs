//! The configuration file `.misec.yaml`: found by walking up from each checked
//! file, or given with `--config`. Unknown keys and bad values are E201,
//! labelled inside the YAML.
//!
//! ```yaml
//! profile: mi-2020-service-aided      # default profile when a file names none
//! service-tags: ./ServiceTags_Public_20200601.json
//! severity:
//!   SEC005: off                       # off | info | warning | error
//!   MI204: error
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{self, did_you_mean, Diagnostic, Severity, CODES};
use crate::source::{FileId, Sources, Span, Spanned};
use crate::yaml;

pub const FILE_NAME: &str = ".misec.yaml";

/// A severity as configured; `None` is `off`.
pub type Level = Option<Severity>;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The YAML file, when there is one.
    pub file: Option<FileId>,
    pub profile: Option<Spanned<String>>,
    /// Resolved against the configuration file's directory.
    pub service_tags: Option<Spanned<PathBuf>>,
    /// Code (catalogue casing) to configured level.
    pub severity: BTreeMap<&'static str, Spanned<Level>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    profile: Option<String>,
    #[serde(rename = "service-tags")]
    service_tags: Option<String>,
    severity: Option<BTreeMap<String, String>>,
}

/// The nearest `.misec.yaml` in `start`'s directory or above it. The path
/// stays relative when `start` is, so that diagnostics name it as the user
/// would (`../.misec.yaml`).
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    // a bound on the walk, in case of a file system that never ends
    for _ in 0..256 {
        let here = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.clone()
        };
        let candidate = here.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        let at_root = std::fs::canonicalize(&here)
            .map(|c| c.parent().is_none())
            .unwrap_or(true);
        if at_root {
            return None;
        }
        let climbs_already = here.components().all(|c| {
            matches!(
                c,
                std::path::Component::CurDir | std::path::Component::ParentDir
            )
        });
        dir = if climbs_already {
            here.join("..")
        } else {
            here.parent().map(Path::to_path_buf).unwrap_or_default()
        };
    }
    None
}

/// Parses a configuration already added to `sources` as `file`; `path` is
/// where it was read from (relative paths in it are resolved against its
/// directory).
pub fn parse(file: FileId, path: &Path, sources: &Sources) -> (Config, Vec<Diagnostic>) {
    let text = sources.text(file);
    let mut config = Config {
        file: Some(file),
        ..Config::default()
    };
    let mut diagnostics = Vec::new();
    if text.trim().is_empty() {
        return (config, diagnostics);
    }
    if let Some(at) = yaml::too_deep(text) {
        let what = "invalid configuration";
        diagnostics.push(yaml::too_deep_diagnostic("E201", file, at, what));
        return (config, diagnostics);
    }
    let raw: Raw = match serde_yaml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            diagnostics.push(yaml::error_diagnostic(
                "E201",
                file,
                text,
                &err,
                "invalid configuration",
                "the keys are `profile`, `service-tags` and `severity`; see `misec --help`",
            ));
            return (config, diagnostics);
        }
    };
    let span_of = |path: &[&str], value: bool| -> Span {
        match yaml::find_key(text, path) {
            Some((_, v)) if value && !v.is_empty() => Span::new(file, v.start, v.end),
            Some((k, _)) => Span::new(file, k.start, k.end),
            None => Span::new(file, 0, 0),
        }
    };
    if let Some(profile) = raw.profile {
        // a profile file is relative to this file, as `service-tags` is
        let profile = match crate::profiles::is_file(&profile) {
            true => relative_to(path, &profile),
            false => profile,
        };
        config.profile = Some(Spanned::new(profile, span_of(&["profile"], true)));
    }
    if let Some(tags) = raw.service_tags {
        let base = path.parent().unwrap_or(Path::new(""));
        config.service_tags = Some(Spanned::new(
            base.join(tags),
            span_of(&["service-tags"], true),
        ));
    }
    for (code, level) in raw.severity.unwrap_or_default() {
        let key_span = span_of(&["severity", &code], false);
        let Some(info) = diagnostic::lookup(&code) else {
            let mut d = Diagnostic::new(
                "E201",
                key_span,
                format!("unknown diagnostic code `{code}`"),
            )
            .label("not a misec code");
            d = match did_you_mean(&code, CODES.iter().map(|c| c.code)) {
                Some(best) => d.help(format!(
                    "did you mean `{best}`? `misec rules` lists every code"
                )),
                None => d.help("`misec rules` lists every code"),
            };
            diagnostics.push(d);
            continue;
        };
        let value_span = span_of(&["severity", &code], true);
        if info.code.starts_with('E') {
            diagnostics.push(
                Diagnostic::new("E201", key_span, format!("the severity of `{}` cannot be changed", info.code))
                    .label("E codes are always errors")
                    .note("an E code means the file cannot be understood, so nothing after it can be trusted")
                    .help("remove this line"),
            );
            continue;
        }
        let level = match level.to_ascii_lowercase().as_str() {
            "off" => None,
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => {
                diagnostics.push(
                    Diagnostic::new("E201", value_span, format!("invalid severity `{level}`"))
                        .label("expected a severity")
                        .help("use one of `off`, `info`, `warning`, `error`"),
                );
                continue;
            }
        };
        config
            .severity
            .insert(info.code, Spanned::new(level, value_span));
    }
    (config, diagnostics)
}

/// `value` read from the directory of the configuration at `path`.
fn relative_to(path: &Path, value: &str) -> String {
    let base = path.parent().unwrap_or(Path::new(""));
    base.join(value).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Config, Vec<Diagnostic>, Sources) {
        let mut sources = Sources::new();
        let id = sources.add("dir/.misec.yaml", text);
        let (c, d) = parse(id, Path::new("dir/.misec.yaml"), &sources);
        (c, d, sources)
    }

    #[test]
    fn reads_every_key() {
        let (c, d, _) = load(
            "profile: mi-2022\nservice-tags: tags.json\nseverity:\n  sec005: off\n  MI204: error\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.profile.unwrap().value, "mi-2022");
        assert_eq!(c.service_tags.unwrap().value, Path::new("dir/tags.json"));
        assert_eq!(c.severity["SEC005"].value, None);
        assert_eq!(c.severity["MI204"].value, Some(Severity::Error));
    }

    #[test]
    fn a_profile_file_is_relative_to_the_configuration() {
        let (c, d, _) = load("profile: eras/mine.yaml\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.profile.unwrap().value, "dir/eras/mine.yaml");
        let (c, _, _) = load("profile: mi-2024\n");
        assert_eq!(c.profile.unwrap().value, "mi-2024");
    }

    #[test]
    fn unknown_key_is_e201_at_the_key() {
        let (_, d, sources) = load("profile: mi-2022\nprofil: x\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "E201");
        let (line, _) = sources
            .get(d[0].span().file)
            .unwrap()
            .line_col(d[0].span().start as usize);
        assert_eq!(line, 2);
        assert!(d[0].message.contains("profil"), "{}", d[0].message);
    }

    #[test]
    fn bad_values_are_labelled_where_they_are() {
        let (_, d, sources) = load("severity:\n  SEC05: off\n  MI204: loud\n  E101: off\n");
        let got: Vec<_> = d
            .iter()
            .map(|d| (d.code, sources.slice(d.span()).to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("E201", "E101".to_string()),
                ("E201", "loud".to_string()),
                ("E201", "SEC05".to_string()),
            ]
        );
        assert_eq!(
            d[2].help.as_deref(),
            Some("did you mean `SEC005`? `misec rules` lists every code")
        );
    }
}
