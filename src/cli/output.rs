//! Writing to the terminal: colour choice, and a broken pipe (`misec … | head`)
//! treated as the reader having seen enough, not as an error.

use std::io::{self, IsTerminal, Write};

use super::ColorChoice;

pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal(),
    }
}

pub fn use_color_on_stderr(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && io::stderr().is_terminal(),
    }
}

/// Runs `write` on a buffered, locked stdout. A broken pipe ends the output
/// quietly; any other write error is returned.
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let stdout = io::stdout();
    // a large report is megabytes: fewer, larger writes
    let mut out = io::BufWriter::with_capacity(64 << 10, stdout.lock());
    let result = write(&mut out).and_then(|()| out.flush());
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// `misec: <message>` on stderr, for failures to run at all.
pub fn error_line(message: &str) {
    let _ = writeln!(io::stderr(), "misec: {message}");
}
