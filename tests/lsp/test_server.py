"""`misec lsp` driven end to end by a real LSP client (pytest-lsp over stdio).

Run: `pytest tests/lsp` after `cargo build --release` (see conftest.py)."""

import shutil

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import (
    FILES,
    REPORT,
    apply,
    as_tuples,
    change,
    check_json,
    formatted,
    open_file,
    position_of,
    uri,
)


def doc(path):
    return types.TextDocumentIdentifier(uri=uri(path))


@pytest.mark.parametrize(
    "name", ["demo.misec", "unicode.misec", "broken.misec", "typo.misec", "nsg.json"]
)
async def test_diagnostics_are_those_of_check(client: LanguageClient, name):
    path = FILES / name
    language = "json" if name.endswith(".json") else "misec"
    got = await open_file(client, path, language=language)
    expected = check_json(path)
    assert expected, f"{name} should have diagnostics"
    assert as_tuples(got) == expected
    assert all(d.source == "misec" for d in got)


async def test_labels_become_related_information(client: LanguageClient):
    path = FILES / "demo.misec"
    got = await open_file(client, path)
    shadowed = next(d for d in got if d.code == "SEC003" and "`allow-apps`" in d.message)
    related = {(r.message, r.location.range.start.line) for r in shadowed.related_information}
    assert related == {("never decides a packet", 14), ("`block-internet` comes first", 13)}
    assert "help: remove `allow-apps`" in shadowed.message
    mi101 = next(d for d in got if d.code == "MI101")
    # a label inside a built-in profile has no file to open: it is said in the message
    assert "note: <builtin>/profiles/mi-2022.yaml:43:3: mandatory rule" in mi101.message


async def test_utf16_positions_after_non_ascii_text(client: LanguageClient):
    path = FILES / "unicode.misec"
    text = path.read_text(encoding="utf-8")
    got = await open_file(client, path)
    sup = next(d for d in got if d.code == "SUP001")
    # after `Ü`, `🚧` (two UTF-16 units) and `—`-free text: UTF-16, not characters or bytes
    assert sup.range.start == position_of(text, "SEC002")
    assert sup.range.end == position_of(text, "SEC002", 6)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(path), position=position_of(text, "SEC002", 2))
    )
    assert hover.contents.value.startswith("**SEC002** (warning)")


async def test_an_edit_updates_the_diagnostics(client: LanguageClient, tmp_path):
    path = tmp_path / "demo.misec"
    shutil.copy(FILES / "demo.misec", path)
    text = path.read_text()
    before = await open_file(client, path)
    assert "MI101" in {d.code for d in before}
    fixed = text.replace("      block-internet:  deny any from any to subnet  priority 100\n", "")
    fixed = fixed.replace("port 1433\n    }", "port 1433\n      default deny\n    }")
    after = await change(client, path, fixed, 2)
    path.write_text(fixed)
    assert as_tuples(after) == check_json(path)
    assert "MI101" not in {d.code for d in after}
    # and back: the analysis is replaced again, not kept
    again = await change(client, path, text, 3)
    assert {d.code for d in again} == {d.code for d in before}


async def test_formatting_is_misec_fmt(client: LanguageClient):
    path = FILES / "messy.misec"
    text = path.read_text()
    await open_file(client, path)
    options = types.FormattingOptions(tab_size=2, insert_spaces=True)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=doc(path), options=options)
    )
    result = apply(text, edits)
    assert result != text
    assert result == formatted(text)


async def test_a_broken_file_is_not_formatted_and_the_server_goes_on(client: LanguageClient):
    path = FILES / "broken.misec"
    await open_file(client, path)
    options = types.FormattingOptions(tab_size=2, insert_spaces=True)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=doc(path), options=options)
    )
    assert edits is None
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(path))
    )
    # the parser recovers after the unclosed list: the vnet is still outlined
    assert [s.name for s in symbols] == ["prod"]
    # garbage, then a good file: the server still answers
    await change(client, path, "\x00{{{ ]]] \"unterminated\n" * 50, 2)
    got = await open_file(client, FILES / "demo.misec")
    assert as_tuples(got) == check_json(FILES / "demo.misec")


async def test_hover(client: LanguageClient):
    path = FILES / "demo.misec"
    text = path.read_text()
    await open_file(client, path)

    async def hover(needle, offset=1, nth=0):
        at = position_of(text, needle, offset, nth)
        h = await client.text_document_hover_async(
            types.HoverParams(text_document=doc(path), position=at)
        )
        return h.contents.value if h else None

    assert "let apps = [10.20.2.0/24, 10.20.3.0/24]" in await hover("from apps", 6)
    assert "service tag `AzureMonitor`" in await hover("AzureMonitor")
    profile = await hover("mi-2022")
    assert "profile mi-2022" in profile
    assert "Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in-{subnet-dashed}-v10" in profile
    subnet = await hover("sqlmi")
    assert "Microsoft.Sql-managedInstances_UseOnly_mi-healthprobe-in-10-20-1-0-24-v10" in subnet
    code = await hover("block-internet")
    assert code.startswith("**MI101** (error)")
    assert "## What it does" in code or "What it does" in code
    assert await hover("\n\nvnet", 0) is None


async def test_definition(client: LanguageClient):
    path = FILES / "demo.misec"
    text = path.read_text()
    await open_file(client, path)

    async def definition(needle, offset=1):
        at = position_of(text, needle, offset)
        return await client.text_document_definition_async(
            types.DefinitionParams(text_document=doc(path), position=at)
        )

    to_set = await definition("from apps", 6)
    assert to_set.uri == uri(path)
    assert to_set.range.start == position_of(text, "apps")
    to_subnet = await definition("subnet  priority")
    assert to_subnet.range.start == position_of(text, "address  10.20.1.0/24")


async def test_document_symbols(client: LanguageClient):
    path = FILES / "demo.misec"
    await open_file(client, path)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(path))
    )
    assert [(s.name, s.kind) for s in symbols] == [
        ("apps", types.SymbolKind.Variable),
        ("prod", types.SymbolKind.Namespace),
    ]
    (subnet,) = symbols[1].children
    assert subnet.name == "sqlmi"
    assert [(r.name, r.detail) for r in subnet.children] == [
        ("block-internet", "inbound deny"),
        ("allow-apps", "inbound allow"),
        ("monitoring", "inbound allow"),
    ]


async def actions_for(client, path, diagnostic):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(path),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )


async def test_quick_fix_from_did_you_mean(client: LanguageClient):
    path = FILES / "typo.misec"
    text = path.read_text()
    (e107,) = await open_file(client, path)
    actions = await actions_for(client, path, e107)
    fix = next(a for a in actions if a.is_preferred)
    assert fix.title == "Replace `AzureMonitr` with `AzureMonitor`"
    fixed = apply(text, fix.edit.changes[uri(path)])
    assert "from AzureMonitor to" in fixed
    assert "E107" not in {d.code for d in await change(client, path, fixed, 2)}


async def test_drop_priority_and_suppress_with_a_reason(client: LanguageClient):
    path = FILES / "demo.misec"
    text = path.read_text()
    got = await open_file(client, path)
    mi104 = next(d for d in got if d.code == "MI104")
    drop = next(a for a in await actions_for(client, path, mi104) if a.is_preferred)
    assert drop.title == "Drop `priority 100`"
    dropped = apply(text, drop.edit.changes[uri(path)])
    assert "deny any from any to subnet\n" in dropped
    assert "MI104" not in {d.code for d in await change(client, path, dropped, 2)}

    sec003 = next(d for d in got if d.code == "SEC003" and "`monitoring`" in d.message)
    actions = await actions_for(client, path, sec003)
    suppress = next(a for a in actions if a.title.startswith("Suppress SEC003"))
    silenced = apply(dropped, suppress.edit.changes[uri(path)])
    assert "port 1433  # misec: allow SEC003 -- " in silenced
    after = await change(client, path, silenced, 3)
    assert not any(d.code == "SEC003" and "`monitoring`" in d.message for d in after)
    assert "SUP001" not in {d.code for d in after}


async def test_completion(client: LanguageClient):
    path = FILES / "demo.misec"
    text = path.read_text()
    await open_file(client, path)

    async def labels(position):
        items = await client.text_document_completion_async(
            types.CompletionParams(text_document=doc(path), position=position)
        )
        items = items.items if hasattr(items, "items") else items
        return {i.label for i in items}

    after_profile = await labels(position_of(text, "mi-2022", 3))
    assert after_profile == {
        "mi-2018", "mi-2020-manual", "mi-2020-service-aided", "mi-2021", "mi-2022", "mi-2024"
    }
    in_rule = await labels(position_of(text, "AzureMonitor", 5))
    assert {"apps", "AzureMonitor", "Sql", "inbound", "default", "priority"} <= in_rule


async def test_json_hover_and_close(client: LanguageClient):
    path = FILES / "nsg.json"
    got = await open_file(client, path, language="json")
    # a bare NSG: its subnet is inferred from what its rules protect (IMP001),
    # so the mandatory rules are checked for it as on the command line
    assert {d.code for d in got} == {"IMP001", "MI102", "MI104", "SEC001", "SEC005"}
    sec001 = next(d for d in got if d.code == "SEC001")
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(path), position=sec001.range.start)
    )
    assert hover.contents.value.startswith("**SEC001** (warning)")
    # JSON has no comments: no suppression is offered there
    assert list(await actions_for(client, path, sec001)) == []
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(path)))
    # closing clears the document's diagnostics
    await client.wait_for_notification("textDocument/publishDiagnostics")
    assert list(client.diagnostics[uri(path)]) == []


async def test_configuration_is_found_as_the_cli_finds_it(client: LanguageClient, tmp_path):
    (tmp_path / ".misec.yaml").write_text("severity:\n  SEC005: off\n  SEC003: error\n")
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "demo.misec"
    shutil.copy(FILES / "demo.misec", path)
    got = await open_file(client, path)
    assert as_tuples(got) == check_json(path)
    assert {d.severity for d in got if d.code == "SEC003"} == {types.DiagnosticSeverity.Error}
    # undelegated.misec has no deny-all, so SEC005 would fire but for the file
    open_ = tmp_path / "sub" / "undelegated.misec"
    shutil.copy(FILES / "undelegated.misec", open_)
    got = await open_file(client, open_)
    assert as_tuples(got) == check_json(open_)
    assert "SEC005" not in {d.code for d in got}


def big_file(rules_per_subnet=500, port=1433):
    """Two subnets of 500 rules each: 1,000 rules, within Azure's limit per NSG."""

    def subnet(n):
        rules = "\n".join(
            f"      r{n}-{i}:  allow tcp from 10.{100 + i // 250}.{i % 250}.0/24 to subnet port {2000 + i}"
            for i in range(rules_per_subnet)
        )
        return (
            f"\n  subnet sqlmi{n} {{\n    address  10.20.{n}.0/24\n    delegated\n\n"
            f"    inbound {{\n      clients:  allow tcp from 10.30.0.0/16 to subnet port {port}\n"
            f"{rules}\n      default deny\n    }}\n  }}\n"
        )

    return (
        "profile mi-2022\n\nvnet prod {\n  address  10.20.0.0/16\n  region   westeurope\n"
        + subnet(1)
        + subnet(2)
        + "}\n"
    )


async def test_diagnostics_latency_on_1000_rules(client: LanguageClient, tmp_path):
    import statistics
    import time

    path = tmp_path / "big.misec"
    text = big_file()
    path.write_text(text)
    first = await open_file(client, path)
    assert as_tuples(first) == check_json(path)
    timings = []
    for version in range(2, 42):
        # a keystroke: one port of the first rule changes, and back
        edited = text if version % 2 else big_file(port=1434)
        start = time.perf_counter()
        got = await change(client, path, edited, version)
        timings.append(time.perf_counter() - start)
        assert isinstance(got, (list, tuple))
    median, worst = statistics.median(timings), max(timings)
    REPORT.append(
        f"misec lsp: diagnostics after an edit of a 1,000-rule file ({len(timings)} edits): "
        f"median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms"
    )
    assert median < 1.0 and worst < 3.0


async def test_a_new_configuration_applies_to_open_documents(client: LanguageClient, tmp_path):
    from conftest import published_after

    path = tmp_path / "undelegated.misec"
    shutil.copy(FILES / "undelegated.misec", path)
    assert "SEC005" in {d.code for d in await open_file(client, path)}
    config = tmp_path / ".misec.yaml"
    config.write_text("severity:\n  SEC005: off\n")
    event = types.FileEvent(uri=uri(config), type=types.FileChangeType.Created)
    after = await published_after(
        client,
        path,
        lambda: client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(changes=[event])
        ),
    )
    assert "SEC005" not in {d.code for d in after}
    assert as_tuples(after) == check_json(path)


async def test_fixes_that_add_a_statement(client: LanguageClient):
    path = FILES / "undelegated.misec"
    text = path.read_text()
    got = await open_file(client, path)
    assert as_tuples(got) == check_json(path)
    fixed = text
    for version, (code, title) in enumerate(
        [("MI003", "Add `delegated`"), ("SEC005", "End the `inbound` block with `default deny`")],
        start=2,
    ):
        # one fix at a time, as an editor applies it and sends the new text
        diagnostic = next(d for d in got if d.code == code)
        fix = next(a for a in await actions_for(client, path, diagnostic) if a.is_preferred)
        assert fix.title == title
        fixed = apply(fixed, fix.edit.changes[uri(path)])
        got = await change(client, path, fixed, version)
        assert code not in {d.code for d in got}
    # each fix lands where the formatter would put it, after a trailing comment
    assert "    address  10.20.1.0/24\n    delegated\n" in fixed
    assert "# from the app tier\n      default deny\n    }" in fixed
    after = got
    assert not {"MI003", "SEC005"} & {d.code for d in after}


async def test_the_profile_setting_acts_as_the_profile_flag(client_2018: LanguageClient):
    path = FILES / "undelegated.misec"
    got = await open_file(client_2018, path)
    assert as_tuples(got) == check_json(path, "--profile", "mi-2018")
    # the 2018 era has no delegation: no MI003, which the default profile gives
    assert "MI003" not in {d.code for d in got}
    assert "MI003" in {code for code, *_ in check_json(path)}
