//! The syntax tree of a `.misec` file, as written: no name is resolved, no
//! number is range-checked, no CIDR is checked for host bits (that is
//! `resolve`'s job). Every node carries the byte span of its text. Comments
//! are kept beside the tree for the formatter and for suppressions.

pub use crate::model::{Access, ConnectionKind, Date, GatewayKind, NextHopKind, Protocol};
use crate::source::Span;

/// A whole file. `items` holds what could be parsed; a statement that could
/// not be parsed is an `Item::Error` (its diagnostic is already reported).
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
    pub span: Span,
}

/// `# ...` to the end of the line. `text` excludes the `#`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A double-quoted string with its escapes already undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

/// A keyword-like word with a fixed set of values (`on|off`, `tcp|udp|…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Profile(ProfileDecl),
    Let(LetDecl),
    Vnet(VnetDecl),
    Error(Span),
}

/// `profile NAME`
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileDecl {
    pub name: Ident,
    pub span: Span,
}

/// `let NAME = VALUE`
#[derive(Debug, Clone, PartialEq)]
pub struct LetDecl {
    pub name: Ident,
    pub value: Value,
    pub span: Span,
}

/// One element or a bracketed list of elements.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Single(Element),
    List(List),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Single(e) => e.span,
            Value::List(l) => l.span,
        }
    }

    pub fn elements(&self) -> &[Element] {
        match self {
            Value::Single(e) => std::slice::from_ref(e),
            Value::List(l) => &l.items,
        }
    }
}

/// `[a, b, c]`; may span lines; a trailing comma is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub items: Vec<Element>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub kind: ElementKind,
    pub span: Span,
}

/// What an element looks like lexically. Numbers are kept as `u32` so that
/// `resolve` can report `70000` as an out-of-range port (E106) with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElementKind {
    /// `10.0.0.4`, `fe80::1`
    Ip(std::net::IpAddr),
    /// `10.20.0.0/16`; host bits are not checked here.
    Cidr(std::net::IpAddr, u8),
    /// `1433`
    Port(u32),
    /// `11000-11999`; `lo <= hi` is not checked here.
    Range(u32, u32),
    /// `any`, `subnet`, `vnet`, a set name or a service tag.
    Name(String),
    /// Text that looked like an address but is not one (already reported).
    Invalid,
}

/// `vnet NAME { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct VnetDecl {
    pub name: Ident,
    pub body: Vec<VnetStmt>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VnetStmt {
    pub kind: VnetStmtKind,
    /// The whole statement, keyword included.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VnetStmtKind {
    Address(Value),
    Region(Ident),
    Dns(Value),
    Gateway(Word<GatewayKind>),
    MicrosoftPeering(Word<bool>),
    Peering(PeeringDecl),
    Subnet(SubnetDecl),
    Error,
}

/// `peering NAME { region R  use-remote-gateways  remote-gateway-transit }`
#[derive(Debug, Clone, PartialEq)]
pub struct PeeringDecl {
    pub name: Ident,
    pub body: Vec<PeeringStmt>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PeeringStmt {
    pub kind: PeeringStmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PeeringStmtKind {
    Region(Ident),
    UseRemoteGateways,
    RemoteGatewayTransit,
    Error,
}

/// `subnet NAME { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct SubnetDecl {
    pub name: Ident,
    pub body: Vec<SubnetStmt>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubnetStmt {
    pub kind: SubnetStmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SubnetStmtKind {
    Address(Value),
    Profile(Ident),
    Connection(Word<ConnectionKind>),
    Delegated,
    ServiceEndpoints(Value),
    NatGateway,
    BgpPropagation(Word<bool>),
    Features(Value),
    Nsg(Ident),
    RouteTable(Ident),
    /// `nsg none`: the subnet has no network security group.
    NoNsg,
    /// `route-table none`: the subnet has no route table.
    NoRouteTable,
    Inbound(RuleBlock),
    Outbound(RuleBlock),
    Routes(RouteBlock),
    /// `created YYYY-MM-DD`
    Created(Word<Date>),
    /// `instances [N general-purpose, N business-critical]`
    Instances(InstancesDecl),
    /// `failover-group PREFIX`
    FailoverGroup(Value),
    /// `default-outbound on|off`
    DefaultOutbound(Word<bool>),
    Error,
}

/// A service tier of `instances`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    GeneralPurpose,
    BusinessCritical,
}

impl Tier {
    pub const KEYWORDS: [(&'static str, Tier); 2] = [
        ("general-purpose", Tier::GeneralPurpose),
        ("business-critical", Tier::BusinessCritical),
    ];
}

/// `[4 general-purpose, 1 business-critical]`, on one line.
#[derive(Debug, Clone, PartialEq)]
pub struct InstancesDecl {
    pub counts: Vec<InstanceCount>,
    pub span: Span,
}

/// `4 general-purpose`
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceCount {
    pub count: Word<u32>,
    pub tier: Word<Tier>,
    pub span: Span,
}

/// `inbound { ... }` or `outbound { ... }`: rules, highest precedence first.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleBlock {
    pub entries: Vec<BlockEntry>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockEntry {
    Rule(Box<RuleDecl>),
    /// `default allow|deny`
    Default(DefaultDecl),
    Error(Span),
}

/// `NAME: allow|deny PROTO from ADDRS [port PORTS] to ADDRS [port PORTS]
/// [priority N] [description "..."]`
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDecl {
    pub name: Ident,
    pub access: Word<Access>,
    pub protocol: Word<Protocol>,
    pub source: Value,
    pub source_ports: Option<Value>,
    pub destination: Value,
    pub destination_ports: Option<Value>,
    pub priority: Option<Word<u32>>,
    pub description: Option<StringLit>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DefaultDecl {
    pub access: Word<Access>,
    pub span: Span,
}

/// `routes { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct RouteBlock {
    pub entries: Vec<RouteEntry>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RouteEntry {
    Route(RouteDecl),
    Error(Span),
}

/// `NAME: PREFIX via internet|vnet-local|gateway|none|appliance IP`
#[derive(Debug, Clone, PartialEq)]
pub struct RouteDecl {
    pub name: Ident,
    pub prefix: Value,
    pub next_hop: NextHopDecl,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NextHopDecl {
    pub kind: Word<NextHopKind>,
    /// The appliance address, for `appliance IP`.
    pub address: Option<Element>,
    pub span: Span,
}
