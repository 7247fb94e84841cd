//! `misec completions SHELL` and `misec man`: generated from the same clap
//! definition as the parser, so they can never disagree with it.
//!
//! Input: nothing but the command definition. Output: a completion script or
//! a roff man page on stdout. The two generator crates are used here only.
//! The man page is one page, `misec(1)`: the global options, then a section
//! per verb with its synopsis and options (there are no per-verb pages).

use clap::CommandFactory;
use clap_mangen::Man;

use super::{output, Args, Status, Trouble};

pub use clap_complete::Shell;

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Result<Status, Trouble> {
    let mut command = Args::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "misec", &mut script);
    output::to_stdout(|out| out.write_all(&script))?;
    Ok(Status::Clean)
}

/// The man page, `misec(1)`.
pub fn man() -> Result<Status, Trouble> {
    let command = Args::command();
    let main = Man::new(command.clone());
    let mut page = Vec::new();
    main.render_title(&mut page)?;
    main.render_name_section(&mut page)?;
    main.render_synopsis_section(&mut page)?;
    main.render_description_section(&mut page)?;
    main.render_options_section(&mut page)?;
    let mut verbs = Vec::new();
    main.render_subcommands_section(&mut verbs)?;
    // the generator names each verb as its own page (`misec\-check(1)`);
    // here they are sections of this page
    for line in String::from_utf8_lossy(&verbs).lines() {
        let verb = line
            .strip_prefix("misec\\-")
            .and_then(|rest| rest.strip_suffix("(1)"));
        let line = match verb {
            Some(verb) => format!("\\fBmisec {verb}\\fR"),
            None => line.to_string(),
        };
        page.extend(line.as_bytes());
        page.push(b'\n');
    }
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        page.extend(verb_section(sub)?.as_bytes());
    }
    main.render_extra_section(&mut page)?;
    main.render_version_section(&mut page)?;
    output::to_stdout(|out| out.write_all(&page))?;
    Ok(Status::Clean)
}

/// `.SH "MISEC CHECK"`, the verb's summary, synopsis and options: the
/// generator's own sections, renamed into one section of the page.
fn verb_section(sub: &clap::Command) -> Result<String, Trouble> {
    let name = format!("misec {}", sub.get_name());
    let sub = sub.clone().bin_name(&name);
    let mut raw = Vec::new();
    Man::new(sub.clone()).render_synopsis_section(&mut raw)?;
    Man::new(sub.clone()).render_options_section(&mut raw)?;
    let mut text = format!(".SH \"{}\"\n", name.to_uppercase());
    if let Some(about) = sub.get_about() {
        text.push_str(&format!("{}\n.PP\n", roff_escape(&about.to_string())));
    }
    for line in String::from_utf8_lossy(&raw).lines() {
        // the generator repeats its string definitions and headers per call
        if line.starts_with(".ie ") || line.starts_with(".el ") || line.starts_with(".SH") {
            continue;
        }
        text.push_str(line);
        text.push('\n');
    }
    Ok(text)
}

/// Text as roff reads it literally (hyphens, leading dots and backslashes).
fn roff_escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.strip_prefix('.') {
        Some(rest) => format!("\\&.{rest}"),
        None => escaped,
    }
}
