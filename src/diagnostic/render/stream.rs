//! Output a diagnostic at a time. [`fragment`] renders one diagnostic alone
//! (with the source table it points into); [`Stream`] writes fragments in
//! the order given, framed as the format's document (the JSON and SARIF
//! documents' heads, separators and tails; the human summary line).
//!
//! Invariant: beginning a stream, writing the fragments of sorted
//! diagnostics and finishing it gives the same bytes as rendering them all
//! at once ([`super::render`] is exactly that), so a fleet run can drop each
//! file's sources once its fragments exist.

use std::io::{self, Write};

use super::{github, human, json, sarif, short, Diagnostic, Format, Summary};
use crate::diagnostic::Severity;
use crate::source::Sources;

/// One diagnostic, rendered: its bytes in the stream, and its severity for
/// the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub severity: Severity,
    pub bytes: Vec<u8>,
}

/// Renders `d` alone in `format` (`color` only affects `Human`).
pub fn fragment(
    format: Format,
    color: bool,
    sources: &Sources,
    d: &Diagnostic,
) -> io::Result<Fragment> {
    let mut bytes = Vec::new();
    match format {
        Format::Human => human::item(&mut bytes, color, sources, d)?,
        Format::Short => short::item(&mut bytes, sources, d)?,
        Format::Json => json::item(&mut bytes, sources, d)?,
        Format::Sarif => sarif::item(&mut bytes, sources, d)?,
        Format::Github => github::item(&mut bytes, sources, d)?,
    }
    Ok(Fragment {
        severity: d.severity,
        bytes,
    })
}

/// A document being written, a fragment at a time.
pub struct Stream<'w> {
    out: &'w mut dyn Write,
    format: Format,
    counts: Summary,
}

impl<'w> Stream<'w> {
    /// Writes what comes before the first diagnostic.
    pub fn begin(out: &'w mut dyn Write, format: Format) -> io::Result<Stream<'w>> {
        match format {
            Format::Json => out.write_all(json::frame(Summary::default()).0.as_bytes())?,
            Format::Sarif => out.write_all(sarif::frame().0.as_bytes())?,
            _ => {}
        }
        Ok(Stream {
            out,
            format,
            counts: Summary::default(),
        })
    }

    /// Writes one fragment in its place.
    pub fn write(&mut self, fragment: &Fragment) -> io::Result<()> {
        let first = self.written() == 0;
        let depth = match self.format {
            Format::Json => Some(json::DEPTH),
            Format::Sarif => Some(sarif::DEPTH),
            _ => None,
        };
        if let Some(depth) = depth {
            self.out.write_all(if first { b"[\n" } else { b",\n" })?;
            self.out.write_all(&b" ".repeat(2 * depth))?;
        }
        self.out.write_all(&fragment.bytes)?;
        match fragment.severity {
            Severity::Error => self.counts.errors += 1,
            Severity::Warning => self.counts.warnings += 1,
            Severity::Info => self.counts.infos += 1,
        }
        Ok(())
    }

    /// Pushes what was written so far out of any buffer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// How many fragments were written.
    pub fn written(&self) -> usize {
        self.counts.errors + self.counts.warnings + self.counts.infos
    }

    /// The counts of what was written, for `files` files.
    pub fn summary(&self, files: usize) -> Summary {
        Summary {
            files,
            ..self.counts
        }
    }

    /// Writes what comes after the last diagnostic; `summary` is what the
    /// JSON document and the human summary line say.
    pub fn finish(self, summary: Summary) -> io::Result<()> {
        let any = self.written() > 0;
        let close = |depth: usize| match any {
            true => format!("\n{}]", " ".repeat(2 * (depth - 1))),
            false => "[]".to_string(),
        };
        match self.format {
            Format::Json => {
                self.out.write_all(close(json::DEPTH).as_bytes())?;
                self.out.write_all(json::frame(summary).1.as_bytes())
            }
            Format::Sarif => {
                self.out.write_all(close(sarif::DEPTH).as_bytes())?;
                self.out.write_all(sarif::frame().1.as_bytes())
            }
            Format::Human if any => writeln!(self.out, "{}", human::summary_line(summary)),
            _ => Ok(()),
        }
    }
}
