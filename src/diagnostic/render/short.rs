//! `--format short`: `FILE:LINE:COL: SEVERITY CODE message`, one line each.

use std::io::{self, Write};

use super::{position, Diagnostic};
use crate::source::Sources;

pub fn item(out: &mut Vec<u8>, sources: &Sources, d: &Diagnostic) -> io::Result<()> {
    let at = position(sources, d.span(), false);
    writeln!(
        out,
        "{}:{}:{}: {} {} {}",
        sources.name(d.span().file),
        at.line,
        at.column,
        d.severity.as_str(),
        d.code,
        d.message
    )
}
