//! CIDR functions: `parseCidr`, `cidrSubnet`, `cidrHost`, IPv4 and IPv6.
//!
//! Input: known arguments. Output: `None` for another family's function.
//! As Microsoft documents them: `cidrSubnet(n, c, i)` is the `i`-th (from 0)
//! subnet of size `/c` inside `n`; `cidrHost(n, i)` is the `i`-th usable
//! address, so index 0 is the network address plus one; `parseCidr` gives
//! `network`, `netmask`, `broadcast` (IPv4 only), `firstUsable`,
//! `lastUsable` and `cidr`. An index outside the network is unknown, never
//! wrapped around.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

use super::Cx;
use crate::import::eval::Val;

pub fn call(name: &str, args: &[Val], cx: &Cx) -> Option<Val> {
    let bad = || cx.bad(name);
    let net = |s: &str| s.trim().parse::<IpNet>().ok().map(|n| n.trunc());
    let v = match (name, args) {
        ("parsecidr", [Val::Str(s)]) => net(s).map_or_else(bad, parse_cidr),
        ("cidrsubnet", [Val::Str(s), Val::Int(new), Val::Int(index)]) => net(s)
            .and_then(|n| subnet(n, *new, *index))
            .map_or_else(bad, Val::Str),
        ("cidrhost", [Val::Str(s), Val::Int(index)]) => net(s)
            .and_then(|n| host(n, *index))
            .map_or_else(bad, |ip| Val::Str(ip.to_string())),
        ("parsecidr" | "cidrsubnet" | "cidrhost", _) => bad(),
        _ => return None,
    };
    Some(v)
}

fn bits(n: &IpNet) -> u32 {
    match n {
        IpNet::V4(_) => 32,
        IpNet::V6(_) => 128,
    }
}

fn to_u128(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

fn from_u128(like: &IpNet, n: u128) -> Option<IpAddr> {
    match like {
        IpNet::V4(_) => u32::try_from(n).ok().map(|n| IpAddr::V4(Ipv4Addr::from(n))),
        IpNet::V6(_) => Some(IpAddr::V6(Ipv6Addr::from(n))),
    }
}

fn subnet(n: IpNet, new: i64, index: i64) -> Option<String> {
    let new = u8::try_from(new).ok()?;
    if new < n.prefix_len() || u32::from(new) > bits(&n) {
        return None;
    }
    let index = u128::try_from(index).ok()?;
    let count = 1u128.checked_shl(u32::from(new - n.prefix_len()))?;
    if index >= count {
        return None;
    }
    let step = 1u128.checked_shl(bits(&n) - u32::from(new)).unwrap_or(0);
    let start = to_u128(n.network()).checked_add(index.checked_mul(step)?)?;
    Some(format!("{}/{new}", from_u128(&n, start)?))
}

fn host(n: IpNet, index: i64) -> Option<IpAddr> {
    let index = u128::try_from(index).ok()?;
    let (first, last) = usable(&n);
    let ip = first.checked_add(index)?;
    (ip <= last).then_some(())?;
    from_u128(&n, ip)
}

/// The first and last usable addresses as numbers.
fn usable(n: &IpNet) -> (u128, u128) {
    let network = to_u128(n.network());
    let last = to_u128(n.broadcast());
    match n {
        IpNet::V4(_) if n.prefix_len() <= 30 => (network + 1, last - 1),
        IpNet::V4(_) => (network, last),
        IpNet::V6(_) => (network + u128::from(n.prefix_len() < 128), last),
    }
}

fn parse_cidr(n: IpNet) -> Val {
    let (first, last) = usable(&n);
    let ip = |v: u128| from_u128(&n, v).map_or(Val::Null, |a| Val::Str(a.to_string()));
    // parseCidr's firstUsable is the network address itself for IPv6
    let first = match n {
        IpNet::V6(_) => to_u128(n.network()),
        IpNet::V4(_) => first,
    };
    let mut m = vec![
        ("network".to_string(), Val::Str(n.network().to_string())),
        ("netmask".to_string(), Val::Str(n.netmask().to_string())),
    ];
    if let IpNet::V4(_) = n {
        m.push(("broadcast".into(), Val::Str(n.broadcast().to_string())));
    }
    m.push(("firstUsable".into(), ip(first)));
    m.push(("lastUsable".into(), ip(last)));
    m.push(("cidr".into(), Val::Int(i64::from(n.prefix_len()))));
    Val::Object(m)
}
