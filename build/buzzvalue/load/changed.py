"""`buzzvalue validate --changed`: the entry files a branch changes, found with git.

Changed means: differs between the merge base of HEAD and the base branch (``main``,
else ``origin/main``, or ``--base REF``) and the working tree (committed, staged or
not), or is untracked and not ignored. Deleted files are left out: there is nothing
left to check in them, but they are counted.

On the base branch itself (or a detached HEAD) the merge base is HEAD, and comparing with
it would find only uncommitted work: a false clean after a commit. There the comparison
falls back to the remote-tracking base (``origin/main``) when HEAD is ahead of it, else
to the previous commit (``HEAD~1``), else, on a first commit, to the empty tree; ``why``
says so.
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
    why: str = ""  # why not the usual base, when HEAD is on the base branch itself
    deleted: int = 0  # entry files deleted since then (left out, nothing to check)

    @property
    def range(self) -> str:
        """The range checked, as git would name it."""
        return f"{self.merge_base[:12]}..HEAD and the working tree"


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
    head = git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if head.returncode != 0:
        raise GitProblem("this repository has no commit yet, so --changed has nothing to "
                         "compare with; name the files to check instead: buzzvalue validate "
                         "PATH...")
    ref = _base_ref(root, base)
    commit = _merge_base(root, ref)
    why = ""
    if commit == head.stdout.strip() and base is None and _on_branch(root, ref):
        ref, commit, why = _on_the_base_branch(root, ref)
    diff = _names(root, "diff", "--name-only", "-z", "--relative", "--diff-filter=d", commit,
                  "--", "entries")
    gone = _names(root, "diff", "--name-only", "-z", "--relative", "--diff-filter=D", commit,
                  "--", "entries")
    new = _names(root, "ls-files", "-z", "--others", "--exclude-standard", "--", "entries")
    files = sorted({root / name for name in (*diff, *new)}, key=lambda p: p.as_posix())
    return Changed(tuple(p for p in files if p.is_file()), ref, commit, why, len(gone))


def _merge_base(root: Path, ref: str) -> str:
    merge_base = git(root, "merge-base", ref, "HEAD")
    if merge_base.returncode != 0:
        raise GitProblem(f"HEAD and '{ref}' have no common commit to compare with; "
                         "pass --base with a commit your branch started from")
    return merge_base.stdout.strip()


def _on_branch(root: Path, ref: str) -> bool:
    """Whether HEAD is the branch ``ref`` names (or is detached, as CI checks a commit out);
    a new branch made from it, with no commit yet, is not."""
    branch = git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    return branch.returncode != 0 or branch.stdout.strip() == ref.removeprefix("origin/")


def _on_the_base_branch(root: Path, ref: str) -> tuple[str, str, str]:
    """HEAD is on (or behind) the base branch: (ref, commit, why) to compare with instead."""
    head = git(root, "rev-parse", "HEAD").stdout.strip()
    remote = ref if ref.startswith("origin/") else f"origin/{ref}"
    if git(root, "rev-parse", "--verify", "--quiet", f"{remote}^{{commit}}").returncode == 0:
        commit = _merge_base(root, remote)
        if commit != head:
            return remote, commit, f"HEAD is on {ref} itself, so this compares with {remote}"
    previous = git(root, "rev-parse", "--verify", "--quiet", "HEAD~1^{commit}")
    if previous.returncode == 0:
        return ("HEAD~1", previous.stdout.strip(),
                f"HEAD is on {ref} itself, so this compares with the previous commit")
    empty = git(root, "hash-object", "-t", "tree", "/dev/null").stdout.strip()
    return ("the empty tree", empty,
            f"HEAD is the first commit of {ref}, so this compares with the empty tree")


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
