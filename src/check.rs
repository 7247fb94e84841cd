//! One file through the pipeline: parse, resolve, lint, then the user's
//! suppressions and severity configuration. Input: a file already in the
//! source table; output: its diagnostics, sorted. The CLI, the tests and the
//! benchmarks all go through here, so they see the same thing.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::flow::TagResolver;
use crate::import::{self, ImportOptions};
use crate::lint::{self, suppress};
use crate::model::{Model, SubnetKind};
use crate::profile::{self, Profile};
use crate::profiles::{Choice, Profiles};
use crate::source::{FileId, Sources, Span, Spanned};
use crate::syntax::ast;
use crate::{resolve, syntax};

/// What the command line adds to the configuration, and what one run loads
/// once and shares between files.
#[derive(Debug, Default)]
pub struct Options {
    /// `--profile`: the profile for files and subnets that name none.
    pub profile: Option<String>,
    /// Profiles loaded so far.
    pub profiles: Profiles,
    /// Service-tag files loaded so far, by path.
    tags: RefCell<BTreeMap<PathBuf, Option<Rc<TagResolver>>>>,
    /// Threads one file's lints may use (0: one per CPU, 1: only the
    /// calling one).
    pub threads: usize,
}

impl Options {
    pub fn with_profile(profile: Option<String>) -> Options {
        Options {
            profile,
            ..Options::default()
        }
    }

    /// How many service-tag files were loaded (or failed) so far.
    pub fn tags_loaded(&self) -> usize {
        self.tags.borrow().len()
    }

    /// Loads `--profile` now, so that a broken profile file is reported
    /// (E202) even where no subnet ends up using it. Later uses get the
    /// cached result and say nothing twice.
    pub fn load_profile_flag(&self, sources: &mut Sources) -> Vec<Diagnostic> {
        let Some(name) = &self.profile else {
            return Vec::new();
        };
        let choice = Choice {
            name: name.clone(),
            span: None,
        };
        self.profiles
            .get(&choice, Path::new(""), sources)
            .err()
            .unwrap_or_default()
    }
}

/// Parses and resolves a `.misec` file. The model is `None` when the file has
/// syntax errors: resolving a half-parsed file would only add noise.
pub fn front_end(sources: &Sources, file: FileId) -> (ast::File, Option<Model>, Vec<Diagnostic>) {
    let (ast, mut diagnostics) = syntax::parse(file, sources.text(file));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return (ast, None, diagnostics);
    }
    let (model, more) = resolve::resolve(&ast);
    diagnostics.extend(more);
    (ast, Some(model), diagnostics)
}

/// Every diagnostic for one `.misec` file, after configuration.
pub fn check_misec(
    sources: &mut Sources,
    file: FileId,
    config: &Config,
    options: &Options,
) -> Vec<Diagnostic> {
    analyse(sources, file, config, options).diagnostics
}

/// A checked `.misec` file: its diagnostics, and what `build` needs.
#[derive(Debug)]
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when the file has syntax errors.
    pub model: Option<Model>,
    /// The profile of each subnet, in `model.subnets()` order.
    pub profiles: Vec<Option<Rc<Profile>>>,
}

/// Checks a `.misec` file and keeps its model and profiles.
pub fn analyse(
    sources: &mut Sources,
    file: FileId,
    config: &Config,
    options: &Options,
) -> Analysis {
    let (ast, model, mut diagnostics) = front_end(sources, file);
    let mut profiles = Vec::new();
    if let Some(model) = &model {
        let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
        let (found, chosen) = check_model_with(sources, model, config, options, has_errors);
        diagnostics.extend(found);
        profiles = chosen;
    }
    let suppressions = suppress::parse(&ast.comments, sources);
    let diagnostics = suppress::apply(diagnostics, &suppressions, sources);
    Analysis {
        diagnostics: finish(diagnostics, config),
        model,
        profiles,
    }
}

/// The profile an import is checked under, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inferred {
    pub profile: String,
    pub reason: String,
}

/// Every diagnostic for one Azure JSON file (ARM template, `az ... show`
/// output, REST body), after configuration, and the profile it was checked
/// under (`None` when the file held no subnet, NSG or route table). The profile comes from `--profile` or the configuration, else it is
/// inferred from the file (a delegated subnet or the platform's reserved rule
/// names mean service-aided).
pub fn check_json(
    sources: &mut Sources,
    file: FileId,
    config: &Config,
    options: &Options,
    import_options: &ImportOptions,
) -> (Vec<Diagnostic>, Option<Inferred>) {
    let (analysis, inferred) = analyse_json(sources, file, config, options, import_options);
    (analysis.diagnostics, inferred)
}

/// [`check_json`], keeping the model and profiles.
pub fn analyse_json(
    sources: &mut Sources,
    file: FileId,
    config: &Config,
    options: &Options,
    import_options: &ImportOptions,
) -> (Analysis, Option<Inferred>) {
    let (mut model, mut diagnostics) = import::import_named(
        file,
        sources.text(file),
        import_options,
        Some(sources.name(file)),
    );
    let (profile, reason, metadata) = import_profile(&mut model, config, options);
    if !metadata {
        model.profile = Some(Spanned::new(profile.clone(), Span::new(file, 0, 0)));
    }
    let inferred = Inferred { profile, reason };
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let (found, profiles) = check_model_with(sources, &model, config, options, has_errors);
    let found = import::partial::undone(&model, &mut diagnostics, found);
    diagnostics.extend(found);
    // nothing was read, so nothing was checked under any profile
    let inferred = model.subnets().next().is_some().then_some(inferred);
    let analysis = Analysis {
        diagnostics: finish(diagnostics, config),
        model: Some(model),
        profiles,
    };
    (analysis, inferred)
}

/// The profile an imported model is checked under and why: `--profile`,
/// else the configuration's, else the evidence of the file, first of all
/// misec's own `metadata.misec.profile` (a built-in name), else what
/// [`import::infer_profile`] finds. The third value says the metadata
/// decided; `model.profile` then still spans it. Otherwise the metadata's
/// profile is taken out of the model, so that it overrides nothing.
pub fn import_profile(
    model: &mut Model,
    config: &Config,
    options: &Options,
) -> (String, String, bool) {
    let metadata = model.profile.take();
    if let Some(name) = &options.profile {
        return (name.clone(), "given with --profile".to_string(), false);
    }
    if let Some(p) = &config.profile {
        return (p.value.clone(), "from the configuration".to_string(), false);
    }
    // the inference reads the metadata first: it says what the rest of the
    // file would have meant when they disagree, and names a metadata profile
    // that is no built-in one
    model.profile = metadata;
    let (inferred, reason) = import::infer_profile(model);
    let metadata = model.profile.take();
    if let Some(p) = metadata.filter(|p| profile::builtin_names().contains(&p.value.as_str())) {
        let name = p.value.clone();
        let reason = match inferred == name {
            true => reason,
            false => "from misec's metadata".to_string(),
        };
        model.profile = Some(p);
        return (name, reason, true);
    }
    (inferred, reason, false)
}

/// Lints a model (from `.misec` or imported JSON): profiles per subnet, the
/// service-tag file, then every rule. `has_errors`: the front end already
/// found errors, so only the profile choice is checked (lints on a model
/// with holes would report consequences, not causes).
pub fn check_model(
    sources: &mut Sources,
    model: &Model,
    config: &Config,
    options: &Options,
    has_errors: bool,
) -> Vec<Diagnostic> {
    check_model_with(sources, model, config, options, has_errors).0
}

/// [`check_model`], also returning the profile of each subnet.
fn check_model_with(
    sources: &mut Sources,
    model: &Model,
    config: &Config,
    options: &Options,
    has_errors: bool,
) -> (Vec<Diagnostic>, Vec<Option<Rc<Profile>>>) {
    let mut diagnostics = Vec::new();
    let dir = source_dir(sources.name(model.file));
    // a path in a `profile` statement is relative to its file; `--profile`
    // and the configuration's are already where they are to be read
    let base = |choice: &Choice| match choice.span {
        Some(span) if span.file == model.file => dir.clone(),
        _ => PathBuf::new(),
    };
    // the file's own `profile` statement is checked even without subnets;
    // subnets that use it get the cached result, so nothing is said twice
    if let Some(p) = &model.profile {
        let choice = Choice {
            name: p.value.clone(),
            span: Some(p.span),
        };
        if let Err(problems) = options.profiles.get(&choice, &base(&choice), sources) {
            diagnostics.extend(problems);
        }
    }
    let mut chosen = Vec::new();
    for (_, subnet) in model.subnets() {
        if subnet.kind == SubnetKind::Other {
            // not a managed instance's subnet: nothing to check it against
            chosen.push(None);
            continue;
        }
        let choice = choose(model, subnet, config, options);
        let profile = match options.profiles.get(&choice, &base(&choice), sources) {
            Ok(p) => Some(p),
            Err(problems) => {
                diagnostics.extend(problems);
                None
            }
        };
        chosen.push(profile);
    }
    // the configuration's profile, where no subnet asked for one: one that
    // cannot be read or parsed is an error all the same
    let unused = model.subnets().all(|(_, s)| s.kind == SubnetKind::Other);
    if let (true, None, None, Some(p)) = (unused, &options.profile, &model.profile, &config.profile)
    {
        let choice = Choice {
            name: p.value.clone(),
            span: Some(p.span),
        };
        diagnostics.extend(
            options
                .profiles
                .get(&choice, &base(&choice), sources)
                .err()
                .unwrap_or_default(),
        );
    }
    if has_errors {
        return (diagnostics, chosen);
    }
    let tags = service_tags(config, options, sources, &mut diagnostics);
    let cx = lint::Context {
        sources,
        model,
        profiles: chosen,
        tags: tags.as_deref(),
        threads: crate::spread::when(rule_count(model) >= SPREAD_FROM_RULES, options.threads),
    };
    diagnostics.extend(lint::lint(&cx));
    (diagnostics, cx.profiles)
}

/// The fewest security rules of a file whose lints spread their per-rule
/// questions over threads. Below, on two cores, a second thread's start-up
/// (its stack, its allocator's first memory) costs about what it saves: a
/// 1,000-rule file's walks take a few milliseconds in all.
const SPREAD_FROM_RULES: usize = 2_000;

fn rule_count(model: &Model) -> usize {
    (model.subnets())
        .filter_map(|(_, s)| s.nsg.as_ref())
        .map(|n| n.rules.len())
        .sum()
}

/// The profile that governs `subnet` (see `profiles` for the precedence).
pub fn choose(
    model: &Model,
    subnet: &crate::model::Subnet,
    config: &Config,
    options: &Options,
) -> Choice {
    if let Some(p) = subnet.profile.as_ref().or(model.profile.as_ref()) {
        return Choice {
            name: p.value.clone(),
            span: Some(p.span),
        };
    }
    if let Some(name) = &options.profile {
        return Choice {
            name: name.clone(),
            span: None,
        };
    }
    match &config.profile {
        Some(p) => Choice {
            name: p.value.clone(),
            span: Some(p.span),
        },
        None => Choice {
            name: profile::DEFAULT.to_string(),
            span: None,
        },
    }
}

/// Loads the configured service-tag file once per run; a missing or
/// malformed file is an E201 at the configuration's `service-tags:` value.
pub fn service_tags(
    config: &Config,
    options: &Options,
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Rc<TagResolver>> {
    let setting = config.service_tags.as_ref()?;
    if let Some(loaded) = options.tags.borrow().get(&setting.value) {
        return loaded.clone();
    }
    let loaded =
        match crate::bounded::read_string(Path::new(&setting.value), crate::bounded::TAGS) {
            Ok(text) => TagResolver::from_json(&text)
                .map_err(|why| format!("not a service-tags file: {why}")),
            Err(e) => Err(e.reason()),
        };
    let loaded = match loaded {
        Ok(resolver) => Some(Rc::new(resolver)),
        Err(why) => {
            let name = sources.slice(setting.span).to_string();
            diagnostics.push(
                Diagnostic::new("E201", setting.span, format!("cannot use the service-tags file `{name}`"))
                    .label(why)
                    .help("give the path (relative to this file) of Azure's ServiceTags_Public_*.json, or remove the key"),
            );
            None
        }
    };
    options
        .tags
        .borrow_mut()
        .insert(setting.value.clone(), loaded.clone());
    loaded
}

fn source_dir(name: &str) -> PathBuf {
    Path::new(name)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Applies configured severities (E codes stay errors) and sorts.
pub fn finish(diagnostics: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter_map(|mut d| {
            if d.code.starts_with('E') {
                return Some(d);
            }
            match config.severity.get(d.code) {
                Some(level) => level.value.map(|s| {
                    d.severity = s;
                    d
                }),
                None => Some(d),
            }
        })
        .collect();
    diagnostic::sort(&mut out);
    out
}

/// Is `profile` usable as `--profile`? (A built-in name or a readable file,
/// relative to the working directory.)
pub fn profile_flag_ok(name: &str) -> Result<(), String> {
    if crate::profiles::is_file(name) {
        return crate::bounded::read_string(Path::new(name), crate::bounded::PROFILE)
            .map(|_| ())
            .map_err(|e| e.message(&format!("cannot read profile file `{name}`"), name));
    }
    if profile::builtin_names().contains(&name) {
        return Ok(());
    }
    let known = profile::builtin_names().join(", ");
    Err(format!(
        "unknown profile `{name}`; the built-in profiles are {known}"
    ))
}
