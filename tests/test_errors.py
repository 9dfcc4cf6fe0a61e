"""One error base type, mapped to exit codes in one place; bad input is never a 'bug'."""

from __future__ import annotations

import importlib
import json
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import buzzvalue
from buzzvalue.cli import main as cli_main
from buzzvalue.cli import score as score_command
from buzzvalue.cli.exitcodes import EXIT_CODES, exit_code
from buzzvalue.core.errors import BuzzvalueError
from buzzvalue.load.schemas import default_schema_dir

# What each expected failure means for the person at the terminal.
EXPECTED = {"UsageError": 2, "DraftError": 2, "GitProblem": 2, "InputError": 1, "Taken": 1,
            "RubricError": 1, "SchemaError": 1, "BundleError": 1, "YamlProblem": 1}


def every_error_type() -> list[type[BuzzvalueError]]:
    for module in pkgutil.walk_packages(buzzvalue.__path__, "buzzvalue."):
        if module.name != "buzzvalue.__main__":
            importlib.import_module(module.name)
    found: list[type[BuzzvalueError]] = []
    todo = [BuzzvalueError]
    while todo:
        kind = todo.pop()
        found += kind.__subclasses__()
        todo += kind.__subclasses__()
    return sorted(set(found), key=lambda k: k.__name__)


def instance(kind: type[BuzzvalueError]) -> BuzzvalueError:
    try:
        return kind("something is wrong")
    except TypeError:  # YamlProblem carries a rule code and a position
        return kind("BV000", "something is wrong", 1, 1)


def test_every_error_type_has_its_exit_code_in_the_one_table():
    kinds = every_error_type()
    assert {k.__name__ for k in kinds} == set(EXPECTED)
    for kind in kinds:
        assert kind in EXIT_CODES, f"{kind.__name__} has no exit code in cli/exitcodes.py"
        assert exit_code(instance(kind)) == EXPECTED[kind.__name__], kind.__name__


@pytest.mark.parametrize("kind", every_error_type(), ids=lambda k: k.__name__)
def test_the_command_exits_with_the_mapped_code_and_a_message(kind, tiny, monkeypatch, capsys):
    def fail(args):
        raise instance(kind)

    monkeypatch.setattr(score_command, "run", fail)
    assert cli_main.main(["score", "--root", str(tiny.root)]) == EXPECTED[kind.__name__]
    err = capsys.readouterr().err
    assert err.startswith("buzzvalue: error: ") and "something is wrong" in err
    assert "Traceback" not in err


def buzzvalue_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "buzzvalue", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def own_schemas(root: Path) -> Path:
    """Give the knowledge base its own copy of schema/."""
    shutil.copytree(default_schema_dir(), root / "schema")
    return root / "schema"


@pytest.mark.parametrize("command", [["validate"], ["score"], ["schema", "technology"]])
def test_broken_json_in_the_knowledge_bases_own_schema_is_an_input_error(tiny, command):
    schema = own_schemas(tiny.root)
    path = schema / "common.schema.json"
    path.write_text(path.read_text(encoding="utf-8").replace("{", "{,", 1), encoding="utf-8")
    result = buzzvalue_cli(*command, "--root", str(tiny.root), cwd=tiny.root)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("buzzvalue: error: ")
    assert "common.schema.json:1:" in result.stderr and "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr and "bug" not in result.stderr


def test_a_bundle_with_a_dangling_ref_is_an_input_error(tiny):
    schema = own_schemas(tiny.root)
    path = schema / "technology.schema.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["properties"]["id"] = {"$ref": "common.schema.json#/$defs/no-such-definition"}
    path.write_text(json.dumps(document), encoding="utf-8")
    result = buzzvalue_cli("schema", "technology", "--bundle", "--root", str(tiny.root),
                           cwd=tiny.root)
    assert result.returncode == 1, result.stderr
    assert "points at nothing" in result.stderr and "Traceback" not in result.stderr


def test_new_reports_a_technology_file_it_cannot_read_instead_of_dropping_it(tiny):
    tiny.mutate("technologies/ledger.md", "id: ledger", "id: [ledger")
    result = buzzvalue_cli("new", "use-case", "A shared ledger for grants", "--country", "NL",
                           "--technology", "ledger", cwd=tiny.root)
    assert result.returncode == 0, result.stderr
    assert "buzzvalue: warning: entries/technologies/ledger.md:" in result.stderr
    assert "BV006" in result.stderr and "its claims are not listed" in result.stderr
