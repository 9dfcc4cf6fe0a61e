"""The pull-request workflow: valid for GitHub, and least privilege."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from buzzvalue.load.strictyaml import parse

ROOT = Path(__file__).parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "validate.yml"
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")

needs_checker = pytest.mark.skipif(importlib.util.find_spec("check_jsonschema") is None,
                                   reason="check-jsonschema is not installed "
                                          "(pip install -e '.[test]')")


def check(schema: str, *paths: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with one of its vendored copies of SchemaStore's GitHub schemas."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           f"vendor.{schema}", *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def check_workflow(path: Path) -> subprocess.CompletedProcess:
    return check("github-workflows", path)


def workflow() -> dict:
    # the project's strict reader keeps 'on' a string (PyYAML would make it True)
    data = parse(WORKFLOW.read_text(encoding="utf-8")).data
    assert isinstance(data, dict)
    return data


def steps() -> list[dict]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


@needs_checker
def test_the_workflow_follows_githubs_schema():
    result = check_workflow(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_checker
def test_the_checker_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "run-on:"), encoding="utf-8")
    assert check_workflow(broken).returncode == 1


def test_it_runs_on_pull_requests_and_never_on_pull_request_target():
    triggers = workflow()["on"]
    assert "pull_request" in triggers
    assert "pull_request_target" not in triggers


def test_the_token_can_only_read():
    data = workflow()
    assert data["permissions"] == {"contents": "read"}
    for job in data["jobs"].values():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version_noted():
    uses = [step["uses"] for step in steps() if "uses" in step]
    assert uses, "the workflow uses no actions?"
    for use in uses:
        assert PINNED.match(use), f"{use} is not pinned to a full commit SHA"
        assert re.search(re.escape(use) + r" # v\d+\.\d+\.\d+$", WORKFLOW.read_text(),
                         re.MULTILINE), f"{use} lacks a '# vX.Y.Z' comment"


def test_no_secrets_and_no_persisted_credentials():
    text = WORKFLOW.read_text()
    assert "secrets." not in text
    checkout = next(s for s in steps() if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_it_validates_builds_and_tests():
    commands = [step["run"] for step in steps() if "run" in step]
    assert "buzzvalue validate --format github" in commands
    assert "mkdocs build --strict" in commands
    assert any(command.startswith("pytest") for command in commands)


@needs_checker
def test_the_issue_forms_follow_githubs_schemas():
    forms = sorted(TEMPLATES.glob("*.yml"))
    names = [p.name for p in forms]
    assert names == ["challenge-verdict.yml", "config.yml", "correction.yml",
                     "propose-use-case.yml"]
    result = check("github-issue-forms", *(p for p in forms if p.name != "config.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    result = check("github-issue-config", TEMPLATES / "config.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pull_request_template_asks_for_the_evidence_standards():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for promise in ("never mirrors", "invented", "own words", "buzzvalue validate --changed"):
        assert promise in text
