"""Mutation testing of the modules that decide what readers and contributors are told.

    make mutants                      # or: .venv/bin/python mutation/run.py
    .venv/bin/python mutation/run.py 'buzzvalue.model.score*'   # only these mutants
    .venv/bin/python mutation/run.py --keep ...       # reuse earlier results (iterating)
    .venv/bin/python mutation/run.py --report-only   # the summary of the last run again

mutmut (configured under [tool.mutmut] in pyproject.toml) names a module by its file's
path and strips only a leading "src."; our source root is build/. So this script stages a
copy of the repository in .mutants/ with the package under src/, runs `mutmut run` there,
and summarises the result per module. Mutants listed in mutation/equivalent.txt (with the
reason each one cannot change behaviour) leave the denominator; a listed mutant that is no
longer surviving is reported, so the list cannot go stale silently.

The score is killed / (all mutants − equivalent ones); a timeout counts as killed (the
mutant made the tests hang), "no tests" counts as surviving. Exit status 1 when the score
is under --fail-under (default 80), 2 when mutmut itself fails.
"""

from __future__ import annotations

import argparse
import os
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
RESULT_LINE = re.compile(r"^\s*(?P<name>[\w.]+__mutmut_\d+): (?P<status>.+)$")


def stage(keep: bool) -> None:
    """A copy of what the selected tests need, with the package at src/buzzvalue. Earlier
    results are dropped unless ``keep``: a surviving mutant must meet today's tests."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["mutmut"]
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    WORK.mkdir(exist_ok=True)
    if not keep:
        shutil.rmtree(WORK / "mutants", ignore_errors=True)
    for name in ("src", "tests", *config.get("also_copy", [])):
        shutil.rmtree(WORK / name, ignore_errors=True)
    shutil.copytree(REPO / "build" / "buzzvalue", WORK / "src" / "buzzvalue", ignore=ignore)
    shutil.copytree(REPO / "tests", WORK / "tests", ignore=ignore)
    for name in config.get("also_copy", []):
        shutil.copytree(REPO / name, WORK / name, ignore=ignore)
    shutil.copy2(REPO / "pyproject.toml", WORK / "pyproject.toml")


def run_mutmut(children: int, patterns: list[str]) -> None:
    print(f"mutation: running mutmut in {WORK.relative_to(REPO)}/ with {children} workers "
          "(the first pass records which tests reach which function)", flush=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    status = subprocess.run([str(MUTMUT), "run", "--max-children", str(children), *patterns],
                            cwd=WORK, env=env).returncode
    if status != 0:
        raise SystemExit(f"mutation: mutmut run exited with {status}") from None


def results(patterns: list[str]) -> dict[str, str]:
    """Every mutant's status, by name (module.function__mutmut_N); only those matching one
    of ``patterns`` when some are given."""
    completed = subprocess.run([str(MUTMUT), "results", "--all", "true"], cwd=WORK,
                               capture_output=True, text=True)
    if completed.returncode != 0:
        print(completed.stderr, file=sys.stderr)
        raise SystemExit(2)
    found = {}
    for line in completed.stdout.splitlines():
        match = RESULT_LINE.match(line)
        if match and (not patterns or any(fnmatch(match["name"], p) for p in patterns)):
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
    return name.split(".x_")[0].split(".xǁ")[0]


def summarise(statuses: dict[str, str], equivalent: dict[str, str]) -> tuple[str, float]:
    per_module: dict[str, Counter] = defaultdict(Counter)
    survivors: list[str] = []
    for name, status in sorted(statuses.items()):
        row = per_module[module_of(name)]
        row["mutants"] += 1
        if name in equivalent:
            row["equivalent"] += 1
        elif status in DETECTED:
            row["killed"] += 1
        else:
            row["survived"] += 1
            survivors.append(f"{name}: {status}")
    stale = sorted(n for n in equivalent if n in statuses and statuses[n] in DETECTED)
    lines = ["| module | mutants | killed | survived | equivalent | score |",
             "|---|---:|---:|---:|---:|---:|"]
    total: Counter = Counter()
    for module, row in sorted(per_module.items()):
        total.update(row)
        lines.append(f"| {module} | {row['mutants']} | {row['killed']} | {row['survived']} | "
                     f"{row['equivalent']} | {score(row):.1%} |")
    lines.append(f"| **all** | {total['mutants']} | {total['killed']} | {total['survived']} | "
                 f"{total['equivalent']} | **{score(total):.1%}** |")
    if survivors:
        lines += ["", f"Surviving mutants ({len(survivors)}; `mutmut show NAME` in .mutants/):",
                  *(f"- {s}" for s in survivors)]
    if stale:
        lines += ["", "Listed as equivalent but killed or gone (remove from equivalent.txt):",
                  *(f"- {n}" for n in stale)]
    return "\n".join(lines) + "\n", score(total)


def score(row: Counter) -> float:
    counted = row["mutants"] - row["equivalent"]
    return row["killed"] / counted if counted else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("patterns", nargs="*", metavar="PATTERN",
                        help="only mutants whose name matches (fnmatch), e.g. "
                             "'buzzvalue.model.score*'")
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
    if not args.report_only:
        stage(args.keep)
        run_mutmut(args.max_children, args.patterns)
    elif not (WORK / "mutants").is_dir():
        print("mutation: no earlier run in .mutants/; run without --report-only", file=sys.stderr)
        return 2
    text, total = summarise(results(args.patterns), equivalent_mutants())
    SUMMARY.write_text(text)
    print(text)
    print(f"mutation: score {total:.1%} (at least {args.fail_under:.0f}% asked); "
          f"summary in {SUMMARY.relative_to(REPO)}")
    return 0 if total * 100 >= args.fail_under else 1


if __name__ == "__main__":
    sys.exit(main())
