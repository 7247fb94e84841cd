//! The fields a reader needs from one JSON object, found in one pass over
//! its members.
//!
//! Input: an object and the [`Names`] of the fields wanted. Output: for each
//! name, the value of the first member whose key equals it ignoring ASCII
//! case, exactly what [`Json::get`] answers, or `None` (always `None` when
//! the value is not an object).
//!
//! Why: a security rule's reader asks for some fifteen fields (plural forms
//! and application security groups included, most of them absent); one
//! `get` each scanned all members fifteen times, for each of thousands of
//! rules in a large template. Here each key is compared only with the names
//! of its length, found through a table built at compile time.

use super::json::Json;

/// Key lengths from this one up share the last entry of the length table.
const LONG: usize = 63;

/// Up to 64 field names, indexed by length.
pub struct Names<const N: usize> {
    names: [&'static str; N],
    /// For each length (the last entry: [`LONG`] and more), bit `i` set
    /// when `names[i]` has that length.
    by_len: [u64; LONG + 1],
}

impl<const N: usize> Names<N> {
    /// Builds the table; more than 64 names fail to compile (the shift
    /// overflows in constant evaluation).
    pub const fn new(names: [&'static str; N]) -> Self {
        let mut by_len = [0u64; LONG + 1];
        let mut i = 0;
        while i < N {
            let len = names[i].len();
            let slot = if len < LONG { len } else { LONG };
            by_len[slot] |= 1u64 << i;
            i += 1;
        }
        Names { names, by_len }
    }

    /// The name at `index`.
    pub fn name(&self, index: usize) -> &'static str {
        self.names.get(index).copied().unwrap_or_default()
    }

    /// The index of the name equal to `key` ignoring ASCII case.
    fn find(&self, key: &str) -> Option<usize> {
        let mut bits = self.by_len.get(key.len().min(LONG)).copied().unwrap_or(0);
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            // keys are nearly always written as named: bytes before case
            let same = |n: &&str| n.as_bytes() == key.as_bytes() || n.eq_ignore_ascii_case(key);
            if self.names.get(i).is_some_and(same) {
                return Some(i);
            }
            bits &= bits - 1;
        }
        None
    }
}

/// The values of the `N` named fields of one object.
pub struct Fields<'j, 'a, const N: usize> {
    found: [Option<&'j Json<'a>>; N],
}

impl<'j, 'a, const N: usize> Fields<'j, 'a, N> {
    /// Looks up every name in `obj`, in one pass over its members.
    pub fn of(obj: &'j Json<'a>, names: &Names<N>) -> Self {
        let mut found = [None; N];
        for m in obj.as_object().unwrap_or_default() {
            if let Some(slot) = names.find(&m.key).and_then(|i| found.get_mut(i)) {
                // the first member of a name counts, as with `Json::get`
                if slot.is_none() {
                    *slot = Some(&m.value);
                }
            }
        }
        Fields { found }
    }

    /// The value of the field at `index` in the names given to [`Fields::of`].
    pub fn at(&self, index: usize) -> Option<&'j Json<'a>> {
        self.found.get(index).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    const NAMES: Names<7> = Names::new([
        "access",
        "priority",
        "protocol",
        "sourcePortRange",
        "missing",
        "aVeryLongFieldNameThatIsLongerThanSixtyThreeBytesInAllOfItsLength",
        "aVeryLongFieldNameThatIsLongerThanSixtyThreeBytesInAllOfItsLengthToo",
    ]);

    /// Every answer is the one `Json::get` gives: duplicates, case, names
    /// of one length and names longer than the length table.
    #[test]
    fn agrees_with_get() {
        let texts = [
            r#"{"Access": "Allow", "priority": 1, "PROTOCOL": "Tcp", "access": "Deny"}"#,
            r#"{"sourceportrange": "*", "sourcePortRanges": [], "priority": 2, "Priority": 3}"#,
            r#"{"aVeryLongFieldNameThatIsLongerThanSixtyThreeBytesInAllOfItsLengthToo": 1,
                "AVERYLONGFIELDNAMETHATISLONGERTHANSIXTYTHREEBYTESINALLOFITSLENGTH": 2,
                "aVeryLongFieldNameThatIsLongerThanSixtyThreeBytesInAllOfItsLengthT": 3}"#,
            r#"{}"#,
            r#"["access"]"#,
            r#""priority""#,
        ];
        for text in texts {
            let json = crate::import::json::parse(FileId(0), text).unwrap();
            let fields = Fields::of(&json, &NAMES);
            for i in 0..7 {
                let name = NAMES.name(i);
                assert_eq!(fields.at(i), json.get(name), "{name} in {text}");
            }
        }
    }
}
