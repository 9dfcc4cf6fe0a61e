"""The `buzzvalue-validate` pre-commit hook, run by the real pre-commit in a real git repository.

pre-commit installs the hook's package from a copy of this project (committed to a
temporary git repository, so uncommitted state here does not matter) into its own
environment, from PyPI. That takes a while, so every test shares one installation.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from buzzvalue.load.strictyaml import parse

ROOT = Path(__file__).parents[1]
HOOK_FILES = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "build", "site_plugins",
              "schema"]
GOOD = "entries/use-cases/xx-good.md"
BAD = "entries/use-cases/xx-bad.md"

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                       reason="pre-commit is not installed (pip install -e '.[test]')"),
]


def git_env(ceiling: Path, home: Path) -> dict[str, str]:
    return {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CEILING_DIRECTORIES": str(ceiling), "PRE_COMMIT_HOME": str(home),
            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="session")
def hooks(tmp_path_factory) -> tuple[Path, str, dict[str, str]]:
    """This project's hook files committed in a fresh repository: (path, commit, env)."""
    base = tmp_path_factory.mktemp("precommit")
    env = git_env(base, base / "pre-commit-home")
    repo = base / "hook-repo"
    repo.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in HOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=ignore)
        else:
            shutil.copy2(source, repo / name)
    git(repo, env, "init", "-q", "-b", "main")
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-q", "-m", "hooks")
    return repo, git(repo, env, "rev-parse", "HEAD"), env


@pytest.fixture
def knowledge_base(tmp_path, hooks) -> Path:
    """The tiny knowledge base plus one good and one bad entry, in a git repository."""
    repo_path, commit, env = hooks
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURES / "valid", kb)
    land = (kb / "entries/use-cases/xx-land-registry.md").read_text(encoding="utf-8")
    (kb / GOOD).write_text(land.replace("id: xx-land-registry", "id: xx-good"), encoding="utf-8")
    (kb / BAD).write_text(land.replace("id: xx-land-registry", "id: xx-bad")
                          .replace("stage: production", "stage: pilt"), encoding="utf-8")
    (kb / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path}\n    rev: {commit}\n"
        "    hooks:\n      - id: buzzvalue-validate\n", encoding="utf-8")
    git(kb, env, "init", "-q", "-b", "main")
    git(kb, env, "add", "-A")
    return kb


def pre_commit(kb: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", *args], cwd=kb, env=env,
                          capture_output=True, text=True, timeout=900)


def test_the_hook_fails_on_the_bad_entry_and_names_it(knowledge_base, hooks):
    result = pre_commit(knowledge_base, hooks[2], "--all-files")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "buzzvalue validate" in output and "Failed" in output
    assert f"{BAD}:14:8: error BV104 'stage' 'pilt' is not one of" in output
    assert "Checked 7 files: 1 error, 0 warnings" in output
    assert GOOD not in output


def test_the_hook_passes_when_only_good_entries_are_staged(knowledge_base, hooks):
    result = pre_commit(knowledge_base, hooks[2], "--files", GOOD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "buzzvalue validate" in result.stdout and "Passed" in result.stdout


def readme_block(marker: str) -> str:
    """The README's ```sh block that contains ``marker``."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"),
                        re.DOTALL)
    (block,) = [b for b in blocks if marker in b]
    return block


def test_the_readme_names_no_placeholder_repository_or_tag():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "OWNER" not in text
    assert "rev: v" not in text  # a tag typed in by hand; tags come from git


def test_the_readme_recipe_pins_a_real_commit_and_the_hook_runs(knowledge_base, hooks):
    """The recipe for another knowledge base, run as written: repo and rev come from git."""
    repo_path, commit, env = hooks
    if "origin" not in git(repo_path, env, "remote"):
        git(repo_path, env, "remote", "add", "origin", str(repo_path))
    (knowledge_base / ".pre-commit-config.yaml").unlink()
    recipe = readme_block("rev-parse HEAD").replace("hooks=../buzz-vs-value",
                                                    f"hooks={repo_path}")
    path = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    made = subprocess.run(["bash", "-euc", recipe], cwd=knowledge_base, capture_output=True,
                          text=True, timeout=120, env={**env, "PATH": path})
    assert made.returncode == 0, made.stderr
    config = (knowledge_base / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"repo: {repo_path}\n" in config and f"rev: {commit}\n" in config
    git(knowledge_base, env, "add", "-A")
    result = pre_commit(knowledge_base, env, "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{BAD}:14:8: error BV104" in result.stdout


def test_this_repositorys_own_hook_is_local_and_checks_the_entries(knowledge_base, hooks):
    """.pre-commit-config.yaml here: a `repo: local` hook run from .venv, nothing fetched."""
    env = hooks[2]
    config = ROOT / ".pre-commit-config.yaml"
    (repo,) = parse(config.read_text(encoding="utf-8")).data["repos"]
    assert repo["repo"] == "local"
    assert [h["id"] for h in repo["hooks"]] == ["buzzvalue-validate"]
    shutil.copy2(config, knowledge_base / ".pre-commit-config.yaml")
    (knowledge_base / ".venv").symlink_to(Path(sys.executable).parents[1])  # this environment
    git(knowledge_base, env, "add", ".pre-commit-config.yaml")
    result = pre_commit(knowledge_base, env, "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{BAD}:14:8: error BV104" in result.stdout
    result = pre_commit(knowledge_base, env, "--files", GOOD)
    assert result.returncode == 0, result.stdout + result.stderr
