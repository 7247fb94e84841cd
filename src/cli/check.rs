//! `misec check PATH...`: a thin layer over the workspace's fleet driver.
//!
//! The files are checked in parallel, one workspace per worker thread
//! ([`crate::workspace::fleet`]), and written in the contract's order (by
//! file name) as soon as each one's turn comes ([`super::check_out`]), so
//! memory holds a few files' analyses at a time, not all of them. What every
//! file shares is read first, once: the configurations (and their
//! service-tag files), the parameters file, `--profile`.
//!
//! Notes (the profile each Azure JSON file was checked under) and files that
//! could not be read are said at the end, in command-line order, as one
//! run always said them: on stderr, except that human output puts the notes
//! on stdout before the diagnostics, which then wait in a temporary file.

use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::check_file::{self, key, Look};
use super::check_out::Emitter;
use super::progress::Progress;
use super::select::Selection;
use super::{inputs, output, Global, Status, Trouble};
use ipnet::IpNet;

use crate::diagnostic::render::{self, fragment, Format, Stream, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Sources;
use crate::workspace::{fleet, Configs, Settings, Workspace};

/// The configurations for a verb that reads one or two files: `--config`
/// or discovery, with `--select`/`--ignore` over them.
pub fn configs(global: &Global, selection: &Selection) -> Configs {
    Configs::new(global.config.clone()).adjusted(Some(Arc::new(selection.clone())))
}

/// What `misec check` was asked.
pub struct Request<'a> {
    pub paths: &'a [PathBuf],
    /// The name standard input goes by, when the path is `-`.
    pub stdin: Option<PathBuf>,
    pub selection: &'a Selection,
    pub subnet_prefix: Option<IpNet>,
    pub deployment: &'a super::DeploymentArgs,
    /// `--jobs` (0: one per CPU).
    pub jobs: usize,
}

pub fn run(global: &Global, request: &Request) -> Result<Status, Trouble> {
    // a path that gives no file is said on stderr; the others are still
    // checked and reported, and the exit code is 2
    let (files, missing) = match &request.stdin {
        Some(name) => (vec![name.clone()], Vec::new()),
        None => inputs::expand_each(request.paths),
    };
    for Trouble(message) in &missing {
        output::error_line(message);
    }
    let mut shared = Sources::new();
    let (deployment, deployment_problems) =
        super::deployment::load(request.deployment, &mut shared)?;
    if let Some(name) = &global.profile {
        crate::check::profile_flag_ok(name).map_err(Trouble)?;
    }
    let settings = Settings {
        profile: global.profile.clone(),
        config: global.config.clone(),
        subnet_prefix: request.subnet_prefix,
        deployment,
        adjust: Some(Arc::new(request.selection.clone())),
        // several files are spread over the cores one file per worker; a
        // single file spreads its own per-rule questions instead
        threads: match files.len() {
            1 => request.jobs,
            _ => 1,
        },
    };
    // the contract's order: by file name
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_cached_key(|&i| files[i].display().to_string());
    let mut first = Workspace::new(settings.clone());
    let mut problems = first.load_profile_flag();
    for &i in &order {
        let config = first.config(&files[i]).map_err(Trouble)?;
        crate::check::service_tags(&config, first.options(), first.sources(), &mut problems);
    }
    problems.extend(first.config_diagnostics());
    let format: Format = global.format.into();
    let color = output::use_color(global.color);
    let look = Look {
        format,
        color,
        stdin: request.stdin.is_some(),
        threads: settings.threads,
    };
    // human output says the notes first: the diagnostics wait (in memory,
    // or on disk past SPOOL_IN_MEMORY)
    let spool = format == Format::Human && !global.quiet && files.iter().any(|f| is_json(f));
    let mut notes: Vec<Option<String>> = vec![None; files.len()];
    let mut troubles: Vec<Option<String>> = vec![None; files.len()];
    let mut summary = Summary::default();
    output::to_stdout(|stdout| {
        let mut spooled = match spool {
            // in memory up to a bound, on disk beyond it: a large
            // template's few megabytes never touch the disk, and a fleet's
            // output never grows the process past the bound
            true => Some(std::io::BufWriter::new(tempfile::spooled_tempfile(
                SPOOL_IN_MEMORY,
            ))),
            false => None,
        };
        let target: &mut dyn Write = match &mut spooled {
            Some(file) => file,
            None => &mut *stdout,
        };
        let mut emitter = Emitter::new(Stream::begin(target, format)?);
        for d in &deployment_problems {
            emitter.shared(key(&shared, d), fragment(format, color, &shared, d)?);
        }
        for d in &problems {
            let sources = first.sources();
            emitter.shared(key(sources, d), fragment(format, color, sources, d)?);
        }
        let mut progress = Progress::new(files.len(), global.quiet);
        fleet::run(
            request.jobs,
            order.len(),
            || Workspace::new(settings.clone()),
            |ws, k| check_file::check(ws, &files[order[k]], look),
            |k, mut checked| {
                let i = order[k];
                let name = files[i].display().to_string();
                progress.suspend(|| {
                    emitter.file(&name, &mut checked)?;
                    match progress.shown() {
                        true => emitter.flush_out(),
                        false => Ok(()),
                    }
                })?;
                notes[i] = checked.note;
                troubles[i] = checked.trouble;
                summary = emitter.summary(files.len());
                progress.done(k + 1);
                Ok::<(), std::io::Error>(())
            },
        )?;
        drop(progress);
        summary = emitter.finish(files.len())?;
        for why in troubles.iter().flatten() {
            output::error_line(why);
        }
        let text: String = match global.quiet {
            true => String::new(),
            false => notes
                .iter()
                .flatten()
                .map(|n| format!("note: {n}\n"))
                .collect(),
        };
        if let Some(spooled) = spooled {
            stdout.write_all(text.as_bytes())?;
            let mut file = spooled.into_inner().map_err(|e| e.into_error())?;
            file.rewind()?;
            std::io::copy(&mut file, stdout)?;
        } else if !text.is_empty() {
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
        Ok(())
    })?;
    let failing = summary.errors > 0 || (global.deny_warnings && summary.warnings > 0);
    Ok(
        if !missing.is_empty() || troubles.iter().any(Option::is_some) {
            Status::Trouble
        } else if failing {
            Status::Failed
        } else {
            Status::Clean
        },
    )
}

/// The most human output `check` keeps in memory while the notes come
/// first; past it, the rest waits in a temporary file.
const SPOOL_IN_MEMORY: usize = 16 << 20;

/// Azure JSON is imported; everything else is read as `.misec`.
pub fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Prints diagnostics in the chosen format on stdout and returns the exit
/// status.
pub fn report(
    global: &Global,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    files: usize,
) -> Result<Status, Trouble> {
    report_on(global, sources, diagnostics, files, false)
}

/// [`report`], on stderr when `stderr` is set: the command's stdout carries
/// an artifact (`build` without `-o`, `import`, `fmt -`) and nothing else may
/// go there (cli.md, Streams).
pub fn report_on(
    global: &Global,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    files: usize,
    stderr: bool,
) -> Result<Status, Trouble> {
    let summary = Summary::new(files, diagnostics);
    let format = global.format.into();
    if stderr {
        let color = output::use_color_on_stderr(global.color);
        let mut buf = Vec::new();
        render::render(&mut buf, format, color, sources, diagnostics, summary)?;
        let _ = std::io::Write::write_all(&mut std::io::stderr(), &buf);
    } else {
        let color = output::use_color(global.color);
        output::to_stdout(|out| render::render(out, format, color, sources, diagnostics, summary))?;
    }
    Ok(status_of(global, diagnostics))
}

pub fn status_of(global: &Global, diagnostics: &[Diagnostic]) -> Status {
    let failing = diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (global.deny_warnings && d.severity == Severity::Warning)
    });
    if failing {
        Status::Failed
    } else {
        Status::Clean
    }
}
