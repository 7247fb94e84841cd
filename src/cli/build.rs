//! `misec build FILE [-o DIR] [--target arm|rest] [--with-subnets]`.
//!
//! Compiles only a file that checks without errors: on any error nothing is
//! written and the exit code is 1. Without `-o` the single artifact goes to
//! stdout, and every diagnostic goes to stderr (cli.md, Streams): a failed
//! build leaves stdout empty. With `-o` files are written atomically (all or
//! nothing: a failure leaves the directory as it was). With `--check -o DIR`
//! nothing is written: the build is compared with DIR.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::check::{report_on, status_of};
use super::select::Selection;
use super::{inputs, output, Global, Status, Trouble};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emit::{self, EmitError};
use crate::source::Span;
use crate::workspace::{Kind, Settings, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// One ARM deployment template holding every NSG and route table
    Arm,
    /// One REST body per resource, as PUT takes it, named <resource>.json
    Rest,
}

/// What to build, and where.
pub struct Request<'a> {
    /// `-o DIR`
    pub out_dir: Option<&'a Path>,
    pub target: Target,
    pub with_subnets: bool,
    /// `--check`: compare with `out_dir` instead of writing (clap requires `-o`)
    pub check: bool,
    pub selection: &'a Selection,
}

pub fn run(global: &Global, file: &Path, request: &Request) -> Result<Status, Trouble> {
    let Request {
        out_dir,
        target,
        with_subnets,
        ..
    } = *request;
    if let Some(name) = &global.profile {
        crate::check::profile_flag_ok(name).map_err(Trouble)?;
    }
    // the workspace, as `check` and the language server use it: the same
    // configuration, profiles and analysis
    let mut ws = Workspace::new(Settings {
        profile: global.profile.clone(),
        config: global.config.clone(),
        adjust: Some(Arc::new(request.selection.clone())),
        ..Settings::default()
    });
    ws.config(file).map_err(Trouble)?;
    let (text, bad) = inputs::decode(inputs::read_bytes(file)?);
    let id = ws.set_text_as(file, text, Kind::Misec);
    let mut diagnostics: Vec<Diagnostic> = bad
        .map(|at| inputs::not_utf8(id, at, ws.sources()))
        .into_iter()
        .collect();
    let broken_profile = ws.load_profile_flag();
    let analysed = diagnostics.is_empty() && broken_profile.is_empty();
    if analysed {
        ws.analyse(file).map_err(Trouble)?;
    }
    let analysis = ws.analysis(file).filter(|_| analysed).map(|a| &a.analysis);
    if let Some(a) = analysis {
        diagnostics.extend(a.diagnostics.iter().cloned());
    }
    diagnostics.extend(broken_profile);
    diagnostics.extend(ws.config_diagnostics());
    let sources = ws.sources();
    let refuse = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let (Some(analysis), false) = (analysis, refuse) else {
        report_on(global, sources, &diagnostics, 1, out_dir.is_none())?;
        return Ok(Status::Failed);
    };
    let Some(model) = &analysis.model else {
        return Err(Trouble(
            "internal error: a file without errors has no model".into(),
        ));
    };
    let plan = emit::plan(model, &analysis.profiles);
    let provenance = provenance(&analysis.profiles);
    let files = match target {
        Target::Arm => emit::arm_with(&plan, with_subnets, Some(&provenance))
            .map(|text| vec![(artifact_name(file), text)]),
        Target::Rest => {
            let location = model
                .vnets
                .iter()
                .find_map(|v| v.region.as_ref())
                .map(|r| r.value.clone())
                .ok_or_else(|| {
                    Trouble("a REST body needs a location: add `region` to the vnet".to_string())
                })?;
            emit::rest(&plan, &location)
        }
    };
    let files = match files {
        Ok(files) => files,
        Err(errors) => {
            let mut found = to_diagnostics(errors, id)?;
            crate::diagnostic::sort(&mut found);
            report_on(global, sources, &found, 1, out_dir.is_none())?;
            return Ok(Status::Failed);
        }
    };
    // warnings are still shown; the build went ahead
    if !diagnostics.is_empty() && !global.quiet {
        let mut err = std::io::stderr();
        let mut buf = Vec::new();
        let summary = crate::diagnostic::render::Summary::new(1, &diagnostics);
        crate::diagnostic::render::render(
            &mut buf,
            global.format.into(),
            false,
            sources,
            &diagnostics,
            summary,
        )?;
        let _ = err.write_all(&buf);
    }
    match out_dir {
        Some(dir) if request.check => {
            if super::build_check::compare(dir, &files)? {
                return Ok(Status::Failed);
            }
        }
        // the error names the file or directory that failed, and nothing
        // in `dir` has changed
        Some(dir) => emit::write_all(dir, &files).map_err(|e| Trouble(e.to_string()))?,
        None => match files.as_slice() {
            [(_, text)] => output::to_stdout(|out| out.write_all(text.as_bytes()))?,
            _ => {
                return Err(Trouble(format!(
                "--target rest writes {} files, one per resource: give an output directory with -o",
                files.len()
            )))
            }
        },
    }
    Ok(status_of(global, &diagnostics))
}

/// The profile the file was built under (when every subnet shares one) and
/// misec's version, for the template's `metadata.misec`.
fn provenance(profiles: &[Option<std::rc::Rc<crate::profile::Profile>>]) -> emit::Provenance {
    let mut names = profiles.iter().flatten().map(|p| p.name.as_str());
    let first = names.next();
    let profile = first.filter(|f| names.all(|n| n == *f)).map(str::to_string);
    emit::Provenance {
        profile,
        version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// `prod.misec` → `prod.json`
fn artifact_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map_or("misec".into(), |s| s.to_string_lossy().into_owned());
    format!("{stem}.json")
}

/// Emitter refusals as diagnostics; one the emitter has no code for is a
/// defect of misec, not of the input.
fn to_diagnostics(
    errors: Vec<EmitError>,
    file: crate::source::FileId,
) -> Result<Vec<Diagnostic>, Trouble> {
    let mut out = Vec::new();
    for e in errors {
        let Some(code) = e.code() else {
            return Err(Trouble(format!("internal error while compiling: {e}")));
        };
        let span = e.span.unwrap_or(Span::new(file, 0, 0));
        let mut d = Diagnostic::new(code, span, e.to_string())
            .label("Azure would reject the compiled resource")
            .help("change the rule so that its compiled form fits Azure's limits");
        if let Some(other) = e.other {
            d = d.secondary(other, "involved here");
        }
        out.push(d);
    }
    Ok(out)
}
