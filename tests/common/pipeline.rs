//! The library pipeline `misec build` runs, for tests: a `.misec` text is
//! checked (`check::analyse`), planned (`emit::plan`) and emitted as ARM;
//! the ARM text is read back with `import::import`.
//!
//! Input: a file name (for messages) and its text. Output: the analysis (its
//! model and profiles), the plan and the template, or the error diagnostics'
//! codes when the file does not check clean of errors.

use std::rc::Rc;

use misec::check::{analyse, Options};
use misec::config::Config;
use misec::diagnostic::Severity;
use misec::emit::{self, Plan};
use misec::import::{import, ImportOptions};
use misec::model::Model;
use misec::profile::Profile;
use misec::source::Sources;

pub struct Built {
    pub model: Model,
    /// Per subnet of `model.subnets()`.
    pub profiles: Vec<Option<Rc<Profile>>>,
    pub plan: Plan<'static>,
    pub arm: String,
    /// Codes of the warnings the check reported (the build went ahead).
    pub warnings: Vec<String>,
}

/// Builds like `misec build FILE` (no configuration file, no `--profile`).
/// `Err` holds the codes of the errors that stop the build, or the
/// emitter's refusal.
pub fn build(name: &str, text: &str, with_subnets: bool) -> Result<Built, Vec<String>> {
    let mut sources = Sources::new();
    let id = sources.add(name.to_string(), text.to_string());
    let a = analyse(&mut sources, id, &Config::default(), &Options::default());
    let errors: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code.to_string())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let model = a.model.expect("a file without errors has a model");
    let plan = emit::plan(&model, &a.profiles).into_owned();
    let arm = emit::arm(&plan, with_subnets).map_err(|e| {
        e.iter()
            .map(|e| e.code().map_or(format!("internal: {e}"), str::to_string))
            .collect::<Vec<_>>()
    })?;
    Ok(Built {
        model,
        profiles: a.profiles,
        plan,
        arm,
        warnings: a.diagnostics.iter().map(|d| d.code.to_string()).collect(),
    })
}

/// Reads an emitted template back as Azure JSON; it must import cleanly.
pub fn read_back(name: &str, arm: &str) -> Model {
    let mut sources = Sources::new();
    let id = sources.add(format!("{name}.json"), arm.to_string());
    let (model, diags) = import(id, arm, &ImportOptions::default());
    assert!(
        diags.is_empty(),
        "{name}: the compiled template does not import cleanly: {:?}",
        diags.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    model
}
