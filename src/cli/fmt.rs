//! `misec fmt [--check] PATH...`: canonical layout in place (`-` reads stdin
//! and writes stdout). A file with syntax errors is left untouched and its
//! errors are reported. `--check` changes nothing, lists the files that would
//! change, and exits 1 if there are any.

use std::io::Write;
use std::path::{Path, PathBuf};

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
        let formatted = format_keeping_line_ends(ast, text);
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
    // a file that does not parse stops only itself: the others are still
    // formatted, or listed under --check
    if !diagnostics.is_empty() {
        super::check::report_on(global, &sources, &diagnostics, files.len(), stdin && !check)?;
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
    if !diagnostics.is_empty() {
        return Ok(Status::Failed);
    }
    Ok(Status::Clean)
}

/// The canonical text, with the file's line ends: a file written with
/// `\r\n` stays so (it is formatted as `\n` text, then converted back).
fn format_keeping_line_ends(ast: crate::syntax::ast::File, text: &str) -> String {
    let formatted = format_lines(ast, text);
    // a byte-order mark stays where it was
    match text.starts_with('\u{feff}') && !formatted.starts_with('\u{feff}') {
        true => format!("\u{feff}{formatted}"),
        false => formatted,
    }
}

fn format_lines(ast: crate::syntax::ast::File, text: &str) -> String {
    if !text.contains("\r\n") {
        return fmt::format(&ast, text);
    }
    let plain = text.replace("\r\n", "\n");
    let (ast, _) = syntax::parse(ast.span.file, &plain);
    fmt::format(&ast, &plain).replace('\n', "\r\n")
}

/// Replaces a file's contents through a temporary file in the same
/// directory, so a failure never leaves half a file. The file keeps what it
/// was: a symbolic link is written through (the link stays a link), the
/// mode and, where misec may set it, the owner are kept. A file with several
/// hard links is rewritten in place, since a rename would split it from its
/// other names; so is one whose owner misec cannot give the new file.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), Trouble> {
    let describe = |e: std::io::Error| {
        Trouble(format!(
            "cannot write `{}`: {}",
            path.display(),
            inputs::describe(&e)
        ))
    };
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let meta = std::fs::metadata(&real).ok();
    if meta.as_ref().is_some_and(must_write_in_place) {
        return write_in_place(&real, text).map_err(describe);
    }
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(describe)?;
    tmp.write_all(text.as_bytes()).map_err(describe)?;
    if let Some(meta) = &meta {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(describe)?;
        if !same_owner(tmp.path(), meta) {
            drop(tmp);
            return write_in_place(&real, text).map_err(describe);
        }
    }
    tmp.persist(&real).map_err(|e| describe(e.error))?;
    Ok(())
}

fn write_in_place(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(unix)]
fn must_write_in_place(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(meta) > 1
}

#[cfg(not(unix))]
fn must_write_in_place(_: &std::fs::Metadata) -> bool {
    false
}

/// Gives `tmp` the owner of the file it replaces; false when that is not
/// allowed (then the file is rewritten in place instead).
#[cfg(unix)]
fn same_owner(tmp: &Path, meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(now) = std::fs::metadata(tmp) else {
        return false;
    };
    if (now.uid(), now.gid()) == (meta.uid(), meta.gid()) {
        return true;
    }
    std::os::unix::fs::chown(tmp, Some(meta.uid()), Some(meta.gid())).is_ok()
}

#[cfg(not(unix))]
fn same_owner(_: &Path, _: &std::fs::Metadata) -> bool {
    true
}
