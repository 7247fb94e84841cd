//! Walking a template's resources (or one bare resource) and collecting the
//! network resources they declare, each read in the scope it is evaluated in.
//!
//! Input: a `resources` array (or a languageVersion 2.0 object of symbolic
//! names), nested `resources`, inline nested deployments; resource and
//! property `copy` loops whose count can be evaluated. Output: [`Found`], the
//! unassembled pieces (NSGs, route tables, vnets, child rules, routes and
//! subnets by parent name); what cannot be read is an E301 (or, when only
//! the deployment knows it, an E303) in `diags`.

use super::eval::{Loops, Scope, Val};
use super::json::{Json, Value};
use super::read::{self, props};
use super::values;
use crate::diagnostic::Diagnostic;
use crate::model::{Direction, Nsg, Route, RouteTable, SecurityRule, Subnet, Vnet};
use crate::source::{Span, Spanned};

/// A subnet and the lowercase names of the NSG and route table it references.
pub struct SubnetRes {
    pub subnet: Subnet,
    pub nsg_ref: Option<String>,
    pub rt_ref: Option<String>,
}

pub struct VnetRes {
    pub vnet: Vnet,
    pub subnets: Vec<SubnetRes>,
}

#[derive(Default)]
pub struct Found {
    pub nsgs: Vec<(Nsg, Option<Spanned<String>>)>,
    pub route_tables: Vec<(RouteTable, Option<Spanned<String>>)>,
    pub vnets: Vec<VnetRes>,
    /// `(parent name, item)` of child resources.
    pub child_rules: Vec<(Spanned<String>, SecurityRule)>,
    pub child_routes: Vec<(Spanned<String>, Route)>,
    pub child_subnets: Vec<(Spanned<String>, SubnetRes)>,
    /// Lowercase names of NSGs attached to network interfaces, not subnets.
    pub nic_nsgs: Vec<String>,
    /// `templateLink`s: networks deployed from another file.
    pub linked: Vec<Span>,
    /// Rules left out for a value only the deployment knows: (lowercase NSG
    /// name, rule name, direction, priority), for the priority check.
    pub partial_rules: Vec<(String, Spanned<String>, Direction, Spanned<u32>)>,
    /// E303s (index in the diagnostics) about child resources left out, with
    /// the lowercase name of the NSG or route table they belong to.
    pub orphans: Vec<(usize, String)>,
    /// Resource groups the template creates: (lowercase name, location).
    pub group_locations: Vec<(String, String)>,
}

const MAX_LOOP: i64 = 10_000;

/// How many resources, rules, routes and subnets one file may expand to.
/// Copy loops multiply through nested deployments and child resources, so
/// a kilobyte of JSON can ask for 800³ NSGs. Five times the largest input of
/// the benchmarks (4,000 rules and 400 routes): real files stay far below,
/// and a file above gets an error, never a partial check that passes.
pub const MAX_EXPANDED: usize = 10_000;

pub struct Walker<'d> {
    pub found: Found,
    pub diags: &'d mut Vec<Diagnostic>,
    /// Resources defined so far: (template instance, lowercase type, lowercase
    /// name, name span), for E302.
    pub defined: std::collections::BTreeMap<(u32, String, String), Span>,
    /// The template instance being walked, and the next one's number.
    pub template: u32,
    pub templates: u32,
    /// Items walked so far, against [`MAX_EXPANDED`].
    pub expanded: usize,
}

impl Walker<'_> {
    /// Every resource of a `resources` value, with its parent's type and name.
    pub fn resources(&mut self, scope: &Scope, list: &Json, parent: Option<(&str, &str)>) {
        let items: Vec<&Json> = match &list.value {
            Value::Array(items) => items.iter().collect(),
            Value::Object(members) => members.iter().map(|m| &m.value).collect(),
            _ => Vec::new(),
        };
        for r in items.into_iter().filter(|r| r.is_object()) {
            if self.skipped(scope, r) {
                continue;
            }
            match r.get("copy") {
                Some(copy) => {
                    if let Some((name, n)) = self.count(scope, &[], copy, r) {
                        for i in 0..n {
                            if !self.expand(copy.span) {
                                return;
                            }
                            self.resource(scope, &[(name.clone(), i)], r, parent);
                        }
                    }
                }
                None if self.expand(r.span) => self.resource(scope, &[], r, parent),
                None => return,
            }
        }
    }

    /// Counts one more item at `span`; false (and one E301, the first time)
    /// once the file has expanded to more than [`MAX_EXPANDED`] items.
    fn expand(&mut self, span: Span) -> bool {
        self.expanded += 1;
        if self.expanded == MAX_EXPANDED + 1 {
            self.diags.push(
                Diagnostic::new(
                    "E301",
                    span,
                    format!("the file expands to more than {MAX_EXPANDED} resources, rules, routes and subnets"),
                )
                .label("misec stops expanding here")
                .note("copy loops multiply through nested deployments and child resources; what comes after this point is not checked")
                .help("check a template that deploys fewer items: ARM itself deploys at most 800 resources from one template"),
            );
        }
        self.expanded <= MAX_EXPANDED
    }

    /// The name and count of a copy loop, or an E301 when the count is unknown
    /// and the loop makes network items.
    fn count(
        &mut self,
        scope: &Scope,
        loops: Loops,
        copy: &Json,
        owner: &Json,
    ) -> Option<(String, i64)> {
        let name = copy
            .get("name")
            .map(|n| values::name(scope, loops, n))
            .unwrap_or_default();
        let count = copy.get("count")?;
        match scope.eval(count, loops) {
            Val::Int(n) if (0..=MAX_LOOP).contains(&n) => Some((name, n)),
            Val::Str(s) if s.parse::<i64>().is_ok_and(|n| (0..=MAX_LOOP).contains(&n)) => {
                Some((name, s.parse().unwrap_or(0)))
            }
            other => {
                let kind = owner
                    .get("type")
                    .map(|t| values::name(scope, loops, t))
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if makes_network_items(&kind) {
                    let problem = match other {
                        Val::Unknown(u) => values::Problem::Unknown(u),
                        _ => values::Problem::Invalid(
                            count.span,
                            "the count is not a number up to 10000".into(),
                            "write a whole number".into(),
                        ),
                    };
                    self.diags.push(problem.diagnostic(
                        "count",
                        &format!("copy loop `{name}`"),
                        count.span,
                    ));
                }
                None
            }
        }
    }

    fn resource(&mut self, scope: &Scope, loops: Loops, r: &Json, parent: Option<(&str, &str)>) {
        let kind = r
            .get("type")
            .map(|t| values::name(scope, loops, t))
            .unwrap_or_default();
        let name_json = r.get("name");
        let name = name_json
            .map(|n| values::name(scope, loops, n))
            .unwrap_or_default();
        let name_span = name_json.map_or(r.span, |n| n.span);
        let (kind, name) = match parent {
            Some((pk, pn)) if !kind.contains('/') || !name.contains('/') => {
                let kind = if kind.contains('/') {
                    kind
                } else {
                    format!("{pk}/{kind}")
                };
                (kind, format!("{pn}/{name}"))
            }
            _ => (kind, name),
        };
        let lower = kind.to_ascii_lowercase();
        if parent.is_none() && !self.first_definition(scope, loops, r, &kind, &name, name_span) {
            return;
        }
        let (parent_name, own) = match name.rsplit_once('/') {
            Some((p, o)) => (
                Spanned::new(p.to_string(), name_span),
                Spanned::new(o.to_string(), name_span),
            ),
            None => (
                Spanned::new(String::new(), name_span),
                Spanned::new(name.clone(), name_span),
            ),
        };
        let location = || {
            r.get("location")
                .and_then(|l| values::text(scope, loops, l).ok())
                .map(|(t, s)| Spanned::new(t, s))
        };
        match lower.as_str() {
            "microsoft.network/networksecuritygroups" => {
                // sized for the literal list: no regrowing of thousands of rules
                let listed = props(r)
                    .get("securityRules")
                    .and_then(Json::as_array)
                    .map_or(0, <[Json]>::len);
                let mut rules = Vec::with_capacity(listed);
                let mut partial = Vec::new();
                self.items(
                    scope,
                    loops,
                    props(r),
                    "securityRules",
                    &mut |w, lp, item| {
                        let n = item_name(scope, lp, item);
                        match read::rule(scope, lp, item, n, w.diags) {
                            Ok(rule) => rules.push(rule),
                            Err(n) => partial.extend(
                                read::partial_rule(scope, lp, item, w.diags)
                                    .map(|(d, p)| (n, d, p)),
                            ),
                        }
                    },
                );
                let key = name.to_ascii_lowercase();
                self.found
                    .partial_rules
                    .extend(partial.into_iter().map(|(n, d, p)| (key.clone(), n, d, p)));
                let nsg = Nsg {
                    name: Spanned::new(name.clone(), name_span),
                    rules,
                    span: r.span,
                };
                self.found.nsgs.push((nsg, location()));
            }
            "microsoft.network/networksecuritygroups/securityrules" => {
                match read::rule(scope, loops, r, own, self.diags) {
                    Ok(rule) => self.found.child_rules.push((parent_name, rule)),
                    Err(own) => {
                        let key = parent_name.value.to_ascii_lowercase();
                        self.orphan(&key);
                        if let Some((d, p)) = read::partial_rule(scope, loops, r, self.diags) {
                            self.found.partial_rules.push((key, own, d, p));
                        }
                    }
                }
            }
            "microsoft.network/routetables" => {
                let mut routes = Vec::new();
                let p = props(r);
                self.items(scope, loops, p, "routes", &mut |w, lp, item| {
                    let n = item_name(scope, lp, item);
                    routes.extend(read::route(scope, lp, item, n, w.diags));
                });
                let bgp = p.get("disableBgpRoutePropagation").and_then(|j| {
                    match values::boolean(scope, loops, j) {
                        Ok((disable, span)) => Some(Spanned::new(!disable, span)),
                        Err(e) => {
                            self.diags.push(e.field_diagnostic(
                                "disableBgpRoutePropagation",
                                &format!("route table `{name}`"),
                                j.span,
                            ));
                            None
                        }
                    }
                });
                let table = RouteTable {
                    name: Spanned::new(name.clone(), name_span),
                    routes,
                    bgp_propagation: bgp,
                    span: r.span,
                };
                self.found.route_tables.push((table, location()));
            }
            "microsoft.network/routetables/routes" => {
                match read::route(scope, loops, r, own, self.diags) {
                    Some(route) => self.found.child_routes.push((parent_name, route)),
                    None => self.orphan(&parent_name.value.to_ascii_lowercase()),
                }
            }
            "microsoft.network/virtualnetworks" => {
                let vnet = super::network::vnet(
                    scope,
                    loops,
                    r,
                    Spanned::new(name.clone(), name_span),
                    self,
                );
                self.found.vnets.push(vnet);
            }
            "microsoft.network/virtualnetworks/subnets" => {
                let subnet = super::network::subnet(scope, loops, r, own, self.diags);
                self.found.child_subnets.push((parent_name, subnet));
            }
            "microsoft.network/networkinterfaces" => {
                if let Some(id) = props(r).path(&["networkSecurityGroup", "id"]) {
                    let id = values::name(scope, loops, id);
                    self.found
                        .nic_nsgs
                        .push(ref_name(&id, "networkSecurityGroups"));
                }
            }
            "microsoft.resources/deployments" => self.deployment(scope, loops, r),
            "microsoft.resources/resourcegroups" => self.resource_group(scope, loops, r, &name),
            _ => {}
        }
        if let Some(children) = r.get("resources") {
            self.resources(scope, children, Some((&kind, &name)));
        }
    }

    /// Calls `each` for every element of array `field` of `p`, and for every
    /// iteration of a property copy loop named `field`.
    pub fn items(
        &mut self,
        scope: &Scope,
        loops: Loops,
        p: &Json,
        field: &str,
        each: &mut dyn FnMut(&mut Self, Loops, &Json),
    ) {
        if let Some(list) = p.get(field) {
            match list.as_array() {
                Some(items) => {
                    for item in items {
                        if !self.expand(item.span) {
                            return;
                        }
                        each(self, loops, item);
                    }
                }
                None => {
                    let problem = match scope.eval(list, loops) {
                        Val::Unknown(u) => values::Problem::Unknown(u),
                        _ => values::Problem::Invalid(
                            list.span,
                            format!("expected a list, found {}", list.kind()),
                            format!("write `\"{field}\": [ ... ]`"),
                        ),
                    };
                    self.diags
                        .push(problem.diagnostic(field, "this resource", list.span));
                }
            }
        }
        for copy in p.get("copy").and_then(|c| c.as_array()).unwrap_or_default() {
            let is_field = copy
                .get("name")
                .and_then(|n| n.as_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(field));
            let Some(input) = copy.get("input").filter(|_| is_field) else {
                continue;
            };
            if let Some((name, n)) = self.count(scope, loops, copy, p) {
                for i in 0..n {
                    if !self.expand(copy.span) {
                        return;
                    }
                    let mut lp = loops.to_vec();
                    lp.push((name.clone(), i));
                    each(self, &lp, input);
                }
            }
        }
    }
}

/// Whether a copy loop over resources of `kind` (lowercase; empty for a
/// property copy) can make NSGs, route tables, subnets, rules or routes.
fn makes_network_items(kind: &str) -> bool {
    kind.is_empty()
        || [
            "microsoft.network/networksecuritygroups",
            "microsoft.network/routetables",
            "microsoft.network/virtualnetworks",
            "microsoft.resources/deployments",
        ]
        .iter()
        .any(|t| kind.starts_with(t))
}

/// The `name` of a rule, route or subnet object, with its span.
pub fn item_name(scope: &Scope, loops: Loops, item: &Json) -> Spanned<String> {
    match item.get("name") {
        Some(n) => Spanned::new(values::name(scope, loops, n), n.span),
        None => Spanned::new("unnamed".to_string(), item.span),
    }
}

/// The lowercase resource name after `/<segment>/` in a resource id (or the
/// whole text when it is a bare name).
pub fn ref_name(id: &str, segment: &str) -> String {
    let lower = id.to_ascii_lowercase();
    let needle = format!("/{}/", segment.to_ascii_lowercase());
    match lower.find(&needle) {
        Some(i) => lower[i + needle.len()..]
            .split('/')
            .next()
            .unwrap_or("")
            .to_string(),
        None => lower.rsplit('/').next().unwrap_or("").to_string(),
    }
}
