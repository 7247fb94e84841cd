//! The shared corpus (`../shared/corpus`, see its SOURCES.md) for tests:
//! its JSON files, and `misec import` of one file through the library as
//! the CLI runs it (profile inferred unless given, the profile's own rules
//! and routes left to it, the text formatted).

use std::path::{Path, PathBuf};
use std::rc::Rc;

use misec::diagnostic::Severity;
use misec::import::{self, recognise, ImportOptions};
use misec::model::Model;
use misec::profile::Profile;
use misec::profiles::{Choice, Profiles};
use misec::source::Sources;

pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// Every `.json` file below the corpus, as `(path relative to it, path)`,
/// sorted; `None` (after a note) when the corpus is absent.
pub fn json_files() -> Option<Vec<(String, PathBuf)>> {
    let root = Path::new(CORPUS);
    if !root.is_dir() {
        eprintln!("note: {CORPUS} not found; skipping");
        return None;
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out.sort();
    Some(
        out.into_iter()
            .map(|p| {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, p)
            })
            .collect(),
    )
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

pub fn profile(name: &str) -> Rc<Profile> {
    let choice = Choice {
        name: name.to_string(),
        span: None,
    };
    Profiles::default()
        .get(&choice, Path::new("."), &mut Sources::new())
        .unwrap_or_else(|d| panic!("profile {name}: {d:?}"))
}

/// One imported corpus file and its `misec import` text.
pub struct Imported {
    pub model: Model,
    pub profile_name: String,
    pub profile: Rc<Profile>,
    pub misec: String,
}

/// `misec import FILE` (optionally `--profile`); `Err` holds the codes of
/// the import's errors and of its values only the deployment knows (E303)
/// (then `misec import` prints no translation).
pub fn import_file(rel: &str, text: &str, profile: Option<&str>) -> Result<Imported, Vec<String>> {
    let mut sources = Sources::new();
    let id = sources.add(rel.to_string(), text.to_string());
    let (model, diags) = import::import(id, text, &ImportOptions::default());
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error || d.code == "E303")
        .map(|d| d.code.to_string())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let (name, reason) = match profile {
        Some(p) => (p.to_string(), "given with --profile".to_string()),
        None => import::infer_profile(&model),
    };
    let prof = self::profile(&name);
    let provided = recognise::provided_by_profile(&model, &prof);
    let raw = import::to_misec(&model, &sources, &name, &reason, &provided);
    let (ast, problems) = misec::syntax::parse(Default::default(), &raw);
    assert!(
        problems.is_empty(),
        "{rel}: the import does not parse: {problems:?}"
    );
    Ok(Imported {
        model,
        profile_name: name,
        profile: prof,
        misec: misec::fmt::format(&ast, &raw),
    })
}
