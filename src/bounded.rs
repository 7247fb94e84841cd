//! Reading a file the user named, never more than a limit.
//!
//! Input: a path (or standard input) and the [`Limit`] for what it is: an
//! input file, a profile, a configuration or a service-tags file. Output:
//! its bytes or text, or a [`ReadError`] that says why in words. A device
//! or a pipe that never ends (`/dev/zero`, a FIFO fed forever) ends in the
//! size error (E003) instead of reading forever or filling memory.
//! Invariant: at most `limit + 1` bytes are read; a regular file larger than
//! the limit is refused before any is read.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// How much of one kind of file misec reads, and what to call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    /// "an input file", "a profile file", …
    pub what: &'static str,
}

const MIB: u64 = 1024 * 1024;

/// A `.misec` file or Azure JSON given to a verb (also on standard input).
pub const INPUT: Limit = Limit {
    bytes: 256 * MIB,
    what: "an input file",
};
/// A profile YAML file: a few dozen rules and routes.
pub const PROFILE: Limit = Limit {
    bytes: 16 * MIB,
    what: "a profile file",
};
/// `.misec.yaml`: a profile name, a file name and severities.
pub const CONFIG: Limit = Limit {
    bytes: 16 * MIB,
    what: "a configuration file",
};
/// Azure's service-tags JSON (a few MiB, growing).
pub const TAGS: Limit = Limit {
    bytes: 256 * MIB,
    what: "a service-tags file",
};

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// More than the limit (E003).
    TooLarge(Limit),
    Io(io::Error),
}

impl ReadError {
    /// The reason in words, lowercase, without the OS error number: for a
    /// label, or after "cannot read `FILE`: ".
    pub fn reason(&self) -> String {
        match self {
            ReadError::TooLarge(limit) => format!(
                "larger than {} MiB, the most misec reads of {}",
                limit.bytes / MIB,
                limit.what
            ),
            ReadError::Io(e) => match e.kind() {
                io::ErrorKind::NotFound => "no such file or directory".to_string(),
                io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => {
                    let s = e.to_string();
                    s.split(" (os error").next().unwrap_or(&s).to_lowercase()
                }
            },
        }
    }

    /// The message of a command that cannot go on: `doing` says what failed
    /// ("cannot read configuration `.misec.yaml`"). A file over its limit is
    /// E003 with a help line, since no span in any file can show it.
    pub fn message(&self, doing: &str, name: &str) -> String {
        match self {
            ReadError::TooLarge(limit) => format!(
                "error[E003]: `{name}` is {}\n  = help: {}",
                self.reason(),
                help(*limit)
            ),
            ReadError::Io(_) => format!("{doing}: {}", self.reason()),
        }
    }
}

/// What to do about a file over `limit`.
pub fn help(limit: Limit) -> String {
    format!(
        "give {} of at most {} MiB; a device or a pipe that never ends cannot be read",
        limit.what,
        limit.bytes / MIB
    )
}

/// The bytes of the file at `path`, at most `limit.bytes` of them.
pub fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    let file = File::open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_file() && meta.len() > limit.bytes {
        return Err(ReadError::TooLarge(limit));
    }
    let capacity = if meta.is_file() { meta.len() } else { 0 };
    take(file, limit, capacity)
}

/// The text of the file at `path`; bytes that are not UTF-8 are an error.
pub fn read_string(path: &Path, limit: Limit) -> Result<String, ReadError> {
    let bytes = read(path, limit)?;
    String::from_utf8(bytes).map_err(|_| {
        ReadError::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

/// Standard input, at most `limit.bytes` of it.
pub fn read_stdin(limit: Limit) -> Result<Vec<u8>, ReadError> {
    take(io::stdin().lock(), limit, 0)
}

fn take(reader: impl Read, limit: Limit, capacity: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    reader
        .take(limit.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    match bytes.len() as u64 > limit.bytes {
        true => Err(ReadError::TooLarge(limit)),
        false => Ok(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_that_never_ends_stops_at_the_limit() {
        let small = Limit {
            bytes: 2 * MIB,
            what: "a test file",
        };
        if !Path::new("/dev/zero").exists() {
            eprintln!("note: no /dev/zero here; skipping");
            return;
        }
        let err = read(Path::new("/dev/zero"), small).unwrap_err();
        assert_eq!(
            err.message("cannot read", "/dev/zero"),
            "error[E003]: `/dev/zero` is larger than 2 MiB, the most misec reads of a test file\n  = help: give a test file of at most 2 MiB; a device or a pipe that never ends cannot be read"
        );
    }

    #[test]
    fn a_missing_file_says_so_in_words() {
        let err = read(Path::new("/nonexistent/x.misec"), INPUT).unwrap_err();
        assert_eq!(
            err.message("cannot read `x`", "x"),
            "cannot read `x`: no such file or directory"
        );
    }
}
