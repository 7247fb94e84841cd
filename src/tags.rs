//! The built-in catalogue of Azure service tag names, written from Azure's
//! service-tag documentation.
//!
//! Input: a tag as the user wrote it (`storage.WestEurope`). Output: Azure's
//! casing for the base name and the region's lowercase location name for a
//! regional form (`Storage.westeurope`), or a "did you mean".
//!
//! Invariants: matching is ASCII case-insensitive; only tags marked regional
//! accept a `.region` suffix; a suffix is an ARM region known to
//! [`crate::region`] or one of the internal locations Azure also uses in
//! regional tag names (canary and staging locations). Tags whose base name
//! contains a dot (`AzureFrontDoor.Backend`) are matched whole first.

use crate::diagnostic::did_you_mean;

/// `(Azure's name, has regional forms)`.
static TAGS: &[(&str, bool)] = &[
    // Virtual tags and tags usable only in some places.
    ("VirtualNetwork", false),
    ("Internet", false),
    ("AzureLoadBalancer", false),
    ("AzurePlatformDNS", false),
    ("AzurePlatformIMDS", false),
    ("AzurePlatformLKM", false),
    ("AzureTrafficManager", false),
    ("CorpNetSaw", false),
    ("CorpNetPublic", false),
    // Service tags.
    ("ActionGroup", true),
    ("ApiManagement", true),
    ("AppConfiguration", false),
    ("AppService", true),
    ("AppServiceManagement", true),
    ("ApplicationInsightsAvailability", false),
    ("AutonomousDevelopmentPlatform", false),
    ("AzureActiveDirectory", false),
    ("AzureActiveDirectory.ServiceEndpoint", false),
    ("AzureActiveDirectoryDomainServices", false),
    ("AzureAdvancedThreatProtection", false),
    ("AzureArcInfrastructure", true),
    ("AzureAttestation", true),
    ("AzureBackup", true),
    ("AzureBotService", true),
    ("AzureCloud", true),
    ("AzureCognitiveSearch", true),
    ("AzureConnectors", true),
    ("AzureContainerRegistry", true),
    ("AzureCosmosDB", true),
    ("AzureDataExplorerManagement", true),
    ("AzureDataLake", true),
    ("AzureDatabricks", false),
    ("AzureDevOps", true),
    ("AzureDevSpaces", true),
    ("AzureDigitalTwins", true),
    ("AzureEventGrid", true),
    ("AzureFrontDoor.Backend", false),
    ("AzureFrontDoor.FirstParty", false),
    ("AzureFrontDoor.Frontend", false),
    ("AzureHealthcareAPIs", false),
    ("AzureInformationProtection", false),
    ("AzureIoTHub", true),
    ("AzureKeyVault", true),
    ("AzureLoadTestingInstanceManagement", false),
    ("AzureMachineLearning", true),
    ("AzureMonitor", true),
    ("AzureMonitor.Core", false),
    ("AzureOpenDatasets", true),
    ("AzurePortal", true),
    ("AzureResourceManager", true),
    ("AzureSecurityCenter", true),
    ("AzureSentinel", false),
    ("AzureSignalR", true),
    ("AzureSiteRecovery", true),
    ("AzureSphere", false),
    ("AzureSpringCloud", true),
    ("AzureStack", false),
    ("AzureUpdateDelivery", true),
    ("AzureWebPubSub", true),
    ("BatchNodeManagement", true),
    ("ChaosStudio", false),
    ("CognitiveServicesManagement", false),
    ("DataFactory", true),
    ("DataFactoryManagement", false),
    ("Dynamics365BusinessCentral", false),
    ("Dynamics365ForMarketingEmail", true),
    ("EOPExternalPublishedIPs", false),
    ("EventHub", true),
    ("GatewayManager", true),
    ("Grafana", false),
    ("GuestAndHybridManagement", false),
    ("HDInsight", true),
    ("LogicApps", true),
    ("LogicAppsManagement", false),
    ("M365ManagementActivityApi", true),
    ("M365ManagementActivityApiWebhook", true),
    ("MicrosoftAzureFluidRelay", false),
    ("MicrosoftCloudAppSecurity", true),
    ("MicrosoftContainerRegistry", true),
    ("MicrosoftDefenderForEndpoint", false),
    ("MicrosoftPurviewPolicyDistribution", false),
    ("OneDsCollector", false),
    ("PowerBI", true),
    ("PowerPlatformInfra", true),
    ("PowerPlatformPlex", true),
    ("PowerQueryOnline", true),
    ("SCCservice", true),
    ("ServiceBus", true),
    ("ServiceFabric", true),
    ("Sql", true),
    ("SqlManagement", true),
    ("Storage", true),
    ("StorageSyncService", true),
    ("VideoIndexer", true),
    ("WindowsAdminCenter", false),
    ("WindowsVirtualDesktop", true),
];

/// Locations that are not ARM regions of their own but appear as suffixes of
/// regional tags: canary (EUAP), staging and internal location names, and a
/// few abbreviated spellings Azure uses there (including its `isrealcentral`).
static EXTRA_LOCATIONS: &[&str] = &[
    "brazilne",
    "brazilse",
    "centralfrance",
    "centraluseuap",
    "chilec",
    "easteurope",
    "eastus2euap",
    "eastus2stage",
    "eastusslv",
    "eastusstg",
    "finlandcentral",
    "germanyn",
    "germanywc",
    "indiasouthcentral",
    "isrealcentral",
    "malaysiasouth",
    "northcentralusstage",
    "northeurope2",
    "norwaye",
    "norwayw",
    "southcentralusstg",
    "southfrance",
    "switzerlandn",
    "switzerlandw",
    "taiwannorth",
    "taiwannorthwest",
    "uknorth",
    "uksouth2",
    "usstagec",
    "usstagee",
];

/// Every base tag name in Azure's casing, in catalogue order.
pub fn names() -> impl Iterator<Item = &'static str> {
    TAGS.iter().map(|(n, _)| *n)
}

fn base(name: &str) -> Option<(&'static str, bool)> {
    TAGS.iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .copied()
}

fn location(suffix: &str) -> Option<String> {
    if let Some(r) = crate::region::canonical(suffix) {
        return Some(r.to_string());
    }
    EXTRA_LOCATIONS
        .iter()
        .find(|l| l.eq_ignore_ascii_case(suffix))
        .map(|l| l.to_string())
}

fn locations() -> impl Iterator<Item = &'static str> {
    crate::region::names().chain(EXTRA_LOCATIONS.iter().copied())
}

/// Azure's spelling of a service tag, or `None` if it is not a known tag.
/// `sql.WestEurope` gives `Sql.westeurope`.
pub fn canonical(name: &str) -> Option<String> {
    if let Some((n, _)) = base(name) {
        return Some(n.to_string());
    }
    let (b, suffix) = name.rsplit_once('.')?;
    match base(b) {
        Some((n, true)) => location(suffix).map(|l| format!("{n}.{l}")),
        _ => None,
    }
}

/// Is this a service tag (in any casing)?
pub fn is_known(name: &str) -> bool {
    canonical(name).is_some()
}

/// The closest known tag, for a "did you mean": a misspelt base name
/// (`Storag`), a misspelt region of a regional tag (`Storage.westeurop`), or
/// both parts misspelt (`Storag.westeurop`).
pub fn suggest(name: &str) -> Option<String> {
    if canonical(name).is_some() {
        return None;
    }
    let whole = did_you_mean(name, names()).map(str::to_string);
    let Some((b, suffix)) = name.rsplit_once('.') else {
        return whole;
    };
    // A regional form: repair the base and the location separately.
    let regional = TAGS.iter().filter(|(_, r)| *r).map(|(n, _)| *n);
    let fixed_base = match base(b) {
        Some((n, true)) => Some(n),
        Some((_, false)) => None,
        None => did_you_mean(b, regional),
    };
    let fixed_location =
        location(suffix).or_else(|| did_you_mean(suffix, locations()).map(str::to_string));
    match (fixed_base, fixed_location) {
        (Some(n), Some(l)) => Some(format!("{n}.{l}")),
        _ => whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_casing_and_regions() {
        assert_eq!(canonical("internet").as_deref(), Some("Internet"));
        assert_eq!(
            canonical("VIRTUALNETWORK").as_deref(),
            Some("VirtualNetwork")
        );
        assert_eq!(
            canonical("Sql.WestEurope").as_deref(),
            Some("Sql.westeurope")
        );
        assert_eq!(
            canonical("azurecloud.NorthEurope").as_deref(),
            Some("AzureCloud.northeurope")
        );
        assert_eq!(
            canonical("azurefrontdoor.backend").as_deref(),
            Some("AzureFrontDoor.Backend")
        );
        assert_eq!(
            canonical("Sql.EastUS2EUAP").as_deref(),
            Some("Sql.eastus2euap")
        );
    }

    #[test]
    fn rejects_unknown_and_non_regional_forms() {
        assert_eq!(canonical("Storag"), None);
        assert_eq!(canonical("Storage.westeurop"), None);
        assert_eq!(canonical("Internet.westeurope"), None);
        assert_eq!(canonical("AzureFrontDoor.westeurope"), None);
        assert_eq!(canonical(""), None);
        assert_eq!(canonical("."), None);
    }

    #[test]
    fn suggestions_for_base_and_regional_forms() {
        assert_eq!(suggest("Internt").as_deref(), Some("Internet"));
        assert_eq!(suggest("sqlmanagment").as_deref(), Some("SqlManagement"));
        assert_eq!(
            suggest("Storage.westeurop").as_deref(),
            Some("Storage.westeurope")
        );
        assert_eq!(
            suggest("Storag.westeurope").as_deref(),
            Some("Storage.westeurope")
        );
        assert_eq!(
            suggest("AzureFrontDoor.Backnd").as_deref(),
            Some("AzureFrontDoor.Backend")
        );
        assert_eq!(suggest("Storage"), None);
        assert_eq!(suggest("frobnicate"), None);
    }

    #[test]
    fn catalogue_is_large_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for n in names() {
            assert!(seen.insert(n.to_ascii_lowercase()), "duplicate {n}");
        }
        assert!(seen.len() >= 60, "only {} tags", seen.len());
    }

    /// Every tag of Azure's published file whose base is in the catalogue is
    /// accepted, with the casing Azure uses for the base.
    #[test]
    fn accepts_azure_published_tag_names() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/servicetags-public/ServiceTags_Public_20230109.json"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("note: {path} not found; skipping");
            return;
        };
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut bases = std::collections::BTreeSet::new();
        let mut covered = std::collections::BTreeSet::new();
        for value in json["values"].as_array().unwrap() {
            let name = value["name"].as_str().unwrap();
            let regional = !value["properties"]["region"]
                .as_str()
                .unwrap_or("")
                .is_empty();
            let b = match (regional, name.rsplit_once('.')) {
                (true, Some((b, _))) => b,
                _ => name,
            };
            bases.insert(b.to_string());
            if base(b).is_some() {
                covered.insert(b.to_string());
                let got = canonical(name).unwrap_or_else(|| panic!("rejects `{name}`"));
                assert!(got.starts_with(b), "`{name}` became `{got}`");
            }
        }
        let missing: Vec<_> = bases.difference(&covered).collect();
        eprintln!(
            "note: the catalogue covers {} of {} base names; missing: {missing:?}",
            covered.len(),
            bases.len()
        );
        assert!(covered.len() >= 60);
    }
}
