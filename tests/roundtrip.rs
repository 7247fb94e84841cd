//! Import round trip on the shared corpus: every JSON file that imports
//! without errors is decompiled (`misec import`, through the library as the
//! CLI runs it), the text is built (`misec build`, same profile), the
//! template is imported again, and the result must allow exactly what the
//! original does as the platform holds it under that profile
//! (`misec::effective` on the original import), flow by flow and route by
//! route (`common::equivalence`).
//!
//! A file whose decompiled text does not build is listed in `UNBUILDABLE`
//! with the codes that stop it and why; nothing is compared for it. A file
//! whose round trip differs for a known reason is listed in `DIFFERS`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::equivalence::{self, Match};
use common::{corpus, pipeline};

/// The profile SOURCES.md gives a file's era, stated here as well (inference
/// by evidence now agrees on each of them).
const PROFILE: &[(&str, &str)] = &[
    (
        "qs-sqlmi-new-vnet-2018-07-route-only/azuredeploy.json",
        "mi-2018",
    ),
    (
        "qs-sqlmi-new-vnet-2018-09-nsg-swapped-src-dst/azuredeploy.json",
        "mi-2018",
    ),
    (
        "qs-sqlmi-new-vnet-2018-11-manual/azuredeploy.json",
        "mi-2018",
    ),
    (
        "qs-sqlmi-jumpbox-2018-11-manual/azuredeploy.json",
        "mi-2018",
    ),
];

/// (file, error codes of the build, why).
const UNBUILDABLE: &[(&str, &[&str], &str)] = &[
    (
        "qs-sqlmi-azure-environment-2019-09-118-routes/azuredeploy.json",
        &["E109"],
        "the NSG is never associated with a subnet (SOURCES.md), so the import puts it on a subnet of unknown address, and a build needs the address",
    ),
    (
        "general-nsg-service-fabric-3-nsgs/azuredeploy.json",
        &["MI007", "MI201"],
        "not an MI configuration and no route table on its subnets: the import says `route-table none`, faithfully, and the .misec gets the JSON's verdict (MI007, MI201), so it does not build",
    ),
    (
        "qs-sqlmi-new-vnet-2018-07-route-only/azuredeploy.json",
        &["MI007"],
        "2018-early, no NSG (SOURCES.md): the import says `nsg none`, faithfully, and mi-2018 requires an NSG (MI007, the JSON's verdict too)",
    ),
    (
        "qs-sqlmi-new-vnet-2018-09-nsg-swapped-src-dst/azuredeploy.json",
        &["MI102"],
        "its health-probe rule points the wrong way (SOURCES.md), and a build refuses a file with errors",
    ),
    (
        "rest-api-examples-nsg-rt-get-2023-09-01/NetworkSecurityGroupGet.json",
        &["E109"],
        "a bare REST body names no subnet or vnet: their addresses are unknown",
    ),
    (
        "rest-api-examples-nsg-rt-get-2023-09-01/RouteTableGet.json",
        &["E109"],
        "a bare REST body names no subnet or vnet: their addresses are unknown",
    ),
];

/// (file, the first difference's text must contain this, why the round
/// trip cannot be equal).
const DIFFERS: &[(&str, &str, &str)] = &[
    (
        "qs-sqlmi-new-vnet-2020-03-manual-100-routes/azuredeploy.json",
        "only in the source: None; only in the compiled table: Some((Prefix(20.33.0.0/16), Internet, None))",
        "the 2019 list: the build adds the 2020 prefixes not in the file by exact match",
    ),
];

#[test]
fn corpus_round_trips() {
    let Some(files) = corpus::json_files() else {
        return;
    };
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (rel, path) in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let imported = match corpus::import_file(
            &rel,
            &text,
            PROFILE.iter().find(|p| p.0 == rel).map(|p| p.1),
        ) {
            Ok(i) => i,
            Err(codes) => {
                report.push(format!("{rel}: not imported ({codes:?})"));
                continue;
            }
        };
        let unbuildable = UNBUILDABLE.iter().find(|u| u.0 == rel);
        let built = pipeline::build(&format!("{rel}.misec"), &imported.misec, true);
        let built = match (built, unbuildable) {
            (Ok(b), None) => b,
            (Err(codes), Some((_, want, why))) => {
                let mut got = codes.clone();
                got.sort();
                got.dedup();
                if got != *want {
                    failures.push(format!(
                        "{rel}: does not build with {got:?}, expected {want:?} ({why})"
                    ));
                }
                report.push(format!("{rel}: not built, {got:?} as expected"));
                continue;
            }
            (Err(codes), None) => {
                failures.push(format!(
                    "{rel}: the import does not build: {codes:?}\n{}",
                    imported.misec
                ));
                continue;
            }
            (Ok(_), Some((_, want, _))) => {
                failures.push(format!(
                    "{rel}: builds, but {want:?} was expected to stop it"
                ));
                continue;
            }
        };
        let compiled = pipeline::read_back(&rel, &built.arm);
        let profiles: Vec<_> = imported
            .model
            .subnets()
            .map(|_| Some(imported.profile.clone()))
            .collect();
        let result =
            equivalence::compare(&rel, &imported.model, &profiles, &compiled, Match::BySubnet);
        let known = DIFFERS.iter().find(|d| d.0 == rel);
        match (result, known) {
            (Ok(done), None) => report.push(format!(
                "{rel}: round-trips under {} ({} subnets, {} flows, {} routes)",
                imported.profile_name, done.subnets, done.flows, done.routes
            )),
            (Err(e), Some((_, want, why))) => {
                if !e.contains(want) {
                    failures.push(format!(
                        "{rel}: differs otherwise than expected ({why}):\n  want {want}\n  got  {e}"
                    ));
                }
                report.push(format!("{rel}: differs as expected ({why})"))
            }
            (Err(e), None) => failures.push(format!(
                "{e}\n--- the import under {}:\n{}",
                imported.profile_name, imported.misec
            )),
            (Ok(_), Some(_)) => {
                failures.push(format!("{rel}: round-trips, but was listed as differing"))
            }
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every `.misec` below `examples/` and `tests/fixtures/` that builds.
fn buildable_sources() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "misec") {
                out.push(p);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    walk(&root.join("examples"), &mut all);
    walk(&root.join("tests/fixtures"), &mut all);
    all
}

fn run(args: &[&str]) -> std::process::Output {
    common::cli::misec(args)
}

fn ok(what: &str, out: &std::process::Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `misec check` of misec's own artifact: no error, no warning (but the
/// codes in `allowed`).
fn checks_clean(what: &str, args: &[&str], allowed: &[&str]) {
    let mut all = vec!["check", "--format", "short"];
    all.extend_from_slice(args);
    let out = run(&all);
    ok(what, &out);
    let text = String::from_utf8_lossy(&out.stdout);
    let bad: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(": error ") || l.contains(": warning "))
        .filter(|l| !allowed.iter().any(|c| l.contains(&format!(" {c} "))))
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: misec's own output does not check clean:\n{}",
        bad.join("\n")
    );
}

/// build → import → build is the identity, for every source that builds,
/// every era and every target (`arm`, `arm --with-subnets`, `rest`); and
/// each artifact checks clean (no error; no warning the source itself does
/// not get) under the profile it was built from (the
/// template says which in `metadata.misec.profile`; REST bodies carry no
/// metadata, so their check and import are told the profile).
#[test]
fn build_import_build_is_the_identity() {
    let mut done = 0;
    for src in buildable_sources() {
        let name = src.display().to_string();
        let first = run(&["build", &name]);
        if first.status.code() != Some(0) {
            continue; // a fixture with errors: nothing to read back
        }
        // what the source itself is warned about, its artifacts may be too
        let own = run(&["check", "--format", "short", &name]);
        let mut own: Vec<String> = String::from_utf8_lossy(&own.stdout)
            .lines()
            .filter(|l| l.contains(": warning "))
            .filter_map(|l| {
                l.split(": warning ")
                    .nth(1)?
                    .split(' ')
                    .next()
                    .map(str::to_string)
            })
            .collect();
        // and what its comments silence, which JSON cannot carry
        let text = std::fs::read_to_string(&src).unwrap();
        for line in text.lines() {
            if let Some(rest) = line.split("misec: allow").nth(1) {
                let codes = rest.split("--").next().unwrap_or("");
                own.extend(codes.split(',').map(|c| c.trim().to_string()));
            }
        }
        let own: Vec<&str> = own.iter().map(String::as_str).collect();
        let tmp = tempfile::tempdir().unwrap();
        let template: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
        let profile = template["metadata"]["misec"]["profile"]
            .as_str()
            .map(str::to_string);
        for flags in [&[][..], &["--with-subnets"][..]] {
            let what = format!("{name} {flags:?}");
            let mut args = vec!["build", name.as_str()];
            args.extend_from_slice(flags);
            let built = run(&args);
            ok(&what, &built);
            let json = tmp.path().join("built.json");
            std::fs::write(&json, &built.stdout).unwrap();
            let json_s = json.to_str().unwrap();
            checks_clean(&what, &[json_s], &own);
            let imported = run(&["import", json_s]);
            ok(&what, &imported);
            let again = tmp.path().join("again.misec");
            std::fs::write(&again, &imported.stdout).unwrap();
            let mut args = vec!["build", again.to_str().unwrap()];
            args.extend_from_slice(flags);
            let rebuilt = run(&args);
            ok(&what, &rebuilt);
            assert!(
                built.stdout == rebuilt.stdout,
                "{what}: build → import → build changed the template; the import was:\n{}",
                String::from_utf8_lossy(&imported.stdout)
            );
        }
        let Some(profile) = profile else {
            eprintln!("note: {name}: subnets of several profiles, no REST round trip");
            continue;
        };
        let (one, two) = (tmp.path().join("rest1"), tmp.path().join("rest2"));
        let out = run(&[
            "build",
            &name,
            "--target",
            "rest",
            "-o",
            one.to_str().unwrap(),
        ]);
        if out.status.code() != Some(0) {
            // no region: REST bodies need a location
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("needs a location"),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            continue;
        }
        let bodies: Vec<String> = common::inputs::misec_files(&one)
            .into_iter()
            .chain(std::fs::read_dir(&one).unwrap().map(|e| e.unwrap().path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| p.display().to_string())
            .collect();
        let what = format!("{name} --target rest");
        for body in &bodies {
            // a 2018 body names no subnet (its rules match `*`, its table
            // holds only `0.0.0.0/0`): IMP002 says which checks were not made
            let mut allowed = own.clone();
            if profile == "mi-2018" {
                allowed.push("IMP002");
            }
            checks_clean(&what, &["--profile", &profile, body], &allowed);
        }
        // where the bodies cannot say their subnet (2018), the user gives it
        let mut prefixes: Vec<String> = template["metadata"]["misec"]["subnets"]
            .as_object()
            .map(|m| {
                m.values()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        prefixes.sort();
        prefixes.dedup();
        let mut args = vec!["import", "--profile", profile.as_str()];
        if let [one] = prefixes.as_slice() {
            if profile == "mi-2018" {
                args.extend(["--subnet-prefix", one.as_str()]);
            }
        }
        args.extend(bodies.iter().map(String::as_str));
        let imported = run(&args);
        ok(&what, &imported);
        let again = tmp.path().join("again-rest.misec");
        std::fs::write(&again, &imported.stdout).unwrap();
        let out = run(&[
            "build",
            again.to_str().unwrap(),
            "--target",
            "rest",
            "-o",
            two.to_str().unwrap(),
        ]);
        ok(&what, &out);
        assert_eq!(
            common::golden::read_dir(&one),
            common::golden::read_dir(&two),
            "{what}: build → import → build changed the bodies; the import was:\n{}",
            String::from_utf8_lossy(&imported.stdout)
        );
        done += 1;
    }
    assert!(done >= 13, "only {done} sources went all the way round");
}
