//! The workspace: what every front end (check, build, query, diff, the
//! language server, fleet runs) shares. It owns the source table, the
//! profiles and service-tag files loaded so far (each loaded once), the
//! configurations (found as the CLI finds them), and one analysis per file;
//! the pipeline stages stay the pure functions of [`crate::check`] and
//! [`crate::effective`], which the workspace only calls.
//!
//! Input: files by path with their text ([`Workspace::set_text`]). Output:
//! per file, a [`FileAnalysis`]: diagnostics exactly as `misec check` gives
//! them, the model, each subnet's profile, and on demand the effective
//! configurations ([`FileAnalysis::effective`]).
//!
//! Invariants:
//! - An analysis is made on first demand and kept until the file's text
//!   changes or the file is closed; then it is dropped.
//! - The source table does not grow with edits: a file's new text replaces
//!   its old one under the same id, and a closed file's id is reused by the
//!   next file opened. Profiles and configurations enter it once each. So a
//!   long editor session holds as many texts as it has open files, plus the
//!   profiles and configurations it has used.
//!
//! How the CLI verbs sit on it: `check` runs [`fleet::run`] with one
//! workspace per worker (`set_text`, `analyse`, render, `forget`); `build`
//! opens its file with `set_text_as` (always `.misec`) and compiles
//! `analysis(..).model`; `query`, `diff` and `import` still call the
//! pipeline functions of [`crate::check`] themselves, reading their
//! configurations through [`Configs`]. An unreadable configuration is the
//! `Err` of `analyse` (exit 2).
//! Reading files (and E002 for bytes that are not UTF-8) stays with the CLI.
//!
//! Fleets (`misec check` over many files): [`fleet::run`] gives each worker
//! thread a workspace of its own (the analysis types are not shared between
//! threads); a worker opens a file, analyses it, hands on what it rendered,
//! and [`Workspace::forget`]s it, so what a worker holds between files is
//! what every file shares: configurations, profiles, service tags.

mod configs;
pub mod fleet;
mod settings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::check::{self, Analysis, Inferred, Options};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::effective::{effective, Effective};
use crate::import::ImportOptions;
use crate::profiles::Profiles;
use crate::source::{FileId, Sources};

pub use configs::{Adjust, Configs};
pub use settings::{Kind, Settings};

/// One analysed file.
#[derive(Debug)]
pub struct FileAnalysis {
    pub file: FileId,
    pub kind: Kind,
    /// Diagnostics (sorted, after suppressions and severities), the model
    /// and the profile of each subnet.
    pub analysis: Analysis,
    /// For Azure JSON: the profile it was checked under, and why.
    pub inferred: Option<Inferred>,
    /// The configuration that applied.
    pub config: Config,
}

impl FileAnalysis {
    /// The effective configuration of every subnet, in `model.subnets()`
    /// order; `None` for a subnet without a profile (not a managed
    /// instance's, or its profile did not load) or a file without a model.
    pub fn effective(&self) -> Vec<Option<Effective<'_>>> {
        let Some(model) = &self.analysis.model else {
            return Vec::new();
        };
        model
            .subnets()
            .zip(&self.analysis.profiles)
            .map(|((vnet, subnet), profile)| {
                profile
                    .as_deref()
                    .map(|p| effective(model.origin, vnet, subnet, p))
            })
            .collect()
    }
}

/// See [`Workspace::mark`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    sources: usize,
    shared: [usize; 3],
}

#[derive(Debug)]
struct Entry {
    file: FileId,
    kind: Kind,
    analysis: Option<FileAnalysis>,
}

#[derive(Debug)]
pub struct Workspace {
    sources: Sources,
    options: Options,
    configs: Configs,
    import: ImportOptions,
    files: BTreeMap<PathBuf, Entry>,
    /// Ids of closed files, reused by the next file opened.
    free: Vec<FileId>,
}

impl Workspace {
    pub fn new(settings: Settings) -> Workspace {
        let mut options = Options::with_profile(settings.profile);
        // an unknown profile name is reported again on every analysis
        options.profiles = Profiles::retrying();
        options.threads = settings.threads;
        Workspace {
            sources: Sources::new(),
            options,
            configs: Configs::new(settings.config).adjusted(settings.adjust),
            import: ImportOptions {
                subnet_prefix: settings.subnet_prefix,
                deployment: settings.deployment,
            },
            files: BTreeMap::new(),
            free: Vec::new(),
        }
    }

    /// Opens `path` with `text`, or replaces its text; its analysis is
    /// dropped and made again on the next [`Workspace::analyse`].
    pub fn set_text(&mut self, path: &Path, text: String) -> FileId {
        self.set_text_as(path, text, Kind::of(path))
    }

    /// [`Workspace::set_text`], read as `kind` whatever the path's extension
    /// (`build` compiles `.misec` text only).
    pub fn set_text_as(&mut self, path: &Path, text: String, kind: Kind) -> FileId {
        let name = path.display().to_string();
        if let Some(entry) = self.files.get_mut(path) {
            entry.analysis = None;
            entry.kind = kind;
            self.sources.replace(entry.file, name, text);
            return entry.file;
        }
        let file = match self.free.pop() {
            Some(id) if self.sources.replace(id, name.clone(), text.clone()) => id,
            _ => self.sources.add(name, text),
        };
        self.files.insert(
            path.to_path_buf(),
            Entry {
                file,
                kind,
                analysis: None,
            },
        );
        file
    }

    /// Drops a file, its text and its analysis. Returns whether it was open.
    pub fn close(&mut self, path: &Path) -> bool {
        let Some(entry) = self.files.remove(path) else {
            return false;
        };
        self.sources.replace(entry.file, "", "");
        self.free.push(entry.file);
        true
    }

    /// The file's analysis, made now if its text changed since the last.
    /// `Err` when its configuration cannot be read; `Ok(None)` when the
    /// file is not open.
    pub fn analyse(&mut self, path: &Path) -> Result<Option<&FileAnalysis>, String> {
        let Some(entry) = self.files.get(path) else {
            return Ok(None);
        };
        if entry.analysis.is_none() {
            let (file, kind) = (entry.file, entry.kind);
            let made = self.make(path, file, kind)?;
            if let Some(entry) = self.files.get_mut(path) {
                entry.analysis = Some(made);
            }
        }
        Ok(self.analysis(path))
    }

    fn make(&mut self, path: &Path, file: FileId, kind: Kind) -> Result<FileAnalysis, String> {
        let config = self.configs.for_file(path, &mut self.sources)?;
        let (analysis, inferred) = match kind {
            Kind::Json => check::analyse_json(
                &mut self.sources,
                file,
                &config,
                &self.options,
                &self.import,
            ),
            Kind::Misec => (
                check::analyse(&mut self.sources, file, &config, &self.options),
                None,
            ),
        };
        Ok(FileAnalysis {
            file,
            kind,
            analysis,
            inferred,
            config,
        })
    }

    /// The analysis made last, if the text has not changed since.
    pub fn analysis(&self, path: &Path) -> Option<&FileAnalysis> {
        self.files.get(path)?.analysis.as_ref()
    }

    /// The id of an open file.
    pub fn file(&self, path: &Path) -> Option<FileId> {
        self.files.get(path).map(|e| e.file)
    }

    /// A configuration file changed on disk: read it again and drop every
    /// analysis (any may have used it). Returns whether it was in use.
    pub fn config_changed(&mut self, path: &Path) -> bool {
        let used = self.configs.reload(path, &mut self.sources);
        if used {
            self.forget_analyses();
        }
        used
    }

    /// Drops every analysis (a configuration may have appeared or gone).
    pub fn forget_analyses(&mut self) {
        for entry in self.files.values_mut() {
            entry.analysis = None;
        }
    }

    /// The E201s of the configurations read so far (the CLI reports them
    /// once per run, not once per file).
    pub fn config_diagnostics(&self) -> Vec<Diagnostic> {
        self.configs.diagnostics().cloned().collect()
    }

    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// The configuration for `path` (read once), as an analysis would use it.
    pub fn config(&mut self, path: &Path) -> Result<Config, String> {
        self.configs.for_file(path, &mut self.sources)
    }

    /// Loads `--profile` now, so that a broken profile file is reported
    /// (E202) even where no subnet ends up using it.
    pub fn load_profile_flag(&mut self) -> Vec<Diagnostic> {
        self.options.load_profile_flag(&mut self.sources)
    }

    /// Where the source table and the shared loads stand, for [`Workspace::forget`].
    pub fn mark(&self) -> Mark {
        Mark {
            sources: self.sources.len(),
            shared: self.shared(),
        }
    }

    fn shared(&self) -> [usize; 3] {
        [
            self.configs.len(),
            self.options.profiles.len(),
            self.options.tags_loaded(),
        ]
    }

    /// Closes `path`, opened after `mark`, and drops every text added to the
    /// source table since `mark` (copies of built-in profiles made while
    /// inferring a profile, say) unless a configuration, profile or
    /// service-tag file loaded since then still points into it. So a worker
    /// that checks one file after another holds one file's text at a time.
    pub fn forget(&mut self, path: &Path, mark: Mark) {
        self.close(path);
        if self.shared() == mark.shared {
            self.sources.truncate(mark.sources);
            let len = self.sources.len();
            self.free.retain(|id| (id.0 as usize) < len);
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }
}

#[cfg(test)]
mod tests;
