//! `misec lsp`: a language server on stdin/stdout (LSP 3.17), for editors.
//!
//! Input: the client's messages (framing and types from `lsp-server` and
//! `lsp-types`). Output: diagnostics exactly as `misec check` gives them,
//! published on open and on every change; formatting exactly as `misec fmt`;
//! hover, definition, document symbols, code actions and completion.
//! Everything is computed by the [`crate::workspace::Workspace`], which owns
//! the open files; this module only translates.
//!
//! Invariants:
//! - A bad file or an internal failure never takes the server down: each
//!   message is handled under `catch_unwind`; a failure is logged on stderr
//!   and a request gets an error answer.
//! - Positions are UTF-16 code units ([`position`]).
//! - Changes that arrive together are applied together and analysed once
//!   (typing fast does not queue one analysis per keystroke).

mod actions;
mod complete;
mod diagnostics;
mod hover;
mod navigate;
mod params;
mod position;
mod server;
mod words;

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lsp_server::{Connection, ErrorCode, Message, Notification, Response};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, OneOf, SaveOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use crate::workspace::Settings;
pub use server::Server;

/// Runs the server until the client says `exit`. `Err` is a one-line
/// reason (the protocol broke down: stdin closed before `initialize`, …).
pub fn run(settings: Settings) -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    let params = connection
        .initialize(caps)
        .map_err(|e| format!("the client did not initialize: {e}"))?;
    let settings = server::settings_from(settings, &params);
    let mut server = Server::new(settings);
    main_loop(&connection, &mut server);
    drop(connection);
    io.join().map_err(|e| e.to_string())
}

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        document_formatting_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions::default()),
        ..ServerCapabilities::default()
    }
}

fn main_loop(connection: &Connection, server: &mut Server) {
    let mut pending: VecDeque<Message> = VecDeque::new();
    loop {
        let message = match pending.pop_front() {
            Some(m) => m,
            None => match connection.receiver.recv() {
                Ok(m) => m,
                Err(_) => return,
            },
        };
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request).unwrap_or(true) {
                    return;
                }
                let id = request.id.clone();
                let method = request.method.clone();
                let response = guard(&method, || server.request(request)).unwrap_or_else(|why| {
                    Response::new_err(id, ErrorCode::InternalError as i32, why)
                });
                send(connection, Message::Response(response));
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return;
                }
                let mut batch = vec![notification];
                // apply every change already waiting before analysing once
                while let Ok(next) = connection.receiver.try_recv() {
                    match next {
                        Message::Notification(n) if n.method != "exit" => batch.push(n),
                        other => {
                            pending.push_back(other);
                            break;
                        }
                    }
                }
                for n in batch {
                    let method = n.method.clone();
                    let _ = guard(&method, || server.notify(n));
                }
                let published = guard("publishing diagnostics", || server.diagnostics());
                for notification in published.unwrap_or_default() {
                    send(connection, Message::Notification(notification));
                }
            }
            Message::Response(_) => {}
        }
    }
}

fn send(connection: &Connection, message: Message) {
    if connection.sender.send(message).is_err() {
        log("the client's channel closed");
    }
}

/// Runs `f`, turning a panic into a logged error. The workspace keeps no
/// half-made state across a panic: an analysis is stored only once made.
fn guard<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".to_string());
        let message = format!("internal error in `{what}`: {why}");
        log(&message);
        message
    })
}

/// A line on stderr, where clients keep the server's log.
pub fn log(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "misec lsp: {message}");
}

/// A notification to the client.
fn notification<N: lsp_types::notification::Notification>(params: N::Params) -> Notification {
    Notification::new(N::METHOD.to_string(), params)
}

#[cfg(test)]
mod tests;
