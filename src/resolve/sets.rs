//! Named sets (`let NAME = VALUE`), resolved file-wide in any order.
//!
//! Input: every `let` of the file. Output: a table of sets, each with its
//! kind (addresses, ports, or either when it holds only `any`) and its checked
//! entries, plus the diagnostics E101/E107 (names), E102 (a set defined twice),
//! E103 (cycles), E104 (kinds mixed), E105/E106 (bad elements).
//!
//! Invariants: the entries of a set are all of its kind, and following
//! references from any set never returns to it (the reference closing a cycle
//! is reported and dropped), so [`Sets::expand`] always terminates. The graph
//! is walked with explicit stacks, never recursion: a chain of a hundred
//! thousand sets must not overflow the stack.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::model::Address;
use crate::source::Span;
use crate::syntax::ast;

use super::values::{self, Kind, Leaf};

/// A checked element of a set: a value, or a reference to another set.
#[derive(Debug, Clone)]
enum Entry {
    Leaf(Leaf, Span),
    Ref(usize),
}

#[derive(Debug)]
pub(crate) struct SetDef {
    pub(crate) name: ast::Ident,
    /// `None`: no element decides the kind (empty, or only `any`).
    pub(crate) kind: Option<Kind>,
    /// The element that decided the kind.
    first_of_kind: Option<Span>,
    entries: Vec<Entry>,
}

#[derive(Debug, Default)]
pub(crate) struct Sets {
    defs: Vec<SetDef>,
    by_name: BTreeMap<String, usize>,
}

/// An element before kinds are known.
enum Raw {
    Leaf(Leaf, Span),
    Ref(usize, Span),
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    New,
    OnStack,
    Done,
}

struct Frame {
    set: usize,
    next: usize,
    /// The reference being followed from this set, while a child is open.
    pending: Option<Span>,
}

impl Sets {
    pub(crate) fn build(file: &ast::File, diags: &mut Vec<Diagnostic>) -> Sets {
        let lets: Vec<&ast::LetDecl> = file
            .items
            .iter()
            .filter_map(|i| match i {
                ast::Item::Let(l) => Some(l),
                _ => None,
            })
            .collect();
        let mut sets = Sets::default();
        for l in &lets {
            // A duplicate is still checked (its mistakes are real) but not reachable.
            if let Some(&first) = sets.by_name.get(&l.name.name) {
                let first_span = sets.defs.get(first).map_or(l.name.span, |d| d.name.span);
                diags.push(super::duplicate("set", &l.name, first_span, "the file"));
            } else {
                sets.by_name.insert(l.name.name.clone(), sets.defs.len());
            }
            sets.defs.push(SetDef {
                name: l.name.clone(),
                kind: None,
                first_of_kind: None,
                entries: Vec::new(),
            });
        }
        let raws: Vec<Vec<Raw>> = lets
            .iter()
            .map(|l| {
                l.value
                    .elements()
                    .iter()
                    .filter_map(|e| sets.classify(e, diags))
                    .collect()
            })
            .collect();
        sets.check(&raws, diags);
        sets
    }

    /// The index of a set by its exact name.
    pub(crate) fn lookup(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    pub(crate) fn def(&self, i: usize) -> Option<&SetDef> {
        self.defs.get(i)
    }

    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }

    fn classify(&self, e: &ast::Element, diags: &mut Vec<Diagnostic>) -> Option<Raw> {
        if let ast::ElementKind::Name(n) = &e.kind {
            if let Some(i) = self.lookup(n) {
                return Some(Raw::Ref(i, e.span));
            }
        }
        values::leaf(e, self, diags).map(|l| Raw::Leaf(l, e.span))
    }

    /// Decides each set's kind and drops what does not fit, depth first.
    fn check(&mut self, raws: &[Vec<Raw>], diags: &mut Vec<Diagnostic>) {
        let mut state = vec![State::New; self.defs.len()];
        for root in 0..self.defs.len() {
            if state[root] != State::New {
                continue;
            }
            state[root] = State::OnStack;
            let mut stack = vec![Frame {
                set: root,
                next: 0,
                pending: None,
            }];
            while let Some(top) = stack.last_mut() {
                let s = top.set;
                let Some(raw) = raws.get(s).and_then(|r| r.get(top.next)) else {
                    state[s] = State::Done;
                    stack.pop();
                    if let Some(parent) = stack.last_mut() {
                        if let Some(r) = parent.pending.take() {
                            let p = parent.set;
                            self.add_ref(p, s, r, diags);
                        }
                    }
                    continue;
                };
                top.next += 1;
                match raw {
                    Raw::Leaf(leaf, span) => {
                        if self.admit(s, leaf.kind(), *span, &describe_leaf(leaf), diags) {
                            self.defs[s].entries.push(Entry::Leaf(leaf.clone(), *span));
                        }
                    }
                    Raw::Ref(j, r) => match state.get(*j).copied() {
                        Some(State::Done) => self.add_ref(s, *j, *r, diags),
                        Some(State::OnStack) => diags.push(self.cycle(&stack, *j, *r)),
                        Some(State::New) => {
                            top.pending = Some(*r);
                            state[*j] = State::OnStack;
                            stack.push(Frame {
                                set: *j,
                                next: 0,
                                pending: None,
                            });
                        }
                        None => {}
                    },
                }
            }
        }
    }

    fn add_ref(&mut self, s: usize, j: usize, r: Span, diags: &mut Vec<Diagnostic>) {
        let kind = self.defs[j].kind;
        let what = match kind {
            Some(k) => format!("`{}` is a set of {}", self.defs[j].name.name, k.plural()),
            None => String::new(),
        };
        if self.admit(s, kind, r, &what, diags) {
            self.defs[s].entries.push(Entry::Ref(j));
        }
    }

    /// Adds an element of `kind` to set `s` if it fits, else reports E104.
    fn admit(
        &mut self,
        s: usize,
        kind: Option<Kind>,
        span: Span,
        what: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let def = &mut self.defs[s];
        match (def.kind, kind) {
            (_, None) => true,
            (None, Some(k)) => {
                def.kind = Some(k);
                def.first_of_kind = Some(span);
                true
            }
            (Some(have), Some(k)) if have == k => true,
            (Some(have), Some(k)) => {
                let name = &def.name.name;
                let mut d = Diagnostic::new(
                    "E104",
                    span,
                    format!("set `{name}` mixes addresses and ports"),
                )
                .label(what.to_string())
                .help(format!(
                    "keep `{name}` to {} and put the {} in a set of their own",
                    have.plural(),
                    k.plural()
                ));
                if let Some(first) = def.first_of_kind {
                    d = d.secondary(
                        first,
                        format!("this makes `{name}` a set of {}", have.plural()),
                    );
                }
                diags.push(d);
                false
            }
        }
    }

    /// E103 for the cycle that the reference `r` (to set `j`, which is on
    /// the stack) closes.
    fn cycle(&self, stack: &[Frame], j: usize, r: Span) -> Diagnostic {
        let from = stack.iter().position(|f| f.set == j).unwrap_or(0);
        let frames = stack.get(from..).unwrap_or_default();
        let name = |i: usize| self.defs.get(i).map_or("", |d| d.name.name.as_str());
        let mut path: Vec<&str> = frames.iter().map(|f| name(f.set)).collect();
        path.push(name(j));
        let path = path.join(" -> ");
        // Each set in the cycle and the reference that leads on from it.
        let mut links: Vec<(usize, Span)> = Vec::new();
        for (k, f) in frames.iter().enumerate() {
            let next = frames.get(k + 1).map_or(j, |n| n.set);
            links.push((next, f.pending.unwrap_or(r)));
        }
        let (first_target, first_span) = links.first().copied().unwrap_or((j, r));
        let mut d = Diagnostic::new(
            "E103",
            first_span,
            format!("cyclic set definition `{path}`"),
        )
        .label(format!(
            "`{}` uses `{}`",
            frames.first().map_or("", |f| name(f.set)),
            name(first_target)
        ))
        .note("a set cannot contain itself, directly or through other sets")
        .help("remove one of the references in the cycle");
        for (k, (target, span)) in links.iter().enumerate().skip(1) {
            let owner = frames.get(k).map_or("", |f| name(f.set));
            d = d.secondary(*span, format!("`{owner}` uses `{}`", name(*target)));
        }
        d
    }

    /// Every leaf reachable from set `i`, in source order, each set visited
    /// once. Stops when `budget` runs out.
    pub(crate) fn expand(&self, i: usize, budget: &mut usize) -> Vec<(Leaf, Span)> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::from([i]);
        let mut stack = vec![(i, 0usize)];
        while let Some((s, pos)) = stack.pop() {
            let Some(entry) = self.defs.get(s).and_then(|d| d.entries.get(pos)) else {
                continue;
            };
            stack.push((s, pos + 1));
            match entry {
                Entry::Leaf(l, span) => {
                    if *budget == 0 {
                        break;
                    }
                    *budget -= 1;
                    out.push((l.clone(), *span));
                }
                Entry::Ref(j) => {
                    if seen.insert(*j) {
                        stack.push((*j, 0));
                    }
                }
            }
        }
        out
    }
}

fn describe_leaf(leaf: &Leaf) -> String {
    match leaf {
        Leaf::Port(_) => "this is a port".into(),
        Leaf::Any => String::new(),
        Leaf::Subnet | Leaf::Address(_) => "this is an address".into(),
    }
}

impl Leaf {
    pub(crate) fn kind(&self) -> Option<Kind> {
        match self {
            Leaf::Address(Address::Any) | Leaf::Any => None,
            Leaf::Address(_) | Leaf::Subnet => Some(Kind::Addresses),
            Leaf::Port(_) => Some(Kind::Ports),
        }
    }
}
