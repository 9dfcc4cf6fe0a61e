"""CITATION.cff: valid Citation File Format, and the version and date of the release.

On a tag (RELEASE_TAG, or GitHub's GITHUB_REF_TYPE=tag with GITHUB_REF_NAME) the tag must
be v + the version, and the date the tagged commit's date: the release workflow runs this.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from test_workflow import needs_checker

import buzzvalue
from buzzvalue.api import built_from
from buzzvalue.load.strictyaml import parse

ROOT = Path(__file__).parents[1]
CITATION = ROOT / "CITATION.cff"


def citation() -> dict:
    data = parse(CITATION.read_text(encoding="utf-8")).data
    assert isinstance(data, dict)
    return data


def release_tag() -> str | None:
    if os.environ.get("RELEASE_TAG"):
        return os.environ["RELEASE_TAG"]
    if os.environ.get("GITHUB_REF_TYPE") == "tag":
        return os.environ.get("GITHUB_REF_NAME")
    return None


def check_cff(path: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with its vendored copy of the Citation File Format 1.2.0 schema."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.citation-file-format", str(path)],
                          capture_output=True, text=True, timeout=120)


@needs_checker
def test_the_citation_follows_the_citation_file_format_schema():
    result = check_cff(CITATION)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_checker
def test_the_schema_check_would_catch_a_broken_citation(tmp_path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text(CITATION.read_text().replace("authors:", "author:"), encoding="utf-8")
    assert check_cff(broken).returncode == 1


def test_the_version_is_the_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation()["version"] == buzzvalue.__version__ == project["version"]


def test_the_release_date_is_a_real_date_not_in_the_future():
    released = dt.date.fromisoformat(citation()["date-released"])
    assert released <= dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


@pytest.mark.skipif(release_tag() is None, reason="not a release: no tag to check against")
def test_on_a_tag_the_tag_and_the_date_are_the_citations():
    tag = release_tag()
    data = citation()
    assert tag == f"v{data['version']}", f"tag {tag} but CITATION.cff says {data['version']}"
    if shutil.which("git") is not None:
        day = subprocess.run(["git", "log", "-1", "--format=%cs", f"{tag}^{{commit}}"],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
        if day.returncode == 0:
            assert data["date-released"] == day.stdout.strip(), (
                "date-released must be the date of the tagged commit")


def test_a_tag_names_the_citations_version(monkeypatch):
    """The tag check itself, as the release workflow runs it: a wrong tag fails."""
    monkeypatch.setenv("RELEASE_TAG", "v9.9.9")
    assert release_tag() == "v9.9.9" != f"v{citation()['version']}"
    monkeypatch.delenv("RELEASE_TAG")
    monkeypatch.setenv("GITHUB_REF_TYPE", "tag")
    monkeypatch.setenv("GITHUB_REF_NAME", "v0.1.0")
    assert release_tag() == "v0.1.0"
    assert re.fullmatch(r"v\d+\.\d+\.\d+", release_tag())


def test_the_site_says_which_version_it_was_built_from(repo_site):
    home = (repo_site / "index.html").read_text(encoding="utf-8")
    commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60).stdout.strip()
    assert (f"Built from version {buzzvalue.__version__}, commit {commit}" in home
            or f"Built from version {buzzvalue.__version__}, tag v" in home)


def test_outside_git_the_version_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert built_from(tmp_path) == f"version {buzzvalue.__version__}"


def test_on_a_tag_the_tag(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name, value in (("GIT_CONFIG_GLOBAL", os.devnull), ("GIT_CONFIG_NOSYSTEM", "1"),
                        ("GIT_AUTHOR_NAME", "T"), ("GIT_AUTHOR_EMAIL", "t@example.org"),
                        ("GIT_COMMITTER_NAME", "T"), ("GIT_COMMITTER_EMAIL", "t@example.org")):
        monkeypatch.setenv(name, value)
    for args in (["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "x"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, timeout=60)
    assert re.fullmatch(rf"version {re.escape(buzzvalue.__version__)}, commit [0-9a-f]{{12}}",
                        built_from(tmp_path))
    subprocess.run(["git", "tag", "v1.2.3"], cwd=tmp_path, check=True, timeout=60)
    assert built_from(tmp_path) == f"version {buzzvalue.__version__}, tag v1.2.3"
