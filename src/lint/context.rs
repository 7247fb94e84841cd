//! What a lint sees: the model, each subnet's profile and effective
//! configuration, and the compiled flow policies of both directions.

use std::rc::Rc;

use ipnet::IpNet;

use crate::effective::{effective, Effective, PlacedRule};
use crate::flow::{self, Policy, TagResolver};
use crate::model::{Direction, Model, SecurityRule, Subnet, Vnet};
use crate::profile::Profile;
use crate::source::Sources;

pub struct Context<'a> {
    pub sources: &'a Sources,
    pub model: &'a Model,
    /// The profile of each subnet, in `model.subnets()` order; `None` where
    /// it could not be loaded (already reported), and that subnet is skipped.
    pub profiles: Vec<Option<Rc<Profile>>>,
    /// Service tags resolved to prefixes, when configured.
    pub tags: Option<&'a TagResolver>,
    /// Threads the per-rule questions of one policy may be spread over
    /// (0: one per CPU, 1: only the calling one); the answers are the same
    /// for any number.
    pub threads: usize,
}

/// One subnet as the rules see it.
pub struct SubnetView<'a> {
    pub vnet: &'a Vnet,
    pub subnet: &'a Subnet,
    pub profile: &'a Profile,
    pub effective: &'a Effective<'a>,
    pub flow: &'a flow::Context<'a>,
    pub inbound: &'a Policy<'a>,
    pub outbound: &'a Policy<'a>,
}

impl<'a> SubnetView<'a> {
    /// Are the subnet's own facts (size, delegation, endpoints, NAT gateway)
    /// known? Not for an NSG or route table imported without its subnet.
    pub fn subnet_facts_known(&self) -> bool {
        self.subnet.kind == crate::model::SubnetKind::ManagedInstance
    }

    pub fn policy(&self, direction: Direction) -> &Policy<'_> {
        match direction {
            Direction::Inbound => self.inbound,
            Direction::Outbound => self.outbound,
        }
    }

    /// The placed rule behind a policy rule id; `None` for Azure's defaults.
    pub fn placed(&self, direction: Direction, id: usize) -> Option<&PlacedRule<'a>> {
        self.effective.rules(direction).get(id)
    }

    /// The rule behind a policy rule id, Azure's defaults included.
    pub fn rule(&self, direction: Direction, id: usize) -> Option<(&SecurityRule, u32)> {
        self.policy(direction).rule(id)
    }
}

impl Context<'_> {
    /// The subnets of `vnet` that have a profile, with it, in source order.
    /// Vnet-scoped rules ask these: a vnet fact matters to every managed
    /// instance subnet in it, and a vnet without one is not linted.
    pub fn profiles_of<'v>(
        &'v self,
        vnet: &'v Vnet,
    ) -> impl Iterator<Item = (&'v Subnet, &'v Profile)> {
        // profiles are in `model.subnets()` order: skip the earlier vnets' subnets
        let first = self
            .model
            .vnets
            .iter()
            .take_while(|v| !std::ptr::eq(*v, vnet))
            .map(|v| v.subnets.len())
            .sum::<usize>();
        vnet.subnets
            .iter()
            .zip(self.profiles.iter().skip(first))
            .filter_map(|(s, p)| p.as_deref().map(|p| (s, p)))
    }

    /// Builds each subnet's view once and hands it to `visit`.
    pub fn for_each_subnet(&self, mut visit: impl FnMut(&SubnetView<'_>)) {
        for (i, (vnet, subnet)) in self.model.subnets().enumerate() {
            let Some(Some(profile)) = self.profiles.get(i) else {
                continue;
            };
            let effective = effective(self.model.origin, vnet, subnet, profile);
            let mut prefixes: Vec<IpNet> = vnet.address.iter().map(|a| a.value).collect();
            prefixes.extend(subnet.address.as_ref().map(|a| a.value));
            let flow = flow::Context::new(self.tags, &prefixes);
            let pairs = |d: Direction| -> Vec<(&SecurityRule, u32)> {
                effective
                    .rules(d)
                    .iter()
                    .map(|p| (&*p.rule, p.priority))
                    .collect()
            };
            let inbound_rules = pairs(Direction::Inbound);
            let outbound_rules = pairs(Direction::Outbound);
            let inbound =
                Policy::spread_new(&flow, Direction::Inbound, &inbound_rules, self.threads);
            let outbound =
                Policy::spread_new(&flow, Direction::Outbound, &outbound_rules, self.threads);
            visit(&SubnetView {
                vnet,
                subnet,
                profile,
                effective: &effective,
                flow: &flow,
                inbound: &inbound,
                outbound: &outbound,
            });
        }
    }
}
