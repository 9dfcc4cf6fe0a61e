"""Two builds of the same tree give the same bytes: the site and the exports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitebuild import mkdocs_build, site_project


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_site_builds_are_byte_identical(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")
    project = site_project(tiny.root, tiny.root)
    first = mkdocs_build(project, tmp_path / "one")
    second = mkdocs_build(project, tmp_path / "two")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    a, b = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert a.keys() == b.keys() and len(a) > 50
    assert [name for name in a if a[name] != b[name]] == []


def test_two_exports_are_byte_identical(tiny, tmp_path):
    for out in ("one", "two"):
        subprocess.run([sys.executable, "-m", "buzzvalue", "export", "--out",
                        str(tmp_path / out)], cwd=tiny.root, check=True,
                       env={**os.environ, "SOURCE_DATE_EPOCH": "1764374400"})
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
