//! The fast path of the JSON reader: one pass over the bytes for text that
//! is plainly valid, building the same [`Json`] tree as [`super::json`]'s
//! parser over `jsonc-parser`'s scanner, with the same spans.
//!
//! Input: the text after the byte order mark, the file and the mark's
//! length. Output: `Some(tree)`, or `None` as soon as anything is not plain
//! JSON with comments: an error, but also whatever this reader does not
//! handle itself (`\u` escapes, non-ASCII between tokens, deep nesting).
//! The caller then reads the text again with the full parser, which gives
//! the tree or the exact diagnostic.
//!
//! Invariant: `Some(tree)` only where the full parser gives `Ok(tree)`; a
//! test compares the two on every prefix and mutation of a sample and on
//! random token sequences. Recursion is bounded by [`MAX_DEPTH`].

use std::borrow::Cow;

use super::json::{Json, Member, Value};
use crate::source::{FileId, Span};

/// Deeper nesting is left to the full parser (which limits it at 512
/// levels, objects counting twice): templates stay far below.
const MAX_DEPTH: usize = 128;

/// `None` means "ask the full parser" (see the module's documentation).
pub fn parse<'a>(file: FileId, body: &'a str, offset: usize) -> Option<Json<'a>> {
    let mut reader = Reader {
        text: body,
        bytes: body.as_bytes(),
        at: 0,
        file,
        offset,
        depth: 0,
        members: Vec::new(),
        items: Vec::new(),
    };
    reader.blank()?;
    let value = reader.value()?;
    reader.blank()?;
    (reader.at == reader.bytes.len()).then_some(value)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// The next byte to read.
    at: usize,
    file: FileId,
    offset: usize,
    depth: usize,
    /// Members and items of the objects and arrays being read, innermost
    /// last: each is moved into a vector of its exact size when it closes.
    members: Vec<Member<'a>>,
    items: Vec<Json<'a>>,
}

impl<'a> Reader<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start + self.offset, end + self.offset)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Skips whitespace and comments; `None` on an unterminated block
    /// comment, a lone `/` or non-ASCII (maybe Unicode whitespace).
    #[inline]
    fn blank(&mut self) -> Option<()> {
        // between tokens there is mostly nothing, or one space or newline
        // and indentation: those inline, comments and the rest in `blanks`
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
        match self.peek() {
            Some(b'/' | 0x0B | 0x0C | 0x80..) => self.blanks(),
            _ => Some(()),
        }
    }

    #[cold]
    fn blanks(&mut self) -> Option<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => self.at += 1,
                Some(b'/') => match self.bytes.get(self.at + 1) {
                    Some(b'/') => {
                        // a line comment ends at `\n` or `\r`, as the scanner's
                        let rest = self.bytes.get(self.at + 2..)?;
                        self.at += 2 + rest
                            .iter()
                            .position(|&b| b == b'\n' || b == b'\r')
                            .unwrap_or(rest.len());
                    }
                    Some(b'*') => {
                        let rest = self.bytes.get(self.at + 2..)?;
                        let close = rest.windows(2).position(|w| w == b"*/")?;
                        self.at += 2 + close + 2;
                    }
                    _ => return None,
                },
                Some(b) if b >= 0x80 => return None,
                _ => return Some(()),
            }
        }
    }

    fn value(&mut self) -> Option<Json<'a>> {
        let start = self.at;
        let value = match self.peek()? {
            b'{' => return self.object(),
            b'[' => return self.array(),
            b'"' => Value::String(self.string()?),
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            b't' => self.word(b"true", Value::Bool(true))?,
            b'f' => self.word(b"false", Value::Bool(false))?,
            b'n' => self.word(b"null", Value::Null)?,
            _ => return None,
        };
        Some(Json {
            span: self.span(start, self.at),
            value,
        })
    }

    /// `true`, `false` or `null`, not followed by what would make it a word.
    fn word(&mut self, word: &[u8], value: Value<'a>) -> Option<Value<'a>> {
        let end = self.at + word.len();
        if self.bytes.get(self.at..end)? != word {
            return None;
        }
        match self.bytes.get(end) {
            Some(&b) if b.is_ascii_alphanumeric() || b == b'$' || b >= 0x80 => None,
            _ => {
                self.at = end;
                Some(value)
            }
        }
    }

    /// A number in JSON's grammar, as written.
    fn number(&mut self) -> Option<&'a str> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => {
                self.at += 1;
                if matches!(self.peek(), Some(b'x' | b'X')) {
                    return None;
                }
            }
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'-' | b'+')) {
                self.at += 1;
            }
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        self.text.get(start..self.at)
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    /// A double-quoted string at `self.at`: borrowed when it has no escape,
    /// decoded when its escapes are the one-character ones.
    #[inline]
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.at + 1;
        let rest = self.bytes.get(start..)?;
        // `"` and `\` are ASCII: they never occur inside a multi-byte character
        let stop = quote_or_backslash(rest)?;
        if rest.get(stop) == Some(&b'"') {
            self.at = start + stop + 1;
            return self.text.get(start..start + stop).map(Cow::Borrowed);
        }
        self.escaped(start, start + stop)
    }

    /// The rest of [`Reader::string`] from its first `\` at `i`.
    #[cold]
    fn escaped(&mut self, start: usize, mut i: usize) -> Option<Cow<'a, str>> {
        let mut owned = String::new();
        let mut from = start;
        loop {
            match self.bytes.get(i)? {
                b'"' => {
                    owned.push_str(self.text.get(from..i)?);
                    self.at = i + 1;
                    return Some(Cow::Owned(owned));
                }
                b'\\' => {
                    owned.push_str(self.text.get(from..i)?);
                    owned.push(match self.bytes.get(i + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{08}',
                        b'f' => '\u{0C}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        // `\u` (surrogate pairs) and errors: the full parser
                        _ => return None,
                    });
                    i += 2;
                    from = i;
                }
                _ => i += 1,
            }
        }
    }

    /// Moves past `byte` after blanks, or `None`.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.blank()?;
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn object(&mut self) -> Option<Json<'a>> {
        let start = self.at;
        self.at += 1;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let first = self.members.len();
        self.blank()?;
        if self.peek()? == b'}' {
            self.at += 1;
        } else {
            loop {
                if self.peek()? != b'"' {
                    return None;
                }
                let key_start = self.at;
                let key = self.string()?;
                let key_span = self.span(key_start, self.at);
                self.expect(b':')?;
                self.blank()?;
                let value = self.value()?;
                self.members.push(Member {
                    key,
                    key_span,
                    value,
                });
                self.blank()?;
                match self.peek()? {
                    b',' => {
                        self.at += 1;
                        self.blank()?;
                    }
                    b'}' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        let members = self.members.split_off(first);
        Some(Json {
            span: self.span(start, self.at),
            value: Value::Object(members),
        })
    }

    fn array(&mut self) -> Option<Json<'a>> {
        let start = self.at;
        self.at += 1;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let first = self.items.len();
        self.blank()?;
        if self.peek()? == b']' {
            self.at += 1;
        } else {
            loop {
                let item = self.value()?;
                self.items.push(item);
                self.blank()?;
                match self.peek()? {
                    b',' => {
                        self.at += 1;
                        self.blank()?;
                    }
                    b']' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        let items = self.items.split_off(first);
        Some(Json {
            span: self.span(start, self.at),
            value: Value::Array(items),
        })
    }
}

/// The index of the first `"` or `\` in `bytes`, eight bytes at a time:
/// strings are most of a template's text.
pub(super) fn quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // the high bit of each zero byte of `x`, and maybe of bytes above the
    // first zero byte (never below it, so the lowest flag is exact)
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let found = zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\')));
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|&b| b == b'"' || b == b'\\')
        .map(|i| at + i)
}
