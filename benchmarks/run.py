"""Benchmarks, side by side in one run: medians of repeated runs, ratios, and the targets.

    .venv/bin/python benchmarks/run.py [--entries 10000] [--runs 3] [--realistic] [--skip-site]

Each measurement is a fresh process, timed from start to exit, with its peak memory
(ru_maxrss from wait4). The knowledge bases (benchmarks/generate.py):

- synthetic:  N small, uniform generated entries
- realistic:  (--realistic) whole copies of this repository's own entries, ids renamed per
              copy, at least N entries; the targets of issue 22 are read on this one

Rows, for each knowledge base:

- validate, cold:              `buzzvalue validate` with no .cache/ (it writes the cache)
- validate, cold, --no-cache:  the same without reading or writing the cache
- validate after an edit:      the cache warm and one use case's title edited
- validate two named files:    a use case and a technology named, no .cache/ (a pre-commit
                               hook); references still resolve against the whole base
- validate 2,000 named files:  the same for a fifth of the base
- score, every assessment:     `buzzvalue score` (the verdict model's resampling), the
                               validation cache warm and no stored assessments
- score after an edit:         `buzzvalue score` after one use case's title changed: its
                               technology and patterns are assessed again, the rest recalled
- read and split every file:   the floor: each file read and its front matter split off
- check-jsonschema:            the peer baseline, on the same front matter as YAML files
- site build:                  `mkdocs build` of the knowledge base with the plugin
- bare site build:             `mkdocs build` of as many plain Markdown pages as the site has
                               (Material, search and tags, no plugin)

Site and bare builds alternate run by run, so both see the same noise. The machine is
shared and noisy: read the ratios measured in the same run, not absolute times from
different runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from generate import generate, realistic  # noqa: E402

SYNTHETIC, REALISTIC = "synthetic", "realistic"
BARE = "bare site build (as many plain pages)"
SCORE = "score, every assessment computed"
SCORE_EDIT = "score after a one-file edit"
Once = Callable[[], tuple[float, float]]


def timed(command: list[str], cwd: Path, env: dict | None = None,
          allowed: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """(seconds, peak MiB) of one run of ``command``; fails loudly if it fails. The knowledge
    bases are clean, so `buzzvalue` must exit 0 (1 would mean a broken benchmark input)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in allowed:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    process.stderr.close()
    return seconds, usage.ru_maxrss / 1024


@dataclass
class Row:
    """One measurement: each run's seconds and the peak memory over the runs."""

    seconds: list[float] = field(default_factory=list)
    mib: float = 0.0

    def add(self, result: tuple[float, float]) -> None:
        self.seconds.append(result[0])
        self.mib = max(self.mib, result[1])

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def measure(runs: int, *onces: Once) -> list[Row]:
    """Each measurement ``runs`` times, interleaved (a, b, a, b, ...) so they share the noise."""
    rows = [Row() for _ in onces]
    for _ in range(runs):
        for row, once in zip(rows, onces, strict=True):
            row.add(once())
    return rows


def front_matter_files(kb: Path, out: Path) -> dict[str, list[Path]]:
    """The front matter of every entry as a .yaml file, per kind (for check-jsonschema)."""
    files: dict[str, list[Path]] = {}
    for folder in sorted(p for p in (kb / "entries").iterdir() if p.is_dir()):
        (out / folder.name).mkdir(parents=True)
        for entry in sorted(folder.glob("*.md")):
            front = entry.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
            target = out / folder.name / (entry.stem + ".yaml")
            target.write_text(front + "\n", encoding="utf-8")
            files.setdefault(folder.name, []).append(target)
    return files


def bare_site(count: int, out: Path) -> Path:
    """N plain Markdown pages of about an entry's size, built with Material and no plugin."""
    docs = out / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Bare\n")
    paragraph = "A plain paragraph of about the length of an entry's prose. " * 6
    for index in range(count - 1):
        (docs / f"page-{index:05d}.md").write_text(
            f"# Page {index}\n\n## What happened\n\n{paragraph}\n\n## Outcome\n\n{paragraph}\n\n"
            f"| Fact | Detail |\n|---|---|\n| Stage | pilot |\n| Outcome | mixed |\n")
    (out / "mkdocs.yml").write_text(
        "site_name: Bare\ntheme:\n  name: material\n  font: false\nplugins: [search, tags]\n"
        "nav: [index.md]\nvalidation:\n  nav:\n    omitted_files: ignore\n")
    return out


FLOOR = """
import sys
from pathlib import Path
from buzzvalue.load import frontmatter
from buzzvalue.load.files import entry_files
for path in entry_files(Path(sys.argv[1]) / "entries"):
    frontmatter.split(frontmatter.decode(path.read_bytes()))
"""

CHECK_JSONSCHEMA_KINDS = {"technologies": "technology", "use-cases": "use-case",
                          "guides": "guide"}


class Bench:
    """The measurements of one knowledge base."""

    def __init__(self, name: str, kb: Path, work: Path, env: dict[str, str]) -> None:
        self.name, self.kb, self.work, self.env = name, kb, work, env
        self.bv = str(BIN / "buzzvalue")
        self.entries = sorted((kb / "entries").glob("*/*.md"))
        self.counter = 0

    def cold_cache(self) -> None:
        shutil.rmtree(self.kb / ".cache", ignore_errors=True)

    def validate(self, *extra: str, cold: bool = False) -> Once:
        def once() -> tuple[float, float]:
            if cold:
                self.cold_cache()
            return timed([self.bv, "validate", *extra], self.kb, self.env, (0,))
        return once

    def edit(self) -> None:
        """Edit the title of one use case (the same one every time), keeping valid YAML."""
        if not hasattr(self, "edited"):
            cases = [p for p in self.entries if p.parent.name == "use-cases"]
            plain = re.compile(r"^title: [A-Za-z][^\"'#:\n]*$", re.MULTILINE)  # stays YAML
            self.edited = next(p for p in cases[len(cases) // 2:] + cases
                               if plain.search(p.read_text(encoding="utf-8")))
        self.counter += 1
        text = self.edited.read_text(encoding="utf-8")
        lines = text.split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith("title: "))
        title = lines[at].removeprefix("title: ").split(" (edit ", 1)[0]
        lines[at] = f"title: {title} (edit {self.counter})"
        self.edited.write_text("\n".join(lines), encoding="utf-8")

    def after_edit(self) -> Once:
        def once() -> tuple[float, float]:
            self.edit()
            return timed([self.bv, "validate"], self.kb, self.env, (0,))
        timed([self.bv, "validate"], self.kb, self.env, (0,))  # fill the cache
        return once

    def named(self, count: int) -> list[str]:
        """A use case and a technology for two; every fifth file for more."""
        if count == 2:
            case = next(p for p in self.entries if p.parent.name == "use-cases")
            tech = next(p for p in self.entries if p.parent.name == "technologies")
            chosen = [case, tech]
        else:
            chosen = self.entries[:: max(1, len(self.entries) // count)][:count]
        return [p.relative_to(self.kb).as_posix() for p in chosen]

    def floor(self) -> Once:
        return lambda: timed([sys.executable, "-c", FLOOR, str(self.kb)], self.kb, self.env)

    def score(self) -> Once:
        """Every assessment computed: the validation cache warm, no stored assessments."""
        timed([self.bv, "validate"], self.kb, self.env)  # the cache warm

        def once() -> tuple[float, float]:
            (self.kb / ".cache" / "buzzvalue" / "assessments.marshal").unlink(missing_ok=True)
            return timed([self.bv, "score"], self.kb, self.env, (0,))
        return once

    def score_after_edit(self) -> Once:
        """One use case edited since the last `score`: its technology's and its patterns'
        assessments are computed again, the others recalled."""
        timed([self.bv, "score"], self.kb, self.env)  # assessments stored

        def once() -> tuple[float, float]:
            self.edit()
            return timed([self.bv, "score"], self.kb, self.env, (0,))
        return once

    def peer(self) -> Once:
        schemas = self.work / f"schemas-{self.name}"
        schemas.mkdir()
        for kind in CHECK_JSONSCHEMA_KINDS.values():
            bundled = subprocess.run([self.bv, "schema", "--bundle", kind], cwd=self.kb,
                                     capture_output=True, text=True, check=True).stdout
            (schemas / f"{kind}.json").write_text(bundled)
        fm = front_matter_files(self.kb, self.work / f"fm-{self.name}")

        def once() -> tuple[float, float]:
            total, peak = 0.0, 0.0
            for folder, files in fm.items():
                schema = schemas / f"{CHECK_JSONSCHEMA_KINDS[folder]}.json"
                seconds, mib = timed([str(BIN / "check-jsonschema"), "--schemafile",
                                      str(schema), *map(str, files)], self.work, self.env)
                total, peak = total + seconds, max(peak, mib)
            return total, peak
        return once

    def pages(self) -> int:
        """The Markdown pages the site build turns into HTML: generated and hand-written."""
        out = self.work / f"render-{self.name}"
        subprocess.run([self.bv, "render", "--no-history", "--out", str(out)], cwd=self.kb,
                       env=self.env, check=True, capture_output=True)
        return (sum(1 for _ in out.rglob("*.md"))
                + sum(1 for _ in (REPO / "docs").rglob("*.md")))

    def site(self) -> Once:
        for name in ("mkdocs.yml", "docs", "overrides"):
            source, target = REPO / name, self.kb / name
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy(source, target)
        out = self.work / f"site-{self.name}"
        return lambda: timed([str(BIN / "mkdocs"), "build", "-q", "-d", str(out)], self.kb,
                             self.env, (0,))


def bench(name: str, kb: Path, work: Path, env: dict[str, str], args: argparse.Namespace,
          table: dict[str, dict[str, Row]]) -> None:
    b = Bench(name, kb, work, env)
    print(f"{name}: {len(b.entries)} entries in {kb}", file=sys.stderr)

    def put(label: str, row: Row) -> None:
        table.setdefault(label, {})[name] = row
        print(f"  {name:10} {label:44} {row.median:8.2f} s {row.mib:7.0f} MiB",
              file=sys.stderr)

    put("read and split every file (the floor)", *measure(args.runs, b.floor()))
    cold, no_cache = measure(args.runs, b.validate(cold=True), b.validate("--no-cache"))
    put("validate, cold (writes the cache)", cold)
    put("validate, cold, --no-cache", no_cache)
    put("validate after a one-file edit", *measure(args.runs, b.after_edit()))
    put("validate 2 named files, cold cache", *measure(args.runs, b.validate(
        *b.named(2), cold=True)))
    put("validate 2,000 named files, cold cache", *measure(args.runs, b.validate(
        *b.named(2000), cold=True)))
    put(SCORE, *measure(args.runs, b.score()))
    put(SCORE_EDIT, *measure(args.runs, b.score_after_edit()))
    put("check-jsonschema, same front matter", *measure(args.runs, b.peer()))
    if not args.skip_site:
        pages = b.pages()
        bare = bare_site(pages, work / f"bare-{name}")
        out = work / f"bare-site-{name}"
        site, plain = measure(args.runs, b.site(), lambda: timed(
            [str(BIN / "mkdocs"), "build", "-q", "-d", str(out)], bare, env))
        put("site build (mkdocs + buzzvalue)", site)
        put(BARE, plain)
        table.setdefault("_pages", {})[name] = Row([float(pages)])
    table.setdefault("_entries", {})[name] = Row([float(len(b.entries))])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--realistic", action="store_true",
                        help="also measure clones of the real entries, and check the targets")
    parser.add_argument("--skip-site", action="store_true", help="leave out the site builds")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    table: dict[str, dict[str, Row]] = {}
    with tempfile.TemporaryDirectory(prefix="bv-bench-") as scratch:
        work = Path(scratch)
        bench(SYNTHETIC, generate(args.entries, work / "synthetic"), work, env, args, table)
        if args.realistic:
            bench(REALISTIC, realistic(args.entries, work / "realistic"), work, env, args,
                  table)
    report(table, args)
    return 0


TARGETS = (  # (row, target, how it is read)
    ("validate, cold (writes the cache)", 3.0, "s"),
    ("validate, cold, --no-cache", 3.0, "s"),
    ("validate after a one-file edit", 0.5, "s"),
    ("validate 2 named files, cold cache", 1.0, "s"),
    (SCORE, 3.0, "s"),
    (SCORE_EDIT, 3.0, "s"),
)


def report(table: dict[str, dict[str, Row]], args: argparse.Namespace) -> None:
    names = [SYNTHETIC, REALISTIC] if args.realistic else [SYNTHETIC]
    counts = {n: int(table["_entries"][n].seconds[0]) for n in names}
    print(f"\n{args.entries} entries asked for ("
          + ", ".join(f"{n}: {counts[n]}" for n in names)
          + f"), median of {args.runs} run{'s' * (args.runs != 1)} each, on {os.cpu_count()} "
          "cores; seconds, and peak MiB")
    head = f"{'measurement':44}" + "".join(f" {n + ' s':>13} {'MiB':>6}" for n in names)
    if args.realistic:
        head += f" {'real/synth':>10}"
    print(head)
    for label, by_name in table.items():
        if label.startswith("_"):
            continue
        line = f"{label:44}"
        for n in names:
            row = by_name.get(n)
            line += f" {row.median:13.2f} {row.mib:6.0f}" if row else f" {'':13} {'':6}"
        if args.realistic and SYNTHETIC in by_name and REALISTIC in by_name:
            line += f" {by_name[REALISTIC].median / by_name[SYNTHETIC].median:9.2f}x"
        print(line)
    main_input = REALISTIC if args.realistic else SYNTHETIC
    peer = table["check-jsonschema, same front matter"][main_input].median
    print(f"\ntargets, on the {main_input} knowledge base ({counts[main_input]} entries)")
    print(f"{'measurement':44} {'measured':>12} {'target':>12}  result")
    for label, target, _ in TARGETS:
        value = table[label][main_input].median
        verdict = "met" if value <= target else "MISSED"
        print(f"{label:44} {value:10.2f} s {target:10.1f} s  {verdict}   "
              f"({value / peer:.2f}x check-jsonschema)")
    if not args.skip_site:
        site = table["site build (mkdocs + buzzvalue)"][main_input].median
        bare = table[BARE][main_input].median
        ratio = site / bare
        print(f"{'site build / bare Material build':44} {ratio:10.2f} x {1.5:10.1f} x  "
              f"{'met' if ratio <= 1.5 else 'MISSED'}   ({site:.1f} s vs {bare:.1f} s, "
              f"{int(table['_pages'][main_input].seconds[0])} pages)")
    peak = max(row.mib for label, by_name in table.items() if not label.startswith("_")
               for n, row in by_name.items() if n == main_input)
    print(f"{'peak memory, any row':44} {peak:8.0f} MiB {1024:8.0f} MiB  "
          f"{'met' if peak <= 1024 else 'MISSED'}")


if __name__ == "__main__":
    sys.exit(main())
