//! What the walker does with a resource before reading it: resources that
//! are not deployed (`condition` false, `existing` references), resources a
//! template defines twice (E302), and nested deployments (inline templates
//! and compiled Bicep modules), evaluated in the outer scope or, with
//! `expressionEvaluationOptions.scope: inner`, in their own with the
//! parameters passed to them and the resource group they target.
//!
//! Input: one resource object and its scope. Output: findings in the
//! walker; E302 diagnostics. Invariant: a duplicate is never read twice, so
//! no later check sees two resources where Azure accepts none.

use super::arm::{ref_name, Walker};
use super::deploy::Deployment;
use super::eval::{deferred, Loops, Scope, Val};
use super::json::Json;
use super::read::props;
use super::values;
use crate::diagnostic::Diagnostic;
use crate::source::Span;

impl Walker<'_> {
    /// A resource that this template does not deploy: `existing: true`
    /// (Bicep's reference to a resource deployed elsewhere) or a `condition`
    /// that is false.
    pub fn skipped(&self, scope: &Scope, r: &Json) -> bool {
        let is_false = |v: Val| match v {
            Val::Bool(b) => !b,
            Val::Str(s) => s.eq_ignore_ascii_case("false"),
            _ => false,
        };
        let existing = r
            .get("existing")
            .is_some_and(|e| !is_false(scope.eval(e, &[])));
        let off = r
            .get("condition")
            .is_some_and(|c| is_false(scope.eval(c, &[])));
        existing || off
    }

    /// Records a top-level resource; `false` (after an E302) when this
    /// template already defined one of the same type and name.
    pub fn first_definition(
        &mut self,
        scope: &Scope,
        loops: Loops,
        r: &Json,
        kind: &str,
        name: &str,
        span: Span,
    ) -> bool {
        // a name with unknown parts may differ at deployment
        let known = r.get("name").is_some_and(|n| scope.text(n, loops).is_ok());
        if !known || kind.is_empty() {
            return true;
        }
        let lower = name.to_ascii_lowercase();
        let lower_kind = kind.to_ascii_lowercase();
        // a map, not a list: copy loops define thousands of resources
        let key = (self.template, lower_kind, lower);
        if let Some(first) = self.defined.get(&key) {
            let d = Diagnostic::new(
                "E302",
                span,
                format!("resource `{name}` is defined twice in this template"),
            )
            .label("defined again here")
            .secondary(*first, "first defined here")
            .note(format!(
                "Azure Resource Manager rejects a template that defines a resource (`{kind}`, `{name}`) more than once"
            ))
            .help("remove one of the definitions, or give them different names");
            self.diags.push(d);
            return false;
        }
        self.defined.insert(key, span);
        true
    }

    /// Remembers that the E303 just pushed left out a child resource of
    /// `parent` (lowercase), so that its note can name the parent's checks.
    pub fn orphan(&mut self, parent: &str) {
        if let Some(i) = self.diags.len().checked_sub(1) {
            if self.diags.get(i).is_some_and(|d| d.code == "E303") {
                self.found.orphans.push((i, parent.to_string()));
            }
        }
    }

    /// Remembers where a `Microsoft.Resources/resourceGroups` resource is
    /// created, for the deployments into it.
    pub fn resource_group(&mut self, scope: &Scope, loops: Loops, r: &Json, name: &str) {
        if let Some(Ok((location, _))) = r.get("location").map(|l| values::text(scope, loops, l)) {
            self.found
                .group_locations
                .push((name.to_ascii_lowercase(), location));
        }
    }

    /// An inline nested template, evaluated in the outer scope unless it asks
    /// for its own (`expressionEvaluationOptions.scope: inner`).
    pub fn deployment(&mut self, scope: &Scope, loops: Loops, r: &Json) {
        let p = props(r);
        if let Some(link) = p.get("templateLink") {
            self.found.linked.push(link.span);
        }
        let Some(template) = p.get("template").filter(|t| t.is_object()) else {
            return;
        };
        let Some(resources) = template.get("resources") else {
            return;
        };
        let inner = p
            .path(&["expressionEvaluationOptions", "scope"])
            .and_then(|s| s.as_str())
            .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
        let outer_template = self.template;
        self.template = self.templates;
        self.templates += 1;
        if inner {
            let given = p
                .get("parameters")
                .and_then(|g| g.as_object())
                .map(|members| {
                    members
                        .iter()
                        .filter_map(|m| {
                            let v = match (m.value.get("value"), m.value.get("reference")) {
                                (Some(v), _) => scope.eval(v, loops),
                                (None, Some(k)) => deferred(
                                    format!(
                                        "parameter `{}` is read from a Key Vault at deployment",
                                        m.key
                                    ),
                                    k.span,
                                    &m.key,
                                ),
                                (None, None) => return None,
                            };
                            Some((m.key.to_string(), v))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let target = self.target(scope, loops, r);
            let inner_scope = Scope::new(template, given, &target);
            self.resources(&inner_scope, resources, None);
        } else {
            self.resources(scope, resources, None);
        }
        self.template = outer_template;
    }

    /// The deployment a nested deployment makes: the outer one, retargeted
    /// to the resource group it names (and that group's location when this
    /// template creates the group).
    fn target(&self, scope: &Scope, loops: Loops, r: &Json) -> Deployment {
        let mut d = scope.deploy.clone();
        d.params.clear();
        let group = r
            .get("resourceGroup")
            .and_then(|g| scope.text(g, loops).ok())
            .map(|g| {
                if g.contains('/') {
                    ref_name(&g, "resourceGroups")
                } else {
                    g.into_owned()
                }
            });
        if let Some(g) = group {
            let lower = g.to_ascii_lowercase();
            if let Some((_, l)) = self.found.group_locations.iter().find(|(n, _)| *n == lower) {
                d.location = Some(l.clone());
            }
            d.resource_group = Some(g);
        }
        d
    }
}
