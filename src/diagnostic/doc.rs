//! The long documentation of every code, printed by `misec explain CODE`.
//! E codes and SUP001 are documented here (`docs/*.md`); every lint's doc
//! sits beside its implementation in `lint/rules/` and is registered with it.
//!
//! Each doc has the sections What it does / Why is this bad? / Example /
//! Use instead / References; a test runs every Example (it must report its
//! code) and every "Use instead" (it must not).

/// The codes that are not lints: E codes, and SUP001 (suppressions are
/// checked by `lint::suppress`, after the lints).
static E_DOCS: &[(&str, &str)] = &[
    ("E001", include_str!("docs/e001.md")),
    ("E002", include_str!("docs/e002.md")),
    ("E003", include_str!("docs/e003.md")),
    ("E101", include_str!("docs/e101.md")),
    ("E102", include_str!("docs/e102.md")),
    ("E103", include_str!("docs/e103.md")),
    ("E104", include_str!("docs/e104.md")),
    ("E105", include_str!("docs/e105.md")),
    ("E106", include_str!("docs/e106.md")),
    ("E107", include_str!("docs/e107.md")),
    ("E108", include_str!("docs/e108.md")),
    ("E109", include_str!("docs/e109.md")),
    ("E110", include_str!("docs/e110.md")),
    ("E111", include_str!("docs/e111.md")),
    ("E201", include_str!("docs/e201.md")),
    ("E202", include_str!("docs/e202.md")),
    ("E301", include_str!("docs/e301.md")),
    ("E302", include_str!("docs/e302.md")),
    ("E303", include_str!("docs/e303.md")),
    ("SUP001", include_str!("docs/sup001.md")),
    ("IMP001", include_str!("docs/imp001.md")),
    ("IMP002", include_str!("docs/imp002.md")),
];

/// The documentation of a code (compared case-insensitively).
pub fn get(code: &str) -> Option<&'static str> {
    E_DOCS
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, doc)| *doc)
        .or_else(|| crate::lint::doc(code))
}

/// The fenced `misec` block under a `## heading`, if the doc has one.
pub fn example(doc: &str, heading: &str) -> Option<String> {
    let section = doc.split("\n## ").find(|s| s.starts_with(heading))?;
    let start = section.find("```misec\n")? + "```misec\n".len();
    let len = section.get(start..)?.find("```")?;
    section.get(start..start + len).map(str::to_string)
}
