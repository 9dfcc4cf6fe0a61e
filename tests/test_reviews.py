"""Review-due dates: an advisory warning, a badge on the page, a list for maintainers."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from buzzvalue.kb import load
from buzzvalue.site.render import render

from sitebuild import mkdocs_build, site_project

AFTER_DUE = dt.date(2027, 12, 1)  # the fixture's entries are due on 2027-11-01
EPOCH_AFTER_DUE = str(int(dt.datetime(2027, 12, 1, tzinfo=dt.UTC).timestamp()))


def test_overdue_review_is_an_advisory_warning_at_its_date(tiny):
    report = load(tiny.root, today=AFTER_DUE).report
    overdue = [(d.path.rsplit("/", 1)[1], d.line, d.col) for d in report.diagnostics
               if d.code == "BV501"]
    assert ("xx-land-registry.md", 35, 13) in overdue and len(overdue) == 5
    assert report.ok(strict=True) and not report.ok(strict=True, strict_reviews=True)
    assert load(tiny.root, today=dt.date(2027, 11, 1)).report.diagnostics == ()


def test_strict_fails_on_overdue_reviews_only_when_asked(tiny):
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_AFTER_DUE}

    def validate(*flags: str) -> int:
        return subprocess.run([sys.executable, "-m", "buzzvalue", "validate", *flags],
                              cwd=tiny.root, env=env, capture_output=True).returncode

    assert validate("--strict") == 0
    assert validate("--strict", "--strict-reviews") == 1


def test_pages_badge_overdue_entries_and_list_them_for_maintainers(tiny):
    pages = render(load(tiny.root, today=AFTER_DUE)).files
    assert '!!! warning "Review due"' in pages["use-cases/xx-land-registry.md"]
    assert "5 overdue as of 2027-12-01" in pages["reviews.md"]
    fresh = render(load(tiny.root, today=dt.date(2026, 11, 29))).files
    assert "Review due" not in fresh["use-cases/xx-land-registry.md"]


def test_site_build_reports_overdue_reviews_without_failing_unless_configured(
        tiny, tmp_path, monkeypatch):
    project = site_project(tiny.root, tiny.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_AFTER_DUE)
    relaxed = mkdocs_build(project, tmp_path / "a")
    config = (project / "mkdocs.yml").read_text().replace(
        "  - buzzvalue\n", "  - buzzvalue:\n      strict_reviews: true\n")
    (project / "mkdocs.yml").write_text(config)
    strict = mkdocs_build(project, tmp_path / "b")
    assert relaxed.returncode == 0, relaxed.stderr
    assert strict.returncode == 1 and "BV501" in strict.stderr
