//! The verbs and flags, as the CLI contract (`misec --help`) gives them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::render::Format;

#[derive(Debug, Parser)]
#[command(
    name = "misec",
    version,
    about = "Compiler and linter for the network security of Azure SQL Managed Instance subnets",
    after_help = "Exit codes: 0 no errors, 1 errors found (or `fmt --check` would change a file), 2 misec could not run."
)]
pub struct Args {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Diagnostic output format
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// When to colour human output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Configuration file (default: the nearest .misec.yaml above each file)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Profile for files and subnets that name none (a built-in name or a YAML file)
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Exit 1 when there are warnings, too
    #[arg(long, global = true)]
    pub deny_warnings: bool,
    /// No notes on stdout or stderr (the profile an import is checked under, files formatted, warnings of a build that succeeded); results and diagnostics are still printed
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// What an ARM template is deployed with: parameter values and the context
/// values its expressions read. Shared by every verb that reads templates.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DeploymentArgs {
    /// For ARM templates: an ARM parameters file, as `az deployment group create --parameters` takes it
    #[arg(long = "parameters", value_name = "FILE")]
    pub parameters: Option<PathBuf>,
    /// For ARM templates: a parameter value (JSON when it parses as JSON, else text); repeatable, wins over --parameters
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub param: Vec<String>,
    /// For ARM templates: the deployment's region, for `resourceGroup().location`
    #[arg(long, value_name = "REGION")]
    pub location: Option<String>,
    /// For ARM templates: the resource group's name, for `resourceGroup().name`
    #[arg(long, value_name = "NAME")]
    pub resource_group: Option<String>,
    /// For ARM templates: the subscription id, for `subscription().subscriptionId`
    #[arg(long, value_name = "ID")]
    pub subscription: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Short,
    Json,
    Sarif,
    Github,
    /// `misec diff` only: a pull-request comment
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Short => Format::Short,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
            // only `misec diff` accepts it (`cli::run` refuses it elsewhere)
            FormatArg::Markdown => Format::Human,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint .misec files and Azure JSON; a directory means every .misec below it
    Check {
        /// Files and directories; `-` reads one file from standard input
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// For Azure JSON: the subnet prefix an NSG or route table protects when the file does not say
        #[arg(long, value_name = "CIDR")]
        subnet_prefix: Option<ipnet::IpNet>,
        #[command(flatten)]
        deployment: DeploymentArgs,
        /// With `-`: the path standard input stands for (names it in diagnostics, decides .misec or .json and which .misec.yaml applies)
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<PathBuf>,
        #[command(flatten)]
        selectors: super::select::Selectors,
        /// Files checked at once, or threads for one large file (default: one per CPU); the output is the same for any number
        #[arg(
            long,
            short,
            value_name = "N",
            default_value_t = 0,
            hide_default_value = true
        )]
        jobs: usize,
    },
    /// Compile to Azure NSG and route-table JSON; writes nothing when any error is found
    Build {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Output directory (default: the single artifact on stdout)
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// What to produce
        #[arg(long, value_enum, default_value_t = super::build::Target::Arm)]
        target: super::build::Target,
        /// Also emit the vnet and its subnets with their NSG and route-table association
        #[arg(long)]
        with_subnets: bool,
        /// Write nothing: compare the build with what DIR holds, list stale and missing files, exit 1 if any
        #[arg(long, requires = "output")]
        check: bool,
        #[command(flatten)]
        selectors: super::select::Selectors,
    },
    /// Canonical formatting in place; `-` reads stdin and writes stdout
    Fmt {
        /// Change nothing; list the files that would change and exit 1 if any
        #[arg(long)]
        check: bool,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Decompile Azure JSON (ARM templates, `az ... show` output, REST bodies) to .misec on stdout
    Import {
        #[arg(required = true, value_name = "FILE.json")]
        files: Vec<PathBuf>,
        /// The subnet prefix an NSG or route table protects when the file does not say
        #[arg(long, value_name = "CIDR")]
        subnet_prefix: Option<ipnet::IpNet>,
        #[command(flatten)]
        deployment: DeploymentArgs,
        #[command(flatten)]
        selectors: super::select::Selectors,
    },
    /// The verdict for one flow, and the rule that decides it
    Query {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// `PROTO SRC[:PORT] -> DST[:PORT]`, e.g. "tcp 10.20.2.4 -> 10.20.1.10:1433"
        #[arg(value_name = "FLOW")]
        flow: String,
        /// The subnet to ask about, when the file has several
        #[arg(long, value_name = "NAME")]
        subnet: Option<String>,
        /// For Azure JSON: the subnet prefix when the file does not say
        #[arg(long, value_name = "CIDR")]
        subnet_prefix: Option<ipnet::IpNet>,
        #[command(flatten)]
        deployment: DeploymentArgs,
    },
    /// The built-in constraint profiles, or one profile's mandatory rules and routes
    Profiles {
        #[arg(value_name = "NAME")]
        name: Option<String>,
        /// Instantiate the rules and routes for this subnet prefix
        #[arg(long, value_name = "CIDR")]
        subnet: Option<ipnet::IpNet>,
        /// Instantiate regional service tags for this region (and its pair)
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
    },
    /// What changes in traffic and routing from OLD to NEW (.misec files or Azure JSON)
    Diff {
        /// The side before the change: a .misec file or Azure JSON
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The side after the change (or what is deployed)
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// Compare only this subnet (by its name on either side)
        #[arg(long, value_name = "NAME")]
        subnet: Option<String>,
        /// For Azure JSON: the subnet prefix when the file does not say (default: the other side's subnet)
        #[arg(long, value_name = "CIDR")]
        subnet_prefix: Option<ipnet::IpNet>,
        /// Exit 1 when anything changes
        #[arg(long)]
        exit_code: bool,
        #[command(flatten)]
        deployment: DeploymentArgs,
    },
    /// Every diagnostic code with its default severity and summary
    Rules,
    /// A language server on stdin/stdout (LSP 3.17), for editors
    Lsp,
    /// The documentation of one diagnostic code
    Explain {
        #[arg(value_name = "CODE")]
        code: String,
    },
    /// Shell completions on stdout (bash, zsh, fish, powershell, elvish)
    Completions {
        #[arg(value_name = "SHELL")]
        shell: super::shell::Shell,
    },
    /// The man page (roff) on stdout
    Man,
}
