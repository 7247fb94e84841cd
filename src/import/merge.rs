//! Several imported files as one `.misec` file (`misec import a.json b.json`).
//!
//! Input: the models of the files, in command-line order, with the files'
//! names. Output: one model, or why the files cannot be one: an NSG or a
//! route table of one name in two files (two resources Azure would hold as
//! one). The NSGs and route tables no subnet uses (REST bodies, `az ... show`
//! output) go into one vnet, and an NSG and a route table that protect the
//! same subnet prefix become one subnet again; vnets of one name get a
//! suffix, so that no name clashes.

use std::collections::BTreeMap;

use crate::model::Model;

/// The name `assemble` gives the vnet of NSGs and route tables without one.
const LOOSE: &str = "imported";

pub fn merge(models: Vec<Model>, names: &[String]) -> Result<Model, String> {
    let mut owners: BTreeMap<(bool, String), usize> = BTreeMap::new();
    for (i, model) in models.iter().enumerate() {
        for (_, subnet) in model.subnets() {
            let items = [
                subnet.nsg.as_ref().map(|n| (true, &n.name.value)),
                subnet.route_table.as_ref().map(|t| (false, &t.name.value)),
            ];
            for (is_nsg, name) in items.into_iter().flatten() {
                let key = (is_nsg, name.to_lowercase());
                match owners.get(&key) {
                    Some(&j) if j != i => {
                        let what = if is_nsg {
                            "network security group"
                        } else {
                            "route table"
                        };
                        let file = |k: usize| names.get(k).map_or("?", String::as_str);
                        return Err(format!(
                            "{what} `{name}` is in both `{}` and `{}`: import them one at a time",
                            file(j),
                            file(i)
                        ));
                    }
                    _ => {
                        owners.insert(key, i);
                    }
                }
            }
        }
    }
    let mut models = models.into_iter();
    let Some(mut out) = models.next() else {
        return Err("no file to import".to_string());
    };
    for model in models {
        out.vnets.extend(model.vnets);
    }
    // one vnet for the loose NSGs and route tables, where there are several
    let (loose, mut vnets): (Vec<_>, Vec<_>) = out
        .vnets
        .into_iter()
        .partition(|v| v.name.value == LOOSE && v.address.is_empty());
    let mut loose = loose.into_iter();
    if let Some(mut first) = loose.next() {
        for v in loose {
            first.region = first.region.or(v.region);
            first.subnets.extend(v.subnets);
        }
        pair(&mut first.subnets);
        vnets.push(first);
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for v in &mut vnets {
        let n = seen.entry(v.name.value.to_lowercase()).or_insert(0);
        *n += 1;
        if *n > 1 {
            v.name.value = format!("{}-{n}", v.name.value);
        }
    }
    out.vnets = vnets;
    Ok(out)
}

/// An NSG-only and a route-table-only subnet of one known prefix are one;
/// so are the only NSG-only and the only route-table-only subnet (as within
/// one file, see `assemble`).
fn pair(subnets: &mut Vec<crate::model::Subnet>) {
    let nsg_only: Vec<usize> = (0..subnets.len())
        .filter(|&k| subnets[k].nsg.is_some() && subnets[k].route_table.is_none())
        .collect();
    let rt_only: Vec<usize> = (0..subnets.len())
        .filter(|&k| subnets[k].nsg.is_none() && subnets[k].route_table.is_some())
        .collect();
    if let ([n], [r]) = (nsg_only.as_slice(), rt_only.as_slice()) {
        let (n, r) = (*n, *r);
        let agree = match (&subnets[n].address, &subnets[r].address) {
            (Some(a), Some(b)) => a.value == b.value,
            _ => true,
        };
        if agree {
            let table = subnets.remove(r);
            let at = if r < n { n - 1 } else { n };
            subnets[at].route_table = table.route_table;
            if subnets[at].address.is_none() {
                subnets[at].address = table.address;
            }
            return;
        }
    }
    let mut i = 0;
    while i < subnets.len() {
        let partner = (0..subnets.len()).find(|&k| {
            let (a, b) = (&subnets[i], &subnets[k]);
            k != i
                && a.nsg.is_some()
                && a.route_table.is_none()
                && b.nsg.is_none()
                && b.route_table.is_some()
                && a.address.is_some()
                && a.address.as_ref().map(|x| x.value) == b.address.as_ref().map(|x| x.value)
        });
        if let Some(k) = partner {
            let table = subnets.remove(k);
            let at = if k < i { i - 1 } else { i };
            subnets[at].route_table = table.route_table;
            i = at + 1;
        } else {
            i += 1;
        }
    }
}
