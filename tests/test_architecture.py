"""The layout keeps its promises: stages import only the stages beneath them, no import
cycle, the MkDocs plugin uses only the public API, and build/ is never ignored or left out
of the wheel (see ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "build" / "buzzvalue"

# Each stage may import its own folder and any stage with a lower rank; stages of the same
# rank are peers and import neither each other. The package's own __init__ (the version)
# sits at the bottom.
RANKS = {"": 0, "core": 0, "load": 1, "model": 2, "check": 3, "kb": 4, "export": 5,
         "site": 6, "cli": 7, "api": 7, "__main__": 8}
NEVER = {("site", "check"), ("export", "check")}  # pages and exports read checked data only


def modules(package_dir: Path) -> dict[str, Path]:
    """Every module of a package by dotted name (a package by its own name)."""
    name = package_dir.name
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's own modules that a module imports, anywhere in it (lazy imports too)."""
    is_package = path.name == "__init__.py"
    top = name.split(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name.split(".")[0] == top)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + is_package]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != top:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in known else target)
    return {m for m in out if m in known and m != name}


def folder(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def violations(package_dir: Path) -> list[str]:
    """Every import that goes up (or sideways to a peer), and every import cycle."""
    found_modules = modules(package_dir)
    known = set(found_modules)
    graph = {m: imports(m, p, known) for m, p in found_modules.items()}
    problems = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            here, there = folder(module), folder(target)
            if here == there:
                continue
            if (here, there) in NEVER:
                problems.append(f"{module} imports {target}: {here}/ never imports {there}/")
            elif RANKS.get(there, 99) >= RANKS.get(here, -1):
                problems.append(f"{module} imports {target}, which is not beneath {here}/")
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append([*sorted(group), sorted(group)[0]])

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_stage_imports_only_the_stages_beneath_it_and_there_is_no_cycle():
    assert violations(PACKAGE) == []


def test_every_folder_of_the_package_has_a_rank():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("_")}
    folders |= {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert folders <= set(RANKS)


def write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "pkg"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder_path in [package, *(p for p in package.rglob("*") if p.is_dir())]:
        (folder_path / "__init__.py").touch()
    return package


def test_the_checker_catches_an_import_from_above(tmp_path):
    package = write_package(tmp_path, {
        "core/values.py": "from ..site import pages\n",  # core must not know the site
        "site/pages.py": "from ..core import values\n",
    })
    found = violations(package)
    assert "pkg.core.values imports pkg.site.pages, which is not beneath core/" in found
    assert any(p.startswith("import cycle: pkg.core.values -> pkg.site.pages") for p in found)


def test_the_checker_catches_the_site_reading_the_checks_and_a_lazy_import(tmp_path):
    package = write_package(tmp_path, {
        "check/rules.py": "",
        "site/pages.py": "def page():\n    from ..check import rules\n",
        "load/files.py": "def read():\n    import pkg.model.graph\n",
        "model/graph.py": "",
    })
    assert violations(package) == [
        "pkg.load.files imports pkg.model.graph, which is not beneath load/",
        "pkg.site.pages imports pkg.check.rules: site/ never imports check/",
    ]


def test_the_checker_catches_a_cycle_inside_one_folder(tmp_path):
    package = write_package(tmp_path, {"model/a.py": "from . import b\n",
                                       "model/b.py": "from .a import thing\n"})
    assert violations(package) == ["import cycle: pkg.model.a -> pkg.model.b -> pkg.model.a"]


def test_the_checker_passes_a_well_layered_package(tmp_path):
    package = write_package(tmp_path, {"core/values.py": "",
                                       "load/files.py": "from ..core.values import x\n",
                                       "site/pages.py": "from ..load import files\n"})
    assert violations(package) == []


def test_the_mkdocs_plugin_imports_only_the_public_api():
    plugin_dir = ROOT / "site_plugins" / "buzzvalue_mkdocs"
    used = set()
    for path in plugin_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("buzzvalue"):
                used.add(node.module)
            elif isinstance(node, ast.Import):
                used.update(a.name for a in node.names if a.name.startswith("buzzvalue."))
    assert used == {"buzzvalue.api"}


# --- build/ is source: never ignored, never left out -------------------------------------


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="needs git and a git checkout")
def test_git_does_not_ignore_the_package():
    paths = ["build", "build/buzzvalue", *(str(p.relative_to(ROOT)) for p in
                                           sorted(PACKAGE.rglob("*.py")))]
    # Not --verbose: it would also list the '!/build/' line that keeps them, with status 0.
    result = subprocess.run(["git", "check-ignore", "--no-index", *paths],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1, f"git ignores package files:\n{result.stdout}"


def test_the_wheel_holds_every_module_of_the_package(tmp_path):
    pytest.importorskip("hatchling", reason="hatchling is not installed (pip install -e '.[test]')")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                             "--no-build-isolation", "--quiet", "--wheel-dir", str(tmp_path),
                             str(ROOT)], capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("buzzvalue-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = {n for n in archive.namelist() if n.startswith("buzzvalue/")
                    and n.endswith(".py")}
    on_disk = {f"buzzvalue/{p.relative_to(PACKAGE).as_posix()}" for p in PACKAGE.rglob("*.py")}
    assert len(on_disk) > 40
    assert in_wheel == on_disk
