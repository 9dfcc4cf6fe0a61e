"""The docs name every rule code the code can emit, and nothing else."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def codes_in(text: str) -> set[str]:
    return set(re.findall(r"\bBV\d{3}\b", text))


def test_every_rule_code_is_documented_once():
    source = "".join(p.read_text() for p in (ROOT / "build" / "buzzvalue").rglob("*.py"))
    documented = (ROOT / "docs" / "rules.md").read_text()
    assert codes_in(source) == codes_in(documented)
    rows = re.findall(r"^\| (BV\d{3}) \|", documented, re.MULTILINE)
    assert len(rows) == len(set(rows))


def first_command(name: str) -> str:
    """The first command of the first ```sh block of a document, without its comment."""
    text = (ROOT / name).read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert block, f"{name} has no sh block"
    return block.group(1).splitlines()[0].split("#")[0].strip()


def test_readme_and_contributing_start_with_the_same_command():
    assert first_command("README.md") == first_command("CONTRIBUTING.md") == "make site"


def test_make_site_validates_before_it_builds_and_says_so():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # -n prints the recipe without running it; the stamp's recipe is listed first if stale
    recipe = subprocess.run(["make", "-n", "-W", "pyproject.toml", "site"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60).stdout.splitlines()
    validate = [i for i, line in enumerate(recipe) if "buzzvalue validate" in line]
    build = [i for i, line in enumerate(recipe) if "mkdocs build" in line]
    assert validate and build and validate[0] < build[0], recipe
    assert "--format summary" in recipe[validate[0]]


def test_the_about_page_answers_who_says_so():
    """A reader's first question is who stands behind a verdict (issue 20): the About page
    names the editors, the review, the licences, funding and conflicts of interest, and how
    to report a correction, and the correction form it points to exists."""
    about = (ROOT / "docs" / "about.md").read_text()
    headings = re.findall(r"^## (.+)$", about, re.MULTILINE)
    for heading in ("Who edits it", "How entries are reviewed", "Licence",
                    "Funding and conflicts of interest", "Report a correction"):
        assert heading in headings
    flat = " ".join(about.split())
    assert "Buzz vs Value editors" in flat
    for step in ("validator", "Pull-request review", "review_due"):
        assert step in flat
    # the licences stated are the ones the project declares
    from buzzvalue.export.opendata import LICENSE

    assert "CC BY 4.0" in flat and LICENSE["path"] in flat
    code_licence = re.search(r'^license = "(.+)"$', (ROOT / "pyproject.toml").read_text(),
                             re.MULTILINE)[1]
    assert f"the {code_licence} licence" in flat
    assert "Our policy: editors declare" in flat and "No editor has declared" in flat
    assert "Report a correction" in (ROOT / ".github" / "ISSUE_TEMPLATE" /
                                     "correction.yml").read_text()
