"""Benchmarks for issue 7, side by side in one run: medians of repeated runs, and ratios.

    .venv/bin/python benchmarks/run.py [--entries 10000] [--runs 3] [--skip-site]

Each measurement is a fresh process, timed from start to exit, with its peak memory
(ru_maxrss from wait4). Rows:

- validate, cold:        `buzzvalue validate --no-cache` on N generated entries
- validate, after edit:  `buzzvalue validate` with its cache warm and one file edited
- check-jsonschema:      the peer baseline, on the same front matter as YAML files
- site build:            `mkdocs build` of the knowledge base with the plugin
- bare site build:       `mkdocs build` of N plain Markdown pages with Material, no plugin

The machine is shared and noisy: compare ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """(seconds, peak MiB) of one run of ``command``; fails loudly if it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    process.stderr.close()
    return seconds, usage.ru_maxrss / 1024


def median_of(runs: int, once: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    results = [once() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def front_matter_files(kb: Path, out: Path) -> dict[str, list[Path]]:
    """The front matter of every entry as a .yaml file, per kind (for check-jsonschema)."""
    files: dict[str, list[Path]] = {"technologies": [], "use-cases": []}
    for kind in files:
        (out / kind).mkdir(parents=True)
        for entry in sorted((kb / "entries" / kind).glob("*.md")):
            front = entry.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
            target = out / kind / (entry.stem + ".yaml")
            target.write_text(front + "\n", encoding="utf-8")
            files[kind].append(target)
    return files


def bare_site(count: int, out: Path) -> Path:
    """N plain Markdown pages of about an entry's size, built with Material and no plugin."""
    docs = out / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Bare\n")
    paragraph = "A plain paragraph of about the length of an entry's prose. " * 6
    for index in range(count):
        (docs / f"page-{index:05d}.md").write_text(
            f"# Page {index}\n\n## What happened\n\n{paragraph}\n\n## Outcome\n\n{paragraph}\n\n"
            f"| Fact | Detail |\n|---|---|\n| Stage | pilot |\n| Outcome | mixed |\n")
    (out / "mkdocs.yml").write_text(
        "site_name: Bare\ntheme:\n  name: material\n  font: false\nplugins: [search, tags]\n"
        "nav: [index.md]\nvalidation:\n  nav:\n    omitted_files: ignore\n")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-site", action="store_true", help="leave out the site builds")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    buzzvalue = str(BIN / "buzzvalue")
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="bv-bench-") as scratch:
        work = Path(scratch)
        kb = generate(args.entries, work / "kb")
        print(f"generated {args.entries} entries in {kb}", file=sys.stderr)

        def cold() -> tuple[float, float]:
            return timed([buzzvalue, "validate", "--no-cache"], kb, env)

        rows.append(("validate, cold (no cache)", *median_of(args.runs, cold)))
        timed([buzzvalue, "validate"], kb, env)  # fill the cache
        edited = sorted((kb / "entries" / "use-cases").glob("*.md"))[len(rows)]
        counter = iter(range(10**6))

        def after_edit() -> tuple[float, float]:
            text = edited.read_text()
            edited.write_text(text.replace("title: Synthetic", f"title: Edit {next(counter)} "
                                           "Synthetic", 1) if "title: Synthetic" in text
                              else text.replace("title: Edit", "title: Edit again", 1))
            return timed([buzzvalue, "validate"], kb, env)

        rows.append(("validate, after a one-file edit", *median_of(args.runs, after_edit)))
        schemas = work / "schemas"
        schemas.mkdir()
        for kind in ("technology", "use-case"):
            bundled = subprocess.run([buzzvalue, "schema", "--bundle", kind], cwd=kb,
                                     capture_output=True, text=True, check=True).stdout
            (schemas / f"{kind}.json").write_text(bundled)
        fm = front_matter_files(kb, work / "fm")

        def peer() -> tuple[float, float]:
            total, peak = 0.0, 0.0
            for kind, schema in (("technologies", "technology"), ("use-cases", "use-case")):
                seconds, mib = timed([str(BIN / "check-jsonschema"), "--schemafile",
                                      str(schemas / f"{schema}.json"),
                                      *map(str, fm[kind])], work, env)
                total, peak = total + seconds, max(peak, mib)
            return total, peak

        rows.append(("check-jsonschema, same front matter", *median_of(args.runs, peer)))
        if not args.skip_site:
            shutil.copy(REPO / "mkdocs.yml", kb / "mkdocs.yml")
            shutil.copytree(REPO / "docs", kb / "docs")
            shutil.copytree(REPO / "overrides", kb / "overrides")
            bare = bare_site(args.entries, work / "bare")

            def site() -> tuple[float, float]:
                return timed([str(BIN / "mkdocs"), "build", "-q", "-d", str(work / "s1")], kb,
                             env)

            def bare_build() -> tuple[float, float]:
                return timed([str(BIN / "mkdocs"), "build", "-q", "-d", str(work / "s2")], bare,
                             env)

            rows.append(("site build (mkdocs + buzzvalue)", *median_of(args.runs, site)))
            rows.append(("bare site build (Material, plain pages)",
                         *median_of(args.runs, bare_build)))
    report(rows, args)
    return 0


def report(rows: list[tuple[str, float, float]], args: argparse.Namespace) -> None:
    table = {name: (seconds, mib) for name, seconds, mib in rows}
    print(f"\n{args.entries} entries, median of {args.runs} runs each, on {os.cpu_count()} cores")
    print(f"{'measurement':42} {'median s':>9} {'peak MiB':>9}")
    for name, seconds, mib in rows:
        print(f"{name:42} {seconds:9.2f} {mib:9.0f}")
    peer = table["check-jsonschema, same front matter"][0]
    cold = table["validate, cold (no cache)"][0]
    warm = table["validate, after a one-file edit"][0]
    print("\ntargets")
    print(f"  validate cold <= 3.0 s:           {cold:6.2f} s  "
          f"({cold / peer:.2f}x check-jsonschema)")
    print(f"  validate after edit <= 0.5 s:     {warm:6.2f} s  "
          f"({warm / peer:.2f}x check-jsonschema)")
    if "site build (mkdocs + buzzvalue)" in table:
        site = table["site build (mkdocs + buzzvalue)"][0]
        bare = table["bare site build (Material, plain pages)"][0]
        print(f"  site build <= 1.3x bare build:    {site / bare:6.2f}x "
              f"({site:.1f} s vs {bare:.1f} s)")
        print(f"  site build <= 60 s:               {site:6.1f} s")
    peak = max(mib for _, _, mib in rows)
    print(f"  peak memory <= 1024 MiB:          {peak:6.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
