//! Azure regions and their pairs, from the project's own `data/regions.csv`
//! (built into the binary). Pairs are not always symmetric: "are A and B a
//! pair" checks both directions.

use std::sync::OnceLock;

static TABLE: &str = include_str!("../data/regions.csv");

/// `(region, paired region or "")`, sorted by region.
fn rows() -> &'static [(&'static str, &'static str)] {
    static ROWS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut rows: Vec<_> = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("region,") && !l.is_empty())
            .filter_map(|l| l.split_once(','))
            .map(|(a, b)| (a.trim(), b.trim()))
            .collect();
        rows.sort_unstable();
        rows
    })
}

fn find(name: &str) -> Option<&'static (&'static str, &'static str)> {
    let name = name.to_ascii_lowercase();
    rows()
        .binary_search_by(|(r, _)| (*r).cmp(name.as_str()))
        .ok()
        .and_then(|i| rows().get(i))
}

/// Every known region name, sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    rows().iter().map(|(r, _)| *r)
}

/// Is this an ARM location name (compared case-insensitively)?
pub fn is_known(name: &str) -> bool {
    find(name).is_some()
}

/// The canonical (lowercase) spelling of a known region.
pub fn canonical(name: &str) -> Option<&'static str> {
    find(name).map(|(r, _)| *r)
}

/// The documented paired region, if the region has one.
pub fn pair(name: &str) -> Option<&'static str> {
    find(name).map(|(_, p)| *p).filter(|p| !p.is_empty())
}

/// Are the two regions a pair in either direction?
pub fn are_paired(a: &str, b: &str) -> bool {
    pair(a).is_some_and(|p| p.eq_ignore_ascii_case(b))
        || pair(b).is_some_and(|p| p.eq_ignore_ascii_case(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_and_one_way_pairs() {
        assert_eq!(pair("westeurope"), Some("northeurope"));
        assert_eq!(pair("WestEurope"), Some("northeurope"));
        assert_eq!(pair("brazilsouth"), Some("southcentralus"));
        assert_eq!(pair("southcentralus"), Some("northcentralus"));
        assert!(are_paired("southcentralus", "brazilsouth"));
        assert_eq!(pair("italynorth"), None);
        assert!(is_known("italynorth"));
        assert!(!is_known("westeurop"));
    }

    /// The built-in table must agree with the shared reference data, where
    /// that is present (it is not part of a user's clone).
    #[test]
    fn agrees_with_shared_reference_data() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/region-pairs.csv"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("note: {path} not found; skipping the cross-check");
            return;
        };
        let mut checked = 0;
        for line in text.lines().skip(1) {
            let (a, b) = line.split_once(',').unwrap();
            assert_eq!(pair(a), Some(b), "pair of {a}");
            checked += 1;
        }
        assert!(checked >= 50, "only {checked} rows read");
    }
}
