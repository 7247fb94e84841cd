//! Which document each request is about, so that one routine can look it
//! up and answer "not open" for all of them.

use lsp_types::Url;

/// The document a request is about.
pub trait HasDocument {
    fn document(&self) -> &Url;
}

macro_rules! has_document {
    ($($t:ty => |$p:ident| $e:expr),* $(,)?) => {
        $(impl HasDocument for $t {
            fn document(&self) -> &Url {
                let $p = self;
                &$e.uri
            }
        })*
    };
}

has_document! {
    lsp_types::DocumentFormattingParams => |p| p.text_document,
    lsp_types::HoverParams => |p| p.text_document_position_params.text_document,
    lsp_types::GotoDefinitionParams => |p| p.text_document_position_params.text_document,
    lsp_types::DocumentSymbolParams => |p| p.text_document,
    lsp_types::CodeActionParams => |p| p.text_document,
    lsp_types::CompletionParams => |p| p.text_document_position.text_document,
}
