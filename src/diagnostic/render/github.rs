//! `--format github`: GitHub Actions workflow commands, one per diagnostic
//! (`::error file=F,line=L,col=C,title=CODE::message`). Property values and
//! messages are escaped as the runner expects (`%`, `\r`, `\n`, and `:`/`,` in
//! properties).

use std::io::{self, Write};

use super::{position, Diagnostic};
use crate::diagnostic::Severity;
use crate::source::Sources;

pub fn item(out: &mut Vec<u8>, sources: &Sources, d: &Diagnostic) -> io::Result<()> {
    let start = position(sources, d.span(), false);
    let end = position(sources, d.span(), true);
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    writeln!(
        out,
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(sources.name(d.span().file)),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(d.code),
        escape_data(&message)
    )
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_would_misread() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("C:\\a,b"), "C%3A\\a%2Cb");
    }
}
