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

/// The first token of a word as the lexer read it when it was all `nom`
/// recognisers over chars (the oracle for the byte-table scan): its end and
/// kind, and whether it was reported.
fn oracle(text: &str) -> (usize, Tok, bool) {
    use nom::bytes::complete::take_while1;
    if text.starts_with(':') && !text.starts_with("::") {
        return (1, Tok::Colon, false);
    }
    let word_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ':' | '/');
    let run = take_while1::<_, _, nom::error::Error<&str>>(word_char)
        .parse(text)
        .map_or(&text[..1], |(_, run)| run);
    let run = match run.strip_suffix(':') {
        Some(head) if !head.ends_with(':') && !head.is_empty() => head,
        _ => run,
    };
    let first = run.chars().next().unwrap_or(':');
    let tok = if first.is_ascii_alphabetic() && !run.contains([':', '/']) {
        Tok::Word
    } else if run.bytes().all(|b| b.is_ascii_digit()) {
        Tok::Number(run.parse().ok())
    } else if let Ok((_, (lo, _, hi))) = range(run) {
        Tok::Range(lo.parse().ok(), hi.parse().ok())
    } else if is_date(run) {
        Tok::Date
    } else if first.is_ascii_digit() && !run.contains(['.', ':', '/']) {
        return (run.len(), Tok::Bad, true);
    } else {
        Tok::Addr(classify_addr(run))
    };
    (run.len(), tok, false)
}

#[test]
fn words_are_read_as_the_char_recognisers_read_them() {
    // every word of up to four characters over an alphabet with each kind
    // of word byte, then longer words of every shape
    let alphabet = ['0', '9', 'a', 'Z', ':', '/', '.', '-', '_'];
    let mut words: Vec<String> = Vec::new();
    let mut level = vec![String::new()];
    for _ in 0..4 {
        level = level
            .iter()
            .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
            .collect();
        words.extend(level.iter().cloned());
    }
    for w in [
        "rule-1:",
        "rule-1::",
        "a::",
        "10.0.0.0/24",
        "fe80::1/64",
        "::",
        "::1",
        "2024-02-30",
        "2024-1-01",
        "11000-11999",
        "1-99999999999",
        "99999999999",
        "12ab",
        "1.2",
        "1:2",
        "AzureLoadBalancer",
        "Storage.westeurope",
        "10.20.300.1/8",
        "10.0.0.0/033",
        "10.0.0.0/",
        "a/b",
        "a:b",
        "x_y-z.w",
    ] {
        words.push(w.to_string());
    }
    for w in &words {
        let first = w.as_bytes()[0];
        if !(first.is_ascii_alphanumeric() || first == b':') {
            continue;
        }
        for text in [
            w.clone(),
            format!("{w} x"),
            format!("{w}]"),
            format!("{w}é"),
        ] {
            let mut lx = Lexer::new(FileId(0), &text);
            let t = lx.next_token();
            let (end, tok, reported) = oracle(&text);
            assert_eq!((t.end, &t.tok), (end, &tok), "{text:?}");
            assert_eq!(lx.diags.len(), usize::from(reported), "{text:?}");
        }
    }
}
