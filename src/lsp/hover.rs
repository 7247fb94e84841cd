//! Hover: a diagnostic code's summary and documentation (in a suppression
//! comment, or anywhere a diagnostic is), a set's value, a service tag, a
//! profile's mandatory rules (on a `profile` name), and on a subnet's name
//! its profile's rules and routes for that subnet.
//!
//! Input: an open document and a position. Output: Markdown, or nothing.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::server::Doc;
use super::{position, words};
use crate::diagnostic::{self, doc as docs};
use crate::profile::{self, Profile};
use crate::{syntax, tags};

pub fn hover(doc: &Doc, at: Position) -> Option<Hover> {
    let offset = position::offset(doc.file, at);
    let text = doc.file.text.as_str();
    let (ast, _) = syntax::parse(doc.id, text);
    let word = words::word_at(text, offset).filter(|_| !doc.json);
    let markdown = word
        .as_ref()
        .and_then(|(_, w)| about_word(doc, &ast, w, offset))
        .or_else(|| about_diagnostics(doc, offset))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: word.map(|(r, _)| position::range(doc.file, words::span(doc.id, r))),
    })
}

fn about_word(doc: &Doc, ast: &syntax::ast::File, word: &str, offset: usize) -> Option<String> {
    if words::in_comment(ast, offset).is_some() {
        return diagnostic::lookup(word).map(|info| code(info.code));
    }
    if let Some(set) = words::set(ast, word) {
        let value = doc.sources.slice(set.value.span());
        return Some(format!(
            "```misec\nlet {word} = {value}\n```\nset, {}",
            count(set.value.elements().len())
        ));
    }
    if let Some(name) = tags::canonical(word) {
        let base = name.split('.').next().unwrap_or(&name);
        let regional = if base == name {
            String::new()
        } else {
            format!(
                ", the part of `{base}` in region `{}`",
                name.get(base.len() + 1..).unwrap_or("")
            )
        };
        let resolved = if doc
            .analysis
            .is_some_and(|a| a.config.service_tags.is_some())
        {
            "its prefixes come from the service-tags file of the configuration"
        } else {
            "its prefixes are Azure's and change weekly: flow answers about it say *may* (set `service-tags:` in `.misec.yaml` to make them certain)"
        };
        return Some(format!("service tag `{name}`{regional}\n\n{resolved}"));
    }
    if let Some(profile) = profile_named(doc, word) {
        return Some(format!("```text\n{}```", profile.describe(None, None)));
    }
    subnet(doc, word)
}

/// On a subnet's name: what its profile requires of it.
fn subnet(doc: &Doc, word: &str) -> Option<String> {
    let analysis = &doc.analysis?.analysis;
    let model = analysis.model.as_ref()?;
    let (index, (vnet, subnet)) = model
        .subnets()
        .enumerate()
        .find(|(_, (_, s))| s.name.value == word)?;
    let profile = analysis.profiles.get(index)?.as_ref()?;
    let prefix = subnet.address.as_ref().map(|a| a.value.trunc());
    let region = vnet.region.as_ref().map(|r| r.value.as_str());
    Some(format!("```text\n{}```", profile.describe(prefix, region)))
}

fn profile_named(doc: &Doc, name: &str) -> Option<Profile> {
    let loaded = doc
        .analysis
        .into_iter()
        .flat_map(|a| a.analysis.profiles.iter().flatten())
        .find(|p| p.name == name);
    if let Some(p) = loaded {
        return Some(Profile::clone(p));
    }
    profile::load_builtin(name)?.ok()
}

fn about_diagnostics(doc: &Doc, offset: usize) -> Option<String> {
    let analysis = &doc.analysis?.analysis;
    let mut codes: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| {
            let s = d.span();
            s.file == doc.id && (s.start as usize) <= offset && offset <= s.end as usize
        })
        .map(|d| d.code)
        .collect();
    codes.dedup();
    let parts: Vec<String> = codes.into_iter().map(code).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n---\n\n"))
}

/// `**MI101** (error): summary`, then the code's documentation.
fn code(code: &str) -> String {
    let Some(info) = diagnostic::lookup(code) else {
        return format!("**{code}**");
    };
    let doc = docs::get(info.code).unwrap_or("");
    format!(
        "**{}** ({}): {}\n\n{}",
        info.code,
        info.severity.as_str(),
        info.summary,
        doc.trim()
    )
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 element".to_string()
    } else {
        format!("{n} elements")
    }
}
