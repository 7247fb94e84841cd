//! The service-tag loader on Azure's `ServiceTags_Public_*.json` files (from
//! the shared corpus, skipped when absent) and on input that is not one.

// helpers outside `#[test]` functions unwrap too: this is test code
#![allow(clippy::unwrap_used)]

use ipnet::IpNet;
use misec::flow::{AddrSet, TagResolver};

fn tags_file(name: &str) -> Option<String> {
    let path = format!(
        "{}/../shared/corpus/servicetags-public/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(_) => {
            eprintln!("note: {path} not found; skipping");
            None
        }
    }
}

#[test]
fn loads_azure_service_tag_files() {
    for name in [
        "ServiceTags_Public_20190722.json",
        "ServiceTags_Public_20200601.json",
        "ServiceTags_Public_20230109.json",
    ] {
        let Some(text) = tags_file(name) else { return };
        let resolver = TagResolver::from_json(&text).unwrap();
        // cross-check one tag against the file read independently
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let values = json["values"].as_array().unwrap();
        let sql = values.iter().find(|v| v["name"] == "Sql").unwrap();
        let prefixes = sql["properties"]["addressPrefixes"].as_array().unwrap();
        let set = resolver.get("SQL").unwrap();
        for p in prefixes {
            let net: IpNet = p.as_str().unwrap().parse().unwrap();
            assert!(AddrSet::prefix(net).is_subset(set), "{name}: {net}");
        }
        assert!(resolver.len() <= values.len() && resolver.len() > 100);
    }
}

#[test]
fn rejects_what_is_not_a_service_tag_file() {
    assert!(TagResolver::from_json("{").is_err());
    assert!(TagResolver::from_json("[1,2]").is_err());
    let bad = r#"{"values":[{"name":"X","properties":{"addressPrefixes":["10.0.0.0/33"]}}]}"#;
    let err = TagResolver::from_json(bad).unwrap_err();
    assert!(err.contains("10.0.0.0/33"), "{err}");
    let ok = r#"{"values":[{"name":"X"}]}"#;
    assert!(TagResolver::from_json(ok)
        .unwrap()
        .get("x")
        .unwrap()
        .is_empty());
}
