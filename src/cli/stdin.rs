//! `misec check -`: one file read from standard input.
//!
//! Input: the command line's paths and `--stdin-filename`. Output: the name
//! the text is known by (the given file name, else `-`), read into the source
//! table. That name is what diagnostics show, what decides `.misec` against
//! `.json`, and where the search for `.misec.yaml` starts (the file need not
//! exist; without a name the search starts in the working directory).
//! Invariant: standard input is read at most once per run, and never more
//! than [`inputs::MAX_INPUT_BYTES`].

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{inputs, Trouble};

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

/// The bytes of standard input, at most [`inputs::MAX_INPUT_BYTES`].
pub fn read_bytes() -> Result<Vec<u8>, Trouble> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(inputs::MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Trouble(format!(
                "cannot read standard input: {}",
                inputs::describe(&e)
            ))
        })?;
    if bytes.len() as u64 > inputs::MAX_INPUT_BYTES {
        return Err(Trouble(format!(
            "standard input is larger than {} MiB, the most misec reads",
            inputs::MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    Ok(bytes)
}
