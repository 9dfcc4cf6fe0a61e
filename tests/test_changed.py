"""`buzzvalue validate --changed`: only what a branch changed, checked against everything."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

UC = "entries/use-cases/xx-land-registry.md"
TECH = "entries/technologies/records.md"


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60,
                          env=env, check=False)


def git_env(ceiling: Path) -> dict[str, str]:
    """git that ignores the machine's own configuration and stops looking upwards here."""
    return {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CEILING_DIRECTORIES": str(ceiling),
            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}


class Repo:
    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root = root
        self.env = env

    def git(self, *args: str) -> str:
        result = run("git", *args, cwd=self.root, env=self.env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def validate(self, *args: str) -> subprocess.CompletedProcess:
        return run(sys.executable, "-m", "buzzvalue", "validate", *args, cwd=self.root,
                   env=self.env)


@pytest.fixture
def repo(tiny, tmp_path) -> Repo:
    """The tiny knowledge base committed on main, with a broken technology already there."""
    kb = Repo(tiny.root, git_env(tmp_path))
    kb.edit(TECH, "phase: plateau", "phase: plato")  # on main, not this branch's doing
    kb.git("init", "-q", "-b", "main")
    kb.git("add", "-A")
    kb.git("commit", "-q", "-m", "main")
    kb.git("switch", "-q", "-c", "work")
    return kb


def test_only_the_changed_and_untracked_entries_are_checked(repo):
    repo.edit(UC, "stage: production", "stage: pilt")  # committed on the branch
    repo.git("commit", "-q", "-am", "work")
    repo.edit("entries/use-cases/xx-ledger-payments.md", "Stopped.", "Ended.")  # unstaged
    copy = (repo.root / UC).read_text().replace("id: xx-land-registry", "id: xx-copy")
    (repo.root / "entries/use-cases/xx-copy.md").write_text(copy)  # untracked

    result = repo.validate("--changed")

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    where = [line.split(": ")[0] + " " + line.split()[2] for line in lines if ": error " in line]
    assert where == ["entries/use-cases/xx-copy.md:14:8 BV104",
                     f"{UC}:14:8 BV104"]  # and not TECH's error: it is unchanged
    assert lines[-1].startswith("Checked 3 files: ")
    assert result.stderr.startswith("buzzvalue: 3 entries changed against main (merge base ")


def test_references_still_resolve_against_the_whole_knowledge_base(repo):
    repo.edit(UC, "Institutional reform", "Reform")
    result = repo.validate("--changed")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Checked 1 file: 0 errors, 0 warnings")


def test_deleted_entries_are_left_out_and_counted(repo):
    repo.git("rm", "-q", "entries/use-cases/xx-records-archive.md")
    result = repo.validate("--changed")
    assert result.stdout.startswith("Checked 0 files: 0 errors")
    assert result.stderr.startswith("buzzvalue: 0 entries changed against main")
    assert "; 1 deleted entry left out)" in result.stderr


def test_on_main_after_a_commit_it_checks_the_previous_commits_changes(repo):
    """The false clean of issue 21: a commit on main itself used to give 'Checked 0 files'."""
    repo.git("switch", "-q", "main")
    repo.edit(UC, "stage: production", "stage: pilt")
    repo.git("commit", "-q", "-am", "on main")
    result = repo.validate("--changed")
    assert result.returncode == 1
    assert f"{UC}:14:8: error BV104" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Checked 1 file: ")
    previous = repo.git("rev-parse", "HEAD~1").strip()[:12]
    assert result.stderr == (
        "buzzvalue: HEAD is on main itself, so this compares with the previous commit: 1 entry "
        f"changed against HEAD~1 (merge base {previous}; checked {previous}..HEAD and the "
        "working tree)\n")


def test_on_main_ahead_of_origin_it_compares_with_origin(repo):
    repo.git("switch", "-q", "main")
    repo.git("update-ref", "refs/remotes/origin/main", "main")
    pushed = repo.git("rev-parse", "HEAD").strip()[:12]
    repo.edit(UC, "stage: production", "stage: pilt")
    repo.git("commit", "-q", "-am", "first")
    repo.edit("entries/use-cases/xx-ledger-payments.md", "Stopped.", "Ended.")
    repo.git("commit", "-q", "-am", "second")
    result = repo.validate("--changed")
    assert result.stdout.splitlines()[-1].startswith("Checked 2 files: 1 error")
    assert result.stderr.startswith("buzzvalue: HEAD is on main itself, so this compares with "
                                    "origin/main: 2 entries changed against origin/main "
                                    f"(merge base {pushed}; checked {pushed}..HEAD")


def test_on_the_first_commit_it_checks_every_entry(repo):
    repo.git("switch", "-q", "main")
    result = repo.validate("--changed")
    assert result.stdout.splitlines()[-1].startswith("Checked 5 files: 1 error")
    assert "compares with the empty tree: 5 entries changed" in result.stderr


def test_base_names_another_starting_point(repo):
    repo.edit(UC, "Institutional reform", "Reform")
    repo.git("commit", "-q", "-am", "first")
    repo.git("tag", "first")
    repo.edit("entries/use-cases/xx-ledger-payments.md", "Stopped.", "Stopped early.")
    result = repo.validate("--changed", "--base", "first")
    assert result.stdout.startswith("Checked 1 file: ")
    assert "changed against first (merge base " in result.stderr


def test_origin_main_serves_when_there_is_no_local_main(repo):
    repo.git("update-ref", "refs/remotes/origin/main", "main")
    repo.git("branch", "-q", "-D", "main")
    result = repo.validate("--changed")
    assert result.returncode == 0
    assert "changed against origin/main" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--changed", "--base", "nope"],
     "--base 'nope' is not a branch, tag or commit in this repository"),
    (["--base", "main"], "--base goes with --changed"),
    (["--changed", UC], "give either PATH... or --changed, not both"),
])
def test_usage_mistakes_exit_two(repo, args, message):
    result = repo.validate(*args)
    assert result.returncode == 2
    assert result.stderr == f"buzzvalue: error: {message}\n"


def test_without_a_main_branch_it_asks_for_base(repo):
    repo.git("branch", "-q", "-m", "main", "trunk")
    result = repo.validate("--changed")
    assert result.returncode == 2
    assert "there is no branch 'main' (nor 'origin/main')" in result.stderr
    assert "pass --base" in result.stderr


def test_outside_a_git_repository_is_a_usage_error(tiny, tmp_path):
    result = run(sys.executable, "-m", "buzzvalue", "validate", "--changed", cwd=tiny.root,
                 env=git_env(tmp_path))
    assert result.returncode == 2
    assert "is not inside a git repository" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_without_git_it_is_a_usage_error(tiny, tmp_path):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    result = run(sys.executable, "-m", "buzzvalue", "validate", "--changed", cwd=tiny.root,
                 env={**git_env(tmp_path), "PATH": str(empty)})
    assert result.returncode == 2
    assert result.stderr.startswith("buzzvalue: error: --changed needs git, and git is not "
                                    "installed")
    assert "Traceback" not in result.stderr
