//! Expected text kept in files beside their inputs, compared byte for byte.
//! `MISEC_BLESS=1` writes the actual text instead (review the diff after).

use std::fs;
use std::path::Path;

pub fn bless() -> bool {
    std::env::var_os("MISEC_BLESS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the file at `path`, naming the first differing line.
pub fn check(path: &Path, actual: &str) {
    if bless() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with MISEC_BLESS=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {}:\nexpected: {:?}\nactual:   {:?}\n(MISEC_BLESS=1 refreshes it)",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line),
        );
    }
}

/// Compares every `(file name, text)` with `folder/<file name>`, and checks
/// that no other file lingers in `folder`.
pub fn check_dir(folder: &Path, files: &[(String, String)]) {
    if bless() && folder.is_dir() {
        fs::remove_dir_all(folder).unwrap();
    }
    for (name, text) in files {
        check(&folder.join(name), text);
    }
    let mut on_disk: Vec<String> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    assert_eq!(on_disk, names, "files in {}", folder.display());
}

/// The files of a directory as `(name, text)`, sorted by name.
pub fn read_dir(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}
