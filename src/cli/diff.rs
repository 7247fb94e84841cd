//! `misec diff OLD NEW`: reads and analyses both sides the way `check` does
//! (each with its own configuration and service tags), hands them to
//! [`crate::diff`], prints the report on stdout.
//!
//! Exit: 0; with `--exit-code`, 1 when anything changes; 2 when the sides
//! cannot be compared (a file that does not parse or resolve, no subnet to
//! pair), with the reason on stderr. Lint findings do not stop a diff: what
//! a broken change does to traffic is what a reviewer needs to see.

use std::path::Path;

use ipnet::IpNet;

use super::check::is_json;
use super::{inputs, output, FormatArg, Global, Status, Trouble};
use crate::check::{analyse, analyse_json, service_tags, Analysis, Options};
use crate::diagnostic::render::{self, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::diff::{self, render as show, Side};
use crate::flow::TagResolver;
use crate::import::ImportOptions;
use crate::model::Model;
use crate::source::Sources;
use crate::workspace::Configs;

struct Loaded {
    analysis: Analysis,
    tags: Option<std::rc::Rc<TagResolver>>,
}

pub fn run(
    global: &Global,
    files: [&Path; 2],
    subnet: Option<&str>,
    subnet_prefix: Option<IpNet>,
    exit_code: bool,
    deployment: &super::DeploymentArgs,
) -> Result<Status, Trouble> {
    if !matches!(
        global.format,
        FormatArg::Human | FormatArg::Json | FormatArg::Markdown
    ) {
        return Err(Trouble(
            "`misec diff` prints `--format human`, `json` or `markdown`".into(),
        ));
    }
    if let Some(name) = &global.profile {
        crate::check::profile_flag_ok(name).map_err(Trouble)?;
    }
    let mut sources = Sources::new();
    let mut configs = Configs::new(global.config.clone());
    let options = Options::with_profile(global.profile.clone());
    let (deployment, problems) = super::deployment::load(deployment, &mut sources)?;
    if let Some(first) = problems.first() {
        let file = Path::new(sources.name(first.span().file)).to_path_buf();
        return blocked(global, &sources, &problems, &file);
    }
    // `.misec` sides first: a bare NSG on the other side protects their subnet
    let order: [usize; 2] = if is_json(files[0]) && !is_json(files[1]) {
        [1, 0]
    } else {
        [0, 1]
    };
    let mut loaded: [Option<Loaded>; 2] = [None, None];
    for k in order {
        let file = files[k];
        let config = configs.for_file(file, &mut sources).map_err(Trouble)?;
        let (id, problems) = inputs::read(file, &mut sources)?;
        if !problems.is_empty() {
            return blocked(global, &sources, &problems, file);
        }
        let analysis = if is_json(file) {
            let known = loaded
                .iter()
                .flatten()
                .find_map(|l| l.analysis.model.as_ref().and_then(|m| prefix_of(m, subnet)));
            let import = ImportOptions {
                subnet_prefix: subnet_prefix.or(known),
                deployment: deployment.clone(),
            };
            // what is deployed is judged under the era of the source beside it
            let era = (options.profile.is_none() && config.profile.is_none())
                .then(|| loaded.iter().flatten().find_map(|l| era_of(l, subnet)))
                .flatten();
            let options = match era {
                Some(name) => Options::with_profile(Some(name)),
                None => Options::with_profile(options.profile.clone()),
            };
            analyse_json(&mut sources, id, &config, &options, &import).0
        } else {
            analyse(&mut sources, id, &config, &options)
        };
        let mut stop: Vec<Diagnostic> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.code.starts_with('E'))
            .cloned()
            .collect();
        stop.extend(configs.diagnostics().cloned());
        let mut tag_problems = Vec::new();
        let tags = service_tags(&config, &options, &sources, &mut tag_problems);
        stop.extend(tag_problems);
        if !stop.is_empty() || analysis.model.is_none() {
            return blocked(global, &sources, &stop, file);
        }
        if let Some(slot) = loaded.get_mut(k) {
            *slot = Some(Loaded { analysis, tags });
        }
    }
    let [Some(old), Some(new)] = &loaded else {
        return Err(Trouble("internal error: a side was not read".into()));
    };
    let (Some(o), Some(n)) = (side(old), side(new)) else {
        return Err(Trouble("internal error: a side has no model".into()));
    };
    let report =
        diff::diff(o, n, subnet).map_err(|why| Trouble(format!("cannot compare: {why}")))?;
    let text = match global.format {
        FormatArg::Json => show::json(&report),
        FormatArg::Markdown => show::markdown(&report),
        _ => show::human(&report),
    };
    output::to_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(if exit_code && !report.is_empty() {
        Status::Failed
    } else {
        Status::Clean
    })
}

fn side(l: &Loaded) -> Option<Side<'_>> {
    Some(Side {
        model: l.analysis.model.as_ref()?,
        profiles: &l.analysis.profiles,
        tags: l.tags.as_deref(),
    })
}

/// The prefix a bare NSG on the other side protects: the `--subnet` one's,
/// or the only subnet's.
fn prefix_of(model: &Model, subnet: Option<&str>) -> Option<IpNet> {
    let mut found = model
        .subnets()
        .filter(|(_, s)| subnet.is_none_or(|n| s.name.value == n))
        .filter_map(|(_, s)| s.address.as_ref().map(|a| a.value));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// The built-in profile of the `--subnet` one's, or the only, subnet.
fn era_of(l: &Loaded, subnet: Option<&str>) -> Option<String> {
    let model = l.analysis.model.as_ref()?;
    let mut found = model
        .subnets()
        .zip(&l.analysis.profiles)
        .filter(|((_, s), _)| subnet.is_none_or(|n| s.name.value == n))
        .filter_map(|(_, p)| p.as_ref().map(|p| p.name.clone()));
    let first = found.next()?;
    let builtin = crate::profile::builtin_names().contains(&first.as_str());
    (builtin && found.next().is_none()).then_some(first)
}

/// A side that cannot be evaluated: its errors on stderr, exit 2.
fn blocked(
    global: &Global,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    file: &Path,
) -> Result<Status, Trouble> {
    let color = output::use_color(global.color) && global.format == FormatArg::Human;
    let mut err = std::io::stderr().lock();
    let summary = Summary::new(1, diagnostics);
    let _ = render::render(
        &mut err,
        render::Format::Human,
        color,
        sources,
        diagnostics,
        summary,
    );
    Err(Trouble(format!(
        "cannot compare: `{}` has errors; `misec check` shows them",
        file.display()
    )))
}
