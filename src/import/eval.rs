//! Offline evaluation of ARM template expressions: what a template says
//! without deploying it.
//!
//! Input: JSON values of one template (or nested template) and its
//! `parameters` / `variables`. Output: a [`Val`]; whatever depends on the
//! deployment (a parameter without default, `resourceGroup()`, `reference()`,
//! `uniqueString()`, …) is [`Val::Unknown`] with the span of the culprit and a
//! `hint`: the text to use where only a name is needed (so that a name made
//! of unknowns still matches the same name written elsewhere).
//!
//! Invariants: variables are evaluated once (cached) and cycles end in
//! `Unknown`; results are bounded in size, so no input makes this slow.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use super::deploy::Deployment;
use super::expr;
use super::json::{Json, Value};
use crate::source::Span;

/// Where an expression could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// Why, for the diagnostic ("`parameters('x')` has no default value").
    pub why: String,
    pub span: Span,
    /// A stand-in text for names.
    pub hint: String,
    /// Only the deployment knows it (a parameter without value, a context
    /// value not given, `reference()`, …): an E303 warning, not an E301.
    pub deferred: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Val>),
    Object(Vec<(String, Val)>),
    Unknown(Box<Unknown>),
}

impl Val {
    /// The text of a string or number, or the stand-in of an unknown (a
    /// parameter's name; `…` for a value of the deployment).
    pub fn hint_text(&self) -> String {
        match self {
            Val::Str(s) => s.clone(),
            Val::Int(n) => n.to_string(),
            Val::Bool(b) => b.to_string(),
            // a deployment value has no stand-in: an ellipsis, never a
            // text that could pass for a name or a value
            Val::Unknown(u) if u.hint.starts_with('@') => "…".to_string(),
            Val::Unknown(u) => u.hint.clone(),
            Val::Null => String::new(),
            Val::Array(_) | Val::Object(_) => "value".to_string(),
        }
    }
}

const MAX_TEXT: usize = 1 << 20;
const MAX_ITEMS: usize = 100_000;
const MAX_DEPTH: u32 = 48;

/// Loop indices in force: `(loop name, index)`, innermost last.
pub type Loops<'c> = &'c [(String, i64)];

/// The parameters and variables one template's expressions see.
pub struct Scope<'j, 'a> {
    pub(super) params: Option<&'j Json<'a>>,
    pub(super) vars: Option<&'j Json<'a>>,
    /// Values passed in by a nested deployment, by parameter name.
    given: Vec<(String, Val)>,
    cache: RefCell<BTreeMap<String, Val>>,
    /// Known scalar results of expressions evaluated outside copy loops, by
    /// text: templates repeat `[parameters('x')]` in every rule. Unknown
    /// results are not kept, as their spans point into one occurrence.
    results: RefCell<HashMap<String, Val>>,
    depth: RefCell<u32>,
    /// The deployment's parameters and context values.
    pub(super) deploy: &'j Deployment,
    /// Lambda variables in force, innermost last.
    pub(super) lambdas: RefCell<Vec<(String, Val)>>,
    /// The template's user-defined functions (`functions`), and how deep
    /// the calls of such functions are nested here.
    pub(super) functions: Option<&'j Json<'a>>,
    pub(super) calls: u32,
    /// Lambda applications so far: bounded, so nested lambdas over long
    /// ranges cannot make an import slow.
    pub(super) steps: std::cell::Cell<u32>,
}

/// No parameters, no context values.
pub static NO_DEPLOYMENT: Deployment = Deployment {
    params: Vec::new(),
    location: None,
    resource_group: None,
    subscription: None,
};

impl<'j, 'a> Scope<'j, 'a> {
    /// The scope of `template` (an object with `parameters` / `variables`).
    pub fn new(
        template: &'j Json<'a>,
        given: Vec<(String, Val)>,
        deploy: &'j Deployment,
    ) -> Scope<'j, 'a> {
        Scope {
            params: template.get("parameters"),
            vars: template.get("variables"),
            given,
            cache: RefCell::new(BTreeMap::new()),
            results: RefCell::new(HashMap::new()),
            depth: RefCell::new(0),
            deploy,
            lambdas: RefCell::new(Vec::new()),
            functions: template.get("functions"),
            calls: 0,
            steps: std::cell::Cell::new(0),
        }
    }

    /// The scope of a user-defined function's body: only its parameters.
    pub(super) fn function(&self, given: Vec<(String, Val)>) -> Scope<'j, 'a> {
        Scope {
            params: None,
            vars: None,
            given,
            cache: RefCell::new(BTreeMap::new()),
            results: RefCell::new(HashMap::new()),
            depth: RefCell::new(0),
            deploy: self.deploy,
            lambdas: RefCell::new(Vec::new()),
            functions: self.functions,
            calls: self.calls + 1,
            steps: std::cell::Cell::new(self.steps.get()),
        }
    }

    /// A scope where every expression is evaluated with nothing declared.
    pub fn empty() -> Scope<'static, 'static> {
        Scope {
            params: None,
            vars: None,
            given: Vec::new(),
            cache: RefCell::new(BTreeMap::new()),
            results: RefCell::new(HashMap::new()),
            depth: RefCell::new(0),
            deploy: &NO_DEPLOYMENT,
            lambdas: RefCell::new(Vec::new()),
            functions: None,
            calls: 0,
            steps: std::cell::Cell::new(0),
        }
    }

    /// A string value: literal text borrowed, expressions evaluated.
    /// `Err` when it is not a string or cannot be evaluated.
    pub fn text<'s>(&self, json: &'s Json<'a>, copy: Loops) -> Result<Cow<'s, str>, Val> {
        match &json.value {
            Value::String(s) => match expr::body(s) {
                None if s.starts_with("[[") => Ok(Cow::Owned(s[1..].to_string())),
                None => Ok(Cow::Borrowed(s.as_ref())),
                Some(_) => match self.eval(json, copy) {
                    Val::Str(t) => Ok(Cow::Owned(t)),
                    Val::Int(n) => Ok(Cow::Owned(n.to_string())),
                    other => Err(other),
                },
            },
            Value::Number(n) => Ok(Cow::Borrowed(n)),
            _ => Err(self.eval(json, copy)),
        }
    }

    /// Evaluates a JSON value: strings that are expressions are evaluated,
    /// arrays and objects element by element.
    pub fn eval(&self, json: &Json<'a>, copy: Loops) -> Val {
        match &json.value {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => n.parse().map_or_else(|_| Val::Str(n.to_string()), Val::Int),
            Value::String(s) => match expr::body(s) {
                None if s.starts_with("[[") => Val::Str(s[1..].to_string()),
                None => Val::Str(s.to_string()),
                Some(body) => {
                    if copy.is_empty() {
                        if let Some(v) = self.results.borrow().get(body) {
                            return v.clone();
                        }
                    }
                    let v = self.expression(json, body, copy);
                    if copy.is_empty()
                        && matches!(v, Val::Str(_) | Val::Int(_) | Val::Bool(_) | Val::Null)
                    {
                        self.results
                            .borrow_mut()
                            .insert(body.to_string(), v.clone());
                    }
                    v
                }
            },
            Value::Array(items) => Val::Array(
                items
                    .iter()
                    .take(MAX_ITEMS)
                    .map(|i| self.eval(i, copy))
                    .collect(),
            ),
            Value::Object(members) => Val::Object(
                members
                    .iter()
                    .take(MAX_ITEMS)
                    .map(|m| (m.key.to_string(), self.eval(&m.value, copy)))
                    .collect(),
            ),
        }
    }

    /// Evaluates the expression `body` of the string value `json`.
    fn expression(&self, json: &Json<'a>, body: &str, copy: Loops) -> Val {
        // Offsets inside the string are exact only without escapes.
        let exact = matches!(&json.value, Value::String(Cow::Borrowed(_)));
        let base = if exact {
            Some(json.span.start as usize + 2)
        } else {
            None
        };
        let at = |r: std::ops::Range<usize>| match base {
            Some(b) => Span::new(json.span.file, b + r.start, b + r.end),
            None => json.span,
        };
        match expr::parse(body) {
            Ok(e) => self.expr(&e, body, copy, &at),
            Err(pos) => unknown(
                format!("`{}` is not a valid template expression", clip(body)),
                at(pos..pos + 1),
                "expression",
            ),
        }
    }

    pub(super) fn declared(&self, kind: &str, name: &str) -> Val {
        let key = format!("{kind}:{}", name.to_ascii_lowercase());
        if let Some(v) = self.cache.borrow().get(&key) {
            return v.clone();
        }
        if *self.depth.borrow() > MAX_DEPTH {
            return unknown_plain("too deeply nested", name);
        }
        let table = if kind == "p" { self.params } else { self.vars };
        let found = table.and_then(|t| t.member(name));
        let given = self
            .given
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        // a cycle finds this placeholder
        self.cache.borrow_mut().insert(
            key.clone(),
            unknown_plain("defined in terms of itself", name),
        );
        *self.depth.borrow_mut() += 1;
        let value = match (kind, given, found) {
            ("p", Some((_, v)), _) => v.clone(),
            ("p", None, Some(m)) => match m.value.get("defaultValue") {
                Some(d) => rename(self.eval(d, &[]), &m.key, true),
                None => deferred(
                    format!(
                        "parameter `{}` has no default value (give `--param {}=VALUE` or `--parameters FILE`)",
                        m.key, m.key
                    ),
                    m.key_span,
                    &m.key,
                ),
            },
            (_, _, Some(m)) => rename(self.eval(&m.value, &[]), &m.key, false),
            ("v", _, None) => match self.variable_copy(name) {
                Some(v) => v,
                None => unknown_plain(&format!("variable `{name}` is not declared"), name),
            },
            _ => unknown_plain(
                &format!(
                    "{} `{name}` is not declared",
                    if kind == "p" { "parameter" } else { "variable" }
                ),
                name,
            ),
        };
        *self.depth.borrow_mut() -= 1;
        self.cache.borrow_mut().insert(key, value.clone());
        value
    }
}

/// An unknown parameter stands in under its own name; so does a variable
/// whose value has no better stand-in (a deployment function).
fn rename(v: Val, name: &str, always: bool) -> Val {
    match v {
        Val::Unknown(mut u) if always || u.hint.starts_with('@') => {
            u.hint = name.to_string();
            Val::Unknown(u)
        }
        other => other,
    }
}

pub(super) fn unknown(why: String, span: Span, hint: &str) -> Val {
    Val::Unknown(Box::new(Unknown {
        why,
        span,
        hint: hint.to_string(),
        deferred: false,
    }))
}

/// An unknown that only the deployment knows.
pub(super) fn deferred(why: String, span: Span, hint: &str) -> Val {
    Val::Unknown(Box::new(Unknown {
        why,
        span,
        hint: hint.to_string(),
        deferred: true,
    }))
}

fn unknown_plain(why: &str, hint: &str) -> Val {
    unknown(why.to_string(), Span::default(), hint)
}

pub(super) fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

pub(super) const MAX_TEXT_LEN: usize = MAX_TEXT;
