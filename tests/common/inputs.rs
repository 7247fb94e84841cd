//! The inputs `tests/build.rs` builds: `examples/*.misec` and the build
//! fixtures `tests/fixtures/build/*.misec`, and how each is built (a fixture
//! holding `# misec-build: --with-subnets` is built with that flag).

use std::fs;
use std::path::{Path, PathBuf};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn misec_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "misec"))
        .collect();
    out.sort();
    out
}

pub fn fixtures() -> Vec<PathBuf> {
    misec_files(&root().join("tests/fixtures/build"))
}

/// Examples first, then the build fixtures.
pub fn inputs() -> Vec<PathBuf> {
    let mut all = misec_files(&root().join("examples"));
    all.extend(fixtures());
    all
}

pub fn with_subnets(path: &Path) -> bool {
    fs::read_to_string(path)
        .unwrap()
        .contains("# misec-build: --with-subnets")
}

pub fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

pub fn build_args(path: &Path) -> Vec<String> {
    let mut args = vec!["build".to_string(), path.to_string_lossy().into_owned()];
    if with_subnets(path) {
        args.push("--with-subnets".into());
    }
    args
}
