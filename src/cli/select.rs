//! `--select CODE[,CODE]` and `--ignore CODE[,CODE]`: the command-line
//! counterpart of `severity:` in `.misec.yaml`, and it wins over it.
//!
//! Input: the flags' values (codes or code prefixes such as `SEC`, `MI1`,
//! any case). Output: a [`Selection`] that rewrites a loaded [`Config`] so the
//! library's one severity step (`check::finish`) applies it; nothing else in
//! the pipeline changes, so suppressions still see every diagnostic.
//!
//! Invariants:
//! - every selector matches at least one catalogue code, else exit 2 with a
//!   "did you mean";
//! - for each code the longest matching selector decides; at equal length
//!   `--ignore` wins; with `--select` given, a code no selector matches is
//!   off;
//! - E codes are never hidden (the file could not be understood, so nothing
//!   after it can be trusted): selecting them changes nothing, ignoring them
//!   is a usage error;
//! - a code the command line turns on keeps the level the configuration
//!   gives it, except `off`, which the command line overrides (the code gets
//!   its default severity).

use super::Trouble;
use crate::config::Config;
use crate::diagnostic::{did_you_mean, CODES};
use crate::source::{Span, Spanned};

/// The `--select` / `--ignore` flags, shared by `check`, `build` and `import`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Selectors {
    /// Report only these codes or code prefixes (e.g. `SEC,MI1,AZ003`); E codes are always reported
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not report these codes or code prefixes; wins over `severity:` in .misec.yaml
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub ignore: Vec<String>,
}

/// The validated flags.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Selection {
    /// Validates both lists (exit 2 on an unknown code or prefix, or an
    /// ignored E code).
    pub fn parse(flags: &Selectors) -> Result<Selection, Trouble> {
        Ok(Selection {
            select: validate("--select", &flags.select)?,
            ignore: validate("--ignore", &flags.ignore)?,
        })
    }

    /// Whether the command line turns `code` on (`Some(true)`), off
    /// (`Some(false)`), or leaves it to the configuration (`None`).
    pub fn decide(&self, code: &str) -> Option<bool> {
        let longest = |list: &[String]| {
            list.iter()
                .filter(|s| code.starts_with(s.as_str()))
                .map(String::len)
                .max()
        };
        match (longest(&self.select), longest(&self.ignore)) {
            (Some(s), Some(i)) => Some(s > i),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) if self.select.is_empty() => None,
            (None, None) => Some(false),
        }
    }

    /// Rewrites the configured severities so the command line wins.
    pub fn apply(&self, config: &mut Config) {
        if self.select.is_empty() && self.ignore.is_empty() {
            return;
        }
        let nowhere = Span::new(config.file.unwrap_or_default(), 0, 0);
        for info in CODES.iter().filter(|c| !c.code.starts_with('E')) {
            match self.decide(info.code) {
                Some(false) => {
                    config
                        .severity
                        .insert(info.code, Spanned::new(None, nowhere));
                }
                Some(true)
                    if config
                        .severity
                        .get(info.code)
                        .is_some_and(|l| l.value.is_none()) =>
                {
                    config.severity.remove(info.code);
                }
                Some(true) | None => {}
            }
        }
    }
}

impl crate::workspace::Adjust for Selection {
    fn adjust(&self, config: &mut Config) {
        self.apply(config);
    }
}

/// Upper-cases and checks one flag's values.
fn validate(flag: &str, values: &[String]) -> Result<Vec<String>, Trouble> {
    let mut out = Vec::new();
    for raw in values {
        let selector = raw.trim().to_ascii_uppercase();
        if selector.is_empty() {
            return Err(Trouble(format!(
                "`{flag}` needs a code or a prefix, such as `SEC` or `MI101`"
            )));
        }
        let matched: Vec<&str> = CODES
            .iter()
            .map(|c| c.code)
            .filter(|c| c.starts_with(selector.as_str()))
            .collect();
        if matched.is_empty() {
            let hint = match suggest(&selector) {
                Some(best) => format!("; did you mean `{best}`?"),
                None => "; `misec rules` lists every code".to_string(),
            };
            return Err(Trouble(format!(
                "unknown code or prefix `{raw}` in `{flag}`{hint}"
            )));
        }
        if flag == "--ignore" && matched.iter().all(|c| c.starts_with('E')) {
            return Err(Trouble(format!(
                "`{raw}` cannot be ignored: E codes mean misec could not understand the input, so they are always reported"
            )));
        }
        out.push(selector);
    }
    Ok(out)
}

/// The nearest code or family: similar spelling, or (for short prefixes,
/// where similarity scores say little) one edit or swap away.
fn suggest(selector: &str) -> Option<&'static str> {
    let families = ["E", "MI", "AZ", "SEC", "SUP"];
    let candidates = || families.into_iter().chain(CODES.iter().map(|c| c.code));
    did_you_mean(selector, candidates()).or_else(|| {
        candidates()
            .map(|c| (strsim::osa_distance(selector, c), c))
            .filter(|(d, _)| *d <= 1)
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn selection(select: &[&str], ignore: &[&str]) -> Result<Selection, Trouble> {
        Selection::parse(&Selectors {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
        })
    }

    #[test]
    fn the_longest_selector_decides_and_ignore_wins_ties() {
        let s = selection(&["sec", "MI1"], &["SEC003"]).unwrap();
        assert_eq!(s.decide("SEC001"), Some(true));
        assert_eq!(s.decide("SEC003"), Some(false));
        assert_eq!(s.decide("MI101"), Some(true));
        assert_eq!(s.decide("MI201"), Some(false));
        let s = selection(&["SEC003"], &["SEC"]).unwrap();
        assert_eq!(s.decide("SEC003"), Some(true));
        assert_eq!(s.decide("SEC001"), Some(false));
        let s = selection(&["SEC"], &["SEC"]).unwrap();
        assert_eq!(s.decide("SEC001"), Some(false));
        let s = selection(&[], &["AZ"]).unwrap();
        assert_eq!(s.decide("SEC001"), None);
    }

    #[test]
    fn the_command_line_overrides_off_but_keeps_other_levels() {
        let mut config = Config::default();
        let nowhere = Span::new(Default::default(), 0, 0);
        config
            .severity
            .insert("SEC005", Spanned::new(None, nowhere));
        config
            .severity
            .insert("SEC004", Spanned::new(Some(Severity::Error), nowhere));
        selection(&["SEC"], &["SEC001"]).unwrap().apply(&mut config);
        assert!(!config.severity.contains_key("SEC005"));
        assert_eq!(config.severity["SEC004"].value, Some(Severity::Error));
        assert_eq!(config.severity["SEC001"].value, None);
        assert_eq!(config.severity["MI101"].value, None);
        assert!(!config.severity.contains_key("E101"));
    }

    #[test]
    fn unknown_selectors_and_ignored_e_codes_are_refused() {
        let err = selection(&["SCE"], &[]).unwrap_err().0;
        assert_eq!(
            err,
            "unknown code or prefix `SCE` in `--select`; did you mean `SEC`?"
        );
        let err = selection(&[], &["E1"]).unwrap_err().0;
        assert!(err.starts_with("`E1` cannot be ignored"), "{err}");
        let err = selection(&[], &["SEC01O"]).unwrap_err().0;
        assert!(err.ends_with("did you mean `SEC001`?"), "{err}");
        assert!(selection(&["E"], &[]).is_ok());
        assert!(selection(&[""], &[]).is_err());
    }
}
