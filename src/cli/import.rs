//! `misec import FILE.json...`: Azure JSON to `.misec` on stdout, through the
//! formatter. The profile's own mandatory rules and routes are recognised and
//! left to the profile. A file that cannot be read completely (E301) gives
//! its diagnostics and no output: a partial translation would misstate what
//! the deployed configuration allows.

use std::path::PathBuf;

use ipnet::IpNet;

use super::check::{report, Configs};
use super::select::Selection;
use super::{inputs, output, Global, Status, Trouble};
use crate::diagnostic::{self, Severity};
use crate::import::{self, recognise, ImportOptions};
use crate::profiles::{Choice, Profiles};
use crate::source::Sources;
use crate::{fmt, syntax};

pub fn run(
    global: &Global,
    files: &[PathBuf],
    selection: &Selection,
    subnet_prefix: Option<IpNet>,
) -> Result<Status, Trouble> {
    if let Some(name) = &global.profile {
        crate::check::profile_flag_ok(name).map_err(Trouble)?;
    }
    let mut sources = Sources::new();
    let mut configs = Configs::new(selection);
    let profiles = Profiles::default();
    let mut diagnostics = Vec::new();
    let mut texts = Vec::new();
    for path in files {
        let config = configs.for_file(global, path, &mut sources)?;
        let (id, problems) = inputs::read(path, &mut sources)?;
        if !problems.is_empty() {
            diagnostics.extend(problems);
            continue;
        }
        let options = ImportOptions { subnet_prefix };
        let (model, problems) = import::import(id, sources.text(id), &options);
        // the configuration and --select/--ignore apply to what import says
        let problems = crate::check::finish(problems, &config);
        if problems.iter().any(|d| d.severity == Severity::Error) {
            diagnostics.extend(problems);
            continue;
        }
        let (name, reason) = match (&global.profile, &config.profile) {
            (Some(name), _) => (name.clone(), "given with --profile".to_string()),
            (None, Some(p)) => (p.value.clone(), "from the configuration".to_string()),
            (None, None) => {
                let (name, reason) = import::infer_profile(&model);
                (name.to_string(), reason)
            }
        };
        let choice = Choice {
            name: name.clone(),
            span: config.profile.as_ref().map(|p| p.span),
        };
        let base = path.parent().map(PathBuf::from).unwrap_or_default();
        let profile = match profiles.get(&choice, &base, &mut sources) {
            Ok(p) => p,
            Err(problems) => {
                diagnostics.extend(problems);
                continue;
            }
        };
        let provided = recognise::provided_by_profile(&model, &profile);
        let raw = import::to_misec(&model, &sources, &name, &reason, &provided);
        let (ast, problems) = syntax::parse(Default::default(), &raw);
        if !problems.is_empty() {
            return Err(Trouble(format!(
                "internal error: the translation of `{}` does not parse ({}); please report this",
                path.display(),
                problems.first().map_or("", |d| d.message.as_str())
            )));
        }
        texts.push(fmt::format(&ast, &raw));
    }
    diagnostics.append(&mut configs.diagnostics);
    if !diagnostics.is_empty() {
        diagnostic::sort(&mut diagnostics);
        report(global, &sources, &diagnostics, files.len())?;
        return Ok(Status::Failed);
    }
    output::to_stdout(|out| {
        for (i, text) in texts.iter().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(text.as_bytes())?;
        }
        Ok(())
    })?;
    Ok(Status::Clean)
}
