//! Which subnet of OLD is compared with which subnet of NEW.
//!
//! Input: the two models (managed-instance and standalone subnets only; an
//! imported gateway or application subnet is not compared) and `--subnet`.
//! Output: pairs of indices into `Model::subnets()`, in OLD's order, and the
//! subnets left without a partner.
//!
//! Invariants: by name first (case-insensitively), then by prefix, then, when
//! exactly one subnet is left on each side, those two (a bare NSG from `az
//! network nsg show` against the `.misec` subnet it protects). Each subnet is
//! in at most one pair.

use crate::model::{Model, Subnet, SubnetKind};

/// The pairs, and the names of subnets without a partner (`(side, name)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairing {
    pub pairs: Vec<(usize, usize)>,
    pub alone: Vec<(&'static str, String)>,
}

fn comparable(model: &Model) -> Vec<(usize, &Subnet)> {
    model
        .subnets()
        .enumerate()
        .filter(|(_, (_, s))| s.kind != SubnetKind::Other)
        .map(|(i, (_, s))| (i, s))
        .collect()
}

/// Pairs the subnets of `old` and `new`; `only` keeps the pair where either
/// side has that name.
pub fn pair(old: &Model, new: &Model, only: Option<&str>) -> Result<Pairing, String> {
    let olds = comparable(old);
    let news = comparable(new);
    let mut pairs = Vec::new();
    let mut taken_old = vec![false; olds.len()];
    let mut taken_new = vec![false; news.len()];
    let by_name = |a: &Subnet, b: &Subnet| a.name.value.eq_ignore_ascii_case(&b.name.value);
    let by_prefix = |a: &Subnet, b: &Subnet| {
        a.address.is_some()
            && a.address.as_ref().map(|x| x.value) == b.address.as_ref().map(|x| x.value)
    };
    for matches in [&by_name as &dyn Fn(&Subnet, &Subnet) -> bool, &by_prefix] {
        for (i, (oi, o)) in olds.iter().enumerate() {
            if taken_old.get(i) == Some(&true) {
                continue;
            }
            let found = news
                .iter()
                .enumerate()
                .find(|(j, (_, n))| taken_new.get(*j) == Some(&false) && matches(o, n));
            if let Some((j, (ni, _))) = found {
                pairs.push((i, *oi, *ni));
                taken_old[i] = true;
                taken_new[j] = true;
            }
        }
    }
    let left_old: Vec<usize> = (0..olds.len()).filter(|&i| !taken_old[i]).collect();
    let left_new: Vec<usize> = (0..news.len()).filter(|&j| !taken_new[j]).collect();
    if let ([i], [j]) = (left_old.as_slice(), left_new.as_slice()) {
        if let (Some((oi, _)), Some((ni, _))) = (olds.get(*i), news.get(*j)) {
            pairs.push((*i, *oi, *ni));
            taken_old[*i] = true;
            taken_new[*j] = true;
        }
    }
    pairs.sort();
    let name = |list: &[(usize, &Subnet)], k: usize| {
        list.get(k)
            .map(|(_, s)| s.name.value.clone())
            .unwrap_or_default()
    };
    let mut out = Pairing::default();
    for &(i, oi, ni) in &pairs {
        let j = news
            .iter()
            .position(|(k, _)| *k == ni)
            .unwrap_or(usize::MAX);
        let (o, n) = (name(&olds, i), name(&news, j));
        if only.is_none_or(|want| o == want || n == want) {
            out.pairs.push((oi, ni));
        }
    }
    if only.is_none() {
        for (i, t) in taken_old.iter().enumerate() {
            if !t {
                out.alone.push(("OLD", name(&olds, i)));
            }
        }
        for (j, t) in taken_new.iter().enumerate() {
            if !t {
                out.alone.push(("NEW", name(&news, j)));
            }
        }
    }
    if let (Some(want), true) = (only, out.pairs.is_empty()) {
        let names = |list: &[(usize, &Subnet)]| {
            let v: Vec<String> = list
                .iter()
                .map(|(_, s)| format!("`{}`", s.name.value))
                .collect();
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        return Err(format!(
            "no subnet `{want}` on both sides; OLD has {}, NEW has {}",
            names(&olds),
            names(&news)
        ));
    }
    if out.pairs.is_empty() {
        return Err(if olds.is_empty() || news.is_empty() {
            "a side holds no managed-instance subnet, NSG or route table to compare".to_string()
        } else {
            "no subnet of OLD matches a subnet of NEW by name or prefix; choose one with --subnet"
                .to_string()
        });
    }
    Ok(out)
}
