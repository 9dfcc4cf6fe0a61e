"""The one way buzzvalue runs git: one timeout, and one error when git cannot answer."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import BuzzvalueError

TIMEOUT = 120  # seconds; `git archive` of a large history is the slowest call


class GitProblem(BuzzvalueError):
    """git cannot answer: it is missing, this is no repository, or the base is unknown."""


def git(root: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    """Run ``git ARGS`` in ``root``; the caller reads the return code. GitProblem when git is
    not installed or does not answer in time."""
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=not binary,
                              timeout=TIMEOUT, check=False)
    except FileNotFoundError:
        raise GitProblem("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitProblem(f"git {args[0]} did not answer within {TIMEOUT} s") from None
