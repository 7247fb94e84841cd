//! Unit tests of the lexer: token kinds, strings, comments, stray text.
use super::*;

fn toks(text: &str) -> Vec<Tok> {
    let mut lx = Lexer::new(FileId(0), text);
    let mut out = Vec::new();
    loop {
        let t = lx.next_token();
        if t.tok == Tok::Eof {
            return out;
        }
        out.push(t.tok);
    }
}

#[test]
fn words_numbers_ranges_and_addresses() {
    let ip = |s: &str| Tok::Addr(Addr::Ip(s.parse().unwrap()));
    assert_eq!(
        toks("allow-apps: 1433 11000-11999 10.0.0.4 fe80::1"),
        vec![
            Tok::Word,
            Tok::Colon,
            Tok::Number(Some(1433)),
            Tok::Range(Some(11000), Some(11999)),
            ip("10.0.0.4"),
            ip("fe80::1")
        ]
    );
    assert_eq!(
        toks("fe80::1/64 ::"),
        vec![
            Tok::Addr(Addr::Cidr("fe80::1".parse().unwrap(), 64)),
            ip("::")
        ]
    );
    assert_eq!(toks("10.20.300.1"), vec![Tok::Addr(Addr::Malformed)]);
    assert_eq!(
        toks("10.0.0.0/33"),
        vec![Tok::Addr(Addr::PrefixTooLong { max: 32 })]
    );
    assert_eq!(toks("99999999999"), vec![Tok::Number(None)]);
}

#[test]
fn strings_unescape_and_report_unterminated() {
    assert_eq!(
        toks(r#""a \"b\" \\ c""#),
        vec![Tok::Str(r#"a "b" \ c"#.into())]
    );
    let mut lx = Lexer::new(FileId(0), "\"open\nx");
    assert_eq!(lx.next_token().tok, Tok::Bad);
    assert_eq!(lx.next_token().tok, Tok::Newline);
    assert_eq!(lx.diags.len(), 1);
    assert_eq!(lx.diags[0].primary.span.range(), 0..5);
}

#[test]
fn comments_are_collected_and_stray_characters_reported() {
    let mut lx = Lexer::new(FileId(0), "a # note  \n$@ b\0");
    let mut n = 0;
    while lx.next_token().tok != Tok::Eof {
        n += 1;
    }
    assert_eq!(n, 5); // a, newline, $@, b, NUL
    assert_eq!(lx.comments[0].text, " note");
    assert_eq!(lx.comments[0].span.range(), 2..8);
    assert_eq!(lx.diags.len(), 2);
    assert_eq!(lx.diags[0].message, "unexpected characters `$@`");
}
