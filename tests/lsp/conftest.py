"""Shared helpers: the misec binary under test, the fixture files, and what
`misec check` and `misec fmt` say about them (the oracle the server must match).

MISEC names the binary (default: target/release/misec, else target/debug/misec).
"""

import asyncio
import json
import os
import pathlib
import subprocess

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
FILES = pathlib.Path(__file__).resolve().parent / "files"


def misec_binary() -> str:
    if os.environ.get("MISEC"):
        return os.environ["MISEC"]
    for profile in ("release", "debug"):
        candidate = ROOT / "target" / profile / "misec"
        if candidate.exists():
            return str(candidate)
    raise RuntimeError("build misec first (cargo build --release), or set MISEC")


MISEC = misec_binary()

# figures a test wants printed after the run (the latency measurement)
REPORT: list[str] = []


def pytest_terminal_summary(terminalreporter):
    for line in REPORT:
        terminalreporter.write_line(line)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[MISEC, "lsp"]))
async def client(lsp_client: LanguageClient):
    lsp_client.diagnostics = Publications()
    params = types.InitializeParams(capabilities=types.ClientCapabilities())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[MISEC, "lsp"]))
async def client_2018(lsp_client: LanguageClient):
    """A client whose settings (initializationOptions) choose profile mi-2018."""
    lsp_client.diagnostics = Publications()
    params = types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        initialization_options={"profile": "mi-2018", "config": ""},
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


class Publications(dict):
    """The client's diagnostics by URI, counting publications: an empty list
    is one shared object, so identity cannot tell two publications apart."""

    def __init__(self):
        super().__init__()
        self.count = {}

    def __setitem__(self, key, value):
        self.count[key] = self.count.get(key, 0) + 1
        super().__setitem__(key, value)


def uri(path: pathlib.Path) -> str:
    return path.resolve().as_uri()


def utf16(line_text: str, column: int) -> int:
    """A 1-based character column of the CLI as a 0-based UTF-16 offset."""
    return len(line_text[: column - 1].encode("utf-16-le")) // 2


def check_json(path: pathlib.Path, *flags: str):
    """What `misec check --format json [FLAGS]` says of `path`, in LSP terms."""
    run = subprocess.run(
        [MISEC, "check", "--format", "json", *flags, str(path.resolve())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    lines = path.read_text(encoding="utf-8").split("\n")
    out = []
    for d in json.loads(run.stdout)["diagnostics"]:
        r = d["range"]
        start, end = r["start"], r["end"]
        out.append(
            (
                d["code"],
                d["severity"],
                (start["line"] - 1, utf16(lines[start["line"] - 1], start["column"])),
                (end["line"] - 1, utf16(lines[end["line"] - 1], end["column"])),
                d["message"],
            )
        )
    return sorted(out)


SEVERITY = {
    types.DiagnosticSeverity.Error: "error",
    types.DiagnosticSeverity.Warning: "warning",
    types.DiagnosticSeverity.Information: "info",
}


def as_tuples(diagnostics):
    return sorted(
        (
            d.code,
            SEVERITY[d.severity],
            (d.range.start.line, d.range.start.character),
            (d.range.end.line, d.range.end.character),
            d.message.split("\n")[0],
        )
        for d in diagnostics
    )


def formatted(text: str) -> str:
    run = subprocess.run(
        [MISEC, "fmt", "-"], input=text, capture_output=True, text=True, check=True
    )
    return run.stdout


async def open_file(client: LanguageClient, path: pathlib.Path, text=None, language="misec"):
    """Opens a document and returns its first diagnostics."""
    text = path.read_text(encoding="utf-8") if text is None else text
    item = types.TextDocumentItem(uri=uri(path), language_id=language, version=1, text=text)
    return await published_after(
        client,
        path,
        lambda: client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item)),
    )


async def change(client: LanguageClient, path: pathlib.Path, text: str, version: int):
    """Replaces a document's text and returns its new diagnostics."""
    document = types.VersionedTextDocumentIdentifier(uri=uri(path), version=version)
    whole = types.TextDocumentContentChangeWholeDocument(text=text)
    params = types.DidChangeTextDocumentParams(text_document=document, content_changes=[whole])
    return await published_after(client, path, lambda: client.text_document_did_change(params))


async def published_after(client: LanguageClient, path: pathlib.Path, send, timeout=30.0):
    """Runs `send` and waits until new diagnostics of `path` arrive.

    Counts publications (see `Publications`), so an identical one counts too."""
    key = uri(path)
    before = client.diagnostics.count.get(key, 0)
    send()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while client.diagnostics.count.get(key, 0) == before:
        assert loop.time() < deadline, f"no diagnostics for {path.name} within {timeout} s"
        try:
            await asyncio.wait_for(
                client.wait_for_notification("textDocument/publishDiagnostics"), 0.2
            )
        except asyncio.TimeoutError:
            pass
    return client.diagnostics[key]


def position_of(text: str, needle: str, offset: int = 0, nth: int = 0) -> types.Position:
    """The LSP position (UTF-16) of the nth occurrence of `needle`, plus `offset` characters."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += offset
    before = text[:at]
    line = before.count("\n")
    line_text = before[before.rfind("\n") + 1 :]
    return types.Position(line=line, character=len(line_text.encode("utf-16-le")) // 2)


def apply(text: str, edits) -> str:
    """Applies LSP text edits (UTF-16 ranges) to `text`."""
    lines = text.split("\n")

    def offset(p):
        before = sum(len(l) + 1 for l in lines[: p.line])
        line = lines[p.line] if p.line < len(lines) else ""
        units, chars = 0, 0
        for ch in line:
            if units >= p.character:
                break
            units += len(ch.encode("utf-16-le")) // 2
            chars += 1
        return before + chars

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    return text
