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
use crate::bounded::{self, ReadError};

/// Prints the stale and missing artifacts; `Ok(true)` when there are any.
pub fn compare(dir: &Path, files: &[(String, String)]) -> Result<bool, Trouble> {
    let mut lines = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        // no more than the artifact is read: a longer file is stale
        let limit = bounded::Limit {
            bytes: text.len() as u64,
            what: "an artifact",
        };
        match bounded::read(&path, limit) {
            Ok(bytes) if bytes == text.as_bytes() => {}
            Ok(_) | Err(ReadError::TooLarge(_)) => lines.push(format!("stale {}", path.display())),
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                lines.push(format!("missing {}", path.display()))
            }
            Err(ReadError::Io(e)) => {
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
