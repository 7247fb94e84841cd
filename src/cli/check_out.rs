//! The output of `misec check`, in the contract's order while files are
//! still being checked.
//!
//! Input: the checked files' results in name order, and the diagnostics of
//! shared files (configurations, the parameters file, `--profile`, profile
//! files) as they become known. Output: one stream in the chosen format,
//! sorted by file name, then position, then code.
//!
//! Invariants:
//! - A diagnostic of a shared file is written once, however many files
//!   report it, just before the first checked file whose name sorts after
//!   its own. Configurations, the parameters file and `--profile` are read
//!   before any file is checked, so theirs are always in place; a profile
//!   file that only a `.misec` file names is known when that file is
//!   checked, and comes before it (and so after any earlier file whose name
//!   sorts after the profile's: the one place a stream differs from a
//!   sorted whole).
//! - What waits is only shared files' diagnostics: a checked file's output
//!   is written when its turn comes and then dropped.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use super::check_file::{Checked, Key};
use crate::diagnostic::render::{Fragment, Stream, Summary};

pub struct Emitter<'w> {
    stream: Stream<'w>,
    waiting: BTreeMap<Key, Fragment>,
    seen: BTreeSet<Key>,
}

impl<'w> Emitter<'w> {
    pub fn new(stream: Stream<'w>) -> Emitter<'w> {
        Emitter {
            stream,
            waiting: BTreeMap::new(),
            seen: BTreeSet::new(),
        }
    }

    /// A diagnostic of a shared file; repeats of one already given are
    /// dropped.
    pub fn shared(&mut self, key: Key, fragment: Fragment) {
        if self.seen.insert(key.clone()) {
            self.waiting.insert(key, fragment);
        }
    }

    /// Writes a checked file's diagnostics, after the shared ones that sort
    /// before it.
    pub fn file(&mut self, name: &str, checked: &mut Checked) -> io::Result<()> {
        for (key, fragment) in std::mem::take(&mut checked.shared) {
            self.shared(key, fragment);
        }
        self.flush(Some(name))?;
        for fragment in &checked.own {
            self.stream.write(fragment)?;
        }
        Ok(())
    }

    /// What was written so far, for `files` files.
    pub fn summary(&self, files: usize) -> Summary {
        self.stream.summary(files)
    }

    /// Pushes what was written out of any buffer.
    pub fn flush_out(&mut self) -> io::Result<()> {
        self.stream.flush()
    }

    /// Writes the waiting shared diagnostics that sort before `name` (all,
    /// for `None`).
    fn flush(&mut self, name: Option<&str>) -> io::Result<()> {
        while let Some(entry) = self.waiting.first_entry() {
            if name.is_some_and(|n| entry.key().0.as_str() >= n) {
                break;
            }
            let fragment = entry.remove();
            self.stream.write(&fragment)?;
        }
        Ok(())
    }

    /// Writes what waits and closes the document; returns what was written.
    pub fn finish(mut self, files: usize) -> io::Result<Summary> {
        self.flush(None)?;
        let summary = self.stream.summary(files);
        self.stream.finish(summary)?;
        Ok(summary)
    }
}
