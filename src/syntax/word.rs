//! The bytes of a word, for the lexer's one pass over it.
//!
//! Input: the text at the start of a word. Output: the word run's length
//! and the kinds of bytes in it, as bit flags. Invariant: every word
//! character (ASCII letters, digits and `_ . - : /`, see
//! `grammar/misec.ebnf`) has a non-zero flag and every other byte,
//! including each byte of a multi-byte character, has none, so a run
//! never ends inside a character.

/// What a byte of a word is, as bit flags; 0 for a byte that ends a word.
/// Word characters are ASCII letters, digits and `_ . - : /`.
pub(super) const DIGIT: u8 = 1;
pub(super) const LETTER: u8 = 2;
pub(super) const DASH: u8 = 4;
pub(super) const DOT: u8 = 8;
pub(super) const COLON: u8 = 16;
pub(super) const SLASH: u8 = 32;
pub(super) const UNDERSCORE: u8 = 64;

const WORD_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b'0'..=b'9' => DIGIT,
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'-' => DASH,
            b'.' => DOT,
            b':' => COLON,
            b'/' => SLASH,
            b'_' => UNDERSCORE,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The word run at the start of `bytes` (its length, at least 1 when the
/// first byte is a word byte) and the kinds of bytes in it, without its last
/// byte and with it.
pub(super) fn word_run(bytes: &[u8]) -> (usize, u8, u8) {
    let (mut before, mut seen) = (0, 0);
    let mut len = 0;
    for &b in bytes {
        let class = WORD_BYTES[b as usize];
        if class == 0 {
            break;
        }
        before = seen;
        seen |= class;
        len += 1;
    }
    (len, before, seen)
}
