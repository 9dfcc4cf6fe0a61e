"""`buzzvalue validate --changed`: the entry files a branch changes, found with git.

Changed means: differs between the merge base of HEAD and the base branch (``main``,
else ``origin/main``, or ``--base REF``) and the working tree (committed, staged or
not), or is untracked and not ignored. Deleted files are left out: there is nothing
left to check in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.git import GitProblem, git

DEFAULT_BASES = ("main", "origin/main")


@dataclass(frozen=True)
class Changed:
    files: tuple[Path, ...]
    base: str  # the ref compared with, such as main
    merge_base: str  # the commit compared with


def changed_entries(root: Path, base: str | None = None) -> Changed:
    """The existing files under ``root``/entries/ that differ from the base branch."""
    try:
        inside = git(root, "rev-parse", "--is-inside-work-tree")
    except GitProblem as exc:
        raise GitProblem(f"--changed needs git, and {exc}; name the files to check instead: "
                         "buzzvalue validate PATH...") from None
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise GitProblem(f"{root} is not inside a git repository, so --changed has nothing to "
                         "compare with; name the files to check instead: buzzvalue validate "
                         "PATH...")
    ref = _base_ref(root, base)
    merge_base = git(root, "merge-base", ref, "HEAD")
    if merge_base.returncode != 0:
        raise GitProblem(f"HEAD and '{ref}' have no common commit to compare with; "
                         "pass --base with a commit your branch started from")
    commit = merge_base.stdout.strip()
    diff = _names(root, "diff", "--name-only", "-z", "--relative", "--diff-filter=d", commit,
                  "--", "entries")
    new = _names(root, "ls-files", "-z", "--others", "--exclude-standard", "--", "entries")
    files = sorted({root / name for name in (*diff, *new)}, key=lambda p: p.as_posix())
    return Changed(tuple(p for p in files if p.is_file()), ref, commit)


def _base_ref(root: Path, base: str | None) -> str:
    if base is not None and (not base or base.startswith("-")):
        raise GitProblem(f"--base {base!r} is not a branch, tag or commit name")
    for ref in (base,) if base else DEFAULT_BASES:
        if git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0:
            return ref
    if base:
        raise GitProblem(f"--base '{base}' is not a branch, tag or commit in this repository")
    raise GitProblem("there is no branch 'main' (nor 'origin/main') to compare with; "
                     "pass --base with the branch your work started from")


def _names(root: Path, *args: str) -> list[str]:
    result = git(root, *args)
    if result.returncode != 0:
        raise GitProblem(f"git {args[0]} failed: {result.stderr.strip() or 'no message'}")
    return [name for name in result.stdout.split("\0") if name]
