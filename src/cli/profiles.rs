//! `misec profiles [NAME] [--subnet CIDR] [--region NAME]`: the built-in
//! profiles, or one profile's requirements and mandatory rules and routes
//! (instantiated for a subnet and region when given).

use ipnet::IpNet;

use super::{output, Status, Trouble};
use crate::diagnostic::did_you_mean;
use crate::profile;
use crate::source::Sources;

pub fn run(
    name: Option<&str>,
    subnet: Option<IpNet>,
    region: Option<&str>,
) -> Result<Status, Trouble> {
    let text = match name {
        None => profile::list(),
        Some(name) => {
            if let Some(r) = region {
                if !crate::region::is_known(r) {
                    let hint = did_you_mean(r, crate::region::names())
                        .map(|b| format!("; did you mean `{b}`?"))
                        .unwrap_or_default();
                    return Err(Trouble(format!("unknown region `{r}`{hint}")));
                }
            }
            let mut sources = Sources::new();
            match profile::load_builtin(name, &mut sources) {
                Some(Ok(p)) => p.describe(
                    subnet.map(|s| s.trunc()),
                    region.and_then(crate::region::canonical),
                ),
                Some(Err(_)) => {
                    return Err(Trouble(format!(
                        "internal error: built-in profile `{name}` does not load"
                    )))
                }
                None => {
                    let hint = did_you_mean(name, profile::builtin_names().iter().copied())
                        .map(|b| format!("did you mean `{b}`? "))
                        .unwrap_or_default();
                    return Err(Trouble(format!(
                        "unknown profile `{name}`; {hint}the built-in profiles are {}",
                        profile::builtin_names().join(", ")
                    )));
                }
            }
        }
    };
    output::to_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(Status::Clean)
}
