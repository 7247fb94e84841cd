//! `misec check PATH...`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::select::Selection;
use super::{inputs, output, stdin, Global, Status, Trouble};
use ipnet::IpNet;

use crate::check::{check_json, check_misec, Options};
use crate::config::{self, Config};
use crate::diagnostic::render::{self, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::import::ImportOptions;
use crate::source::Sources;

/// Configurations by path, each read once per run.
#[derive(Default)]
pub struct Configs {
    loaded: BTreeMap<PathBuf, Config>,
    /// E201s of the configurations read so far.
    pub diagnostics: Vec<Diagnostic>,
    /// `--select` / `--ignore`, applied over every configuration.
    pub selection: Selection,
}

impl Configs {
    pub fn new(selection: &Selection) -> Configs {
        Configs {
            selection: selection.clone(),
            ..Configs::default()
        }
    }

    /// The configuration for `file`: `--config` if given, else the nearest
    /// `.misec.yaml`, else the defaults; `--select`/`--ignore` win over it.
    pub fn for_file(
        &mut self,
        global: &Global,
        file: &Path,
        sources: &mut Sources,
    ) -> Result<Config, Trouble> {
        let mut config = self.load(global, file, sources)?;
        self.selection.apply(&mut config);
        Ok(config)
    }

    fn load(
        &mut self,
        global: &Global,
        file: &Path,
        sources: &mut Sources,
    ) -> Result<Config, Trouble> {
        let path = match &global.config {
            Some(path) => Some(path.clone()),
            None => config::discover(file),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        if let Some(config) = self.loaded.get(&path) {
            return Ok(config.clone());
        }
        let name = path.display().to_string();
        let text = crate::bounded::read_string(&path, crate::bounded::CONFIG).map_err(|e| {
            Trouble(e.message(&format!("cannot read configuration `{name}`"), &name))
        })?;
        let id = sources.add(path.display().to_string(), text);
        let (config, diagnostics) = config::parse(id, &path, sources);
        self.diagnostics.extend(diagnostics);
        self.loaded.insert(path, config.clone());
        Ok(config)
    }
}

/// `stdin`: the name standard input goes by, when the path is `-`.
pub fn run(
    global: &Global,
    paths: &[PathBuf],
    stdin: Option<PathBuf>,
    selection: &Selection,
    subnet_prefix: Option<IpNet>,
    deployment: &super::DeploymentArgs,
) -> Result<Status, Trouble> {
    // a path that gives no file is said on stderr; the others are still
    // checked and reported, and the exit code is 2
    let (files, mut missing) = match &stdin {
        Some(name) => (vec![name.clone()], Vec::new()),
        None => inputs::expand_each(paths),
    };
    for Trouble(message) in &missing {
        output::error_line(message);
    }
    let mut sources = Sources::new();
    let mut configs = Configs::new(selection);
    let (deployment, mut diagnostics) = super::deployment::load(deployment, &mut sources)?;
    let mut statements = Vec::new();
    if let Some(name) = &global.profile {
        crate::check::profile_flag_ok(name).map_err(Trouble)?;
    }
    let options = Options::with_profile(global.profile.clone());
    diagnostics.extend(options.load_profile_flag(&mut sources));
    for path in &files {
        let config = configs.for_file(global, path, &mut sources)?;
        // a file that cannot be read stops only itself, as a missing path
        let read = match stdin {
            Some(_) => stdin::read(path, &mut sources),
            None => inputs::read(path, &mut sources),
        };
        let (id, mut read_problems) = match read {
            Ok(read) => read,
            Err(trouble) => {
                output::error_line(&trouble.0);
                missing.push(trouble);
                continue;
            }
        };
        diagnostics.append(&mut read_problems);
        if read_problems_blocking(&diagnostics, id) {
            continue;
        }
        if is_json(path) {
            let import = ImportOptions {
                subnet_prefix,
                deployment: deployment.clone(),
            };
            let (found, inferred) = check_json(&mut sources, id, &config, &options, &import);
            diagnostics.extend(found);
            statements.extend(inferred.map(|inferred| {
                format!(
                    "{} is checked under profile `{}`: {}",
                    path.display(),
                    inferred.profile,
                    inferred.reason
                )
            }));
        } else {
            diagnostics.extend(check_misec(&mut sources, id, &config, &options));
        }
    }
    state_profiles(global, &statements);
    diagnostics.append(&mut configs.diagnostics);
    crate::diagnostic::sort(&mut diagnostics);
    let status = report(global, &sources, &diagnostics, files.len())?;
    Ok(if missing.is_empty() {
        status
    } else {
        Status::Trouble
    })
}

/// Azure JSON is imported; everything else is read as `.misec`.
pub fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Says which profile each JSON input was checked under: on stdout before
/// human output, on stderr for the machine formats (whose stdout must stay
/// one document).
fn state_profiles(global: &Global, statements: &[String]) {
    if global.quiet || statements.is_empty() {
        return;
    }
    let text: String = statements.iter().map(|s| format!("note: {s}\n")).collect();
    if global.format == super::FormatArg::Human {
        let _ = output::to_stdout(|out| out.write_all(text.as_bytes()));
    } else {
        let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
    }
}

/// A file that is not UTF-8 is not parsed further.
fn read_problems_blocking(diagnostics: &[Diagnostic], id: crate::source::FileId) -> bool {
    diagnostics
        .iter()
        .any(|d| d.span().file == id && d.code == "E002")
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
