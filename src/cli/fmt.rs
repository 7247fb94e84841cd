//! `misec fmt [--check] PATH...`: canonical layout in place (`-` reads stdin
//! and writes stdout). A file with syntax errors is left untouched and its
//! errors are reported. `--check` changes nothing, lists the files that would
//! change, and exits 1 if there are any.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::check::report;
use super::{inputs, output, Global, Status, Trouble};
use crate::diagnostic::{self, Severity};
use crate::source::Sources;
use crate::{fmt, syntax};

pub fn run(global: &Global, paths: &[PathBuf], check: bool) -> Result<Status, Trouble> {
    let stdin = paths.len() == 1 && paths[0] == Path::new("-");
    let files = if stdin {
        paths.to_vec()
    } else {
        inputs::expand(paths)?
    };
    let mut sources = Sources::new();
    let mut diagnostics = Vec::new();
    let mut would_change = Vec::new();
    for path in &files {
        let (id, problems) = inputs::read(path, &mut sources)?;
        if !problems.is_empty() {
            diagnostics.extend(problems);
            continue;
        }
        let text = sources.text(id);
        let (ast, problems) = syntax::parse(id, text);
        if problems.iter().any(|d| d.severity == Severity::Error) {
            diagnostics.extend(problems);
            continue;
        }
        let formatted = fmt::format(&ast, text);
        if stdin && !check {
            output::to_stdout(|out| out.write_all(formatted.as_bytes()))?;
        } else if formatted != text {
            if check {
                would_change.push(path.display().to_string());
            } else {
                write_atomically(path, &formatted)?;
                if !global.quiet {
                    let _ = writeln!(std::io::stderr(), "formatted {}", path.display());
                }
            }
        }
    }
    diagnostic::sort(&mut diagnostics);
    if !diagnostics.is_empty() {
        report(global, &sources, &diagnostics, files.len())?;
        return Ok(Status::Failed);
    }
    if !would_change.is_empty() {
        output::to_stdout(|out| {
            for name in &would_change {
                writeln!(out, "would reformat {name}")?;
            }
            Ok(())
        })?;
        return Ok(Status::Failed);
    }
    Ok(Status::Clean)
}

/// Replaces a file's contents through a temporary file in the same
/// directory, so a failure never leaves half a file.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), Trouble> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let describe = |e: std::io::Error| {
        Trouble(format!(
            "cannot write `{}`: {}",
            path.display(),
            inputs::describe(&e)
        ))
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(describe)?;
    tmp.write_all(text.as_bytes()).map_err(describe)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.persist(path).map_err(|e| describe(e.error))?;
    Ok(())
}
