//! Writing a set of output files so that no reader ever sees half of one.
//!
//! Input: a directory and `(file name, text)` pairs. Every text is first
//! written to a temporary file in that directory (same file system, so the
//! rename is atomic); only when all are written are they renamed into place.
//! If any step fails, the files this call already renamed are removed again
//! and the temporary files are deleted (a file that existed before and was
//! replaced is gone then: the set is all or nothing). File names must be
//! plain names, never paths.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use tempfile::NamedTempFile;

/// Writes every file into `dir` (created if missing), all or nothing.
pub fn write_all(dir: &Path, files: &[(String, String)]) -> Result<(), io::Error> {
    for (name, _) in files {
        let mut parts = Path::new(name).components();
        // `a/.` has the single component `a`, so separators are checked too
        let plain = matches!(parts.next(), Some(Component::Normal(_)))
            && parts.next().is_none()
            && !name.contains(['/', '\\']);
        if !plain {
            let msg = format!("`{name}` is not a plain file name");
            return Err(io::Error::new(io::ErrorKind::InvalidInput, msg));
        }
    }
    fs::create_dir_all(dir)?;
    let mut temps = Vec::with_capacity(files.len());
    for (name, text) in files {
        let mut tmp = tempfile::Builder::new()
            .prefix(".misec-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.as_file().sync_all()?;
        temps.push((tmp, dir.join(name)));
    }
    let mut renamed: Vec<PathBuf> = Vec::with_capacity(temps.len());
    let mut temps = temps.into_iter();
    for (tmp, target) in temps.by_ref() {
        if let Err(e) = persist(tmp, &target) {
            for done in &renamed {
                let _ = fs::remove_file(done);
            }
            // the remaining temporary files are deleted as `temps` drops
            return Err(e);
        }
        renamed.push(target);
    }
    Ok(())
}

fn persist(tmp: NamedTempFile, target: &Path) -> Result<(), io::Error> {
    tmp.persist(target).map(|_| ()).map_err(|e| e.error)
}
