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
    (
        "techworkshop-l300-sqlmi-hub-spoke/deploy.json",
        "routes differ (29 vs 23); only in the source: Some((Tag(\"AzureCloud.northcentralus\"), Internet, None))",
        "the template was exported from a live deployment of the era before the November 2022 wave (SOURCES.md), inferred as mi-2021: its 12 service-tag routes are that profile's, but they hard-code the regions (northcentralus, southcentralus) while the vnet's location is the resource group's, unknown offline, so a build cannot fill in the six routes that name a region. The NSGs agree on every packet the subnet's NSG sees",
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
