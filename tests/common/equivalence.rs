//! The configuration a source model means (its effective NSG and route table
//! per subnet, `misec::effective`) against a compiled one read back from
//! Azure JSON, which is evaluated as Azure would: its rules as written with
//! their priorities, no mandatory rules added.
//!
//! Subnets are matched by the names of their NSG and route table
//! ([`Match::ByResource`]: a template without `--with-subnets` has no
//! subnets), or by vnet and subnet name ([`Match::BySubnet`]: a template
//! built `--with-subnets`), which also catches an NSG or route table the
//! compiled subnet has and the source's has not. A subnet without an NSG is
//! not filtered at all: it allows every flow.

use std::rc::Rc;

use ipnet::IpNet;
use misec::effective::effective;
use misec::flow::Context;
use misec::model::{Direction, Model, Nsg, RouteTable};
use misec::profile::Profile;

use super::verdicts::{route_keys, same_routes, same_verdicts, Rules};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    ByResource,
    BySubnet,
}

fn find_subnet<'m>(model: &'m Model, vnet: &str, name: &str) -> Option<&'m misec::model::Subnet> {
    model
        .subnets()
        .find(|(v, s)| v.name.value == vnet && s.name.value == name)
        .map(|(_, s)| s)
}

fn nsg<'m>(model: &'m Model, name: &str) -> Option<&'m Nsg> {
    model
        .subnets()
        .find_map(|(_, s)| s.nsg.as_ref().filter(|n| n.name.value == name))
}

fn table<'m>(model: &'m Model, name: &str) -> Option<&'m RouteTable> {
    model
        .subnets()
        .find_map(|(_, s)| s.route_table.as_ref().filter(|t| t.name.value == name))
}

/// What was compared: subnets, flows decided, routes.
#[derive(Debug, Default)]
pub struct Compared {
    pub subnets: usize,
    pub flows: usize,
    pub routes: usize,
}

/// Compares every subnet of `source` that has a profile with the NSG and
/// route table of the same names in `compiled`. `Err` names the first
/// difference.
pub fn compare(
    label: &str,
    source: &Model,
    profiles: &[Option<Rc<Profile>>],
    compiled: &Model,
    how: Match,
) -> Result<Compared, String> {
    let mut done = Compared::default();
    for ((vnet, subnet), profile) in source.subnets().zip(profiles) {
        let Some(profile) = profile else { continue };
        // the vnet's other subnets (gateway, Bastion, applications) are not
        // translated: `.misec` describes managed-instance subnets
        if subnet.kind == misec::model::SubnetKind::Other {
            continue;
        }
        let label = format!("{label}: subnet `{}`", subnet.name.value);
        let eff = effective(source.origin, vnet, subnet, profile);
        let mut prefixes: Vec<IpNet> = vnet.address.iter().map(|a| a.value).collect();
        prefixes.extend(subnet.address.as_ref().map(|a| a.value));
        let ctx = Context::new(None, &prefixes);
        let (out_nsg, out_table) = match how {
            Match::ByResource => (
                subnet
                    .nsg
                    .as_ref()
                    .and_then(|n| nsg(compiled, &n.name.value)),
                subnet
                    .route_table
                    .as_ref()
                    .and_then(|t| table(compiled, &t.name.value)),
            ),
            Match::BySubnet => {
                let Some(c) = find_subnet(compiled, &vnet.name.value, &subnet.name.value) else {
                    return Err(format!("{label}: the subnet is not compiled"));
                };
                (c.nsg.as_ref(), c.route_table.as_ref())
            }
        };
        match (&subnet.nsg, out_nsg) {
            (Some(n), None) => {
                return Err(format!("{label}: NSG `{}` is not compiled", n.name.value))
            }
            (None, Some(o)) => {
                return Err(format!(
                    "{label}: the compiled subnet has NSG `{}` where the source has none",
                    o.name.value
                ))
            }
            (None, None) => {}
            (Some(_), Some(out)) => {
                for direction in [Direction::Inbound, Direction::Outbound] {
                    let a: Rules<'_> = eff
                        .rules(direction)
                        .iter()
                        .map(|p| (&*p.rule, p.priority))
                        .collect();
                    let b: Rules<'_> = out
                        .rules(direction)
                        .map(|r| (r, r.priority.as_ref().map_or(u32::MAX, |p| p.value)))
                        .collect();
                    let seen = subnet.address.as_ref().map(|a| a.value);
                    done.flows += same_verdicts(&label, &ctx, direction, &a, &b, &prefixes, seen)?;
                }
            }
        }
        let source_routes = match &subnet.route_table {
            Some(_) => route_keys(&eff.routes),
            None => Vec::new(),
        };
        let compiled_routes = match (&subnet.route_table, out_table) {
            (Some(t), None) => {
                return Err(format!(
                    "{label}: route table `{}` is not compiled",
                    t.name.value
                ))
            }
            (_, Some(c)) => route_keys(&c.routes),
            (None, None) => Vec::new(),
        };
        same_routes(&label, &source_routes, &compiled_routes)?;
        done.routes += source_routes.len();
        done.subnets += 1;
    }
    Ok(done)
}
