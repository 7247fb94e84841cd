//! `misec profiles [NAME] [--subnet CIDR] [--region NAME]`: the built-in
//! profiles, or one profile's requirements and mandatory rules and routes
//! (instantiated for a subnet and region when given); NAME may be a profile
//! YAML file. `--format json` gives the same as one JSON document.

use ipnet::IpNet;

use super::{output, FormatArg, Global, Status, Trouble};
use crate::diagnostic::did_you_mean;
use crate::profile;
use crate::source::Sources;

pub fn run(
    global: &Global,
    name: Option<&str>,
    subnet: Option<IpNet>,
    region: Option<&str>,
) -> Result<Status, Trouble> {
    let json = global.format == FormatArg::Json;
    let text = match name {
        None if json => format!("{}\n", profile::list_json()),
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
            let p = match load(name, &mut sources)? {
                Ok(p) => p,
                Err(problems) => {
                    // a broken profile file: its E202s, labelled in the YAML
                    return super::check::report(global, &sources, &problems, 1);
                }
            };
            let subnet = subnet.map(|s| s.trunc());
            let region = region.and_then(crate::region::canonical);
            match json {
                true => format!("{}\n", p.describe_json(subnet, region)),
                false => p.describe(subnet, region),
            }
        }
    };
    output::to_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(Status::Clean)
}

/// A built-in profile by name, or a profile YAML file (relative to the
/// working directory), as `--profile` takes them.
fn load(
    name: &str,
    sources: &mut Sources,
) -> Result<Result<profile::Profile, Vec<crate::diagnostic::Diagnostic>>, Trouble> {
    if crate::profiles::is_file(name) {
        crate::check::profile_flag_ok(name).map_err(Trouble)?;
        let text = crate::bounded::read_string(std::path::Path::new(name), crate::bounded::PROFILE)
            .map_err(|e| Trouble(e.message(&format!("cannot read profile file `{name}`"), name)))?;
        return Ok(profile::load_file(name, text, sources));
    }
    match profile::load_builtin(name) {
        Some(Ok(p)) => Ok(Ok(p)),
        Some(Err(_)) => Err(Trouble(format!(
            "internal error: built-in profile `{name}` does not load"
        ))),
        None => {
            let hint = did_you_mean(name, profile::builtin_names().iter().copied())
                .map(|b| format!("did you mean `{b}`? "))
                .unwrap_or_default();
            Err(Trouble(format!(
                "unknown profile `{name}`; {hint}the built-in profiles are {}, or give a profile YAML file",
                profile::builtin_names().join(", ")
            )))
        }
    }
}
