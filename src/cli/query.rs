//! `misec query FILE FLOW [--subnet NAME]`: the verdict for one flow and the
//! rule that decides it (a user rule, a mandatory rule of the profile, or one
//! of Azure's defaults). A file with errors is not queried: its answer could
//! not be trusted.

use std::path::Path;

use ipnet::IpNet;
use serde_json::json;

use super::check::{is_json, report};
use super::{inputs, output, FormatArg, Global, Status, Trouble};
use crate::check::{analyse, analyse_json, service_tags, Options};
use crate::diagnostic::Severity;
use crate::effective::effective;
use crate::import::ImportOptions;
use crate::model::{Access, Direction};
use crate::query::{answer, parse_flow};
use crate::source::Sources;
use crate::workspace::Configs;

pub fn run(
    global: &Global,
    file: &Path,
    flow: &str,
    subnet_name: Option<&str>,
    subnet_prefix: Option<IpNet>,
    deployment: &super::DeploymentArgs,
) -> Result<Status, Trouble> {
    if let Some(name) = &global.profile {
        crate::check::profile_flag_ok(name).map_err(Trouble)?;
    }
    let spec = parse_flow(flow).map_err(|why| Trouble(format!("invalid flow `{flow}`: {why}")))?;
    let mut sources = Sources::new();
    let mut configs = Configs::new(global.config.clone());
    let config = configs.for_file(file, &mut sources).map_err(Trouble)?;
    let (deployment, problems) = super::deployment::load(deployment, &mut sources)?;
    if !problems.is_empty() {
        report(global, &sources, &problems, 1)?;
        return Ok(Status::Failed);
    }
    let (id, problems) = inputs::read(file, &mut sources)?;
    if !problems.is_empty() {
        report(global, &sources, &problems, 1)?;
        return Ok(Status::Failed);
    }
    let options = Options::with_profile(global.profile.clone());
    let broken_profile = options.load_profile_flag(&mut sources);
    if !broken_profile.is_empty() {
        report(global, &sources, &broken_profile, 1)?;
        return Ok(Status::Failed);
    }
    let analysis = if is_json(file) {
        analyse_json(
            &mut sources,
            id,
            &config,
            &options,
            &ImportOptions {
                subnet_prefix,
                deployment,
            },
        )
        .0
    } else {
        analyse(&mut sources, id, &config, &options)
    };
    // a value only the deployment knows (E303) leaves a rule or route out:
    // a verdict without it could be wrong, so none is given
    let mut errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error || d.code == "E303")
        .cloned()
        .collect();
    errors.extend(configs.diagnostics().cloned());
    let Some(model) = analysis.model.as_ref().filter(|_| errors.is_empty()) else {
        report(global, &sources, &errors, 1)?;
        return Ok(Status::Failed);
    };
    let candidates: Vec<_> = model
        .subnets()
        .zip(&analysis.profiles)
        .filter(|((_, s), _)| subnet_name.is_none_or(|n| s.name.value == n))
        .collect();
    let ((vnet, subnet), profile) = match candidates.as_slice() {
        [one] => *one,
        [] => {
            let names: Vec<String> = model
                .subnets()
                .map(|(_, s)| format!("`{}`", s.name.value))
                .collect();
            return Err(Trouble(match subnet_name {
                Some(n) => format!(
                    "no subnet `{n}` in `{}`; its subnets are {}",
                    file.display(),
                    names.join(", ")
                ),
                None => format!("`{}` has no subnet", file.display()),
            }));
        }
        _ => {
            let names: Vec<String> = candidates
                .iter()
                .map(|((_, s), _)| format!("`{}`", s.name.value))
                .collect();
            return Err(Trouble(format!(
                "`{}` has several subnets ({}): choose one with --subnet",
                file.display(),
                names.join(", ")
            )));
        }
    };
    let Some(profile) = profile else {
        return Err(Trouble(
            "internal error: a subnet without errors has no profile".into(),
        ));
    };
    let mut tag_problems = Vec::new();
    let tags = service_tags(&config, &options, &sources, &mut tag_problems);
    let eff = effective(model.origin, vnet, subnet, profile);
    let a = answer(vnet, subnet, &eff, tags.as_deref(), &spec).map_err(Trouble)?;
    let verdict = match a.verdict {
        Access::Allow => "allow",
        Access::Deny => "deny",
    };
    let direction = match a.direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    };
    let text = if !a.parts.is_empty() {
        split_text(global, &sources, flow, direction, &a.parts)
    } else if global.format == FormatArg::Json {
        let mut doc = json!({
            "verdict": verdict,
            "direction": direction,
            "rule": a.rule,
            "priority": a.priority,
            "origin": a.origin,
            "certain": a.maybe.is_empty(),
        });
        if !a.maybe.is_empty() {
            doc["may_be_decided_by"] = a
                .maybe
                .iter()
                .map(|(rule, priority)| json!({"rule": rule, "priority": priority}))
                .collect();
        }
        format!("{doc}\n")
    } else {
        let place = a.span.map_or(String::new(), |span| {
            let at = crate::diagnostic::render::position(&sources, span, false);
            format!(" at {}:{}:{}", sources.name(span.file), at.line, at.column)
        });
        let mut s = format!(
            "{verdict} {direction} {}\n  decided by `{}` (priority {}, {}){place}\n",
            flow.trim(),
            a.rule,
            a.priority,
            origin_words(a.origin)
        );
        for (rule, priority) in &a.maybe {
            s.push_str(&format!(
                "  unless `{rule}` (priority {priority}) decides first: its service tags may contain this flow\n"
            ));
        }
        s
    };
    output::to_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(Status::Clean)
}

fn origin_words(origin: &str) -> &'static str {
    match origin {
        "mandatory" => "mandatory rule of the profile",
        "default" => "Azure default rule",
        _ => "user rule",
    }
}

fn verdict_word(access: Access) -> &'static str {
    match access {
        Access::Allow => "allow",
        Access::Deny => "deny",
    }
}

/// A flow whose packets get different verdicts: each part, its packets and
/// its rule. JSON: `{"verdict": "split", "direction", "certain", "parts":
/// [{"verdict", "rule", "priority", "origin", "certain", "flows": [...]}]}`.
fn split_text(
    global: &Global,
    sources: &Sources,
    flow: &str,
    direction: &str,
    parts: &[crate::query::parts::Part],
) -> String {
    if global.format == FormatArg::Json {
        let list: Vec<_> = parts
            .iter()
            .map(|p| {
                json!({
                    "verdict": verdict_word(p.verdict),
                    "rule": p.rule,
                    "priority": p.priority,
                    "origin": p.origin,
                    "certain": p.certain,
                    "flows": p.boxes.iter().map(|b| b.json()).collect::<Vec<_>>(),
                })
            })
            .collect();
        let doc = json!({
            "verdict": "split",
            "direction": direction,
            "certain": parts.iter().all(|p| p.certain),
            "parts": list,
        });
        return format!("{doc}\n");
    }
    let mut s = format!(
        "split {direction} {}: its packets get different verdicts\n",
        flow.trim()
    );
    for p in parts {
        for b in &p.boxes {
            s.push_str(&format!("  {} {}\n", verdict_word(p.verdict), b.text()));
        }
        if p.more > 0 {
            s.push_str(&format!("  … and {} more boxes of packets\n", p.more));
        }
        let place = p.span.map_or(String::new(), |span| {
            let at = crate::diagnostic::render::position(sources, span, false);
            format!(" at {}:{}:{}", sources.name(span.file), at.line, at.column)
        });
        let how = if p.certain {
            "decided by"
        } else {
            "may be decided by (its service tags may contain these packets)"
        };
        s.push_str(&format!(
            "    {how} `{}` (priority {}, {}){place}\n",
            p.rule,
            p.priority,
            origin_words(p.origin)
        ));
    }
    s
}
