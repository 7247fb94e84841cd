//! MI109: feature `public-endpoint`, but inbound TCP 3342 is allowed from no
//! source (see `feature_port`).

use super::feature_port::{self, Need};
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Direction, Feature};

pub const RULE: Rule = Rule {
    code: "MI109",
    doc: include_str!("mi109.md"),
    scope: Scope::Subnet(check),
};

/// The public data endpoint, on the profile's `ports.public_endpoint`.
const NEED: Need = Need {
    code: "MI109",
    feature: Feature::PublicEndpoint,
    direction: Direction::Inbound,
    port: |ports| ports.public_endpoint,
    defaults_count: false,
    why: "the public endpoint accepts clients on TCP {port}; Azure's default rules admit only the virtual network and the load balancer",
    help: "allow inbound TCP {port} from the client networks that use the public endpoint, e.g. `public-clients: allow tcp from 203.0.113.0/24 to subnet port {port}`",
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    feature_port::check(view, &NEED, out);
}
