//! `--format short`: `FILE:LINE:COL: SEVERITY CODE message`, one line each.

use std::io::{self, Write};

use super::{position, Diagnostic};
use crate::source::Sources;

pub fn render(
    out: &mut dyn Write,
    sources: &Sources,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    for d in diagnostics {
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
        )?;
    }
    Ok(())
}
