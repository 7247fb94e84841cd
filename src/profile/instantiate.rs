//! Turning a profile's mandatory rules and routes into model rules and
//! routes for one subnet.
//!
//! Input: a [`Profile`], the subnet and its vnet. Output: [`Instantiated`]:
//! rules (inbound first, each direction in the profile's order) and routes
//! with `origin: Mandatory`, the profile's priorities, and every span on the
//! item's entry in the profile YAML. Items whose placeholders have no value
//! here (no subnet address, no region, a region without a pair) are left
//! out and named in `problems`.

use std::collections::BTreeSet;
use std::rc::Rc;

use ipnet::IpNet;

use super::template::{expand, parse_address, parse_port, ExpandError, Vars};
use super::{MandatoryRoute, MandatoryRule, Profile};
use crate::model::{
    Address, AddressItem, Direction, NextHop, PortItem, PortRange, Route, RuleOrigin, SecurityRule,
    Subnet, Vnet,
};
use crate::source::{Span, Spanned};

/// A profile's requirements for one subnet.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Instantiated {
    /// Inbound rules, then outbound rules, each in the profile's order.
    pub rules: Vec<SecurityRule>,
    pub routes: Vec<Route>,
    /// Names of the rules and routes above that may be absent without harm.
    pub optional: BTreeSet<String>,
    /// Items left out, and why, in the profile's order.
    pub problems: Vec<String>,
}

impl Profile {
    /// The profile's rules and routes for `subnet` of `vnet`.
    pub fn instantiate(&self, vnet: &Vnet, subnet: &Subnet) -> Instantiated {
        self.instantiate_for(
            subnet.address.as_ref().map(|a| a.value),
            vnet.region.as_ref().map(|r| r.value.as_str()),
        )
    }

    /// As [`Profile::instantiate`], from the subnet prefix and region alone.
    pub fn instantiate_for(&self, subnet: Option<IpNet>, region: Option<&str>) -> Instantiated {
        Rc::unwrap_or_clone(self.instantiation_for(subnet, region))
    }

    /// As [`Profile::instantiate`], shared rather than copied.
    pub fn instantiation(&self, vnet: &Vnet, subnet: &Subnet) -> Rc<Instantiated> {
        self.instantiation_for(
            subnet.address.as_ref().map(|a| a.value),
            vnet.region.as_ref().map(|r| r.value.as_str()),
        )
    }

    /// Instantiates the templates, with nothing remembered; `literal`: the
    /// routes already made for templates without placeholders, by index.
    pub(super) fn expand_for(
        &self,
        subnet: Option<IpNet>,
        region: Option<&str>,
        literal: &[Option<Route>],
    ) -> Instantiated {
        let vars = Vars::new(subnet, region);
        let mut out = Instantiated::default();
        for (direction, list) in [
            (Direction::Inbound, &self.inbound),
            (Direction::Outbound, &self.outbound),
        ] {
            for rule in list {
                match rule_for(rule, direction, &vars) {
                    Ok(r) => {
                        if rule.optional {
                            out.optional.insert(r.name.value.clone());
                        }
                        out.rules.push(r);
                    }
                    Err(why) => out
                        .problems
                        .push(format!("mandatory rule `{}` left out: {why}", rule.name)),
                }
            }
        }
        for (i, route) in self.routes.iter().enumerate() {
            let made = match literal.get(i) {
                Some(Some(r)) => Ok(r.clone()),
                _ => route_for(route, &vars),
            };
            match made {
                Ok(r) => {
                    if route.optional {
                        out.optional.insert(r.name.value.clone());
                    }
                    out.routes.push(r);
                }
                Err(why) => out
                    .problems
                    .push(format!("mandatory route `{}` left out: {why}", route.name)),
            }
        }
        out
    }

    /// The mandatory rules of one direction.
    pub fn rules(&self, direction: Direction) -> &[MandatoryRule] {
        match direction {
            Direction::Inbound => &self.inbound,
            Direction::Outbound => &self.outbound,
        }
    }

    /// The highest priority of the direction's mandatory rules (optional
    /// ones included), 0 when there are none: user rules are numbered after it.
    pub fn mandatory_floor(&self, direction: Direction) -> u32 {
        self.rules(direction)
            .iter()
            .map(|r| r.priority)
            .max()
            .unwrap_or(0)
    }
}

/// Why an item cannot be instantiated, for `problems`.
fn why(err: ExpandError, vars: &Vars) -> String {
    match err {
        ExpandError::Missing(name) => match name.as_str() {
            "subnet" | "subnet-dashed" => "the subnet's address is unknown".to_string(),
            "region" => "the vnet's region is unknown".to_string(),
            _ => match vars.region.as_deref() {
                Some(region) => format!("region `{region}` has no documented paired region"),
                None => "the vnet's region is unknown".to_string(),
            },
        },
        ExpandError::Malformed(message) => message,
    }
}

fn text(template: &str, vars: &Vars) -> Result<String, String> {
    expand(template, vars).map_err(|e| why(e, vars))
}

fn addresses(list: &[String], vars: &Vars, span: Span) -> Result<Vec<AddressItem>, String> {
    list.iter()
        .map(|a| {
            let address = parse_address(&text(a, vars)?)?;
            Ok(AddressItem {
                address,
                span,
                via: None,
            })
        })
        .collect()
}

fn ports(list: &[String], span: Span) -> Result<Vec<PortItem>, String> {
    let items: Vec<PortItem> = list
        .iter()
        .map(|p| {
            parse_port(p).map(|range| PortItem {
                range,
                span,
                via: None,
            })
        })
        .collect::<Result<_, _>>()?;
    // "any" is `[PortRange::ANY]`, never an empty list
    if items.is_empty() {
        return Ok(vec![PortItem {
            range: PortRange::ANY,
            span,
            via: None,
        }]);
    }
    Ok(items)
}

fn rule_for(
    rule: &MandatoryRule,
    direction: Direction,
    vars: &Vars,
) -> Result<SecurityRule, String> {
    let span = rule.span;
    let any_if_empty = |mut items: Vec<AddressItem>| {
        if items.is_empty() {
            items.push(AddressItem {
                address: Address::Any,
                span,
                via: None,
            });
        }
        items
    };
    Ok(SecurityRule {
        name: Spanned::new(text(&rule.name, vars)?, span),
        direction,
        access: Spanned::new(rule.access, span),
        protocol: Spanned::new(rule.protocol, span),
        source: any_if_empty(addresses(&rule.source, vars, span)?),
        source_ports: ports(&rule.source_ports, span)?,
        destination: any_if_empty(addresses(&rule.destination, vars, span)?),
        destination_ports: ports(&rule.destination_ports, span)?,
        priority: Some(Spanned::new(rule.priority, rule.priority_span)),
        description: rule
            .description
            .as_ref()
            .map(|d| Spanned::new(d.clone(), span)),
        origin: RuleOrigin::Mandatory,
        span,
    })
}

pub(super) fn route_for(route: &MandatoryRoute, vars: &Vars) -> Result<Route, String> {
    let span = route.span;
    Ok(Route {
        name: Spanned::new(text(&route.name, vars)?, span),
        prefix: AddressItem {
            address: parse_address(&text(&route.prefix, vars)?)?,
            span,
            via: None,
        },
        next_hop: Spanned::new(
            NextHop {
                kind: route.next_hop,
                address: None,
            },
            span,
        ),
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_instantiations_are_the_shared_profiles_alone() {
        let shared = super::super::shared("mi-2022").unwrap();
        let net = "10.0.0.0/24".parse().ok();
        let first = shared.instantiate_for(net, Some("westeurope"));
        assert!(!first.routes.is_empty());
        assert_eq!(shared.instantiate_for(net, Some("westeurope")), first);
        assert_eq!(shared.expand_for(net, Some("westeurope"), &[]), first);
        let other = shared.instantiate_for("10.0.1.0/24".parse().ok(), Some("westeurope"));
        assert_ne!(other, first);
        let again = shared.instantiation_for(net, Some("westeurope"));
        assert!(Rc::ptr_eq(
            &again,
            &shared.instantiation_for(net, Some("westeurope"))
        ));
        // a copy may be changed by its owner: never answered from memory
        let mut copy = Profile::clone(&shared);
        copy.routes.clear();
        assert!(copy
            .instantiate_for(net, Some("westeurope"))
            .routes
            .is_empty());
    }
}
