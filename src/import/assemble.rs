//! Putting the collected pieces together into a [`Model`]: child rules,
//! routes and subnets join their parents (a rule given both inline and as a
//! child resource counts once), subnets get copies of the NSG and route
//! table they reference, and NSGs / route tables no subnet of the file uses
//! go into a synthetic vnet with one subnet each.
//!
//! Invariants: source order everywhere, rules of an NSG sorted by priority
//! (stable), so identical input gives an identical model.

use ipnet::IpNet;

use super::arm::{Found, SubnetRes};
use super::bare::{self, Inference};
use crate::model::{Model, Nsg, Origin, RouteTable, SecurityRule, Subnet, SubnetKind, Vnet};
use crate::source::{FileId, Span, Spanned};

/// Sorts rules by priority, stably (a rule without one last), moving each
/// rule twice: a rule is a few hundred bytes, and a merge sort of thousands
/// of them moves each at every level.
fn sort_by_priority(rules: &mut Vec<SecurityRule>) {
    let key = |r: &SecurityRule| r.priority.as_ref().map_or(u32::MAX, |p| p.value);
    if rules.is_sorted_by_key(key) {
        return;
    }
    // (priority, position) pairs are distinct: sorting them is stable
    let mut order: Vec<(u32, usize)> = rules.iter().map(key).zip(0..).collect();
    order.sort_unstable();
    let mut slots: Vec<Option<SecurityRule>> =
        std::mem::take(rules).into_iter().map(Some).collect();
    *rules = order
        .iter()
        .filter_map(|&(_, i)| slots.get_mut(i).and_then(Option::take))
        .collect();
}

/// What is left of an NSG moved into its last subnet (never read again).
fn taken_nsg() -> Nsg {
    Nsg {
        name: Spanned::new(String::new(), Span::default()),
        rules: Vec::new(),
        span: Span::default(),
    }
}

fn taken_table() -> RouteTable {
    RouteTable {
        name: Spanned::new(String::new(), Span::default()),
        routes: Vec::new(),
        bgp_propagation: None,
        span: Span::default(),
    }
}

/// Builds the model of file `file` whose whole text spans `all`.
pub fn model(
    file: FileId,
    all: Span,
    mut found: Found,
    subnet_prefix: Option<IpNet>,
    known: &[(String, Inference)],
) -> (Model, Vec<Finding>) {
    // misec's metadata first, then what the NSG or table itself says
    let lookup = |name: &str| {
        let name = name.to_lowercase();
        known
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, i)| i.clone())
    };
    for (parent, rule) in std::mem::take(&mut found.child_rules) {
        let nsg = match found
            .nsgs
            .iter_mut()
            .position(|(n, _)| n.name.value.eq_ignore_ascii_case(&parent.value))
        {
            Some(i) => &mut found.nsgs[i].0,
            None => {
                let nsg = Nsg {
                    name: parent.clone(),
                    rules: Vec::new(),
                    span: rule.span,
                };
                found.nsgs.push((nsg, None));
                let last = found.nsgs.len() - 1;
                &mut found.nsgs[last].0
            }
        };
        match nsg
            .rules
            .iter_mut()
            .find(|r| r.name.value.eq_ignore_ascii_case(&rule.name.value))
        {
            // ARM deploys the child after its parent: its content wins, the
            // first position is kept
            Some(existing) if !same_rule(existing, &rule) => *existing = rule,
            Some(_) => {}
            None => nsg.rules.push(rule),
        }
    }
    for (parent, route) in std::mem::take(&mut found.child_routes) {
        let table = match found
            .route_tables
            .iter_mut()
            .position(|(t, _)| t.name.value.eq_ignore_ascii_case(&parent.value))
        {
            Some(i) => &mut found.route_tables[i].0,
            None => {
                let t = RouteTable {
                    name: parent.clone(),
                    routes: Vec::new(),
                    bgp_propagation: None,
                    span: route.span,
                };
                found.route_tables.push((t, None));
                let last = found.route_tables.len() - 1;
                &mut found.route_tables[last].0
            }
        };
        match table
            .routes
            .iter_mut()
            .find(|r| r.name.value.eq_ignore_ascii_case(&route.name.value))
        {
            Some(existing) => {
                if (&existing.prefix.address, &existing.next_hop.value.kind)
                    != (&route.prefix.address, &route.next_hop.value.kind)
                {
                    *existing = route;
                }
            }
            None => table.routes.push(route),
        }
    }
    for (nsg, _) in &mut found.nsgs {
        sort_by_priority(&mut nsg.rules);
    }
    for (parent, subnet) in std::mem::take(&mut found.child_subnets) {
        match found
            .vnets
            .iter_mut()
            .find(|v| v.vnet.name.value.eq_ignore_ascii_case(&parent.value))
        {
            Some(v) => match v.subnets.iter_mut().find(|s| {
                s.subnet
                    .name
                    .value
                    .eq_ignore_ascii_case(&subnet.subnet.name.value)
            }) {
                Some(existing) => *existing = subnet,
                None => v.subnets.push(subnet),
            },
            None => {
                let mut vnet = Vnet::new(parent.clone(), subnet.subnet.span);
                vnet.name = parent;
                found.vnets.push(super::arm::VnetRes {
                    vnet,
                    subnets: vec![subnet],
                });
            }
        }
    }

    // the NSG and route table of each subnet, by index; how many subnets
    // still want each: the last one gets it moved, the others a copy
    let nsg_of = |r: &Option<String>| {
        r.as_ref().and_then(|r| {
            (found.nsgs.iter()).position(|(n, _)| n.name.value.eq_ignore_ascii_case(r))
        })
    };
    let rt_of = |r: &Option<String>| {
        r.as_ref().and_then(|r| {
            (found.route_tables.iter()).position(|(t, _)| t.name.value.eq_ignore_ascii_case(r))
        })
    };
    let refs: Vec<Vec<(Option<usize>, Option<usize>)>> = (found.vnets.iter())
        .map(|v| {
            (v.subnets.iter())
                .map(|s| (nsg_of(&s.nsg_ref), rt_of(&s.rt_ref)))
                .collect()
        })
        .collect();
    let mut nsg_wanted = vec![0usize; found.nsgs.len()];
    let mut rt_wanted = vec![0usize; found.route_tables.len()];
    for &(n, t) in refs.iter().flatten() {
        n.into_iter().for_each(|i| nsg_wanted[i] += 1);
        t.into_iter().for_each(|i| rt_wanted[i] += 1);
    }
    let nsg_used: Vec<bool> = nsg_wanted.iter().map(|&n| n > 0).collect();
    let rt_used: Vec<bool> = rt_wanted.iter().map(|&n| n > 0).collect();
    let mut vnets = Vec::new();
    for (v, refs) in found.vnets.into_iter().zip(refs) {
        let mut vnet = v.vnet;
        for (SubnetRes { mut subnet, .. }, (n, t)) in v.subnets.into_iter().zip(refs) {
            if let Some(i) = n {
                nsg_wanted[i] -= 1;
                subnet.nsg = Some(match nsg_wanted[i] {
                    0 => std::mem::replace(&mut found.nsgs[i].0, taken_nsg()),
                    _ => found.nsgs[i].0.clone(),
                });
            }
            if let Some(i) = t {
                rt_wanted[i] -= 1;
                subnet.route_table = Some(match rt_wanted[i] {
                    0 => std::mem::replace(&mut found.route_tables[i].0, taken_table()),
                    _ => found.route_tables[i].0.clone(),
                });
            }
            vnet.subnets.push(subnet);
        }
        vnets.push(vnet);
    }

    // NSGs on network interfaces protect machines, not a subnet: left out.
    let loose_nsgs: Vec<_> = found
        .nsgs
        .into_iter()
        .zip(nsg_used)
        .filter(|((n, _), used)| {
            !used && !found.nic_nsgs.contains(&n.name.value.to_ascii_lowercase())
        })
        .map(|(n, _)| n)
        .collect();
    let loose_rts: Vec<_> = found
        .route_tables
        .into_iter()
        .zip(rt_used)
        .filter(|(_, used)| !used)
        .map(|(t, _)| t)
        .collect();
    classify(&mut vnets);
    let mut findings = Vec::new();
    if !loose_nsgs.is_empty() || !loose_rts.is_empty() {
        let mut vnet = Vnet::new(Spanned::new("imported".to_string(), all), all);
        let pair = loose_nsgs.len() == 1 && loose_rts.len() == 1;
        // without `--subnet-prefix`, what the NSG or table itself says
        let rt_prefixes: Vec<Option<Inference>> = loose_rts
            .iter()
            .map(|(t, _)| {
                let found = lookup(&t.name.value).or_else(|| bare::route_table(t));
                subnet_prefix.is_none().then_some(found).flatten()
            })
            .collect();
        let mut rts: Vec<Option<(RouteTable, Option<Spanned<String>>)>> =
            loose_rts.into_iter().map(Some).collect();
        for (nsg, location) in loose_nsgs {
            let found = lookup(&nsg.name.value).or_else(|| bare::nsg(&nsg));
            let inferred = subnet_prefix.is_none().then_some(found).flatten();
            // a route table goes with the NSG when it is the only pair, or
            // when both spell the same subnet
            let partner = match pair {
                true => Some(0),
                false => inferred.as_ref().and_then(|i| {
                    (0..rts.len()).find(|&k| {
                        rts[k].is_some()
                            && rt_prefixes[k].as_ref().map(|r| r.prefix) == Some(i.prefix)
                    })
                }),
            };
            let rt = partner.and_then(|k| rts[k].take());
            let inferred = inferred.or_else(|| partner.and_then(|k| rt_prefixes[k].clone()));
            vnet.region = vnet
                .region
                .or(location)
                .or_else(|| rt.as_ref().and_then(|r| r.1.clone()));
            let prefix = subnet_prefix.or(inferred.as_ref().map(|i| i.prefix));
            let mut s = synthetic_subnet(nsg.name.clone(), nsg.span, prefix);
            if subnet_prefix.is_none() {
                findings.push(Finding {
                    subject: format!("network security group `{}`", nsg.name.value),
                    span: nsg.name.span,
                    inference: inferred,
                });
            }
            s.route_table = rt.map(|r| r.0);
            s.nsg = Some(nsg);
            vnet.subnets.push(s);
        }
        for (k, (rt, location)) in rts
            .into_iter()
            .enumerate()
            .filter_map(|(k, r)| Some((k, r?)))
        {
            vnet.region = vnet.region.or(location);
            let inferred = rt_prefixes[k].clone();
            let prefix = subnet_prefix.or(inferred.as_ref().map(|i| i.prefix));
            let mut s = synthetic_subnet(rt.name.clone(), rt.span, prefix);
            if subnet_prefix.is_none() {
                findings.push(Finding {
                    subject: format!("route table `{}`", rt.name.value),
                    span: rt.name.span,
                    inference: inferred,
                });
            }
            s.route_table = Some(rt);
            vnet.subnets.push(s);
        }
        vnets.push(vnet);
    }
    // a location given as a parameter (misec's own templates) or not at all:
    // the platform's regional entries name the region
    for vnet in vnets.iter_mut().filter(|v| v.region.is_none()) {
        let nsgs: Vec<&Nsg> = vnet.subnets.iter().filter_map(|s| s.nsg.as_ref()).collect();
        let tables: Vec<&RouteTable> = vnet
            .subnets
            .iter()
            .filter_map(|s| s.route_table.as_ref())
            .collect();
        vnet.region = bare::region(&nsgs, &tables);
    }
    let model = Model {
        file,
        origin: Origin::AzureJson,
        profile: None,
        api_version: None,
        vnets,
    };
    (model, findings)
}

/// What import found out about the subnet of an NSG or route table that no
/// subnet of the file uses.
pub struct Finding {
    /// `network security group `x``
    pub subject: String,
    pub span: Span,
    /// `None`: nothing in the file says.
    pub inference: Option<Inference>,
}

/// Subnets Azure reserves for other services, by name.
const RESERVED_SUBNETS: [&str; 5] = [
    "GatewaySubnet",
    "AzureBastionSubnet",
    "AzureFirewallSubnet",
    "AzureFirewallManagementSubnet",
    "RouteServerSubnet",
];

/// Which subnets of the file are managed-instance subnets. Where any subnet
/// is delegated to `Microsoft.Sql/managedInstances`, exactly the delegated
/// ones are (service-aided templates hold application, Bastion and gateway
/// subnets beside it). Otherwise (templates of the manual eras) a subnet
/// with an NSG or a route table is, unless Azure reserves its name for
/// another service.
fn classify(vnets: &mut [Vnet]) {
    let any_delegated = vnets
        .iter()
        .flat_map(|v| &v.subnets)
        .any(|s| s.delegated.is_some());
    for subnet in vnets.iter_mut().flat_map(|v| v.subnets.iter_mut()) {
        let reserved = RESERVED_SUBNETS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(&subnet.name.value));
        let mi = if any_delegated {
            subnet.delegated.is_some()
        } else {
            !reserved && (subnet.nsg.is_some() || subnet.route_table.is_some())
        };
        subnet.kind = if mi {
            SubnetKind::ManagedInstance
        } else {
            SubnetKind::Other
        };
    }
}

fn synthetic_subnet(name: Spanned<String>, span: Span, prefix: Option<IpNet>) -> Subnet {
    Subnet {
        address: prefix.map(|p| Spanned::new(p, span)),
        ..Subnet::new(name, SubnetKind::Standalone, span)
    }
}

/// Same rule apart from where it is written.
fn same_rule(a: &SecurityRule, b: &SecurityRule) -> bool {
    let addrs = |r: &SecurityRule| {
        (
            r.source
                .iter()
                .map(|i| i.address.clone())
                .collect::<Vec<_>>(),
            r.destination
                .iter()
                .map(|i| i.address.clone())
                .collect::<Vec<_>>(),
            r.source_ports.iter().map(|i| i.range).collect::<Vec<_>>(),
            r.destination_ports
                .iter()
                .map(|i| i.range)
                .collect::<Vec<_>>(),
        )
    };
    a.direction == b.direction
        && a.access.value == b.access.value
        && a.protocol.value == b.protocol.value
        && a.priority.as_ref().map(|p| p.value) == b.priority.as_ref().map(|p| p.value)
        && a.description.as_ref().map(|d| &d.value) == b.description.as_ref().map(|d| &d.value)
        && addrs(a) == addrs(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Access, Direction, Protocol, RuleOrigin};

    fn rule(name: &str, priority: Option<u32>) -> SecurityRule {
        let s = Span::default();
        SecurityRule {
            name: Spanned::new(name.to_string(), s),
            direction: Direction::Inbound,
            access: Spanned::new(Access::Allow, s),
            protocol: Spanned::new(Protocol::Any, s),
            source: Vec::new(),
            source_ports: Vec::new(),
            destination: Vec::new(),
            destination_ports: Vec::new(),
            priority: priority.map(|p| Spanned::new(p, s)),
            description: None,
            origin: RuleOrigin::User,
            span: s,
        }
    }

    /// The same order as the standard stable sort, ties and missing
    /// priorities included.
    #[test]
    fn sorts_as_a_stable_sort_by_priority() {
        let priorities = [
            Some(300),
            None,
            Some(100),
            Some(300),
            Some(200),
            None,
            Some(100),
        ];
        let mut rules: Vec<SecurityRule> = priorities
            .iter()
            .enumerate()
            .map(|(i, p)| rule(&i.to_string(), *p))
            .collect();
        let mut expected = rules.clone();
        expected.sort_by_key(|r| r.priority.as_ref().map_or(u32::MAX, |p| p.value));
        sort_by_priority(&mut rules);
        assert_eq!(rules, expected);
        let sorted = rules.clone();
        sort_by_priority(&mut rules);
        assert_eq!(rules, sorted);
    }
}
