//! `misec lsp` over real pipes, without any client library: what `cargo
//! test` alone can prove. The full client-driven tests are in `tests/lsp/`
//! (pytest-lsp, run by `.ci/editor-tests`).

// test code; a child left unwaited only where the test has already failed
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::zombie_processes
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Sends `messages`, closes stdin, and returns every message the server
/// wrote and its exit code.
fn session(messages: &[Value]) -> (Vec<Value>, Option<i32>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_misec"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for m in messages {
        stdin.write_all(&frame(m)).unwrap();
    }
    drop(stdin);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut received = Vec::new();
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if out.read_line(&mut line).unwrap() == 0 {
                let status = child.wait().unwrap();
                return (received, status.code());
            }
            if line == "\r\n" {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = Some(n.trim().parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.unwrap()];
        out.read_exact(&mut body).unwrap();
        received.push(serde_json::from_slice(&body).unwrap());
    }
}

/// What `misec fmt -` makes of `text`.
fn fmt(text: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn initialize() -> [Value; 2] {
    [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    ]
}

fn end() -> [Value; 2] {
    [
        json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}),
        json!({"jsonrpc": "2.0", "method": "exit"}),
    ]
}

fn open(uri: &str, text: &str) -> Value {
    json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "misec", "version": 1, "text": text}}})
}

#[test]
fn a_broken_file_gets_its_syntax_error_and_the_session_ends_cleanly() {
    let uri = "file:///nonexistent/dir/broken.misec";
    let mut messages = initialize().to_vec();
    messages.push(open(
        uri,
        "vnet prod {\n  address 10.20.0.0/16\n  subnet é {\n",
    ));
    // a request the server does not know, and one with nonsense parameters
    messages.push(json!({"jsonrpc": "2.0", "id": 2, "method": "misec/unknown", "params": {}}));
    messages.push(
        json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {"x": 1}}),
    );
    messages.extend(end());
    let (received, code) = session(&messages);
    assert_eq!(code, Some(0));
    let init = received.iter().find(|m| m["id"] == 1).unwrap();
    assert_eq!(
        init["result"]["capabilities"]["documentFormattingProvider"],
        true
    );
    let published = received
        .iter()
        .find(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .unwrap();
    let codes: Vec<&str> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c.starts_with('E')),
        "{codes:?}"
    );
    let unknown = received.iter().find(|m| m["id"] == 2).unwrap();
    assert_eq!(unknown["error"]["code"], -32601);
    let bad = received.iter().find(|m| m["id"] == 3).unwrap();
    assert_eq!(bad["error"]["code"], -32602);
    assert!(received
        .iter()
        .any(|m| m["id"] == 99 && m.get("error").is_none()));
}

#[test]
fn hover_and_formatting_answer_in_utf16() {
    let uri = "file:///nonexistent/dir/a.misec";
    // no final newline: the document ends after `ü🔒 apps`, at UTF-16 unit
    // 30 of its line (29 characters, 34 bytes)
    let text = "# 🔒\nlet apps = [10.20.2.0/24]\nlet   b =   [apps]  # ü🔒 apps";
    let mut messages = initialize().to_vec();
    messages.push(open(uri, text));
    messages.push(
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 2, "character": 14}}}),
    );
    messages.push(
        json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/formatting", "params": {
        "textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}}),
    );
    messages.extend(end());
    let (received, _) = session(&messages);
    let hover = &received.iter().find(|m| m["id"] == 2).unwrap()["result"];
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("let apps = [10.20.2.0/24]"));
    assert_eq!(hover["range"]["start"], json!({"line": 2, "character": 13}));
    let edits = &received.iter().find(|m| m["id"] == 3).unwrap()["result"];
    assert_eq!(
        edits[0]["range"]["end"],
        json!({"line": 2, "character": 30})
    );
    assert_eq!(edits[0]["newText"], fmt(text));
    assert!(fmt(text).starts_with("# 🔒\nlet apps  = [10.20.2.0/24]\n"));
}

#[test]
fn without_a_client_it_exits_2_and_says_why() {
    let (received, code) = session(&[]);
    assert!(received.is_empty());
    assert_eq!(code, Some(2));
}

#[test]
fn an_unknown_profile_flag_is_refused_as_check_refuses_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(["lsp", "--profile", "mi-2030"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown profile `mi-2030`"), "{stderr}");
}
