//! The byte sink of misec's own human snippet writer ([`super::snippet`]).
//!
//! Input: text and style changes, in the order codespan-reporting's renderer
//! makes them. Output: bytes appended to a buffer; with colour, the escape
//! sequences that codespan-reporting's `StylesWriter` over `termcolor::Ansi`
//! writes for `Styles::default()`, one per style call, never merged or
//! skipped, so that the bytes are the same as that writer's.
//!
//! Invariant: without colour, style calls write nothing.

use crate::diagnostic::Severity;

/// `termcolor::Ansi::reset`.
const RESET: &str = "\x1b[0m";
/// A `ColorSpec` is written as a reset, then bold, then the foreground:
/// intense colours as `38;5;N`, plain ones as `3N`.
const HEADER_ERROR: &str = "\x1b[0m\x1b[1m\x1b[38;5;9m";
const HEADER_WARNING: &str = "\x1b[0m\x1b[1m\x1b[38;5;11m";
const HEADER_NOTE: &str = "\x1b[0m\x1b[1m\x1b[38;5;10m";
const HEADER_MESSAGE: &str = "\x1b[0m\x1b[1m";
const RED: &str = "\x1b[0m\x1b[31m";
const YELLOW: &str = "\x1b[0m\x1b[33m";
const GREEN: &str = "\x1b[0m\x1b[32m";
/// Line numbers, borders, note bullets and secondary labels.
const CYAN: &str = "\x1b[0m\x1b[36m";

/// A buffer being written, with the diagnostic's severity (which picks the
/// colours of the header and of primary labels).
pub(super) struct Out<'a> {
    pub buf: &'a mut Vec<u8>,
    color: bool,
    severity: Severity,
}

impl<'a> Out<'a> {
    pub fn new(buf: &'a mut Vec<u8>, color: bool, severity: Severity) -> Out<'a> {
        Out {
            buf,
            color,
            severity,
        }
    }

    pub fn color(&self) -> bool {
        self.color
    }

    pub fn text(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    pub fn byte(&mut self, b: u8) {
        self.buf.push(b);
    }

    pub fn repeat(&mut self, b: u8, n: usize) {
        self.buf.resize(self.buf.len() + n, b);
    }

    fn style(&mut self, escape: &str) {
        if self.color {
            self.buf.extend_from_slice(escape.as_bytes());
        }
    }

    pub fn reset(&mut self) {
        self.style(RESET);
    }

    pub fn header(&mut self) {
        self.style(match self.severity {
            Severity::Error => HEADER_ERROR,
            Severity::Warning => HEADER_WARNING,
            Severity::Info => HEADER_NOTE,
        });
    }

    pub fn header_message(&mut self) {
        self.style(HEADER_MESSAGE);
    }

    /// Line numbers, the source border and note bullets share one colour.
    pub fn border(&mut self) {
        self.style(CYAN);
    }

    pub fn label(&mut self, primary: bool) {
        if !primary {
            return self.style(CYAN);
        }
        self.style(match self.severity {
            Severity::Error => RED,
            Severity::Warning => YELLOW,
            Severity::Info => GREEN,
        });
    }
}
