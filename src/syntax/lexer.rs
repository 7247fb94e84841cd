//! The lexer: text to tokens, one at a time, so a 50 MB file never holds
//! a token vector in memory. Built from `nom` recognisers over `&str`,
//! except for the two loops every token goes through (blanks and word runs),
//! which scan bytes against a table: every character they accept is ASCII,
//! and one pass over a word also tells what kind of word it is.
//!
//! Input: any text. Output: [`Token`]s with byte ranges, the file's comments
//! and E002 diagnostics for text that is no token at all (unterminated string,
//! bad escape, stray characters, a malformed number). Invariants: every call
//! to [`Lexer::next_token`] advances by at least one byte until `Eof`; `pos`
//! is always on a char boundary; no indexing can panic.
//!
//! Word rule (see `grammar/misec.ebnf`): a maximal run of letters, digits and
//! `_ . - : /` starting with a letter, a digit or `::` is one word. A single
//! trailing `:` is split off (it ends a rule name). The word is then an
//! identifier if it starts with a letter and has no `:` or `/`; a number or a
//! range if it is digits or `digits-digits`; a date if it is
//! `dddd-dd-dd`; otherwise it is address-like
//! (so `fe80::1` and `10.20.300.1` are addresses, the latter an invalid one).

use std::net::IpAddr;

use nom::bytes::complete::take_while1;
use nom::character::complete::{char, digit1};
use nom::combinator::all_consuming;
use nom::{IResult, Parser};

use super::ast::Comment;
use super::word::{word_run, COLON, DASH, DIGIT, DOT, SLASH};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// What an address-like word turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Addr {
    Ip(IpAddr),
    Cidr(IpAddr, u8),
    /// Not an address at all.
    Malformed,
    /// A valid address with a prefix length above `max`.
    PrefixTooLong {
        max: u8,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// An identifier or keyword; its text is the token's range.
    Word,
    /// Digits; `None` when the value does not fit `u32`.
    Number(Option<u32>),
    /// `lo-hi`; `None` for a bound that does not fit `u32`.
    Range(Option<u32>, Option<u32>),
    /// `YYYY-MM-DD` by its shape (four, two and two digits); whether the
    /// day exists is the parser's question.
    Date,
    Addr(Addr),
    /// A string with its escapes undone.
    Str(String),
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Comma,
    Colon,
    Equals,
    Newline,
    /// Text already reported as E002.
    Bad,
    Eof,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

pub(crate) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    file: FileId,
    pub comments: Vec<Comment>,
    pub diags: Vec<Diagnostic>,
}

/// Characters that start some token or separate tokens; anything else is stray.
fn is_token_start(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '#' | '"' | '{' | '}' | '[' | ']' | ',' | '=' | ':'
        )
}

fn range(input: &str) -> IResult<&str, (&str, char, &str)> {
    all_consuming((digit1, char('-'), digit1)).parse(input)
}

/// `dddd-dd-dd`: the shape of a date.
fn is_date(run: &str) -> bool {
    run.len() == 10
        && run.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        })
}

/// Classifies an address-like word.
pub(crate) fn classify_addr(word: &str) -> Addr {
    let (ip, prefix) = match word.split_once('/') {
        Some((ip, prefix)) => (ip, Some(prefix)),
        None => (word, None),
    };
    // nearly every address is a plain dotted quad: std's parser only for the rest
    let ip = match crate::ipv4::plain(ip) {
        Some(v4) => IpAddr::V4(v4),
        None => match ip.parse::<IpAddr>() {
            Ok(ip) => ip,
            Err(_) => return Addr::Malformed,
        },
    };
    let Some(prefix) = prefix else {
        return Addr::Ip(ip);
    };
    let max: u8 = if ip.is_ipv4() { 32 } else { 128 };
    if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Addr::Malformed;
    }
    match prefix.parse::<u8>() {
        Ok(len) if len <= max => Addr::Cidr(ip, len),
        _ => Addr::PrefixTooLong { max },
    }
}

impl<'a> Lexer<'a> {
    pub fn new(file: FileId, text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            // editors on Windows save a byte-order mark: not part of the text
            pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
            file,
            comments: Vec::new(),
            diags: Vec::new(),
        }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn token(&mut self, tok: Tok, start: usize, end: usize) -> Token {
        self.pos = end;
        Token { tok, start, end }
    }

    pub fn next_token(&mut self) -> Token {
        let bytes = self.text.as_bytes();
        loop {
            // blanks: spaces, tabs and carriage returns (all ASCII, so `pos`
            // stays on a char boundary)
            let mut start = self.pos;
            while let Some(b' ' | b'\t' | b'\r') = bytes.get(start) {
                start += 1;
            }
            self.pos = start;
            let Some(&b) = bytes.get(start) else {
                return self.token(Tok::Eof, start, start);
            };
            // an ASCII byte is a whole character; any other starts stray text
            let tok = match b {
                b'\n' => Tok::Newline,
                b'{' => Tok::LBrace,
                b'}' => Tok::RBrace,
                b'[' => Tok::LBracket,
                b']' => Tok::RBracket,
                b',' => Tok::Comma,
                b'=' => Tok::Equals,
                b':' if bytes.get(start + 1) != Some(&b':') => Tok::Colon,
                b'#' => {
                    self.comment(start);
                    continue;
                }
                b'"' => return self.string(start),
                b if b.is_ascii_alphanumeric() || b == b':' => return self.word(start),
                _ => return self.stray(start),
            };
            return self.token(tok, start, start + 1);
        }
    }

    fn comment(&mut self, start: usize) {
        let rest = self.rest();
        let line = rest.split('\n').next().unwrap_or("");
        let end = start + line.len();
        let text = line.get(1..).unwrap_or("").trim_end().to_string();
        self.comments.push(Comment {
            text,
            span: self.span(
                start,
                start + 1 + line.get(1..).unwrap_or("").trim_end().len(),
            ),
        });
        self.pos = end;
    }

    fn string(&mut self, start: usize) -> Token {
        let mut value = String::new();
        let mut bad_escape: Option<(usize, usize)> = None;
        let mut chars = self.rest().char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    let end = start + i + 1;
                    if let Some((s, e)) = bad_escape {
                        let text = self.text.get(s..e).unwrap_or("\\");
                        let d = Diagnostic::new("E002", self.span(s, e), format!("unknown escape `{text}` in a string"))
                            .label("not an escape misec knows")
                            .help("inside a string write `\\\"` for a quote and `\\\\` for a backslash; other characters stand for themselves");
                        self.diags.push(d);
                        return self.token(Tok::Bad, start, end);
                    }
                    return self.token(Tok::Str(value), start, end);
                }
                '\n' => break,
                '\\' => match chars.next() {
                    Some((_, '"')) => value.push('"'),
                    Some((_, '\\')) => value.push('\\'),
                    Some((j, '\n')) => {
                        let _ = j;
                        break;
                    }
                    Some((j, other)) => {
                        if bad_escape.is_none() {
                            bad_escape = Some((start + i, start + j + other.len_utf8()));
                        }
                    }
                    None => break,
                },
                c => value.push(c),
            }
        }
        // Unterminated: the string runs to the end of its line.
        let line = self.rest().split('\n').next().unwrap_or("");
        let end = start + line.trim_end_matches('\r').len();
        let d = Diagnostic::new("E002", self.span(start, end), "unterminated string")
            .label("this string has no closing `\"`")
            .help(
                "close the string with `\"` on the same line; write `\\\"` for a quote inside it",
            );
        self.diags.push(d);
        self.token(Tok::Bad, start, end)
    }

    fn word(&mut self, start: usize) -> Token {
        let rest = self.rest().as_bytes();
        let (mut len, before, mut seen) = word_run(rest);
        // A single trailing `:` ends a rule name; `::` belongs to an IPv6 address.
        if len >= 2 && rest[len - 1] == b':' && rest[len - 2] != b':' {
            len -= 1;
            seen = before;
        }
        // the caller saw a word byte here, so the run is not empty
        let len = len.max(1);
        let end = start + len;
        let run = self.text.get(start..end).unwrap_or("");
        let first = rest.first().copied().unwrap_or(b':');
        let tok = if first.is_ascii_alphabetic() && seen & (COLON | SLASH) == 0 {
            Tok::Word
        } else if seen & !DIGIT == 0 {
            Tok::Number(run.parse().ok())
        } else if seen & !(DIGIT | DASH) != 0 {
            self.not_a_number(first, seen, run, start, end)
        } else if let Ok((_, (lo, _, hi))) = range(run) {
            Tok::Range(lo.parse().ok(), hi.parse().ok())
        } else if is_date(run) {
            Tok::Date
        } else {
            self.not_a_number(first, seen, run, start, end)
        };
        self.token(tok, start, end)
    }

    /// A word that is neither a name, a number, a range nor a date: a
    /// malformed number (E002) when it starts with a digit and has no
    /// `. : /`, else address-like.
    fn not_a_number(&mut self, first: u8, seen: u8, run: &str, start: usize, end: usize) -> Tok {
        if first.is_ascii_digit() && seen & (DOT | COLON | SLASH) == 0 {
            let d = Diagnostic::new("E002", self.span(start, end), format!("invalid number `{}`", clip(run)))
                .label("neither a number nor a name")
                .help("a number is written with digits only (a range as `11000-11999`); a name starts with a letter");
            self.diags.push(d);
            Tok::Bad
        } else {
            Tok::Addr(classify_addr(run))
        }
    }

    fn stray(&mut self, start: usize) -> Token {
        let rest = self.rest();
        let run: &str = match take_while1::<_, _, nom::error::Error<&str>>(|c| !is_token_start(c))
            .parse(rest)
        {
            Ok((_, run)) => run,
            Err(_) => rest.get(..1).unwrap_or(""),
        };
        let end = start + run.len().max(1);
        let shown: String = run
            .chars()
            .take(20)
            .collect::<String>()
            .escape_debug()
            .to_string();
        let (message, label, it) = if run.chars().count() == 1 {
            (
                format!("unexpected character `{shown}`"),
                "this character is not part of any token",
                "it",
            )
        } else {
            (
                format!("unexpected characters `{shown}`"),
                "these characters are not part of any token",
                "them",
            )
        };
        let d = Diagnostic::new("E002", self.span(start, end), message)
            .label(label)
            .help(format!("remove {it}; names use letters, digits, `_`, `-` and `.`, and comments start with `#`"));
        self.diags.push(d);
        self.token(Tok::Bad, start, end)
    }
}

/// At most 40 characters of user text, for messages.
pub(crate) fn clip(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(37).collect();
        s.push_str("...");
        s
    }
}

#[cfg(test)]
#[path = "lexer_tests.rs"]
mod tests;
