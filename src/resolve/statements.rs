//! The values of vnet and subnet statements: address prefixes (E105 for a
//! tag or `any`), DNS servers (E105 for a prefix), regions and features
//! (E101 with a "did you mean"), and lists of names.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::{Address, Feature, Instances};
use crate::region;
use crate::source::Spanned;
use crate::syntax::ast::{self, ElementKind};

use super::{twice, Resolver};

impl Resolver {
    /// Address prefixes (a vnet's or subnet's address): CIDRs, IPs, or sets
    /// of them; tags and `any` are E105 here.
    pub(crate) fn prefixes(&mut self, value: &ast::Value) -> Vec<Spanned<IpNet>> {
        let items = self.addresses(value, None);
        let mut out = Vec::new();
        for item in items {
            match item.address {
                Address::Prefix(net) => out.push(Spanned::new(net, item.span)),
                Address::Any | Address::Tag(_) => {
                    let text = match &item.address {
                        Address::Tag(t) => t.clone(),
                        _ => "any".into(),
                    };
                    let mut d = Diagnostic::new(
                        "E105",
                        item.span,
                        format!("expected a CIDR prefix, found `{text}`"),
                    )
                    .label("not a prefix")
                    .help("write the prefix itself, e.g. `10.20.0.0/16`");
                    if let Some(via) = item.via {
                        d = d.secondary(via, "used here");
                    }
                    self.diags.push(d);
                }
            }
        }
        out
    }

    /// `dns [IP, ...]`: addresses only; a CIDR is E105.
    pub(crate) fn dns(&mut self, value: &ast::Value) -> Vec<Spanned<IpAddr>> {
        let mut out = Vec::new();
        for e in value.elements() {
            match &e.kind {
                ElementKind::Ip(ip) => out.push(Spanned::new(*ip, e.span)),
                ElementKind::Invalid => {}
                ElementKind::Cidr(ip, _) => self.diags.push(
                    Diagnostic::new("E105", e.span, "a DNS server is an address, not a prefix")
                        .label("a prefix")
                        .help(format!("write the server's address, e.g. `{ip}`")),
                ),
                _ => self.diags.push(
                    Diagnostic::new("E105", e.span, "expected the IP address of a DNS server")
                        .label("not an IP address")
                        .help("write the server's address, e.g. `10.20.0.4`"),
                ),
            }
        }
        out
    }

    /// A region name, canonical; E101 with a "did you mean" when unknown.
    pub(crate) fn region(&mut self, name: &ast::Ident) -> Option<Spanned<String>> {
        if let Some(r) = region::canonical(&name.name) {
            return Some(Spanned::new(r.to_string(), name.span));
        }
        let d = Diagnostic::new("E101", name.span, format!("unknown region `{}`", name.name))
            .label("not an Azure region")
            .note("regions are written as ARM location names, e.g. `westeurope`");
        self.diags
            .push(match did_you_mean(&name.name, region::names()) {
                Some(r) => d.help(format!("did you mean `{r}`?")),
                None => d.help(
                    "use the region's location name, as `az account list-locations` shows it",
                ),
            });
        None
    }

    pub(crate) fn features(&mut self, value: &ast::Value) -> Vec<Spanned<Feature>> {
        let mut out: Vec<Spanned<Feature>> = Vec::new();
        for word in self.words(value, "a feature name", "replication") {
            match Feature::ALL.iter().find(|(n, _)| *n == word.value) {
                Some((_, f)) => {
                    if let Some(first) = out.iter().find(|x| x.value == *f) {
                        self.diags
                            .push(twice(&word.value, "`features`", word.span, first.span));
                    } else {
                        out.push(Spanned::new(*f, word.span));
                    }
                }
                None => {
                    let d = Diagnostic::new(
                        "E101",
                        word.span,
                        format!("unknown feature `{}`", word.value),
                    )
                    .label("not a feature misec knows")
                    .note(format!(
                        "the features are {}",
                        Feature::ALL
                            .iter()
                            .map(|(n, _)| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                    let names = Feature::ALL.iter().map(|(n, _)| *n);
                    self.diags.push(match did_you_mean(&word.value, names) {
                        Some(n) => d.help(format!("did you mean `{n}`?")),
                        None => d.help("remove it, or use one of the features listed"),
                    });
                }
            }
        }
        out
    }

    /// The names in a list of names; anything else is E101.
    pub(crate) fn words(
        &mut self,
        value: &ast::Value,
        what: &str,
        example: &str,
    ) -> Vec<Spanned<String>> {
        let mut out = Vec::new();
        for e in value.elements() {
            match &e.kind {
                ElementKind::Name(n) => out.push(Spanned::new(n.clone(), e.span)),
                ElementKind::Invalid => {}
                _ => self.diags.push(
                    Diagnostic::new("E101", e.span, format!("expected {what}"))
                        .label("not a name")
                        .help(format!("write names such as `{example}`")),
                ),
            }
        }
        out
    }
}

impl Resolver {
    /// `instances [...]`: the counts per tier; a tier named twice is E102.
    pub(crate) fn instances(&mut self, list: &ast::InstancesDecl) -> Spanned<Instances> {
        let mut out = Instances::default();
        let mut seen: Vec<(ast::Tier, crate::source::Span)> = Vec::new();
        for c in &list.counts {
            if let Some((_, first)) = seen.iter().find(|(t, _)| *t == c.tier.value) {
                self.diags.push(
                    Diagnostic::new(
                        "E102",
                        c.span,
                        format!(
                            "service tier `{}` is counted twice",
                            tier_name(c.tier.value)
                        ),
                    )
                    .label("counted again here")
                    .secondary(*first, "first counted here")
                    .help("give each tier one count, the total of its instances"),
                );
                continue;
            }
            seen.push((c.tier.value, c.span));
            match c.tier.value {
                ast::Tier::GeneralPurpose => out.general_purpose = c.count.value,
                ast::Tier::BusinessCritical => out.business_critical = c.count.value,
            }
        }
        Spanned::new(out, list.span)
    }
}

fn tier_name(tier: ast::Tier) -> &'static str {
    ast::Tier::KEYWORDS
        .iter()
        .find(|(_, t)| *t == tier)
        .map_or("", |(n, _)| n)
}
