//! `misec build --check -o DIR`: is what DIR holds what the source compiles
//! to? Pipelines use it to prove the committed JSON is current.
//!
//! Input: the output directory and the artifacts built in memory (plain file
//! names and texts). Output: one line per artifact that differs on stdout,
//! `stale DIR/NAME` (the file's bytes differ) or `missing DIR/NAME`, in the
//! artifacts' order, and whether any was found. Nothing is ever written.
//!
//! Other files in DIR are not reported: a directory commonly holds the
//! artifacts of several builds (one ARM template per `.misec` file) next to
//! parameter files and the like, and this build cannot tell which of them it
//! once wrote.

use std::path::Path;

use super::{inputs, output, Trouble};

/// Prints the stale and missing artifacts; `Ok(true)` when there are any.
pub fn compare(dir: &Path, files: &[(String, String)]) -> Result<bool, Trouble> {
    let mut lines = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == text.as_bytes() => {}
            Ok(_) => lines.push(format!("stale {}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                lines.push(format!("missing {}", path.display()))
            }
            Err(e) => {
                return Err(Trouble(format!(
                    "cannot read `{}`: {}",
                    path.display(),
                    inputs::describe(&e)
                )))
            }
        }
    }
    output::to_stdout(|out| lines.iter().try_for_each(|l| writeln!(out, "{l}")))?;
    Ok(!lines.is_empty())
}
