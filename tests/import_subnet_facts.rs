//! Import reads the subnet facts the language has statements for:
//! `defaultOutboundAccess` (`default-outbound`, MI008) and, where an Azure
//! response carries one, the creation time `systemData.createdAt`
//! (`created`); the decompiled `.misec` says them, and the check reports
//! MI008 at the JSON value.

#![allow(clippy::unwrap_used)]

use misec::check::{check_model, Options};
use misec::config::Config;
use misec::import::{import, to_misec, ImportOptions};
use misec::model::Date;
use misec::source::Sources;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/private-subnet-vnet.json"
);

#[test]
fn default_outbound_and_creation_date_are_read_and_said() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let mut sources = Sources::new();
    let file = sources.add("private-subnet-vnet.json", text.clone());
    let (model, diags) = import(file, &text, &ImportOptions::default());
    assert!(diags.is_empty(), "{diags:?}");
    let (_, subnet) = model.subnets().next().unwrap();
    let off = subnet.default_outbound.as_ref().unwrap();
    assert!(!off.value);
    assert_eq!(&text[off.span.range()], "false");
    assert_eq!(
        subnet.created.as_ref().unwrap().value,
        Date::parse("2019-06-01").unwrap()
    );

    let misec = to_misec(&model, &sources, "mi-2024", "given", &Default::default());
    assert!(misec.contains("created     2019-06-01\n"), "{misec}");
    assert!(misec.contains("default-outbound off\n"), "{misec}");

    let options = Options::with_profile(Some("mi-2024".into()));
    let out = check_model(&mut sources, &model, &Config::default(), &options, false);
    let mi008: Vec<_> = out.iter().filter(|d| d.code == "MI008").collect();
    assert_eq!(mi008.len(), 1, "{out:?}");
    assert_eq!(&text[mi008[0].span().range()], "false");
}

#[test]
fn a_template_without_the_facts_leaves_them_unknown() {
    let text = r#"{"type": "Microsoft.Network/virtualNetworks/subnets", "name": "v/sqlmi",
      "properties": {"addressPrefix": "10.0.1.0/24"}}"#;
    let (model, _) = import(misec::source::FileId(0), text, &ImportOptions::default());
    let subnets: Vec<_> = model.subnets().map(|(_, s)| s).collect();
    assert_eq!(subnets.len(), 1);
    assert_eq!(
        subnets[0].address.as_ref().unwrap().value.to_string(),
        "10.0.1.0/24"
    );
    assert!(subnets[0].created.is_none());
    assert!(subnets[0].default_outbound.is_none());
}

/// A route table with the platform's pre-wave service-tag routes.
const PRE_WAVE: &str = r#"{"resources": [
  {"type": "Microsoft.Network/routeTables", "name": "mi-rt", "properties": {"routes": [
    {"name": "Microsoft.Sql-managedInstances_UseOnly_mi-SqlManagement",
     "properties": {"addressPrefix": "SqlManagement", "nextHopType": "Internet"}}]}},
  {"type": "Microsoft.Network/networkSecurityGroups", "name": "mi-nsg", "properties": {"securityRules": [RULES]}}
]}"#;

#[test]
fn the_pre_wave_tag_routes_mean_mi_2021() {
    let text = PRE_WAVE.replace("RULES", "");
    let (model, diags) = import(misec::source::FileId(0), &text, &ImportOptions::default());
    assert!(diags.is_empty(), "{diags:?}");
    let (name, why) = misec::import::infer_profile(&model);
    assert_eq!(name, "mi-2021");
    assert!(why.contains("`mi-2021`"), "{why}");
}
