//! Elements to addresses and ports: CIDR and port checks (E105, E106), names
//! read by the rule in the module doc of [`super`] (E101, E104, E107), and set
//! expansion with `span` and `via`.
//!
//! Input: list elements of a `let`, a rule side or a route prefix. Output:
//! [`AddressItem`]s and [`PortItem`]s that satisfy the model's invariants
//! (host bits clear, `lo <= hi`, tags in Azure's casing).

use ipnet::IpNet;

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::{Address, AddressItem, PortItem, PortRange};
use crate::source::Span;
use crate::syntax::ast::{Element, ElementKind, Value};
use crate::tags;

use super::sets::Sets;
use super::Resolver;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Addresses,
    Ports,
}

impl Kind {
    pub(crate) fn plural(self) -> &'static str {
        match self {
            Kind::Addresses => "addresses",
            Kind::Ports => "ports",
        }
    }
}

/// A checked element that is not a set reference. `subnet` stays symbolic
/// until a rule of a particular subnet uses it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Leaf {
    Address(Address),
    Subnet,
    Port(PortRange),
    Any,
}

/// Checks an element that is not a set name; reports and returns `None` when
/// it is invalid.
pub(crate) fn leaf(e: &Element, sets: &Sets, diags: &mut Vec<Diagnostic>) -> Option<Leaf> {
    match &e.kind {
        ElementKind::Ip(ip) => Some(Leaf::Address(Address::Prefix(IpNet::from(*ip)))),
        ElementKind::Cidr(ip, len) => {
            cidr(*ip, *len, e.span, diags).map(|n| Leaf::Address(Address::Prefix(n)))
        }
        ElementKind::Port(p) => port(*p, *p, e.span, diags).map(Leaf::Port),
        ElementKind::Range(lo, hi) => port(*lo, *hi, e.span, diags).map(Leaf::Port),
        ElementKind::Name(n) => match n.as_str() {
            "any" => Some(Leaf::Any),
            "subnet" => Some(Leaf::Subnet),
            "vnet" => Some(Leaf::Address(Address::Tag("VirtualNetwork".into()))),
            _ => match tags::canonical(n) {
                Some(t) => Some(Leaf::Address(Address::Tag(t))),
                None => {
                    diags.push(unknown_address_name(n, e.span, sets));
                    None
                }
            },
        },
        ElementKind::Invalid => None,
    }
}

/// A prefix with host bits clear; E105 otherwise (the network is kept so
/// that later checks still see the intended prefix).
pub(crate) fn cidr(
    ip: std::net::IpAddr,
    len: u8,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<IpNet> {
    let Ok(net) = IpNet::new(ip, len) else {
        let max = if ip.is_ipv4() { 32 } else { 128 };
        diags.push(
            Diagnostic::new("E105", span, format!("prefix length `/{len}` is too long"))
                .label(format!("longer than {max} bits"))
                .help(format!("use a prefix length from 0 to {max}")),
        );
        return None;
    };
    let network = net.trunc();
    if network != net {
        diags.push(
            Diagnostic::new("E105", span, format!("`{net}` has host bits set"))
                .label("host bits set")
                .note(format!(
                    "the bits after the first {len} must be zero in a prefix"
                ))
                .help(format!("use `{network}`")),
        );
    }
    Some(network)
}

/// A port or range within 0–65535 and `lo <= hi`; E106 otherwise.
pub(crate) fn port(lo: u32, hi: u32, span: Span, diags: &mut Vec<Diagnostic>) -> Option<PortRange> {
    // the text is only for the messages: most ports are fine
    let text = || {
        if lo == hi {
            format!("{lo}")
        } else {
            format!("{lo}-{hi}")
        }
    };
    let (Ok(l), Ok(h)) = (u16::try_from(lo), u16::try_from(hi)) else {
        diags.push(
            Diagnostic::new("E106", span, format!("port `{}` is out of range", text()))
                .label("above 65535")
                .help("a port is a number from 0 to 65535"),
        );
        return None;
    };
    if l > h {
        diags.push(
            Diagnostic::new(
                "E106",
                span,
                format!("port range `{}` runs backwards", text()),
            )
            .label("low end above high end")
            .help(format!("write `{h}-{l}`")),
        );
        return None;
    }
    Some(PortRange { lo: l, hi: h })
}

fn looks_like_tag(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) || name.contains('.')
}

/// E107 or E101 for a name that is neither a set, a keyword nor a tag.
pub(crate) fn unknown_address_name(name: &str, span: Span, sets: &Sets) -> Diagnostic {
    if looks_like_tag(name) {
        let d = Diagnostic::new("E107", span, format!("unknown service tag `{name}`"))
            .label("not a service tag Azure defines")
            .note("service tags are matched case-insensitively; a regional tag is written `Storage.westeurope`");
        return match tags::suggest(name) {
            Some(t) => d.help(format!("did you mean `{t}`?")),
            None => d.help("check the name against Azure's list of service tags"),
        };
    }
    let d = Diagnostic::new("E101", span, format!("undefined name `{name}`"))
        .label("not a set, a keyword or a service tag");
    let set = did_you_mean(name, sets.names());
    let tag = tags::suggest(name);
    match (set, tag) {
        (Some(s), Some(t)) => d
            .help(format!("did you mean the set `{s}`?"))
            .note(format!("the service tag `{t}` is also close")),
        (Some(s), None) => d.help(format!("did you mean `{s}`?")),
        (None, Some(t)) => d.help(format!("did you mean the service tag `{t}`?")),
        (None, None) => d.help(format!("define it first: `let {name} = [10.0.0.0/24]`")),
    }
}

impl Resolver {
    /// The addresses of a rule side or route prefix. `subnet` is the prefix
    /// of the subnet being resolved, if it has a valid one.
    pub(crate) fn addresses(&mut self, value: &Value, subnet: Option<IpNet>) -> Vec<AddressItem> {
        let mut out = Vec::with_capacity(value.elements().len());
        for e in value.elements() {
            let set = match &e.kind {
                ElementKind::Name(n) => self.sets.lookup(n),
                _ => None,
            };
            if let Some(i) = set {
                let Some(def) = self.sets.def(i) else {
                    continue;
                };
                if def.kind == Some(Kind::Ports) {
                    let n = &def.name.name;
                    self.diags.push(
                        Diagnostic::new(
                            "E104",
                            e.span,
                            format!("`{n}` is a set of ports, used where addresses are expected"),
                        )
                        .label("a set of ports")
                        .secondary(def.name.span, format!("`{n}` defined here"))
                        .help(format!(
                            "use `{n}` after `port`, or name a set of addresses here"
                        )),
                    );
                    continue;
                }
                for (leaf, span) in self.sets.expand(i, &mut self.budget) {
                    if let Some(address) = to_address(leaf, subnet) {
                        out.push(AddressItem {
                            address,
                            span,
                            via: Some(e.span),
                        });
                    }
                }
                continue;
            }
            if matches!(e.kind, ElementKind::Port(_) | ElementKind::Range(..)) {
                self.diags.push(
                    Diagnostic::new("E104", e.span, "expected an address, found a port")
                        .label("a port")
                        .help("ports follow the addresses: `from X port 1433`"),
                );
                continue;
            }
            if let Some(address) =
                leaf(e, &self.sets, &mut self.diags).and_then(|l| to_address(l, subnet))
            {
                out.push(AddressItem {
                    address,
                    span: e.span,
                    via: None,
                });
            }
        }
        out
    }

    /// The ports of a rule side; omitted means any port, spanned on `side`.
    pub(crate) fn ports(&mut self, value: Option<&Value>, side: Span) -> Vec<PortItem> {
        let Some(value) = value else {
            return vec![PortItem {
                range: PortRange::ANY,
                span: side,
                via: None,
            }];
        };
        let mut out = Vec::with_capacity(value.elements().len());
        for e in value.elements() {
            match &e.kind {
                ElementKind::Port(p) => {
                    out.extend(port(*p, *p, e.span, &mut self.diags).map(|range| PortItem {
                        range,
                        span: e.span,
                        via: None,
                    }))
                }
                ElementKind::Range(lo, hi) => out.extend(
                    port(*lo, *hi, e.span, &mut self.diags).map(|range| PortItem {
                        range,
                        span: e.span,
                        via: None,
                    }),
                ),
                ElementKind::Ip(_) | ElementKind::Cidr(..) => self.diags.push(
                    Diagnostic::new("E104", e.span, "expected a port, found an address")
                        .label("an address")
                        .help("addresses come before `port`: `to X port 1433`"),
                ),
                ElementKind::Name(n) => self.port_name(n, e.span, &mut out),
                ElementKind::Invalid => {}
            }
        }
        out
    }

    fn port_name(&mut self, n: &str, span: Span, out: &mut Vec<PortItem>) {
        if let Some(i) = self.sets.lookup(n) {
            let Some(def) = self.sets.def(i) else { return };
            if def.kind == Some(Kind::Addresses) {
                self.diags.push(
                    Diagnostic::new(
                        "E104",
                        span,
                        format!("`{n}` is a set of addresses, used where ports are expected"),
                    )
                    .label("a set of addresses")
                    .secondary(def.name.span, format!("`{n}` defined here"))
                    .help(format!(
                        "use `{n}` after `from` or `to`, or name a set of ports here"
                    )),
                );
                return;
            }
            for (leaf, s) in self.sets.expand(i, &mut self.budget) {
                let range = match leaf {
                    Leaf::Port(r) => r,
                    Leaf::Any => PortRange::ANY,
                    Leaf::Address(_) | Leaf::Subnet => continue,
                };
                out.push(PortItem {
                    range,
                    span: s,
                    via: Some(span),
                });
            }
            return;
        }
        if n == "any" {
            out.push(PortItem {
                range: PortRange::ANY,
                span,
                via: None,
            });
        } else if n == "subnet" || n == "vnet" || tags::is_known(n) {
            self.diags.push(
                Diagnostic::new(
                    "E104",
                    span,
                    format!("`{n}` is an address, used where ports are expected"),
                )
                .label("an address")
                .help("addresses come before `port`: `to X port 1433`"),
            );
        } else {
            let d = Diagnostic::new("E101", span, format!("undefined name `{n}`"))
                .label("not a set of ports");
            self.diags.push(match did_you_mean(n, self.sets.names()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("define it first: `let {n} = [1433]`")),
            });
        }
    }
}

fn to_address(leaf: Leaf, subnet: Option<IpNet>) -> Option<Address> {
    match leaf {
        Leaf::Address(a) => Some(a),
        Leaf::Any => Some(Address::Any),
        Leaf::Subnet => subnet.map(Address::Prefix),
        Leaf::Port(_) => None,
    }
}
