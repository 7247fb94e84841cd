//! Emitted JSON validated offline against the published schemas in
//! `../shared/schemas` (see its SOURCES.md, "Offline $ref resolution"):
//! templates against `deploymentTemplate.json`, each resource against
//! `Microsoft.Network.NRP.json#/resourceDefinitions/<type>` for the plan's
//! apiVersion, REST bodies against the 2024-01-01 swagger definitions.
//!
//! The validators (offline `$ref` resolution, built once per test binary)
//! live in `common/schema.rs`, shared with `build.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

mod common;
mod emit_plans;

use std::time::Instant;

use common::schema::{errors, resource_validator, validators};
use misec::emit::{arm, rest, Plan};
use serde_json::{json, Map, Value};

fn plans() -> Vec<(&'static str, Plan<'static>, bool)> {
    vec![
        ("service-aided", emit_plans::service_aided(), false),
        (
            "service-aided with subnets",
            emit_plans::service_aided(),
            true,
        ),
        ("manual-2018", emit_plans::manual_2018(), false),
    ]
}

fn template(plan: &Plan, with_subnets: bool) -> Value {
    serde_json::from_str(&arm(plan, with_subnets).unwrap()).unwrap()
}

#[test]
fn templates_are_valid_deployment_templates() {
    let Some(v) = validators() else { return };
    for (name, plan, subnets) in plans() {
        let doc = template(&plan, subnets);
        let started = Instant::now();
        assert_eq!(errors(&v.template, &doc), Vec::<String>::new(), "{name}");
        eprintln!("validated {name} in {:?}", started.elapsed());
    }
}

#[test]
fn every_resource_matches_its_network_definition() {
    let Some(v) = validators() else { return };
    for (name, plan, subnets) in plans() {
        let doc = template(&plan, subnets);
        let resources = doc["resources"].as_array().unwrap();
        assert_eq!(resources.len(), 2 + subnets as usize, "{name}");
        for r in resources {
            assert_eq!(
                errors(resource_validator(v, r), r),
                Vec::<String>::new(),
                "{name}: {}",
                r["name"]
            );
        }
    }
}

#[test]
fn rest_bodies_match_the_swagger_definitions() {
    let Some(v) = validators() else { return };
    for (name, plan, _) in plans() {
        let files = rest(&plan, "westeurope").unwrap();
        let types = [
            "Microsoft.Network/networkSecurityGroups",
            "Microsoft.Network/routeTables",
        ];
        assert_eq!(files.len(), types.len());
        for ((file, text), ty) in files.iter().zip(types) {
            let body: Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                errors(&v.bodies[ty], &body),
                Vec::<String>::new(),
                "{name}: {file}"
            );
        }
    }
}

fn first_rule(doc: &mut Value) -> &mut Map<String, Value> {
    doc["resources"][0]["properties"]["securityRules"][0]["properties"]
        .as_object_mut()
        .unwrap()
}

#[test]
fn a_broken_resource_fails_every_schema() {
    let Some(v) = validators() else { return };
    let plan = emit_plans::service_aided();
    for (field, bad) in [
        ("access", json!("Maybe")),
        ("protocol", json!("TCP")),
        ("priority", json!("first")),
    ] {
        let mut doc = template(&plan, false);
        first_rule(&mut doc).insert(field.into(), bad.clone());
        assert!(!v.template.is_valid(&doc), "template with {field} = {bad}");
        let nsg = &doc["resources"][0];
        assert!(
            !resource_validator(v, nsg).is_valid(nsg),
            "resource with {field} = {bad}"
        );

        let mut body: Value =
            serde_json::from_str(&rest(&plan, "westeurope").unwrap()[0].1).unwrap();
        body["properties"]["securityRules"][0]["properties"][field] = bad.clone();
        let swagger = &v.bodies["Microsoft.Network/networkSecurityGroups"];
        assert!(!swagger.is_valid(&body), "body with {field} = {bad}");
    }
}

#[test]
fn an_api_version_without_a_definition_fails() {
    let Some(v) = validators() else { return };
    let mut doc = template(&emit_plans::service_aided(), false);
    doc["resources"][1]["apiVersion"] = json!("2099-01-01");
    assert!(!v.template.is_valid(&doc));
    let mut doc = template(&emit_plans::service_aided(), false);
    doc["resources"][1]["properties"]["routes"][0]["properties"]["nextHopType"] = json!("Firewall");
    assert!(!v.template.is_valid(&doc));
}
