//! Finding and reading input files. A directory means every `.misec` file
//! below it (sorted, hidden directories skipped, symbolic links to
//! directories not followed). Bytes that are not UTF-8 still get an answer: the
//! text is read lossily and an E002 points at the first bad byte.

use std::path::{Path, PathBuf};

use super::Trouble;
use crate::bounded;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Sources, Span};

/// Expands the command line's paths into files, in a stable order.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Trouble> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| {
            Trouble(format!(
                "cannot read `{}`: {}",
                path.display(),
                describe(&e)
            ))
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// [`expand`] that goes on past a path it cannot read: the files found, and
/// one message per path that gave none (missing, unreadable, or a directory
/// without `.misec` files). A file named twice (or found twice) is listed
/// once.
pub fn expand_each(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Trouble>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for path in paths {
        match expand(std::slice::from_ref(path)) {
            Ok(found) if found.is_empty() => problems.push(Trouble(format!(
                "no `.misec` file found in `{}`",
                path.display()
            ))),
            Ok(found) => {
                for f in found {
                    let key = std::fs::canonicalize(&f).unwrap_or_else(|_| f.clone());
                    if seen.insert(key) {
                        files.push(f);
                    }
                }
            }
            Err(t) => problems.push(t),
        }
    }
    (files, problems)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), Trouble> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Trouble(format!(
            "cannot read directory `{}`: {}",
            dir.display(),
            describe(&e)
        ))
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| {
            Trouble(format!(
                "cannot read directory `{}`: {}",
                dir.display(),
                describe(&e)
            ))
        })?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let kind = entry.file_type().map_err(|e| Trouble(describe(&e)))?;
        if kind.is_dir() && !hidden {
            walk(&path, found)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "misec") {
            found.push(path);
        }
    }
    Ok(())
}

/// An I/O error in words, without the OS error number.
pub fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
    }
}

/// Reads a file (or stdin for `-`) into the source table under the name the
/// user gave.
pub fn read(path: &Path, sources: &mut Sources) -> Result<(FileId, Vec<Diagnostic>), Trouble> {
    let bytes = read_bytes(path)?;
    Ok(add_bytes(path.display().to_string(), bytes, sources))
}

/// The bytes of a file (or stdin for `-`), refusing directories and files
/// larger than the input limit ([`bounded::INPUT`], E003).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Trouble> {
    let name = path.display().to_string();
    if name == "-" {
        return bounded::read_stdin(bounded::INPUT)
            .map_err(|e| Trouble(e.message("cannot read standard input", "-")));
    }
    let meta = std::fs::metadata(path)
        .map_err(|e| Trouble(format!("cannot read `{name}`: {}", describe(&e))))?;
    if meta.is_dir() {
        return Err(Trouble(format!("`{name}` is a directory")));
    }
    // a device or a pipe that never ends stops at the limit (E003)
    bounded::read(path, bounded::INPUT)
        .map_err(|e| Trouble(e.message(&format!("cannot read `{name}`"), &name)))
}

/// Bytes as text: invalid UTF-8 is read lossily, and the offset of the first
/// bad byte is returned for [`not_utf8`].
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(err.as_bytes()).into_owned(),
                Some(at),
            )
        }
    }
}

/// E002 at the first bad byte `at` of file `id` (as [`decode`] gave it).
pub fn not_utf8(id: FileId, at: usize, sources: &Sources) -> Diagnostic {
    let end = sources
        .text(id)
        .get(at..)
        .unwrap_or("")
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    Diagnostic::new(
        "E002",
        Span::new(id, at, end),
        "file is not valid UTF-8 text",
    )
    .label("this byte is not UTF-8")
    .help("save the file as UTF-8")
}

/// Adds bytes to the source table; invalid UTF-8 gets an E002 at the first
/// bad byte.
pub fn add_bytes(name: String, bytes: Vec<u8>, sources: &mut Sources) -> (FileId, Vec<Diagnostic>) {
    let (text, bad) = decode(bytes);
    let id = sources.add(name, text);
    let problems = bad.map(|at| not_utf8(id, at, sources));
    (id, problems.into_iter().collect())
}
