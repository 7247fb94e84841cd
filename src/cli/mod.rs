//! The command line: parses arguments, reads files, runs the library, prints,
//! and chooses the exit code. Nothing else in the crate prints or exits.
//!
//! Exit codes: 0 no error-severity diagnostic (warnings allowed unless
//! `--deny-warnings`), 1 at least one error (or `fmt --check` found a file to
//! change), 2 misec could not do its job (bad flags, unreadable file).

mod args;
mod build;
mod build_check;
mod check;
mod check_file;
mod check_out;
mod deployment;
mod diff;
mod docs;
mod fmt;
mod import;
mod inputs;
mod output;
mod profiles;
mod progress;
mod query;
mod select;
mod shell;
mod stdin;

use std::process::ExitCode;

pub use args::{Args, ColorChoice, Command, DeploymentArgs, FormatArg, Global};

/// The exit status of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0
    Clean,
    /// 1
    Failed,
    /// 2
    Trouble,
}

impl Status {
    pub fn code(self) -> u8 {
        match self {
            Status::Clean => 0,
            Status::Failed => 1,
            Status::Trouble => 2,
        }
    }
}

/// A one-line failure to do the job at all (exit 2).
#[derive(Debug)]
pub struct Trouble(pub String);

impl<E: std::fmt::Display> From<E> for Trouble {
    fn from(e: E) -> Trouble {
        Trouble(e.to_string())
    }
}

/// `misec lsp`: `--profile` and `--config` apply to every document.
fn lsp(global: &Global) -> Result<Status, Trouble> {
    if let Some(name) = &global.profile {
        crate::check::profile_flag_ok(name).map_err(Trouble)?;
    }
    let settings = crate::workspace::Settings {
        profile: global.profile.clone(),
        config: global.config.clone(),
        ..crate::workspace::Settings::default()
    };
    crate::lsp::run(settings).map_err(Trouble)?;
    Ok(Status::Clean)
}

pub fn main() -> ExitCode {
    let args = match parse() {
        Ok(args) => args,
        Err(err) => {
            // --help and --version are not failures; usage errors exit 2
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(run(args).code())
}

/// `Args::try_parse`, except that clap's command tree is not freed: the
/// process ends soon after, and freeing it costs more than a small check.
fn parse() -> Result<Args, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let mut command = Args::command();
    let parsed = command.try_get_matches_from_mut(std::env::args_os());
    std::mem::forget(command);
    // a usage error is formatted against a fresh tree, as `try_parse` does
    Args::from_arg_matches_mut(&mut parsed?).map_err(|e| e.format(&mut Args::command()))
}

/// Runs one parsed command line.
pub fn run(args: Args) -> Status {
    if args.global.format == FormatArg::Markdown && !matches!(args.command, Command::Diff { .. }) {
        output::error_line("`--format markdown` is only for `misec diff`");
        return Status::Trouble;
    }
    let result = match &args.command {
        Command::Check {
            paths,
            subnet_prefix,
            stdin_filename,
            selectors,
            deployment,
            jobs,
        } => select::Selection::parse(selectors).and_then(|selection| {
            let request = check::Request {
                paths,
                stdin: stdin::name(paths, stdin_filename.as_deref())?,
                selection: &selection,
                subnet_prefix: *subnet_prefix,
                deployment,
                jobs: *jobs,
            };
            check::run(&args.global, &request)
        }),
        Command::Fmt { check, paths } => fmt::run(&args.global, paths, *check),
        Command::Import {
            files,
            subnet_prefix,
            selectors,
            deployment,
        } => select::Selection::parse(selectors).and_then(|selection| {
            import::run(&args.global, files, &selection, *subnet_prefix, deployment)
        }),
        Command::Build {
            file,
            output,
            target,
            with_subnets,
            check,
            selectors,
        } => select::Selection::parse(selectors).and_then(|selection| {
            let request = build::Request {
                out_dir: output.as_deref(),
                target: *target,
                with_subnets: *with_subnets,
                check: *check,
                selection: &selection,
            };
            build::run(&args.global, file, &request)
        }),
        Command::Query {
            file,
            flow,
            subnet,
            subnet_prefix,
            deployment,
        } => query::run(
            &args.global,
            file,
            flow,
            subnet.as_deref(),
            *subnet_prefix,
            deployment,
        ),
        Command::Profiles {
            name,
            subnet,
            region,
        } => profiles::run(&args.global, name.as_deref(), *subnet, region.as_deref()),
        Command::Diff {
            old,
            new,
            subnet,
            subnet_prefix,
            exit_code,
            deployment,
        } => diff::run(
            &args.global,
            [old.as_path(), new.as_path()],
            subnet.as_deref(),
            *subnet_prefix,
            *exit_code,
            deployment,
        ),
        Command::Rules => docs::rules(&args.global),
        Command::Explain { code } => docs::explain(code),
        Command::Lsp => lsp(&args.global),
        Command::Completions { shell } => shell::completions(*shell),
        Command::Man => shell::man(),
    };
    match result {
        Ok(status) => status,
        Err(Trouble(message)) => {
            output::error_line(&message);
            Status::Trouble
        }
    }
}
