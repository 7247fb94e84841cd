use std::path::Path;

use super::*;

const DEMO: &str = "vnet prod {\n  address  10.20.0.0/16\n  region   westeurope\n\n  subnet sqlmi {\n    address  10.20.1.0/24\n    delegated\n\n    inbound {\n      apps:  allow tcp from 10.20.2.0/24 to subnet port 1433\n      default deny\n    }\n  }\n}\n";

fn codes(ws: &mut Workspace, path: &Path) -> Vec<&'static str> {
    let a = ws.analyse(path).unwrap().unwrap();
    a.analysis.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn diagnostics_are_the_ones_check_gives() {
    let text = DEMO.replace("1433\n", "1433  priority 100\n");
    let mut ws = Workspace::new(Settings::default());
    let path = Path::new("/nonexistent/demo.misec");
    ws.set_text(path, text.clone());
    let mine = ws
        .analyse(path)
        .unwrap()
        .unwrap()
        .analysis
        .diagnostics
        .clone();

    let mut sources = Sources::new();
    let id = sources.add(path.display().to_string(), text);
    let theirs = check::analyse(&mut sources, id, &Config::default(), &Options::default());
    assert_eq!(mine, theirs.diagnostics);
    assert!(mine.iter().any(|d| d.code == "MI104"));
}

#[test]
fn an_edit_replaces_the_analysis_and_the_table_does_not_grow() {
    let mut ws = Workspace::new(Settings::default());
    let path = Path::new("/nonexistent/a.misec");
    ws.set_text(path, DEMO.to_string());
    assert_eq!(codes(&mut ws, path), Vec::<&str>::new());
    let size = ws.sources().len();
    for round in 0..50 {
        let text = format!("profile mi-30{round}\n{DEMO}");
        ws.set_text(path, text);
        // an unknown profile is said again after every edit, not only once
        assert_eq!(codes(&mut ws, path), vec!["E108"], "round {round}");
        assert_eq!(ws.sources().len(), size);
    }
    ws.set_text(path, DEMO.to_string());
    assert!(codes(&mut ws, path).is_empty());
}

#[test]
fn a_closed_file_gives_its_id_to_the_next() {
    let mut ws = Workspace::new(Settings::default());
    let a = ws.set_text(Path::new("/nonexistent/a.misec"), DEMO.to_string());
    assert!(ws.close(Path::new("/nonexistent/a.misec")));
    assert!(!ws.close(Path::new("/nonexistent/a.misec")));
    let b = ws.set_text(Path::new("/nonexistent/b.misec"), "vnet x {".to_string());
    assert_eq!(a, b);
    assert_eq!(ws.sources().text(b), "vnet x {");
    assert_eq!(
        codes(&mut ws, Path::new("/nonexistent/b.misec")),
        vec!["E001"]
    );
    assert_eq!(
        ws.analyse(Path::new("/nonexistent/a.misec"))
            .unwrap()
            .map(|a| a.file),
        None
    );
}

#[test]
fn effective_configurations_put_the_mandatory_rules_first() {
    let mut ws = Workspace::new(Settings::default());
    let path = Path::new("/nonexistent/a.misec");
    ws.set_text(path, DEMO.to_string());
    let analysis = ws.analyse(path).unwrap().unwrap();
    let effective = analysis.effective();
    let [Some(eff)] = effective.as_slice() else {
        panic!(
            "one subnet with a profile expected, got {}",
            effective.len()
        );
    };
    let first = &eff.inbound[0].rule.name.value;
    assert!(
        first.starts_with("Microsoft.Sql-managedInstances_UseOnly"),
        "{first}"
    );
    assert!(eff.inbound.iter().any(|r| r.rule.name.value == "apps"));
}

#[test]
fn json_files_are_imported() {
    let mut ws = Workspace::new(Settings::default());
    let path = Path::new("/nonexistent/nsg.json");
    ws.set_text(path, "{\"not\": \"azure\"".to_string());
    let a = ws.analyse(path).unwrap().unwrap();
    assert_eq!(a.kind, Kind::Json);
    assert!(!a.analysis.diagnostics.is_empty());
}

#[test]
fn a_worker_holds_one_file_at_a_time() {
    // what a fleet worker does: open, analyse, forget, file after file
    let json = include_str!("../../tests/fixtures/import/eras/platform-v9-copies.json");
    let mut ws = Workspace::new(Settings::default());
    let mut sizes = Vec::new();
    for i in 0..30 {
        let path = PathBuf::from(format!("/nonexistent/t{i}.json"));
        let mark = ws.mark();
        ws.set_text(&path, json.replace("\"tds\"", &format!("\"tds-{i}\"")));
        let a = ws.analyse(&path).unwrap().unwrap();
        assert!(a.inferred.is_some(), "the profile was inferred");
        assert!(!a.analysis.diagnostics.is_empty());
        ws.forget(&path, mark);
        assert!(ws.analysis(&path).is_none());
        sizes.push(ws.sources().len());
    }
    // the first file loads what every file shares (its profile); after it,
    // nothing of a file stays in the source table
    assert!(sizes[1..].iter().all(|&n| n == sizes[1]), "{sizes:?}");
    assert!(sizes[1] <= sizes[0] + 1, "{sizes:?}");
}
