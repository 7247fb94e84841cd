//! The server's state: the workspace and the open documents by URI, and the
//! dispatch of requests and notifications to the feature modules.
//!
//! Input: decoded messages. Output: responses, and the diagnostics to
//! publish after notifications. Invariant: a document's diagnostics are
//! published after every notification that changed it, and emptied when
//! it is closed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_server::{ErrorCode, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    Request as _,
};
use lsp_types::{InitializeParams, PublishDiagnosticsParams, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::params::HasDocument;
use super::{actions, complete, diagnostics, hover, navigate, notification};
use crate::source::{FileId, SourceFile, Sources};
use crate::workspace::{FileAnalysis, Kind, Settings, Workspace};

/// `initializationOptions` (`{"profile": "mi-2022", "config": "path"}`)
/// add to what the command line gave.
pub fn settings_from(mut settings: Settings, params: &serde_json::Value) -> Settings {
    let params: Option<InitializeParams> = serde_json::from_value(params.clone()).ok();
    let options = params.and_then(|p| p.initialization_options);
    let text = |key: &str| {
        options
            .as_ref()
            .and_then(|o| o.get(key))
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if let Some(profile) = text("profile") {
        // as `--profile`: a name misec does not know is said, not ignored silently
        match crate::check::profile_flag_ok(&profile) {
            Ok(()) => settings.profile = Some(profile),
            Err(why) => super::log(&format!("ignoring the `profile` setting: {why}")),
        }
    }
    if let Some(config) = text("config") {
        settings.config = Some(PathBuf::from(config));
    }
    settings
}

/// What a feature sees of one open document.
pub struct Doc<'a> {
    pub uri: &'a Url,
    /// Azure JSON: diagnostics and hover on them only (the rest reads `.misec`).
    pub json: bool,
    pub id: FileId,
    pub file: &'a SourceFile,
    pub sources: &'a Sources,
    /// `None` when the configuration could not be read.
    pub analysis: Option<&'a FileAnalysis>,
}

pub struct Server {
    ws: Workspace,
    docs: BTreeMap<Url, PathBuf>,
    /// Open documents changed since their diagnostics were published.
    stale: BTreeSet<Url>,
    /// Closed documents whose diagnostics must be cleared.
    closed: BTreeSet<Url>,
    /// Diagnostics in files that are not documents (a profile or a
    /// configuration), as last published.
    elsewhere: BTreeSet<Url>,
}

fn path_of(uri: &Url) -> PathBuf {
    uri.to_file_path()
        .unwrap_or_else(|_| PathBuf::from(uri.as_str()))
}

impl Server {
    pub fn new(settings: Settings) -> Server {
        Server {
            ws: Workspace::new(settings),
            docs: BTreeMap::new(),
            stale: BTreeSet::new(),
            closed: BTreeSet::new(),
            elsewhere: BTreeSet::new(),
        }
    }

    pub fn notify(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = params::<DidOpenTextDocument>(n) {
                    self.open(p.text_document.uri, p.text_document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = params::<DidChangeTextDocument>(n) {
                    // full synchronisation: the last change is the whole text
                    if let Some(change) = p.content_changes.into_iter().last() {
                        self.open(p.text_document.uri, change.text);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = params::<DidCloseTextDocument>(n) {
                    let uri = p.text_document.uri;
                    if let Some(path) = self.docs.remove(&uri) {
                        self.ws.close(&path);
                    }
                    self.stale.remove(&uri);
                    self.closed.insert(uri);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = params::<DidSaveTextDocument>(n) {
                    // a saved `.misec.yaml` applies to every open document
                    if self.ws.config_changed(&path_of(&p.text_document.uri)) {
                        self.stale.extend(self.docs.keys().cloned());
                    }
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = params::<DidChangeWatchedFiles>(n) {
                    // a `.misec.yaml` changed, appeared or went away
                    for change in p.changes {
                        let path = path_of(&change.uri);
                        if !self.ws.config_changed(&path) {
                            self.ws.forget_analyses();
                        }
                    }
                    self.stale.extend(self.docs.keys().cloned());
                }
            }
            _ => {}
        }
    }

    fn open(&mut self, uri: Url, text: String) {
        let path = path_of(&uri);
        self.ws.set_text(&path, text);
        self.closed.remove(&uri);
        self.stale.insert(uri.clone());
        self.docs.insert(uri, path);
    }

    /// The notifications that bring the client's diagnostics up to date.
    pub fn diagnostics(&mut self) -> Vec<Notification> {
        let mut out = Vec::new();
        for uri in std::mem::take(&mut self.closed) {
            out.push(publish(uri, Vec::new()));
        }
        for uri in std::mem::take(&mut self.stale) {
            if let Some(doc) = self.doc(&uri) {
                out.push(publish(uri.clone(), diagnostics::of_document(&doc)));
            }
        }
        // profiles and configurations: whatever the open documents say of them
        let mut elsewhere = diagnostics::elsewhere(
            self.ws.sources(),
            self.docs
                .values()
                .filter_map(|p| self.ws.analysis(p))
                .flat_map(|a| {
                    a.analysis
                        .diagnostics
                        .iter()
                        .filter(move |d| d.span().file != a.file)
                })
                .chain(self.ws.config_diagnostics().iter()),
        );
        for uri in std::mem::take(&mut self.elsewhere) {
            elsewhere.entry(uri).or_default();
        }
        for (uri, list) in elsewhere {
            if !list.is_empty() {
                self.elsewhere.insert(uri.clone());
            }
            out.push(publish(uri, list));
        }
        out
    }

    /// An open document, analysed.
    pub fn doc(&mut self, uri: &Url) -> Option<Doc<'_>> {
        let path = self.docs.get(uri)?.clone();
        if let Err(why) = self.ws.analyse(&path) {
            super::log(&why);
        }
        let id = self.ws.file(&path)?;
        let sources = self.ws.sources();
        Some(Doc {
            uri: self.docs.get_key_value(uri).map(|(k, _)| k)?,
            json: Kind::of(&path) == Kind::Json,
            id,
            file: sources.get(id)?,
            sources,
            analysis: self.ws.analysis(&path),
        })
    }

    pub fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match request.method.as_str() {
            Formatting::METHOD => {
                self.answer::<Formatting>(request, |d, p| Ok(actions::format(d, &p.options)))
            }
            HoverRequest::METHOD => self.answer::<HoverRequest>(request, |d, p| {
                Ok(hover::hover(d, p.text_document_position_params.position))
            }),
            GotoDefinition::METHOD => self.answer::<GotoDefinition>(request, |d, p| {
                Ok(navigate::definition(
                    d,
                    p.text_document_position_params.position,
                ))
            }),
            DocumentSymbolRequest::METHOD => {
                self.answer::<DocumentSymbolRequest>(request, |d, _| Ok(navigate::symbols(d)))
            }
            CodeActionRequest::METHOD => {
                self.answer::<CodeActionRequest>(request, |d, p| Ok(actions::actions(d, &p)))
            }
            Completion::METHOD => self.answer::<Completion>(request, |d, p| {
                Ok(complete::complete(d, p.text_document_position.position))
            }),
            other => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("misec lsp does not handle `{other}`"),
            ),
        }
    }

    fn answer<R>(
        &mut self,
        request: Request,
        f: impl FnOnce(&Doc, R::Params) -> Result<R::Result, String>,
    ) -> Response
    where
        R: lsp_types::request::Request,
        R::Params: DeserializeOwned + HasDocument,
        R::Result: Serialize,
    {
        let id = request.id.clone();
        let p: R::Params = match serde_json::from_value(request.params) {
            Ok(p) => p,
            Err(e) => return Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
        };
        let uri = p.document().clone();
        let Some(doc) = self.doc(&uri) else {
            return Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("`{uri}` is not open"),
            );
        };
        match f(&doc, p) {
            Ok(result) => Response::new_ok(id, result),
            Err(why) => Response::new_err(id, ErrorCode::RequestFailed as i32, why),
        }
    }

    /// The workspace, for tests.
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    /// The path a document is analysed under.
    pub fn path(&self, uri: &Url) -> Option<&Path> {
        self.docs.get(uri).map(PathBuf::as_path)
    }
}

fn params<N: lsp_types::notification::Notification>(n: Notification) -> Result<N::Params, ()> {
    serde_json::from_value(n.params).map_err(|e| super::log(&format!("bad `{}`: {e}", N::METHOD)))
}

fn publish(uri: Url, diagnostics: Vec<lsp_types::Diagnostic>) -> Notification {
    notification::<PublishDiagnostics>(PublishDiagnosticsParams {
        uri,
        diagnostics,
        version: None,
    })
}
