//! Build script: checks the built-in profiles (`profiles/*.yaml`) with the
//! loader misec itself uses (its modules are compiled in here) and embeds
//! them as Rust code, so that misec never parses their YAML at run time.
//!
//! Input: every `profiles/*.yaml`, in file-name order (which is oldest era
//! first). Output: `$OUT_DIR/builtin_profiles.rs` (see
//! `src/profile/embedded.rs`): the names, the YAML texts (for diagnostics
//! and `misec profiles`) and one function per profile that builds its
//! checked form. A profile the loader rejects, or whose `name:` is not its
//! file name, fails the build with `profiles/NAME.yaml:LINE:COL: CODE
//! message` and the loader's labels and help.

// the modules compiled in here serve misec; the build uses a part of them
#![allow(dead_code)]

#[path = "src/profile/check.rs"]
mod check;
#[path = "src/profile/check_eras.rs"]
mod check_eras;
#[path = "src/profile/check_ports.rs"]
mod check_ports;
#[path = "src/profile/check_routes.rs"]
mod check_routes;
#[path = "build/codegen.rs"]
mod codegen;
#[path = "build/diagnostic.rs"]
mod diagnostic;
#[path = "src/profile/locate.rs"]
mod locate;
#[path = "src/model/mod.rs"]
mod model;
#[path = "src/profile/parse.rs"]
mod parse;
#[path = "src/profile/raw.rs"]
mod raw;
#[path = "src/region.rs"]
mod region;
#[path = "src/source.rs"]
mod source;
#[path = "src/profile/template.rs"]
mod template;
#[path = "src/profile/types.rs"]
mod types;
#[path = "src/yaml.rs"]
mod yaml;

/// What `src/source.rs` asks of the profiles: the build script's source
/// table holds no embedded texts.
mod profile {
    pub fn embedded_source(_index: usize) -> Option<&'static crate::source::SourceFile> {
        None
    }
}

use std::fmt::Write;
use std::path::{Path, PathBuf};

use diagnostic::Diagnostic;
use source::{FileId, SourceFile, EMBEDDED};
pub use types::*;

/// What the loader and the generator read; a change to any of them builds
/// the profiles again.
const INPUTS: &[&str] = &[
    "profiles",
    "build/codegen.rs",
    "build/diagnostic.rs",
    "data/regions.csv",
    "src/model",
    "src/profile/check.rs",
    "src/profile/check_eras.rs",
    "src/profile/check_ports.rs",
    "src/profile/check_routes.rs",
    "src/profile/locate.rs",
    "src/profile/parse.rs",
    "src/profile/raw.rs",
    "src/profile/template.rs",
    "src/profile/types.rs",
    "src/region.rs",
    "src/source.rs",
    "src/yaml.rs",
];

fn main() {
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
    }
    if let Err(problems) = run() {
        eprintln!("error: the built-in profiles do not load\n\n{problems}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let files = profile_files(&root.join("profiles"))?;
    let mut problems = String::new();
    let mut code = String::new();
    for (index, (name, path)) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let file = FileId(EMBEDDED + u32::try_from(index).map_err(|e| e.to_string())?);
        let shown = format!("profiles/{name}.yaml");
        match parse::parse(file, &text) {
            Ok(p) if p.name != *name => {
                let _ = writeln!(
                    problems,
                    "{shown}: the profile is named `{}`: a built-in profile's `name:` is its file name, `{name}`",
                    p.name
                );
            }
            Ok(p) => code.push_str(&codegen::profile(index, file, &p)?),
            Err(diagnostics) => {
                let source = SourceFile::new(shown, text.clone());
                for d in &diagnostics {
                    problems.push_str(&render(&source, d));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut all = header(&files);
    all.push_str(&code);
    let target = out.join("builtin_profiles.rs");
    std::fs::write(&target, all).map_err(|e| format!("cannot write `{}`: {e}", target.display()))
}

/// `(name, path)` of every `profiles/*.yaml`, by name.
fn profile_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_string(), p)))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no profile in `{}`", dir.display()));
    }
    Ok(files)
}

/// The names, texts and the dispatch over the per-profile functions.
fn header(files: &[(String, PathBuf)]) -> String {
    let n = files.len();
    let mut out = format!(
        "// @generated by build.rs from profiles/*.yaml\n\n/// How many profiles are built in.\npub const COUNT: usize = {n};\n\n/// The built-in profiles, oldest first: name and YAML text.\npub static BUILTIN: [(&str, &str); COUNT] = [\n"
    );
    for (name, path) in files {
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n\n/// The checked form of built-in `index`.\npub fn profile(index: usize) -> Option<Profile> {\n    match index {\n");
    for index in 0..n {
        let _ = writeln!(out, "        {index} => Some(p{index}()),");
    }
    out.push_str("        _ => None,\n    }\n}\n\n");
    out
}

/// A diagnostic as `FILE:LINE:COL: CODE message`, then its labels, notes
/// and help, indented.
fn render(source: &SourceFile, d: &Diagnostic) -> String {
    let (line, col) = source.line_col(d.primary.span.start as usize);
    let mut out = format!("{}:{line}:{col}: {} {}\n", source.name, d.code, d.message);
    if !d.primary.message.is_empty() {
        let _ = writeln!(out, "    {}", d.primary.message);
    }
    for label in &d.secondary {
        let (line, col) = source.line_col(label.span.start as usize);
        let _ = writeln!(out, "    {}:{line}:{col}: {}", source.name, label.message);
    }
    for note in &d.notes {
        let _ = writeln!(out, "    = note: {note}");
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "    = help: {help}");
    }
    out
}
