//! MI108: feature `replication`, but outbound TCP 445 is allowed to no
//! destination (see `feature_port`).

use super::feature_port::{self, Need};
use crate::diagnostic::Diagnostic;
use crate::lint::{Context, Rule, Scope, SubnetView};
use crate::model::{Direction, Feature};

pub const RULE: Rule = Rule {
    code: "MI108",
    doc: include_str!("mi108.md"),
    scope: Scope::Subnet(check),
};

/// SMB to the file share that holds the snapshot, on the profile's
/// `ports.replication`.
const NEED: Need = Need {
    code: "MI108",
    feature: Feature::Replication,
    direction: Direction::Outbound,
    port: |ports| ports.replication,
    defaults_count: true,
    why: "transactional replication writes its snapshots to an Azure file share over SMB (TCP {port})",
    help: "allow outbound TCP {port} to the storage account of the file share, e.g. `replication-smb: allow tcp from subnet to Storage port {port}`",
};

fn check(_cx: &Context<'_>, view: &SubnetView<'_>, out: &mut Vec<Diagnostic>) {
    feature_port::check(view, &NEED, out);
}
