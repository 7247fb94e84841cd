//! `.misec.yaml` for a workspace: found as the CLI finds it (`--config` when
//! given, else the nearest `.misec.yaml` above the file, else the defaults)
//! and read once per path into the workspace's source table.
//!
//! Input: a file's path. Output: its [`Config`] (with the command line's
//! [`Adjust`]ment applied, so `--select`/`--ignore` win), and the E201s of
//! every configuration read so far. Invariant: one source-table entry per
//! configuration path, however often it is asked for or reloaded. Every
//! CLI verb and the language server read configurations through here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Sources};

/// A change the command line makes to every configuration (`--select` and
/// `--ignore`, which win over `severity:`).
pub trait Adjust: std::fmt::Debug + Send + Sync {
    fn adjust(&self, config: &mut Config);
}

#[derive(Debug, Default)]
pub struct Configs {
    /// `--config`, which replaces discovery.
    pub fixed: Option<PathBuf>,
    adjust: Option<Arc<dyn Adjust>>,
    loaded: BTreeMap<PathBuf, (FileId, Config, Vec<Diagnostic>)>,
}

impl Configs {
    /// `fixed`: `--config`, which replaces discovery.
    pub fn new(fixed: Option<PathBuf>) -> Configs {
        Configs {
            fixed,
            adjust: None,
            loaded: BTreeMap::new(),
        }
    }

    /// Applies `adjust` to every configuration handed out.
    pub fn adjusted(mut self, adjust: Option<Arc<dyn Adjust>>) -> Configs {
        self.adjust = adjust;
        self
    }

    /// How many configuration files were read.
    pub fn len(&self) -> usize {
        self.loaded.len()
    }

    pub fn is_empty(&self) -> bool {
        self.loaded.is_empty()
    }

    /// The configuration for `file`. `Err` is a one-line reason when the
    /// configuration file exists but cannot be read (the CLI's exit 2).
    pub fn for_file(&mut self, file: &Path, sources: &mut Sources) -> Result<Config, String> {
        let mut config = self.load(file, sources)?;
        if let Some(adjust) = &self.adjust {
            adjust.adjust(&mut config);
        }
        Ok(config)
    }

    fn load(&mut self, file: &Path, sources: &mut Sources) -> Result<Config, String> {
        let path = match &self.fixed {
            Some(path) => Some(path.clone()),
            None => config::discover(file),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        if let Some((_, config, _)) = self.loaded.get(&path) {
            return Ok(config.clone());
        }
        let text = read(&path)?;
        let id = sources.add(path.display().to_string(), text);
        let (config, diagnostics) = config::parse(id, &path, sources);
        self.loaded.insert(path, (id, config.clone(), diagnostics));
        Ok(config)
    }

    /// Reads `path` again if it was loaded (an editor saved it), in place.
    /// Returns whether it was loaded: analyses made under it are stale then.
    pub fn reload(&mut self, path: &Path, sources: &mut Sources) -> bool {
        let Some((id, config, diagnostics)) = self.loaded.get_mut(path) else {
            return false;
        };
        let text = read(path).unwrap_or_default();
        sources.replace(*id, path.display().to_string(), text);
        (*config, *diagnostics) = config::parse(*id, path, sources);
        true
    }

    /// The E201s of every configuration read, in path order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.loaded.values().flat_map(|(_, _, d)| d)
    }
}

fn read(path: &Path) -> Result<String, String> {
    let name = path.display().to_string();
    crate::bounded::read_string(path, crate::bounded::CONFIG)
        .map_err(|e| e.message(&format!("cannot read configuration `{name}`"), &name))
}
