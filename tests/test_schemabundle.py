"""`buzzvalue schema --bundle`: one self-contained schema per kind that validates like schema/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from buzzvalue.check.schemacheck import validator_for
from buzzvalue.export.schemabundle import bundle
from buzzvalue.load.schemas import default_schema_dir, load_schemas

SCHEMAS = load_schemas(default_schema_dir())
KINDS = ("technology", "use-case")


def refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for item in node for r in refs(item)]
    return []


@pytest.mark.parametrize("kind", KINDS)
def test_every_ref_points_into_the_same_document(kind):
    document = bundle(SCHEMAS, kind)
    Draft202012Validator.check_schema(document)
    assert "$id" not in json.dumps(document)
    found = refs(document)
    assert found
    for ref in found:
        assert ref.startswith("#/$defs/")
        assert ref.removeprefix("#/$defs/") in document["$defs"], ref


def errors(validator: Draft202012Validator, data: object) -> list[tuple]:
    return sorted((tuple(e.absolute_path), e.validator, e.message)
                  for e in validator.iter_errors(data))


@pytest.mark.parametrize("kind", KINDS)
def test_the_bundle_finds_what_the_schemas_find(tiny, kind):
    bundled = Draft202012Validator(bundle(SCHEMAS, kind),
                                   format_checker=FormatChecker(["date"]))
    original = validator_for(SCHEMAS, kind)
    entries = [e for e in tiny.load().entries if e.kind == kind]
    broken = [{**e.data, "id": "Not An Id", "reviewed": {"date": "2026-13-01"},
               "sources": [{"type": "blog"}], "colour": "red"} for e in entries]
    assert errors(original, broken[0])  # the broken copies really are broken
    for data in [e.data for e in entries] + broken:
        assert errors(bundled, data) == errors(original, data)


def buzzvalue(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "buzzvalue", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_the_command_prints_the_bundle_or_the_schema_as_it_is(tmp_path):
    bundled = buzzvalue("schema", "--bundle", "use-case", cwd=tmp_path)
    assert bundled.returncode == 0, bundled.stderr
    assert json.loads(bundled.stdout) == bundle(SCHEMAS, "use-case")
    plain = buzzvalue("schema", "technology", cwd=tmp_path)
    assert json.loads(plain.stdout) == SCHEMAS.documents["technology.schema.json"]


def test_the_command_writes_a_file(tmp_path):
    out = tmp_path / ".vscode" / "technology.schema.json"
    result = buzzvalue("schema", "technology", "--bundle", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(out.read_text()) == bundle(SCHEMAS, "technology")


# --- the real YAML language server (redhat.vscode-yaml's engine), where it is installed ------

LANGUAGE_SERVER = os.environ.get("YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")


class LanguageServer:
    """Just enough of the Language Server Protocol to open a file and read its diagnostics."""

    def __init__(self, workspace: Path, settings: dict) -> None:
        self.settings = settings
        self.workspace = workspace
        self.process = subprocess.Popen([str(LANGUAGE_SERVER), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def send(self, message: dict) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def receive(self) -> dict:
        length = 0
        while line := self.process.stdout.readline().strip():
            name, _, value = line.partition(b": ")
            length = int(value) if name == b"Content-Length" else length
        return json.loads(self.process.stdout.read(length))

    def diagnostics(self, document: Path) -> list[tuple[int, int, str]]:
        """Open ``document`` as YAML and return the first non-empty diagnostics (line, col)."""
        self.send({"id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": self.workspace.as_uri(),
            "capabilities": {"workspace": {"configuration": True}}}})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            message = self.receive()
            if message.get("id") == 1 and "result" in message:
                self.send({"method": "initialized", "params": {}})
                self.send({"method": "textDocument/didOpen", "params": {"textDocument": {
                    "uri": document.as_uri(), "languageId": "yaml", "version": 1,
                    "text": document.read_text(encoding="utf-8")}}})
            elif message.get("method") == "workspace/configuration":
                items = message["params"]["items"]
                self.send({"id": message["id"], "result": [
                    self.settings if item.get("section") == "yaml" else None for item in items]})
            elif "id" in message and "method" in message:
                self.send({"id": message["id"], "result": None})
            elif (message.get("method") == "textDocument/publishDiagnostics"
                  and message["params"]["diagnostics"]):
                return [(d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1,
                         d["message"]) for d in message["params"]["diagnostics"]]
        raise AssertionError("the language server published no diagnostics in 30 s")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        self.process.stdin.close()
        self.process.stdout.close()


@pytest.mark.skipif(LANGUAGE_SERVER is None,
                    reason="yaml-language-server is not installed (npm install -g "
                           "yaml-language-server, or set YAML_LANGUAGE_SERVER)")
def test_the_yaml_language_server_checks_front_matter_with_the_bundle(tiny):
    bundled = tiny.root / ".vscode" / "buzzvalue" / "use-case.schema.json"
    assert buzzvalue("schema", "use-case", "--bundle", "--out", str(bundled),
                     cwd=tiny.root).returncode == 0
    tiny.mutate("use-cases/xx-land-registry.md", "stage: production", "stage: pilt")
    settings = {"validate": True, "schemaStore": {"enable": False},
                "schemas": {".vscode/buzzvalue/use-case.schema.json": "entries/use-cases/*.md"}}
    server = LanguageServer(tiny.root, settings)
    try:
        found = server.diagnostics(tiny.path("use-cases/xx-land-registry.md"))
    finally:
        server.close()
    # the front matter is checked against the schema, at the line and column buzzvalue gives
    assert (14, 8) in [(line, col) for line, col, _ in found]
    assert not [m for _, _, m in found if "Problems loading reference" in m]


def test_the_problem_matcher_in_the_editor_docs_reads_the_validators_lines(tiny):
    docs = (Path(__file__).parents[1] / "docs" / "editor-setup.md").read_text(encoding="utf-8")
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", docs, re.DOTALL)]
    (task,) = [t for b in blocks for t in b.get("tasks", [])]
    pattern = task["problemMatcher"]["pattern"]
    tiny.mutate("use-cases/xx-land-registry.md", "stage: production", "stage: pilt")
    lines = buzzvalue("validate", cwd=tiny.root).stdout.splitlines()

    match = re.match(pattern["regexp"], lines[0])
    assert match, lines[0]
    assert [match.group(pattern[k]) for k in ("file", "line", "column", "severity", "code")] == [
        "entries/use-cases/xx-land-registry.md", "14", "8", "error", "BV104"]
    assert not re.match(pattern["regexp"], lines[1])  # the hint line
