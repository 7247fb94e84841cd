//! The input of the emitter: a plan of NSGs, route tables and (optionally)
//! subnets, already in Azure's final order with every priority assigned.
//!
//! The planner (a Model plus a Profile) builds this; the emitter only shapes
//! it into Azure's JSON and refuses plans it cannot shape faithfully. Rules
//! are listed mandatory first, then the user's, as they will appear in the
//! NSG; the emitter keeps that order.

use ipnet::IpNet;

use crate::model::Route;

/// Everything one `misec build` emits for one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan<'a> {
    /// The `apiVersion` of every Microsoft.Network resource (`2024-05-01`).
    pub api_version: String,
    pub nsgs: Vec<PlannedNsg<'a>>,
    pub route_tables: Vec<PlannedRouteTable>,
    /// Only emitted by `arm(plan, true)`.
    pub subnets: Vec<PlannedSubnet>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedNsg<'a> {
    pub name: String,
    /// Final order; both directions mixed as written.
    pub rules: Vec<PlannedRule<'a>>,
}

/// One model rule with the priority the planner gave it (the planner's own
/// type, so a plan is built without copying). A rule whose side names several
/// service tags becomes several Azure rules (see `emit::rule`).
pub use crate::effective::PlacedRule as PlannedRule;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRouteTable {
    pub name: String,
    /// Final order: mandatory routes first.
    pub routes: Vec<Route>,
    pub disable_bgp_route_propagation: bool,
}

/// A subnet and the NSG / route table associated with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSubnet {
    pub vnet_name: String,
    /// The vnet's address space; every subnet of one vnet must agree.
    pub vnet_address: Vec<IpNet>,
    pub name: String,
    pub address: IpNet,
    /// Name of an NSG of the plan.
    pub nsg: Option<String>,
    /// Name of a route table of the plan.
    pub route_table: Option<String>,
    /// Delegated to `Microsoft.Sql/managedInstances`.
    pub delegated: bool,
    /// `Microsoft.Storage`, … in the order given.
    pub service_endpoints: Vec<String>,
}

impl Plan<'_> {
    /// The same plan, owning its rules (to keep it apart from the model).
    pub fn into_owned(self) -> Plan<'static> {
        Plan {
            api_version: self.api_version,
            nsgs: self.nsgs.into_iter().map(PlannedNsg::into_owned).collect(),
            route_tables: self.route_tables,
            subnets: self.subnets,
        }
    }
}

impl PlannedNsg<'_> {
    pub fn into_owned(self) -> PlannedNsg<'static> {
        PlannedNsg {
            name: self.name,
            rules: self
                .rules
                .into_iter()
                .map(PlannedRule::into_owned)
                .collect(),
        }
    }
}

/// Builds the plan of one file: for each subnet with a profile, its
/// effective NSG and route table (see [`crate::effective`]) and, for
/// `--with-subnets`, the subnet itself. `profiles` is in `model.subnets()`
/// order. The API version is the newest any subnet's profile targets, so one
/// template serves every resource of the file.
pub fn plan<'a>(
    model: &'a crate::model::Model,
    profiles: &[Option<std::rc::Rc<crate::profile::Profile>>],
) -> Plan<'a> {
    use crate::model::Direction;
    let mut plan = Plan {
        api_version: String::new(),
        nsgs: Vec::new(),
        route_tables: Vec::new(),
        subnets: Vec::new(),
    };
    for ((vnet, subnet), profile) in model.subnets().zip(profiles) {
        let Some(profile) = profile else { continue };
        if profile.api_version > plan.api_version {
            plan.api_version = profile.api_version.clone();
        }
        let effective = crate::effective::effective(model.origin, vnet, subnet, profile);
        let nsg = subnet.nsg.as_ref().map(|nsg| {
            let mut rules = effective.rules(Direction::Inbound).to_vec();
            rules.extend_from_slice(effective.rules(Direction::Outbound));
            plan.nsgs.push(PlannedNsg {
                name: nsg.name.value.clone(),
                rules,
            });
            nsg.name.value.clone()
        });
        let route_table = subnet.route_table.as_ref().map(|table| {
            plan.route_tables.push(PlannedRouteTable {
                name: table.name.value.clone(),
                routes: effective.routes.clone(),
                disable_bgp_route_propagation: table
                    .bgp_propagation
                    .as_ref()
                    .is_some_and(|b| !b.value),
            });
            table.name.value.clone()
        });
        if let Some(address) = &subnet.address {
            plan.subnets.push(PlannedSubnet {
                vnet_name: vnet.name.value.clone(),
                vnet_address: vnet.address.iter().map(|a| a.value).collect(),
                name: subnet.name.value.clone(),
                address: address.value,
                nsg,
                route_table,
                delegated: subnet.delegated.is_some(),
                service_endpoints: subnet
                    .service_endpoints
                    .iter()
                    .map(|e| e.value.clone())
                    .collect(),
            });
        }
    }
    plan
}
