"""The publishing workflows (Pages, releases, link checks) and the pull-request preview:
valid for GitHub, and hardened as the pull-request workflow is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_workflow import PINNED, check_workflow, needs_checker

from buzzvalue.load.strictyaml import parse

WORKFLOWS = Path(__file__).parents[1] / ".github" / "workflows"
ALL = ["validate.yml", "pages.yml", "release.yml", "links.yml", "mutation.yml"]
# the only write permissions any job has, and where
WRITES = {("pages.yml", "deploy"): {"pages": "write", "id-token": "write"},
          ("release.yml", "release"): {"contents": "write"}}
# SHAs checked against the actions' release tags (git tags of their repositories)
KNOWN_PINS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
}


def load(name: str) -> dict:
    data = parse((WORKFLOWS / name).read_text(encoding="utf-8")).data
    assert isinstance(data, dict)
    return data


def steps(name: str, job: str | None = None) -> list[dict]:
    jobs = load(name)["jobs"]
    return [s for key, j in jobs.items() if job in (None, key) for s in j.get("steps", [])]


def test_the_workflows_are_these():
    assert sorted(p.name for p in WORKFLOWS.glob("*.y*ml")) == sorted(ALL)


@needs_checker
@pytest.mark.parametrize("name", ALL)
def test_each_workflow_follows_githubs_schema(name):
    result = check_workflow(WORKFLOWS / name)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ALL)
def test_least_privilege_everywhere(name):
    data = load(name)
    assert data["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in data["on"]
    for key, job in data["jobs"].items():
        assert job.get("permissions", {"contents": "read"}) == WRITES.get(
            (name, key), {"contents": "read"}), f"{name}: job {key}"


@pytest.mark.parametrize("name", ALL)
def test_actions_are_pinned_to_known_release_commits(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    for step in steps(name):
        if "uses" not in step:
            continue
        use = step["uses"]
        assert PINNED.match(use), f"{use} is not pinned to a full commit SHA"
        action, sha = use.split("@")
        assert KNOWN_PINS[action][0] == sha, f"{use}: not the SHA of a known release"
        assert f"{use} # {KNOWN_PINS[action][1]}\n" in text


@pytest.mark.parametrize("name", ALL)
def test_no_secrets_no_persisted_credentials_and_no_expressions_in_scripts(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert "secrets." not in text
    for step in steps(name):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        # an expression inside a script is a script injection; pass values through env
        assert "${{" not in step.get("run", ""), f"{name}: {step.get('name')}"


def test_pages_builds_the_whole_history_on_main_and_deploys_in_its_own_job():
    data = load("pages.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert data["concurrency"]["group"] == "pages"
    checkout = steps("pages.yml", "build")[0]
    assert checkout["with"]["fetch-depth"] == 0
    build_uses = [s.get("uses", "") for s in steps("pages.yml", "build")]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in build_uses)
    assert "mkdocs build --strict" in [s.get("run") for s in steps("pages.yml", "build")]
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_pull_request_preview_uploads_the_site_and_summarises_verdict_changes():
    validate = steps("validate.yml")
    upload = next(s for s in validate if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"
    changes = next(s for s in validate if "buzzvalue compare" in s.get("run", ""))
    assert changes["if"] == "github.event_name == 'pull_request'"
    assert changes["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert "$GITHUB_STEP_SUMMARY" in changes["run"]
    # the validation summary reaches the job summary through the github format
    assert "buzzvalue validate --format github" in [s.get("run") for s in validate]


def test_a_v_tag_releases_the_open_data_and_the_site_after_checking_the_citation():
    data = load("release.yml")
    assert data["on"] == {"push": {"tags": ["v*"]}}
    runs = [s.get("run", "") for s in steps("release.yml")]
    order = [next(i for i, r in enumerate(runs) if marker in r) for marker in (
        "tests/test_citation.py", "mkdocs build --strict", "buzzvalue export",
        "gh release create")]
    assert order == sorted(order)
    publish = runs[order[-1]]
    assert re.search(r"open-data\.zip\"\s", publish) and "site.zip" in publish
    assert "--verify-tag" in publish


def test_links_are_checked_weekly():
    data = load("links.yml")
    (schedule,) = data["on"]["schedule"]
    _minute, _hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()
    assert "buzzvalue links --format github" in [s.get("run") for s in steps("links.yml")]
