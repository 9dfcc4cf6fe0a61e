"""Which version a site or export was built from: the package version and the git state."""

from __future__ import annotations

import re
from pathlib import Path

from .git import GitProblem, git


def built_from(root: Path, version: str) -> str:
    """'version 0.1.0, tag v0.1.0' on a tagged commit, 'version 0.1.0, commit 0123456789ab'
    otherwise, and just 'version 0.1.0' outside git; plain text, safe in HTML."""
    try:
        tag = git(root, "describe", "--tags", "--exact-match", "--match", "v*", "HEAD")
        commit = git(root, "rev-parse", "--short=12", "HEAD")
    except GitProblem:
        return f"version {version}"
    if tag.returncode == 0 and _safe(tag.stdout):
        return f"version {version}, tag {tag.stdout.strip()}"
    if commit.returncode == 0 and _safe(commit.stdout):
        return f"version {version}, commit {commit.stdout.strip()}"
    return f"version {version}"


def _safe(text: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9._+-]{1,80}", text.strip()) is not None
