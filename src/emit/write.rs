//! Writing a set of output files so that no reader ever sees half of one,
//! and a failure changes nothing.
//!
//! Input: a directory and `(file name, text)` pairs. Every text is first
//! written to a temporary file in that directory (same file system, so the
//! rename is atomic), created as any new file is (so the umask decides its
//! mode) or, where the file exists, with the existing file's mode. Only when
//! all are written are they renamed into place; each file replaced is kept
//! aside (a hard link, else a copy) until every rename has succeeded. If any
//! step fails, replaced files get their old content back, new files are
//! removed, temporaries deleted, and a directory this call created is removed
//! again: the directory holds what it held before. File names must be plain
//! names, never paths. The error names the path that failed.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

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
    let created = missing_ancestors(dir);
    fs::create_dir_all(dir).map_err(|e| at(dir, e))?;
    let mut job = Job::default();
    let result = job.run(dir, files);
    if result.is_err() {
        job.undo();
        for d in &created {
            let _ = fs::remove_dir(d);
        }
    }
    job.cleanup();
    result
}

/// The directories `create_dir_all(dir)` would create, deepest first.
fn missing_ancestors(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut d = Some(dir);
    while let Some(p) = d.filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        out.push(p.to_path_buf());
        d = p.parent();
    }
    out
}

#[derive(Default)]
struct Job {
    /// Temporary files not yet renamed.
    temps: Vec<PathBuf>,
    /// `(target, kept-aside copy of its old content or None when new)`,
    /// for targets already renamed.
    done: Vec<(PathBuf, Option<PathBuf>)>,
    /// Old contents kept aside, not yet attached to a rename.
    kept: Vec<(PathBuf, Option<PathBuf>)>,
}

impl Job {
    fn run(&mut self, dir: &Path, files: &[(String, String)]) -> Result<(), io::Error> {
        let mut staged = Vec::with_capacity(files.len());
        for (i, (name, text)) in files.iter().enumerate() {
            let target = dir.join(name);
            let tmp = self.fresh(dir, "tmp", i)?;
            self.temps.push(tmp.clone());
            let mut f = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
                .map_err(|e| at(dir, e))?;
            if let Ok(meta) = fs::metadata(&target) {
                let _ = f.set_permissions(meta.permissions());
            }
            f.write_all(text.as_bytes()).map_err(|e| at(&target, e))?;
            f.sync_all().map_err(|e| at(&target, e))?;
            staged.push((tmp, target));
        }
        for (i, (_, target)) in staged.iter().enumerate() {
            let aside = match fs::symlink_metadata(target) {
                Ok(meta) if meta.is_file() => {
                    let keep = self.fresh(dir, "old", i)?;
                    if fs::hard_link(target, &keep).is_err() {
                        fs::copy(target, &keep).map_err(|e| at(target, e))?;
                    }
                    Some(keep)
                }
                _ => None,
            };
            self.kept.push((target.clone(), aside));
        }
        let kept = std::mem::take(&mut self.kept);
        let mut pending: Vec<_> = staged.into_iter().zip(kept).collect();
        pending.reverse();
        while let Some(((tmp, target), kept)) = pending.pop() {
            if let Err(e) = fs::rename(&tmp, &target) {
                self.kept.push(kept);
                self.kept.extend(pending.into_iter().map(|(_, k)| k));
                return Err(at(&target, e));
            }
            self.temps.retain(|t| t != &tmp);
            self.done.push(kept);
        }
        // success: the old contents are no longer needed
        for (_, aside) in std::mem::take(&mut self.done) {
            if let Some(a) = aside {
                let _ = fs::remove_file(a);
            }
        }
        Ok(())
    }

    /// A name in `dir` that nothing uses yet.
    fn fresh(&self, dir: &Path, what: &str, i: usize) -> Result<PathBuf, io::Error> {
        for n in 0..1000 {
            let p = dir.join(format!(".misec-{}-{i}-{n}.{what}", std::process::id()));
            if fs::symlink_metadata(&p).is_err() {
                return Ok(p);
            }
        }
        let e = io::Error::new(io::ErrorKind::AlreadyExists, "no free temporary name");
        Err(at(dir, e))
    }

    /// Puts back what the renames replaced, newest first.
    fn undo(&mut self) {
        for (target, aside) in self.done.drain(..).rev() {
            match aside {
                Some(a) => {
                    let _ = fs::rename(&a, &target);
                }
                None => {
                    let _ = fs::remove_file(&target);
                }
            }
        }
    }

    fn cleanup(&mut self) {
        for t in self.temps.drain(..) {
            let _ = fs::remove_file(t);
        }
        for (_, aside) in self.kept.drain(..) {
            if let Some(a) = aside {
                let _ = fs::remove_file(a);
            }
        }
    }
}

/// The error, saying which path it concerns, in words (no OS error number).
fn at(path: &Path, e: io::Error) -> io::Error {
    let why = match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
    };
    io::Error::new(
        e.kind(),
        format!("cannot write `{}`: {why}", path.display()),
    )
}
