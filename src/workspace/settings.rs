//! What a workspace is opened with ([`Settings`]: the command line's or an
//! editor's choices) and how it reads a file ([`Kind`]).

use std::path::{Path, PathBuf};

use super::Adjust;

/// What the command line (or an editor's settings) adds.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--profile`
    pub profile: Option<String>,
    /// `--config`: replaces the search for `.misec.yaml`.
    pub config: Option<PathBuf>,
    /// `--subnet-prefix` for Azure JSON.
    pub subnet_prefix: Option<ipnet::IpNet>,
    /// `--parameters`, `--param` and the deployment context, for ARM templates.
    pub deployment: crate::import::deploy::Deployment,
    /// `--select` / `--ignore`, applied over every configuration.
    pub adjust: Option<std::sync::Arc<dyn Adjust>>,
    /// Threads one file's analysis may use (0: one per CPU, 1: only the
    /// calling one); `check` gives a single file `--jobs`, and each file of
    /// several one.
    pub threads: usize,
}

/// How a file is read: Azure JSON is imported, anything else is `.misec`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Misec,
    Json,
}

impl Kind {
    pub fn of(path: &Path) -> Kind {
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if json {
            Kind::Json
        } else {
            Kind::Misec
        }
    }
}
