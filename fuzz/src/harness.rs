//! What each fuzz target does with one input. Input: arbitrary bytes, read
//! lossily as UTF-8 as the command line reads files. Output: the codes of the
//! diagnostics the input got (or the query's answer), in order, so that a
//! regression test can say what the user sees. Invariants checked here (a
//! failed one aborts the fuzzer like a panic in misec would): rendering every
//! diagnostic works, and what `misec import` writes parses cleanly.
//!
//! This file is compiled twice: into the fuzz crate, and into
//! `tests/fuzz_regressions.rs` with `#[path]`, so a saved input replays
//! through exactly the code the fuzzer ran.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use misec::check::{analyse, analyse_json, Options};
use misec::config::{self, Config};
use misec::diagnostic::render::{self, Format, Summary};
use misec::diagnostic::{Diagnostic, Severity};
use misec::effective::effective;
use misec::import::{self, recognise, ImportOptions};
use misec::model::Model;
use misec::profile::{self, Profile};
use misec::query::{answer, parse_flow};
use misec::source::Sources;
use misec::{fmt, syntax};

/// The `misec` target: a `.misec` file through `check` (parse, resolve,
/// profiles, lint, suppressions) and, when it parses, `fmt`.
pub fn misec(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut sources = Sources::new();
    let file = sources.add("fuzz.misec", text.as_ref());
    let analysis = analyse(&mut sources, file, &Config::default(), &Options::default());
    let (ast, problems) = syntax::parse(file, sources.text(file));
    if problems.is_empty() {
        let formatted = fmt::format(&ast, sources.text(file));
        let (_, again) = syntax::parse(file, &formatted);
        assert!(
            again.is_empty(),
            "`misec fmt` wrote a file that does not parse: {again:?}"
        );
    }
    shown(&sources, &analysis.diagnostics)
}

/// The `import` target: the one-pass JSON reader against the full parser,
/// then Azure JSON through `check` (import with the ARM evaluator, profile
/// inference, lint) and through `import` (the `.misec` translation, which
/// must parse).
pub fn import(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut sources = Sources::new();
    let file = sources.add("fuzz.json", text.as_ref());
    assert!(
        import::json::fast_path_agrees(file, &text),
        "the one-pass JSON reader reads this text otherwise than the full parser"
    );
    let options = Options::default();
    let (analysis, inferred) = analyse_json(
        &mut sources,
        file,
        &Config::default(),
        &options,
        &ImportOptions::default(),
    );
    let clean = !analysis
        .diagnostics
        .iter()
        .any(|d| d.code.starts_with("E3"));
    if let (Some(model), Some(inferred), true) = (&analysis.model, &inferred, clean) {
        if let Some(Ok(profile)) = profile::load_builtin(&inferred.profile) {
            let provided = recognise::provided_by_profile(model, &profile);
            let raw = import::to_misec(
                model,
                &sources,
                &inferred.profile,
                &inferred.reason,
                &provided,
            );
            let (_, problems) = syntax::parse(Default::default(), &raw);
            assert!(
                problems.is_empty(),
                "the translation does not parse: {problems:?}\n{raw}"
            );
        }
    }
    shown(&sources, &analysis.diagnostics)
}

/// The `query` target: the flow syntax of `misec query`, and every flow it
/// accepts asked of each subnet of the examples.
pub fn query(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let spec = match parse_flow(&text) {
        Ok(spec) => spec,
        Err(why) => return vec![format!("invalid flow: {why}")],
    };
    EXAMPLES.with(|examples| {
        let mut answers = Vec::new();
        for (model, profiles) in examples.iter() {
            for ((vnet, subnet), profile) in model.subnets().zip(profiles) {
                let Some(profile) = profile else { continue };
                let eff = effective(model.origin, vnet, subnet, profile);
                answers.push(match answer(vnet, subnet, &eff, None, &spec) {
                    Ok(a) => format!(
                        "{:?} {:?} by `{}` ({})",
                        a.verdict, a.direction, a.rule, a.priority
                    ),
                    Err(why) => why,
                });
            }
        }
        answers
    })
}

/// The `yaml` target: the same text as `.misec.yaml` and as a profile file;
/// a profile that loads is then used to check a small subnet, which
/// instantiates its templates and runs every lint against it.
pub fn yaml(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut sources = Sources::new();
    let file = sources.add(".misec.yaml", text.as_ref());
    let (mut config, mut diagnostics) = config::parse(file, Path::new(".misec.yaml"), &sources);
    // what the configuration names is read from disk: keep the fuzzer off it
    config.service_tags = None;
    config.profile = None;
    let path = profile_path();
    let loaded = std::fs::write(&path, data).is_ok();
    let mut codes = shown(&sources, &diagnostics);
    if loaded {
        let mut sources = Sources::new();
        let subnet = sources.add("subnet.misec", SUBNET);
        let options = Options::with_profile(Some(path.display().to_string()));
        diagnostics = analyse(&mut sources, subnet, &config, &options).diagnostics;
        codes.extend(shown(&sources, &diagnostics));
        let _ = std::fs::remove_file(&path);
    }
    codes
}

/// A subnet without a profile statement, for the `yaml` target.
const SUBNET: &str = "vnet v {\n  address 10.0.0.0/16\n  region westeurope\n  subnet mi {\n    address 10.0.1.0/24\n    delegated\n    inbound {\n      apps: allow tcp from 10.1.0.0/16 to subnet port 1433\n    }\n    routes {\n      out: 0.0.0.0/0 via internet\n    }\n  }\n}\n";

/// Where the `yaml` target writes its input for misec to read as a profile
/// file: one per process and thread, so that parallel fuzzers and tests do
/// not share it.
fn profile_path() -> PathBuf {
    let thread = format!("{:?}", std::thread::current().id());
    let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
    std::env::temp_dir().join(format!(
        "misec-fuzz-profile-{}-{thread}.yaml",
        std::process::id()
    ))
}

type Example = (Model, Vec<Option<Rc<Profile>>>);

thread_local! {
    /// The examples, checked once: the subnets the `query` target asks about.
    static EXAMPLES: Vec<Example> = examples();
}

fn examples() -> Vec<Example> {
    let texts = [
        include_str!("../../examples/hub-spoke-firewall.misec"),
        include_str!("../../examples/manual-2020.misec"),
        include_str!("../../examples/redirect-replication-public.misec"),
        include_str!("../../examples/service-aided-production.misec"),
    ];
    let mut out = Vec::new();
    for text in texts {
        let mut sources = Sources::new();
        let file = sources.add("example.misec", text);
        let analysis = analyse(&mut sources, file, &Config::default(), &Options::default());
        if let Some(model) = analysis.model {
            out.push((model, analysis.profiles));
        }
    }
    out
}

/// Renders `diagnostics` as a user would see them (human and JSON), and
/// returns their codes.
fn shown(sources: &Sources, diagnostics: &[Diagnostic]) -> Vec<String> {
    let summary = Summary::new(1, diagnostics);
    for format in [Format::Human, Format::Json] {
        let mut out = Vec::new();
        let rendered = render::render(&mut out, format, false, sources, diagnostics, summary);
        assert!(rendered.is_ok(), "rendering failed: {rendered:?}");
    }
    diagnostics
        .iter()
        .map(|d| match d.severity {
            Severity::Error => format!("error {}", d.code),
            Severity::Warning => format!("warning {}", d.code),
            Severity::Info => format!("info {}", d.code),
        })
        .collect()
}
