//! `misec check -`: one file read from standard input.
//!
//! Input: the command line's paths and `--stdin-filename`. Output: the name
//! the text is known by (the given file name, else `-`), read into the source
//! table. That name is what diagnostics show, what decides `.misec` against
//! `.json`, and where the search for `.misec.yaml` starts (the file need not
//! exist; without a name the search starts in the working directory).
//! Invariant: standard input is read at most once per run, and never more
//! than [`crate::bounded::INPUT`].

use std::path::{Path, PathBuf};

use super::Trouble;

/// The name standard input goes by, when the paths ask for it (`-`); a usage
/// error when `-` is mixed with other paths or a name is given without `-`.
pub fn name(paths: &[PathBuf], stdin_filename: Option<&Path>) -> Result<Option<PathBuf>, Trouble> {
    let dash = paths.iter().any(|p| p == Path::new("-"));
    match (dash, stdin_filename) {
        (true, _) if paths.len() > 1 => Err(Trouble(
            "`-` reads one file from standard input and must be the only path".to_string(),
        )),
        (true, Some(name)) => Ok(Some(name.to_path_buf())),
        (true, None) => Ok(Some(PathBuf::from("-"))),
        (false, Some(_)) => Err(Trouble(
            "`--stdin-filename` names standard input: give `-` as the path".to_string(),
        )),
        (false, None) => Ok(None),
    }
}

/// The bytes of standard input, up to the input limit (E003 beyond it).
pub fn read_bytes() -> Result<Vec<u8>, Trouble> {
    crate::bounded::read_stdin(crate::bounded::INPUT)
        .map_err(|e| Trouble(e.message("cannot read standard input", "-")))
}
