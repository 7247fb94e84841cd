//! Byte offsets (misec's spans) to LSP positions and back. LSP counts a
//! line's characters in UTF-16 code units, so `é` is one unit and `🔒` two,
//! while misec's spans count bytes (two and four).
//!
//! Invariants: every conversion clamps (a position past the end of a line
//! is the line's end, a line past the end is the end of the text) and lands
//! on a char boundary, so a stale or hostile position never panics.

use lsp_types::{Position, Range};

use crate::source::{SourceFile, Span};

/// The LSP position of a byte offset.
pub fn position(file: &SourceFile, byte: usize) -> Position {
    let text = file.text.as_str();
    let mut byte = byte.min(text.len());
    while byte > 0 && !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let line = file.line_index(byte);
    let start = file.line_range(line).map_or(0, |r| r.start).min(byte);
    let column = text
        .get(start..byte)
        .map_or(0, |s| s.encode_utf16().count());
    Position::new(clamp(line), clamp(column))
}

pub fn range(file: &SourceFile, span: Span) -> Range {
    Range::new(
        position(file, span.start as usize),
        position(file, span.end as usize),
    )
}

/// The byte offset of an LSP position.
pub fn offset(file: &SourceFile, position: Position) -> usize {
    let Some(line) = file.line_range(position.line as usize) else {
        return file.text.len();
    };
    let mut units = 0usize;
    let wanted = position.character as usize;
    let text = file.text.get(line.clone()).unwrap_or("");
    for (i, c) in text.char_indices() {
        if units >= wanted {
            return line.start + i;
        }
        units += c.len_utf16();
    }
    line.end
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    #[test]
    fn columns_count_utf16_units() {
        let mut sources = Sources::new();
        // `é` is 2 bytes and 1 unit; `🔒` is 4 bytes and 2 units
        let id = sources.add("a", "let é🔒x = 1\r\nnext");
        let file = sources.get(id).unwrap();
        let x = file.text.find('x').unwrap();
        assert_eq!(x, 10);
        assert_eq!(position(file, x), Position::new(0, 7));
        assert_eq!(offset(file, Position::new(0, 7)), x);
        let next = file.text.find("next").unwrap();
        assert_eq!(position(file, next + 2), Position::new(1, 2));
        assert_eq!(offset(file, Position::new(1, 2)), next + 2);
    }

    #[test]
    fn stale_positions_clamp() {
        let mut sources = Sources::new();
        let id = sources.add("a", "é\nab");
        let file = sources.get(id).unwrap();
        // inside `é`: the start of the character
        assert_eq!(position(file, 1), Position::new(0, 0));
        assert_eq!(offset(file, Position::new(0, 99)), 2);
        assert_eq!(offset(file, Position::new(9, 0)), file.text.len());
        assert_eq!(position(file, 999), Position::new(1, 2));
    }
}
