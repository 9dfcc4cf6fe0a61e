"""Shared helpers: a copy of the tiny valid knowledge base that a test may break."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from buzzvalue.kb import KnowledgeBase, load

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 29)


def pytest_configure(config: pytest.Config) -> None:
    # Mutation testing (mutation/run.py) runs many pytest sessions at once, one per mutant in
    # forked workers. Sharing pytest's numbered temporary folders, one session's clean-up could
    # delete another's files mid-test and a mutant would count as killed by that failure.
    if os.environ.get("MUTANT_UNDER_TEST") and config.option.basetemp is None:
        config.option.basetemp = tempfile.mkdtemp(prefix="buzzvalue-mutant-")


def pytest_unconfigure(config: pytest.Config) -> None:
    base = config.option.basetemp
    if os.environ.get("MUTANT_UNDER_TEST") and base and "buzzvalue-mutant-" in str(base):
        shutil.rmtree(base, ignore_errors=True)


class TinyKB:
    """tests/fixtures/valid copied to a temporary folder, with helpers to break it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(FIXTURES / "valid", root)

    def path(self, name: str) -> Path:
        return self.root / "entries" / name

    def mutate(self, name: str, old: str, new: str) -> None:
        path = self.path(name)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def load(self) -> KnowledgeBase:
        return load(self.root, today=TODAY)

    def found(self) -> set[tuple[str, str, int, int]]:
        """(file name, code, line, col) of every diagnostic."""
        return {(Path(d.path).name, d.code, d.line, d.col) for d in self.load().report.diagnostics}

    def seen(self, today: dt.date = TODAY) -> list[Seen]:
        """Every diagnostic in report order, whole: what a contributor reads. A list, so an
        extra or a repeated diagnostic makes an equality fail."""
        return seen(load(self.root, today=today))


Seen = tuple[str, str, int, int, str, str, str | None, str]


def seen(kb: KnowledgeBase) -> list[Seen]:
    """(file name, code, line, col, severity, message, hint, json path) of each diagnostic,
    in report order, duplicates kept."""
    return [(Path(d.path).name, d.code, d.line, d.col, str(d.severity), d.message, d.hint,
             d.json_path) for d in kb.report.diagnostics]


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built once per test run (mkdocs build --strict)."""
    from sitebuild import REPO, mkdocs_build

    site = tmp_path_factory.mktemp("repo-site") / "site"
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TinyKB:
    monkeypatch.chdir(tmp_path)
    return TinyKB(tmp_path / "kb")
