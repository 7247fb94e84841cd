//! Service tags: the resolver read from Azure's `ServiceTags_Public_*.json`,
//! and the evaluation context that knows which tags are opaque.
//!
//! Input: the JSON text (`values[].name`, `values[].properties.addressPrefixes`),
//! the vnet address space and subnet prefixes.
//! Output: the exact address set of a resolved tag; an interned atom id for
//! an unresolved one.
//!
//! Invariants: names compare case-insensitively; a resolved tag is exactly its
//! prefixes; an unresolved tag keeps one atom for the whole run (ids depend on
//! interning order, meanings never do); atom ids only name regions, so sets
//! built before or after an interning agree.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use ipnet::IpNet;
use serde::Deserialize;

use super::addr::AddrSet;

/// Tag name → prefixes, from a service-tags file.
#[derive(Debug, Clone, Default)]
pub struct TagResolver {
    /// Lowercased name → (name as written, its addresses).
    tags: BTreeMap<String, (String, AddrSet)>,
}

#[derive(Deserialize)]
struct TagFile {
    values: Vec<TagValue>,
}

#[derive(Deserialize)]
struct TagValue {
    name: String,
    #[serde(default)]
    properties: TagProperties,
}

#[derive(Deserialize, Default)]
struct TagProperties {
    #[serde(default, rename = "addressPrefixes")]
    address_prefixes: Vec<String>,
}

impl TagResolver {
    /// Read a `ServiceTags_Public_*.json` text. Errors name the JSON problem
    /// or the first prefix that is not a CIDR.
    pub fn from_json(text: &str) -> Result<TagResolver, String> {
        let file: TagFile =
            serde_json::from_str(text).map_err(|e| format!("not a service-tags file: {e}"))?;
        let mut tags = BTreeMap::new();
        for value in file.values {
            let mut nets = Vec::with_capacity(value.properties.address_prefixes.len());
            for p in &value.properties.address_prefixes {
                let net: IpNet = p
                    .trim()
                    .parse()
                    .map_err(|_| format!("tag `{}`: `{p}` is not a prefix", value.name))?;
                nets.push(net);
            }
            let key = value.name.to_ascii_lowercase();
            // a name listed twice: its prefixes add up
            let entry = tags
                .entry(key)
                .or_insert_with(|| (value.name.clone(), AddrSet::empty()));
            entry.1 = entry.1.union(&AddrSet::prefixes(nets));
        }
        Ok(TagResolver { tags })
    }

    /// Build from explicit prefixes (tests, configuration).
    pub fn from_prefixes<'a>(
        entries: impl IntoIterator<Item = (&'a str, Vec<IpNet>)>,
    ) -> TagResolver {
        let mut tags = BTreeMap::new();
        for (name, nets) in entries {
            tags.insert(
                name.to_ascii_lowercase(),
                (name.to_string(), AddrSet::prefixes(nets)),
            );
        }
        TagResolver { tags }
    }

    /// The addresses of a tag, case-insensitively.
    pub fn get(&self, name: &str) -> Option<&AddrSet> {
        self.tags.get(&name.to_ascii_lowercase()).map(|t| &t.1)
    }

    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// Every tag name as written in the file, sorted case-insensitively.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.tags.values().map(|t| t.0.as_str())
    }
}

/// Interned unresolved tags.
#[derive(Debug, Default)]
struct Atoms {
    by_key: BTreeMap<String, u32>,
    names: Vec<String>,
}

/// The ids [`Context::new`] gives the tags it interns first.
const INTERNET_ATOM: u32 = 0;
const VNET_ATOM: u32 = 1;

/// What evaluation knows about addresses: the resolver (if configured) and
/// the vnet's own prefixes, which `VirtualNetwork` certainly contains.
#[derive(Debug)]
pub struct Context<'r> {
    resolver: Option<&'r TagResolver>,
    vnet: AddrSet,
    /// Behind a lock so that a compiled policy can be asked from several
    /// threads; atoms are only interned while policies are built.
    atoms: Mutex<Atoms>,
    /// Whether the resolver knows `Internet` (asked for every address).
    internet_resolved: bool,
}

impl<'r> Context<'r> {
    /// `vnet`: the vnet address space and subnet prefixes.
    pub fn new(resolver: Option<&'r TagResolver>, vnet: &[IpNet]) -> Context<'r> {
        let ctx = Context {
            resolver,
            vnet: AddrSet::prefixes(vnet.iter().copied()),
            atoms: Mutex::new(Atoms::default()),
            internet_resolved: resolver.is_some_and(|r| r.get("Internet").is_some()),
        };
        // the tags of Azure's default rules get the first ids, so that a
        // sample of "any" reads `Internet` rather than a rarer tag
        for tag in ["Internet", "VirtualNetwork", "AzureLoadBalancer"] {
            ctx.tag_atom(tag);
        }
        ctx
    }

    /// The vnet prefixes `VirtualNetwork` is known to contain.
    pub fn vnet(&self) -> &AddrSet {
        &self.vnet
    }

    /// Whether `Internet` is a resolved tag (known once, asked per address).
    pub fn internet_resolved(&self) -> bool {
        self.internet_resolved
    }

    /// The atom of `Internet`: interned first by [`Context::new`].
    pub fn internet_atom(&self) -> u32 {
        INTERNET_ATOM
    }

    /// The atom of `VirtualNetwork`: interned second by [`Context::new`].
    pub fn vnet_atom(&self) -> u32 {
        VNET_ATOM
    }

    /// The exact addresses of a resolved tag.
    pub fn resolve(&self, tag: &str) -> Option<&'r AddrSet> {
        self.resolver.and_then(|r| r.get(tag))
    }

    fn atoms(&self) -> MutexGuard<'_, Atoms> {
        self.atoms.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The atom of an unresolved tag (interning it on first use).
    pub fn tag_atom(&self, tag: &str) -> u32 {
        let key = tag.to_ascii_lowercase();
        let mut atoms = self.atoms();
        if let Some(&id) = atoms.by_key.get(&key) {
            return id;
        }
        let id = u32::try_from(atoms.names.len()).unwrap_or(u32::MAX);
        atoms.by_key.insert(key, id);
        atoms.names.push(tag.to_string());
        id
    }

    /// The tag name of an atom, as first written.
    pub fn atom_name(&self, id: u32) -> Option<String> {
        self.atoms().names.get(id as usize).cloned()
    }

    /// The number of interned atoms (ids `0..n` have names).
    pub fn atom_count(&self) -> u32 {
        u32::try_from(self.atoms().names.len()).unwrap_or(u32::MAX)
    }
}
