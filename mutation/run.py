"""Mutation testing of the modules that decide what readers and contributors are told.

    make mutants                                   # every group, every mutant
    .venv/bin/python mutation/run.py --group model # one group (see pyproject.toml)
    .venv/bin/python mutation/run.py --sample 0.25 # a seeded random quarter of each module
    .venv/bin/python mutation/run.py --group model 'buzzvalue.model.score.*'  # some mutants
    .venv/bin/python mutation/run.py --report-only # the summary of the last run again

mutmut (configured under [tool.mutmut] in pyproject.toml, mutmut==3.8.1) names a module by
its file's path and strips only a leading "src."; our source root is build/. So this script
stages, per group of [tool.buzzvalue.mutation.groups], a copy of the repository in
.mutants/<group>/ with the package under src/, and runs `mutmut run` there with that
group's modules and tests. Mutants listed in mutation/equivalent.txt (each with the reason
it cannot change behaviour) leave the denominator; a listed mutant that is killed is
reported, so the list cannot go stale silently.

The score is killed / (all mutants - equivalent ones); a timeout counts as killed (the
mutant made the tests hang), "no tests" counts as surviving. With --sample, each module's
score is estimated from a random sample (seeded by the module's source, so the same code
gives the same sample) and shown with its 90% interval. Exit status: 1 when the score is
under --fail-under (default 80), 2 when mutmut itself cannot run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from fnmatch import fnmatch
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / ".mutants"
EQUIVALENT = REPO / "mutation" / "equivalent.txt"
SUMMARY = WORK / "summary.md"
MUTMUT = Path(sys.executable).parent / "mutmut"

DETECTED = {"killed", "timeout", "caught by type check", "segfault"}
RESULT_LINE = re.compile(r"^\s*(?P<name>[\w.ǁ]+__mutmut_\d+): (?P<status>.+)$")
MUTANT_DEF = re.compile(r"^\s*def (?P<func>(?:x_|xǁ)[\wǁ]*__mutmut_\d+)\(", re.MULTILINE)

# mutmut's own steps up to the first test: copy the source, write the mutants.
GENERATE = """
from pathlib import Path
from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants, setup_source_paths
from mutmut.mutation.trampoline import set_mutant_under_test
set_mutant_under_test("mutant_generation")
Path("mutants").mkdir(exist_ok=True)
copy_src_dir(); copy_also_copy_files(); setup_source_paths(); create_mutants(1)
"""


def toml_value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # strings and lists of strings read alike


def groups_config() -> tuple[dict, dict, dict]:
    """[tool.mutmut], the groups, and pytest's options (the staged copy needs them too)."""
    tool = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]
    return tool["mutmut"], tool["buzzvalue"]["mutation"]["groups"], tool["pytest"]["ini_options"]


def stage(name: str, group: dict, base: dict, pytest_options: dict, keep: bool) -> Path:
    """.mutants/<name>/: the package under src/, the tests, the data they read, and a
    pyproject.toml whose [tool.mutmut] mutates this group's modules with its tests."""
    work = WORK / name
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    work.mkdir(parents=True, exist_ok=True)
    if not keep:
        shutil.rmtree(work / "mutants", ignore_errors=True)
    for folder in ("src", "tests", *base.get("also_copy", [])):
        shutil.rmtree(work / folder, ignore_errors=True)
    shutil.copytree(REPO / "build" / "buzzvalue", work / "src" / "buzzvalue", ignore=ignore)
    shutil.copytree(REPO / "tests", work / "tests", ignore=ignore)
    for folder in base.get("also_copy", []):
        shutil.copytree(REPO / folder, work / folder, ignore=ignore)
    lines = ["[tool.mutmut]",
             f"source_paths = {toml_value(base['source_paths'])}",
             f"only_mutate = {toml_value(['src/buzzvalue/' + m for m in group['modules']])}",
             f"also_copy = {toml_value(base.get('also_copy', []))}",
             f"pytest_add_cli_args_test_selection = {toml_value(group['tests'])}",
             f"pytest_add_cli_args = {toml_value(base.get('pytest_add_cli_args', []))}",
             "", "[tool.pytest.ini_options]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in pytest_options.items()]
    (work / "pyproject.toml").write_text("\n".join(lines) + "\n")
    return work


def generate(work: Path) -> list[str]:
    """Every mutant's name in this workspace, without running a test."""
    run_checked([sys.executable, "-c", GENERATE], work, capture=True)
    names = []
    for path in sorted((work / "mutants" / "src").rglob("*.py")):
        module = ".".join(path.relative_to(work / "mutants" / "src").with_suffix("").parts)
        names += [f"{module}.{m['func']}" for m in MUTANT_DEF.finditer(path.read_text())]
    return names


def sample(names: list[str], fraction: float, work: Path) -> list[str]:
    """A random share of each module's mutants, seeded by that module's source."""
    by_module: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_module[module_of(name)].append(name)
    chosen = []
    for module, members in sorted(by_module.items()):
        source = work / "src" / Path(*module.split(".")).with_suffix(".py")
        seed = int.from_bytes(hashlib.sha256(source.read_bytes()).digest()[:8], "big")
        count = max(1, math.ceil(len(members) * fraction))
        chosen += random.Random(seed).sample(sorted(members), count)
    return sorted(chosen)


def run_checked(command: list[str], cwd: Path, capture: bool = False) -> str:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=capture, text=True)
    if done.returncode != 0:
        if capture:
            print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"mutation: `{' '.join(command[:3])} ...` exited with "
                         f"{done.returncode} in {cwd}")
    return done.stdout if capture else ""


def results(work: Path) -> dict[str, str]:
    """Every mutant's status in a workspace, by name (module.function__mutmut_N)."""
    listing = run_checked([str(MUTMUT), "results", "--all", "true"], work, capture=True)
    found = {}
    for line in listing.splitlines():
        match = RESULT_LINE.match(line)
        if match:
            found[match["name"]] = match["status"].strip()
    return found


def equivalent_mutants() -> dict[str, str]:
    """name -> reason, from mutation/equivalent.txt (``name  # reason`` per line)."""
    listed = {}
    for number, line in enumerate(EQUIVALENT.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, reason = line.partition("#")
        if not reason.strip():
            raise SystemExit(f"{EQUIVALENT.name}:{number}: give the reason after '#'")
        listed[name.strip()] = reason.strip()
    return listed


def module_of(name: str) -> str:
    return re.split(r"\.x[_ǁ]", name, maxsplit=1)[0]


def jeffreys90(killed: int, counted: int) -> tuple[float, float]:
    """The 90% interval of a sampled score: the Jeffreys interval the verdicts use too."""
    from buzzvalue.model.jeffreys import jeffreys_interval

    return jeffreys_interval(killed, counted, 0.9)


def summarise(statuses: dict[str, str], equivalent: dict[str, str],
              sampled: bool) -> tuple[str, float]:
    per_module: dict[str, Counter] = defaultdict(Counter)
    survivors: list[str] = []
    for name, status in sorted(statuses.items()):
        row = per_module[module_of(name)]
        if status == "not checked":
            continue
        row["mutants"] += 1
        if name in equivalent:
            row["equivalent"] += 1
        elif status in DETECTED:
            row["killed"] += 1
        else:
            row["survived"] += 1
            survivors.append(f"{name}: {status}")
    stale = sorted(n for n in equivalent if n in statuses and statuses[n] in DETECTED)
    tested = "sampled" if sampled else "mutants"
    header = f"| module | {tested} | killed | survived | equivalent | score |"
    lines = [header + (" 90% interval |" if sampled else ""),
             "|---|---:|---:|---:|---:|---:|" + ("---|" if sampled else "")]
    total: Counter = Counter()
    for module, row in sorted(per_module.items()):
        total.update(row)
        lines.append(row_line(module, row, sampled))
    lines.append(row_line("**all**", total, sampled))
    if survivors:
        lines += ["", f"Surviving mutants ({len(survivors)}; `mutmut show NAME` in "
                      ".mutants/<group>/):", *(f"- {s}" for s in survivors)]
    if stale:
        lines += ["", "Listed as equivalent but killed (remove them from equivalent.txt):",
                  *(f"- {n}" for n in stale)]
    return "\n".join(lines) + "\n", score(total)


def row_line(module: str, row: Counter, sampled: bool) -> str:
    line = (f"| {module} | {row['mutants']} | {row['killed']} | {row['survived']} | "
            f"{row['equivalent']} | {score(row):.1%} |")
    if sampled:
        low, high = jeffreys90(row["killed"], row["mutants"] - row["equivalent"])
        line += f" {low:.0%}–{high:.0%} |"
    return line


def score(row: Counter) -> float:
    counted = row["mutants"] - row["equivalent"]
    return row["killed"] / counted if counted else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("patterns", nargs="*", metavar="PATTERN",
                        help="only mutants whose name matches (fnmatch), e.g. "
                             "'buzzvalue.model.score.*'")
    parser.add_argument("--group", action="append",
                        help="only this group of pyproject.toml (repeatable)")
    parser.add_argument("--sample", type=float, metavar="FRACTION",
                        help="test a seeded random share of each module's mutants")
    parser.add_argument("--keep", action="store_true",
                        help="keep earlier results; only new or changed mutants run")
    parser.add_argument("--report-only", action="store_true",
                        help="summarise the last run without running mutmut again")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--fail-under", type=float, default=80.0,
                        help="exit 1 when the score (percent) is lower")
    args = parser.parse_args()
    if not MUTMUT.exists():
        print(f"mutation: {MUTMUT} is missing; install it with "
              f"`{sys.executable} -m pip install -e '.[mutation]'`", file=sys.stderr)
        return 2
    base, groups, pytest_options = groups_config()
    unknown = set(args.group or ()) - set(groups)
    if unknown:
        print(f"mutation: no group {', '.join(sorted(unknown))}; the groups are "
              f"{', '.join(groups)}", file=sys.stderr)
        return 2
    statuses: dict[str, str] = {}
    for name, group in groups.items():
        if args.group and name not in args.group:
            continue
        if args.report_only:
            work = WORK / name
            if not (work / "mutants").is_dir():
                print(f"mutation: no earlier run in .mutants/{name}/", file=sys.stderr)
                return 2
        else:
            work = stage(name, group, base, pytest_options, args.keep)
            names = generate(work)
            if args.patterns:
                names = [n for n in names if any(fnmatch(n, p) for p in args.patterns)]
            if args.sample:
                names = sample(names, args.sample, work)
            if not names:
                continue
            print(f"mutation: group {name}: {len(names)} mutants, {args.max_children} "
                  "workers (the first pass records which tests reach which function)",
                  flush=True)
            if not args.sample and not args.patterns:
                names = []  # all of them: no need to name each one to mutmut
            run_checked([str(MUTMUT), "run", "--max-children", str(args.max_children),
                         *names], work)
        found = results(work)
        if args.patterns:
            found = {n: s for n, s in found.items()
                     if any(fnmatch(n, p) for p in args.patterns)}
        statuses.update(found)
    text, total = summarise(statuses, equivalent_mutants(), bool(args.sample))
    SUMMARY.write_text(text)
    print(text)
    print(f"mutation: score {total:.1%} (at least {args.fail_under:.0f}% asked); "
          f"summary in {SUMMARY.relative_to(REPO)}")
    return 0 if total * 100 >= args.fail_under else 1


if __name__ == "__main__":
    sys.exit(main())
