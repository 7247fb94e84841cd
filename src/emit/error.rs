//! What the emitter refuses to emit. Every error names the resource and, when
//! the plan carries one, the span of the rule or route at fault, so the caller
//! can turn it into a diagnostic; [`EmitError::code`] suggests the code.
//!
//! Errors without a code are planner defects (a subnet naming an NSG that is
//! not in the plan, say): the caller should treat them as internal failures.

use std::fmt;

use crate::diagnostic::Code;
use crate::model::Direction;
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    pub kind: EmitErrorKind,
    /// The NSG, route table, vnet or file concerned.
    pub resource: String,
    /// The rule or route at fault, when the plan has one.
    pub span: Option<Span>,
    /// The other rule or route of a collision.
    pub other: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmitErrorKind {
    /// Two emitted rules of one direction share a priority (often: a split
    /// rule's extra part runs into the next rule).
    PriorityTaken {
        rule: String,
        other: String,
        priority: u32,
        direction: Direction,
    },
    /// An emitted priority outside 100-4096 (a split ran past 4096).
    PriorityOutOfRange { rule: String, priority: u32 },
    /// Two emitted rules (or routes) of one resource share a name, compared
    /// case-insensitively as Azure does.
    NameTaken { name: String, rule: String },
    /// More than Azure's 1,000 rules once split.
    TooManyRules { count: usize },
    /// A generated name (`rule-2`) longer than Azure's 80 characters.
    NameTooLong { name: String },
    /// Two resources of one type share a name.
    ResourceNameTaken { name: String },
    /// A rule side or port list is empty; the model never has one.
    EmptyField { rule: String, field: &'static str },
    /// A port range with `lo > hi`.
    InvalidPortRange { rule: String, lo: u16, hi: u16 },
    /// Source and destination only have prefixes of different IP versions,
    /// so the rule matches nothing and Azure rejects it.
    NoCommonAddressFamily { rule: String },
    /// A route prefix that is `any`.
    AnyRoutePrefix { route: String },
    /// A virtual appliance route without the appliance address.
    NextHopAddressMissing { route: String },
    /// A next-hop address on a route whose next hop takes none.
    NextHopAddressUnexpected { route: String },
    /// A subnet names an NSG or route table that the plan lacks.
    UnknownAssociation { subnet: String, target: String },
    /// Subnets of one vnet give different vnet address spaces.
    VnetAddressConflict { subnet: String },
    /// A resource name that cannot be a file name (`/`, `..`, …).
    UnsafeFileName { name: String },
    /// Two REST bodies would be written to one file.
    FileNameTaken { file: String },
    /// JSON serialisation failed (not expected to happen).
    Internal { message: String },
}

impl EmitError {
    pub(crate) fn new(resource: &str, kind: EmitErrorKind) -> EmitError {
        EmitError {
            kind,
            resource: resource.to_string(),
            span: None,
            other: None,
        }
    }

    pub(crate) fn at(mut self, span: Span) -> EmitError {
        self.span = Some(span);
        self
    }

    pub(crate) fn with_other(mut self, span: Span) -> EmitError {
        self.other = Some(span);
        self
    }

    /// The diagnostic code this error corresponds to; `None` for planner
    /// defects, which are internal failures.
    pub fn code(&self) -> Option<Code> {
        use EmitErrorKind::*;
        match &self.kind {
            PriorityTaken { .. } => Some("AZ002"),
            PriorityOutOfRange { .. } => Some("AZ001"),
            TooManyRules { .. } => Some("AZ005"),
            NameTaken { .. } | NameTooLong { .. } | ResourceNameTaken { .. } => Some("AZ003"),
            UnsafeFileName { .. } | FileNameTaken { .. } => Some("AZ003"),
            NextHopAddressMissing { .. } | NextHopAddressUnexpected { .. } => Some("AZ011"),
            EmptyField { .. }
            | InvalidPortRange { .. }
            | NoCommonAddressFamily { .. }
            | AnyRoutePrefix { .. }
            | UnknownAssociation { .. }
            | VnetAddressConflict { .. }
            | Internal { .. } => None,
        }
    }
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use EmitErrorKind::*;
        let res = &self.resource;
        match &self.kind {
            PriorityTaken {
                rule,
                other,
                priority,
                direction,
            } => {
                let dir = match direction {
                    Direction::Inbound => "inbound",
                    Direction::Outbound => "outbound",
                };
                write!(
                    f,
                    "rules `{rule}` and `{other}` of `{res}` would both have {dir} priority {priority}"
                )
            }
            PriorityOutOfRange { rule, priority } => write!(
                f,
                "rule `{rule}` of `{res}` would get priority {priority}, outside 100-4096"
            ),
            NameTaken { name, rule } => write!(
                f,
                "rule `{rule}` of `{res}` would be emitted as `{name}`, a name already in use"
            ),
            TooManyRules { count } => write!(
                f,
                "`{res}` would hold {count} rules, more than the 1,000 Azure allows"
            ),
            NameTooLong { name } => write!(
                f,
                "generated rule name `{name}` of `{res}` is longer than 80 characters"
            ),
            ResourceNameTaken { name } => {
                write!(f, "two resources of one type are both named `{name}`")
            }
            EmptyField { rule, field } => {
                write!(f, "rule `{rule}` of `{res}` has no {field}")
            }
            InvalidPortRange { rule, lo, hi } => {
                write!(f, "rule `{rule}` of `{res}` has port range `{lo}-{hi}`")
            }
            NoCommonAddressFamily { rule } => write!(
                f,
                "rule `{rule}` of `{res}` pairs only IPv4 with only IPv6 addresses and matches nothing"
            ),
            AnyRoutePrefix { route } => {
                write!(f, "route `{route}` of `{res}` has `any` as its prefix")
            }
            NextHopAddressMissing { route } => write!(
                f,
                "route `{route}` of `{res}` goes to a virtual appliance without its address"
            ),
            NextHopAddressUnexpected { route } => write!(
                f,
                "route `{route}` of `{res}` gives a next-hop address its next hop does not take"
            ),
            UnknownAssociation { subnet, target } => write!(
                f,
                "subnet `{subnet}` of `{res}` names `{target}`, which is not emitted"
            ),
            VnetAddressConflict { subnet } => write!(
                f,
                "subnet `{subnet}` gives vnet `{res}` a different address space"
            ),
            UnsafeFileName { name } => {
                write!(f, "resource name `{name}` cannot be used as a file name")
            }
            FileNameTaken { file } => write!(f, "two resources would be written to `{file}`"),
            Internal { message } => write!(f, "could not write the JSON of `{res}`: {message}"),
        }
    }
}

impl std::error::Error for EmitError {}
