//! `--parameters`, `--param`, `--location`, `--resource-group` and
//! `--subscription` as the importer's [`Deployment`].
//!
//! Input: the flags (a relative `--parameters` path is relative to the
//! working directory). Output: the deployment, and the diagnostics of a
//! parameters file that is not one (rendered with the file's text, exit 1);
//! an unreadable file or a `--param` without `=` is trouble (exit 2).

use super::{inputs, DeploymentArgs, Trouble};
use crate::diagnostic::Diagnostic;
use crate::import::deploy::Deployment;
use crate::source::Sources;

pub fn load(
    args: &DeploymentArgs,
    sources: &mut Sources,
) -> Result<(Deployment, Vec<Diagnostic>), Trouble> {
    let mut deployment = Deployment {
        location: args.location.clone(),
        resource_group: args.resource_group.clone(),
        subscription: args.subscription.clone(),
        ..Deployment::default()
    };
    let mut diagnostics = Vec::new();
    if let Some(path) = &args.parameters {
        let (id, mut problems) = inputs::read(path, sources)?;
        if problems.is_empty() {
            if let Err(d) = deployment.add_file(id, sources.text(id)) {
                problems.push(*d);
            }
        }
        diagnostics.append(&mut problems);
    }
    for flag in &args.param {
        deployment.add_flag(flag).map_err(Trouble)?;
    }
    Ok((deployment, diagnostics))
}
