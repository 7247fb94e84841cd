//! `misec import FILE.json...`: Azure JSON to `.misec` on stdout, through the
//! formatter. The profile's own mandatory rules and routes are recognised and
//! left to the profile. A file that cannot be read completely (E301, or an
//! E303 for a value only the deployment knows) gives
//! its diagnostics and no output: a partial translation would misstate what
//! the deployed configuration allows.
//!
//! Streams (cli.md): the `.misec` text alone goes to stdout; diagnostics and
//! notes go to stderr, and a failed import leaves stdout empty. Several files
//! make one `.misec` file (one `profile` line, names that do not clash; see
//! `import::merge`), or an error when they cannot.

use std::path::{Path, PathBuf};

use ipnet::IpNet;

use super::check::{configs, report_on};
use super::select::Selection;
use super::{inputs, output, Global, Status, Trouble};
use crate::check::{import_profile, Options};
use crate::diagnostic::{self, Severity};
use crate::import::{self, merge, recognise, ImportOptions};
use crate::model::Model;
use crate::profiles::Choice;
use crate::source::Sources;
use crate::{fmt, syntax};

/// One file, read: its model, the profile's name and why, and what the
/// profile provides.
struct Read {
    model: Model,
    profile: String,
    reason: String,
    loaded: std::rc::Rc<crate::profile::Profile>,
}

pub fn run(
    global: &Global,
    files: &[PathBuf],
    selection: &Selection,
    subnet_prefix: Option<IpNet>,
    deployment: &super::DeploymentArgs,
) -> Result<Status, Trouble> {
    if let Some(name) = &global.profile {
        crate::check::profile_flag_ok(name).map_err(Trouble)?;
    }
    let mut sources = Sources::new();
    let mut configs = configs(global, selection);
    let options = Options::with_profile(global.profile.clone());
    let mut diagnostics = options.load_profile_flag(&mut sources);
    let (deployment, more) = super::deployment::load(deployment, &mut sources)?;
    diagnostics.extend(more);
    let mut notes = Vec::new();
    let mut read = Vec::new();
    for path in files {
        let config = configs.for_file(path, &mut sources).map_err(Trouble)?;
        let (id, problems) = inputs::read(path, &mut sources)?;
        if !problems.is_empty() {
            diagnostics.extend(problems);
            continue;
        }
        let import_options = ImportOptions {
            subnet_prefix,
            deployment: deployment.clone(),
        };
        let name = path.display().to_string();
        let (mut model, problems) =
            import::import_named(id, sources.text(id), &import_options, Some(&name));
        // the configuration and --select/--ignore apply to what import says
        let problems = crate::check::finish(problems, &config);
        // a value only the deployment knows (E303) leaves an item out: the
        // translation would state less than the template deploys
        if problems
            .iter()
            .any(|d| d.severity == Severity::Error || d.code == "E303")
        {
            diagnostics.extend(problems);
            continue;
        }
        notes.extend(problems);
        let (profile, reason, _) = import_profile(&mut model, &config, &options);
        let choice = Choice {
            name: profile.clone(),
            span: config.profile.as_ref().map(|p| p.span),
        };
        // `--profile` and the configuration's paths are already resolved
        let loaded = match options.profiles.get(&choice, Path::new(""), &mut sources) {
            Ok(p) => p,
            Err(problems) => {
                diagnostics.extend(problems);
                continue;
            }
        };
        read.push(Read {
            model,
            profile,
            reason,
            loaded,
        });
    }
    diagnostics.extend(configs.diagnostics().cloned());
    if !diagnostics.is_empty() {
        diagnostic::sort(&mut diagnostics);
        report_on(global, &sources, &diagnostics, files.len(), true)?;
        return Ok(Status::Failed);
    }
    let raw = translate(read, files, &sources)?;
    let (ast, problems) = syntax::parse(Default::default(), &raw);
    if !problems.is_empty() {
        return Err(Trouble(format!(
            "internal error: the translation does not parse ({}); please report this",
            problems.first().map_or("", |d| d.message.as_str())
        )));
    }
    let text = fmt::format(&ast, &raw);
    if !notes.is_empty() && !global.quiet {
        diagnostic::sort(&mut notes);
        report_on(global, &sources, &notes, files.len(), true)?;
    }
    output::to_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(Status::Clean)
}

/// The `.misec` text of every file read, as one file.
fn translate(read: Vec<Read>, files: &[PathBuf], sources: &Sources) -> Result<String, Trouble> {
    let Some(first) = read.first() else {
        return Err(Trouble("no file to import".to_string()));
    };
    let profile = first.profile.clone();
    if let Some(other) = read.iter().find(|r| r.profile != profile) {
        return Err(Trouble(format!(
            "the files are for different profiles (`{profile}`, `{}`): import them one at a time",
            other.profile
        )));
    }
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let mut reasons: Vec<String> = Vec::new();
    for r in &read {
        if !reasons.contains(&r.reason) {
            reasons.push(r.reason.clone());
        }
    }
    let loaded = first.loaded.clone();
    let models = read.into_iter().map(|r| r.model).collect();
    // the files together, then what the profile provides: a route table's
    // subnet may be known only from the NSG of another file
    let mut model = merge::merge(models, &names).map_err(Trouble)?;
    // a bare NSG or route table does not say whether its subnet is
    // delegated; where the profile requires it, the subnet is (the platform
    // refuses an instance in any other)
    if loaded.subnet.delegation_required {
        for subnet in model.vnets.iter_mut().flat_map(|v| v.subnets.iter_mut()) {
            if subnet.kind == crate::model::SubnetKind::Standalone {
                subnet.delegated = subnet.delegated.or(Some(subnet.span));
            }
        }
    }
    let provided = recognise::provided_by_profile(&model, &loaded);
    let raw = import::to_misec(&model, sources, &profile, &reasons.join("; "), &provided);
    if names.len() < 2 {
        return Ok(raw);
    }
    // the header names every file, not only the first
    let header = format!("# Imported from {} by `misec import`.", names.join(", "));
    Ok(match raw.split_once('\n') {
        Some((_, rest)) => format!("{header}\n{rest}"),
        None => raw,
    })
}
