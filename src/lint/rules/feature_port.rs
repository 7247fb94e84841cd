//! MI108 and MI109: a feature whose traffic no rule allows.
//!
//! Input: the subnet's features, a policy, and the port the feature needs,
//! from the profile's `ports`: replication, outbound TCP 445 from the subnet
//! to any destination (MI108); the public endpoint, inbound TCP 3342 to the
//! subnet from any source (MI109).
//! Output: one diagnostic on the feature when no packet of that traffic is
//! certainly allowed ("may not" when some may be).
//!
//! "Allowed" means: some destination (MI108) or some source (MI109), by a
//! user rule; the mandatory rules serve the platform. For replication
//! Azure's default rules count too (`AllowInternetOutBound` lets
//! SMB reach Azure Storage); for the public endpoint they do not, since they
//! admit only the virtual network and the load balancer, and the endpoint
//! exists for clients outside.

use super::traffic;
use crate::diagnostic::Diagnostic;
use crate::flow::{build, PacketSet};
use crate::lint::SubnetView;
use crate::model::{Access, Address, Direction, Feature, PortRange, Protocol};
use crate::profile::Ports;

pub struct Need {
    pub code: &'static str,
    pub feature: Feature,
    pub direction: Direction,
    /// The feature's port in the profile.
    pub port: fn(&Ports) -> u16,
    /// Azure's default rules count as allowing.
    pub defaults_count: bool,
    /// The note and the help line; `{port}` stands for the port.
    pub why: &'static str,
    pub help: &'static str,
}

pub fn check(view: &SubnetView<'_>, need: &Need, out: &mut Vec<Diagnostic>) {
    let Some(feature) = view
        .subnet
        .features
        .iter()
        .find(|f| f.value == need.feature)
    else {
        return;
    };
    if !traffic::filtered(view) {
        return;
    }
    let dir = need.direction;
    let port = (need.port)(&view.profile.ports);
    let with_port = |text: &str| text.replace("{port}", &port.to_string());
    let query = build::parts(
        view.flow,
        Protocol::Tcp,
        [&Address::Any],
        [PortRange::ANY],
        [&Address::Any],
        [PortRange::single(port)],
    )
    .certain
    .intersect(&traffic::seen(view, dir));
    let coverage = view.policy(dir).coverage(&query);
    // the mandatory rules serve the platform (the subnet talking to itself,
    // the probes), not the feature's peers
    let counts = |rule: usize| {
        traffic::is_user_id(view, dir, rule)
            || need.defaults_count && traffic::is_azure_default(view, dir, rule)
    };
    // packets some deny rule decides, or may decide
    let denied = coverage
        .parts
        .iter()
        .filter(|p| p.access == Access::Deny)
        .fold(PacketSet::empty(), |acc, p| acc.union(&p.packets));
    let mut maybe = false;
    for p in coverage
        .parts
        .iter()
        .filter(|p| p.access == Access::Allow && counts(p.rule))
    {
        // whichever allow rule takes them, no deny can: certainly allowed
        if !p.packets.difference(&denied).is_empty() {
            return;
        }
        maybe = true;
    }
    let (verb, is) = if maybe {
        ("may not be", "may deny")
    } else {
        ("is not", "denies")
    };
    let mut diag = Diagnostic::new(
        need.code,
        feature.span,
        format!(
            "{} TCP {port} {verb} allowed, which `{}` needs",
            traffic::direction_word(dir),
            feature_name(need.feature)
        ),
    )
    .label(format!("needs {} TCP {port}", traffic::direction_word(dir)));
    // the rule that takes the traffic, when the user wrote it
    let decider = coverage
        .parts
        .iter()
        .find(|p| p.access == Access::Deny && traffic::is_user_id(view, dir, p.rule));
    if let Some(p) = decider {
        if let Some(s) = traffic::name_span(view, dir, p.rule) {
            diag = diag.secondary(s, format!("{is} {}", traffic::sample(view, &p.packets)));
        }
    }
    diag = diag.note(with_port(need.why));
    if maybe {
        diag = diag.note(
            "only rules with service tags misec does not know the addresses of allow it; \
             misec learns a tag's addresses from Azure's weekly service-tags file, named by \
             `service-tags:` in `.misec.yaml`",
        );
    }
    out.push(diag.help(with_port(need.help)));
}

fn feature_name(f: Feature) -> &'static str {
    Feature::ALL
        .iter()
        .find(|(_, x)| *x == f)
        .map_or("the feature", |(n, _)| n)
}
