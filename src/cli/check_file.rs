//! One file of `misec check`, on a worker thread: read, analysed in the
//! worker's own workspace, rendered, and forgotten.
//!
//! Input: the path (or standard input's name), the worker's workspace, the
//! output format. Output: a [`Checked`]: the file's diagnostics rendered in
//! order, the diagnostics it found in shared files (a configuration's
//! service-tags setting, a profile file) rendered with their sort keys, the
//! note on the profile it was checked under, or why it could not be read.
//! Invariant: nothing of the file stays in the workspace afterwards, so the
//! worker's memory does not grow with the files it checks.

use std::path::Path;

use super::{inputs, stdin, Trouble};
use crate::diagnostic::render::{fragment, Format, Fragment};
use crate::diagnostic::Diagnostic;
use crate::source::Sources;
use crate::workspace::Workspace;

/// Where a diagnostic goes in the output: the contract sorts by file (as
/// named), then position, then code (then message, so equal places are
/// stable).
pub type Key = (String, u32, u32, &'static str, String);

pub fn key(sources: &Sources, d: &Diagnostic) -> Key {
    let span = d.span();
    (
        sources.name(span.file).to_string(),
        span.start,
        span.end,
        d.code,
        d.message.clone(),
    )
}

/// How the worker renders.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub format: Format,
    pub color: bool,
    /// The file is standard input, known by its path's name.
    pub stdin: bool,
    /// Threads its diagnostics may be rendered over (0: one per CPU, 1:
    /// this one).
    pub threads: usize,
}

/// What one file gives the output.
#[derive(Debug, Default)]
pub struct Checked {
    /// Diagnostics in the file itself, in order.
    pub own: Vec<Fragment>,
    /// Diagnostics in files every checked file may share.
    pub shared: Vec<(Key, Fragment)>,
    /// `FILE is checked under profile ...`, for Azure JSON.
    pub note: Option<String>,
    /// Why the file (or its configuration) could not be read: exit 2.
    pub trouble: Option<String>,
}

pub fn check(ws: &mut Workspace, path: &Path, look: Look) -> Checked {
    let bytes = match look.stdin {
        true => stdin::read_bytes(),
        false => inputs::read_bytes(path),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(Trouble(why)) => {
            return Checked {
                trouble: Some(why),
                ..Checked::default()
            }
        }
    };
    let mark = ws.mark();
    let (text, bad) = inputs::decode(bytes);
    let id = ws.set_text(path, text);
    let out = match bad {
        // a file that is not UTF-8 is not parsed further
        Some(at) => {
            let d = inputs::not_utf8(id, at, ws.sources());
            render(ws.sources(), id, std::slice::from_ref(&d), None, look)
        }
        None => match ws.analyse(path).map(|a| a.is_some()) {
            Ok(true) => {
                let Some(a) = ws.analysis(path) else {
                    return Checked::default();
                };
                let note = a.inferred.as_ref().map(|inferred| {
                    format!(
                        "{} is checked under profile `{}`: {}",
                        path.display(),
                        inferred.profile,
                        inferred.reason
                    )
                });
                render(ws.sources(), id, &a.analysis.diagnostics, note, look)
            }
            Ok(false) => Checked::default(),
            Err(why) => Checked {
                trouble: Some(why),
                ..Checked::default()
            },
        },
    };
    ws.forget(path, mark);
    out
}

/// The fewest diagnostics of a file drawn over several threads: a report
/// takes a few microseconds to draw, and a thread's start-up about what a
/// thousand take.
const SPREAD_MIN: usize = 1_000;

/// `diagnostics` are sorted (file, position, code): those of file `id` keep
/// that order; the others are keyed for the merge.
fn render(
    sources: &Sources,
    id: crate::source::FileId,
    diagnostics: &[Diagnostic],
    note: Option<String>,
    look: Look,
) -> Checked {
    let mut out = Checked {
        note,
        ..Checked::default()
    };
    // a large template has thousands of reports, each drawn on its own;
    // a few hundred are not worth a thread
    let threads = crate::spread::when(diagnostics.len() >= SPREAD_MIN, look.threads);
    let drawn = crate::spread::map(threads, diagnostics.len(), |k| {
        diagnostics
            .get(k)
            .map(|d| fragment(look.format, look.color, sources, d))
    });
    for (d, drawn) in diagnostics.iter().zip(drawn) {
        let Some(drawn) = drawn else {
            continue;
        };
        let rendered = match drawn {
            Ok(f) => f,
            Err(e) => {
                out.trouble = Some(format!("cannot render a diagnostic: {e}"));
                continue;
            }
        };
        if d.span().file == id {
            out.own.push(rendered);
        } else {
            out.shared.push((key(sources, d), rendered));
        }
    }
    out
}
