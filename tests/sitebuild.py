"""Build a site the way a user does, in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[1]


def site_project(kb_root: Path, target: Path) -> Path:
    """A buildable project: the knowledge base at kb_root plus this repo's mkdocs.yml and docs/."""
    if kb_root != target:
        shutil.copytree(kb_root, target, dirs_exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs", dirs_exist_ok=True)
    shutil.copytree(REPO / "overrides", target / "overrides", dirs_exist_ok=True)
    return target


def mkdocs_build(project: Path, site_dir: Path, *extra: str,
                 config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(site_dir),
         *extra], cwd=project, capture_output=True, text=True, timeout=600, env=env)
