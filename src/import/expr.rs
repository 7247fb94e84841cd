//! The syntax of ARM template expressions (`[concat('a', parameters('b'))]`).
//!
//! Input: the text between the outer brackets. Output: an [`Expr`] tree whose
//! nodes carry byte ranges relative to that text, or the offset where the
//! text stops being an expression. Nesting is limited so hostile input cannot
//! exhaust the stack.

use std::ops::Range;

/// One node of an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `'text'` (`''` inside is one quote).
    Str(String, Range<usize>),
    Int(i64, Range<usize>),
    /// `name(args)`; the name may be namespaced (`ns.fn`).
    Call(String, Vec<Expr>, Range<usize>),
    /// `base.name`
    Member(Box<Expr>, String, Range<usize>),
    /// `base[index]`
    Index(Box<Expr>, Box<Expr>, Range<usize>),
}

const MAX_DEPTH: usize = 64;

/// Parses the body of an expression; `Err` holds the offset of the problem.
pub fn parse(body: &str) -> Result<Expr, usize> {
    let mut p = Parser {
        s: body.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let e = p.expr()?;
    p.ws();
    if p.pos == p.s.len() {
        Ok(e)
    } else {
        Err(p.pos)
    }
}

struct Parser<'s> {
    s: &'s [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Result<Expr, usize> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.pos);
        }
        self.ws();
        let start = self.pos;
        let mut e = self.primary()?;
        loop {
            if self.eat(b'.') {
                self.ws();
                let name = self.ident();
                if name.is_empty() {
                    return Err(self.pos);
                }
                e = Expr::Member(Box::new(e), name, start..self.pos);
            } else if self.eat(b'[') {
                let index = self.expr()?;
                if !self.eat(b']') {
                    return Err(self.pos);
                }
                e = Expr::Index(Box::new(e), Box::new(index), start..self.pos);
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(e)
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
        {
            self.pos += 1;
        }
        String::from_utf8_lossy(self.s.get(start..self.pos).unwrap_or_default()).into_owned()
    }

    fn primary(&mut self) -> Result<Expr, usize> {
        let start = self.pos;
        match self.peek() {
            Some(b'\'') => {
                self.pos += 1;
                let mut bytes = Vec::new();
                loop {
                    match self.peek() {
                        None => return Err(start),
                        Some(b'\'') if self.s.get(self.pos + 1) == Some(&b'\'') => {
                            bytes.push(b'\'');
                            self.pos += 2;
                        }
                        Some(b'\'') => {
                            self.pos += 1;
                            break;
                        }
                        Some(b) => {
                            bytes.push(b);
                            self.pos += 1;
                        }
                    }
                }
                let text = String::from_utf8(bytes).map_err(|_| start)?;
                Ok(Expr::Str(text, start..self.pos))
            }
            Some(b'-' | b'0'..=b'9') => {
                self.pos += 1;
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.pos += 1;
                }
                let text = std::str::from_utf8(self.s.get(start..self.pos).unwrap_or_default())
                    .map_err(|_| start)?;
                let n = text.parse::<i64>().map_err(|_| start)?;
                Ok(Expr::Int(n, start..self.pos))
            }
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                let mut name = self.ident();
                // namespaced user functions: `ns.fn(...)`
                while self.peek() == Some(b'.') {
                    let save = self.pos;
                    self.pos += 1;
                    let part = self.ident();
                    self.ws();
                    if part.is_empty() || self.peek() != Some(b'(') {
                        self.pos = save;
                        break;
                    }
                    name = format!("{name}.{part}");
                }
                if !self.eat(b'(') {
                    return Err(self.pos);
                }
                let mut args = Vec::new();
                if !self.eat(b')') {
                    loop {
                        args.push(self.expr()?);
                        if self.eat(b')') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.pos);
                        }
                    }
                }
                Ok(Expr::Call(name, args, start..self.pos))
            }
            _ => Err(self.pos),
        }
    }
}

/// The expression body of a JSON string value, if it is one: `[...]` but not
/// `[[...` (an escaped literal bracket).
pub fn body(s: &str) -> Option<&str> {
    if s.starts_with("[[") {
        return None;
    }
    s.strip_prefix('[')?.strip_suffix(']')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_calls_members_and_indexes() {
        let e = parse("concat(parameters('a')[copyIndex('r')], 'it''s', -3)").unwrap();
        let Expr::Call(name, args, range) = e else {
            panic!("not a call")
        };
        assert_eq!(name, "concat");
        assert_eq!(range, 0..52);
        assert!(matches!(&args[0], Expr::Index(..)));
        assert_eq!(args[1], Expr::Str("it's".into(), 40..47));
        assert_eq!(args[2], Expr::Int(-3, 49..51));
        let e = parse(" resourceGroup().location ").unwrap();
        assert!(matches!(e, Expr::Member(_, ref m, _) if m == "location"));
    }

    #[test]
    fn reports_where_it_stops() {
        assert_eq!(parse("concat('a',"), Err(11));
        assert_eq!(parse("'open"), Err(0));
        assert_eq!(parse("a b"), Err(2));
        assert!(parse(&"f(".repeat(10_000)).is_err());
    }

    #[test]
    fn brackets_mark_expressions_and_double_brackets_escape() {
        assert_eq!(body("[variables('x')]"), Some("variables('x')"));
        assert_eq!(body("[[not]"), None);
        assert_eq!(body("plain"), None);
    }
}
