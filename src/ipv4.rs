//! A fast reading of a plain dotted-quad IPv4 address, shared by the
//! `.misec` lexer and the JSON importer, which meet thousands of them.
//!
//! Input: a text. Output: `Some(address)` exactly when the text is four
//! decimal octets of 1 to 3 digits, each at most 255 and without a leading
//! zero, separated by `.`: then std's `Ipv4Addr` parser gives the same
//! address. `None` for anything else, which the caller hands to std's
//! parser (IPv6, rejections): so every answer stays std's.

use std::net::Ipv4Addr;

/// The plain dotted quad `a.b.c.d`, read in one pass over the bytes.
pub(crate) fn plain(t: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut part = 0;
    let mut n: u32 = 0;
    let mut digits = 0;
    for &b in t.as_bytes() {
        match b {
            b'0'..=b'9' => {
                // no leading zero, no fourth digit
                if (digits == 1 && n == 0) || digits == 3 {
                    return None;
                }
                n = n * 10 + u32::from(b - b'0');
                digits += 1;
            }
            b'.' if digits > 0 => {
                *octets.get_mut(part)? = u8::try_from(n).ok()?;
                part += 1;
                n = 0;
                digits = 0;
            }
            _ => return None,
        }
    }
    if part != 3 || digits == 0 {
        return None;
    }
    *octets.get_mut(3)? = u8::try_from(n).ok()?;
    Some(Ipv4Addr::from(octets))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    /// Every text built from a systematic set of octet spellings and
    /// separators gets std's answer: the address when std reads an IPv4
    /// one, `None` otherwise (std then answers for itself).
    #[test]
    fn plain_answers_as_std_does() {
        let octets = [
            "", "0", "00", "01", "1", "9", "10", "99", "100", "199", "200", "249", "250", "255",
            "256", "299", "300", "999", "0255", "1000", "+1", "-1", "a", "1a", " 1", "١",
        ];
        let seps = [".", "..", ":", "/", " "];
        let mut texts: Vec<String> = Vec::new();
        for a in octets {
            for b in ["0", "255", "01", ""] {
                for sep in seps {
                    texts.push(format!("{a}{sep}{b}.1.2"));
                    texts.push(format!("1.{b}{sep}{a}.2"));
                }
                texts.push(format!("{a}.{b}.{a}.{b}"));
                texts.push(format!("{b}.{a}.{a}.{a}"));
                texts.push(format!("{a}.{b}.{a}"));
                texts.push(format!("{a}.{b}.{a}.{b}.{a}"));
                texts.push(format!("{a}.{b}.{a}.{b}."));
                texts.push(format!(".{a}.{b}.{a}.{b}"));
            }
        }
        texts
            .extend(["", ".", "...", "::", "::1", "::ffff:1.2.3.4", "1.2.3.4/8"].map(String::from));
        let mut read = 0;
        for t in &texts {
            let std = match t.parse::<IpAddr>() {
                Ok(IpAddr::V4(a)) => Some(a),
                _ => None,
            };
            assert_eq!(plain(t), std, "{t:?}");
            read += usize::from(std.is_some());
        }
        // the set holds both answers in number
        assert!(
            read > 50 && texts.len() - read > 1000,
            "{read} of {}",
            texts.len()
        );
    }
}
