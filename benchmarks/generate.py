"""Deterministic knowledge bases of N entries for the benchmarks, synthetic or realistic.

    python benchmarks/generate.py 10000 /tmp/kb10k               # synthetic, small entries
    python benchmarks/generate.py --realistic 10000 /tmp/kb10k   # clones of entries/

Synthetic: every entry is valid (the validator reports nothing but notes), small and
uniform. Realistic: whole copies of this repository's own knowledge base (real bodies,
sources, tests, patterns, guides), each copy's ids renamed consistently (`-c1`, `-c2`, ...
appended) so every reference inside a copy resolves to the same copy; each copy validates
with the same rule outcomes as the originals. Only whole copies keep that true (a
technology's protocol counts its use cases), so N is rounded up to whole copies. The same
N gives the same bytes.
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

STAGES = ["announced", "pilot", "production", "scaled", "discontinued"]
OUTCOMES = ["delivered", "partly-delivered", "no-effect", "not-delivered", "harmful", "unknown"]
FINDINGS = ["supports", "contradicts", "inconclusive"]
TYPES = ["evaluation", "audit", "court", "academic", "official", "media"]
BY = ["independent", "implementer", "vendor", "advocate"]
PHASES = ["trigger", "peak", "trough", "slope", "plateau"]
COUNTRIES = ["NO", "SE", "DK", "FI", "DE", "FR", "NL", "BE", "ES", "PT", "IT", "GB", "IE", "US",
             "CA", "AU", "NZ", "JP", "KR", "SG", "IN", "BR", "KE", "EE", "PL"]
LEVELS = ["national", "regional", "local"]
CLAIMS = 6
PATTERNS = CLAIMS // 2


def technology(index: int) -> str:
    tid = f"tech-{index:04d}"
    claims = "\n".join(
        f"  - id: claim-{c}\n    text: Technology {index} delivers promised benefit number {c}.\n"
        f"    made_by: Vendor {c}\n    source: {{title: Brochure {c}, publisher: Vendor {c}, "
        f'date: "2020", url: "https://example.org/{tid}/claim-{c}", type: media, by: vendor}}'
        for c in range(CLAIMS))
    patterns = "\n".join(
        f"  - id: pattern-{p}\n    title: Job {p} of technology {index}\n"
        f"    description: The synthetic job number {p}.\n"
        f"    claims: [claim-{2 * p}, claim-{2 * p + 1}]"
        for p in range(PATTERNS))
    return f"""---
id: {tid}
kind: technology
title: Synthetic technology {index}
aliases: [synthetic {index}]
summary: >-
  A synthetic technology used to measure how the pipeline scales; it has
  {CLAIMS} claims and a few hundred use cases.
hype:
  phase: {PHASES[index % len(PHASES)]}
  as_of: 2024
  sources:
    - {{title: Placement, publisher: Analyst, date: "2024",
       url: "https://example.org/{tid}/hype", type: media}}
claims:
{claims}
patterns:
{patterns}
prerequisites:
  - Data that is already clean.
risks:
  - {{category: financial, text: Running costs grow with every node.}}
alternatives:
  - {{name: A plain database, prefer_when: One body keeps the records.}}
questions:
  - Who runs it and who pays for it?
  - What happens when it is wrong?
  - How is it switched off?
reviewed: {{date: "2026-11-01", by: Benchmark}}
review_due: "2027-11-01"
---

## What it is

Synthetic.

## Where it delivers

Here and there.

## Where it falls short

Elsewhere.

## Before you commit

Ask.
"""


def use_case(index: int, technologies: int, rnd: random.Random) -> str:
    tech = f"tech-{rnd.randrange(technologies):04d}"
    country = COUNTRIES[index % len(COUNTRIES)]
    uid = f"{country.lower()}-case-{index:05d}"
    tests = "\n".join(
        f"  - claim: {tech}#claim-{c}\n    finding: {rnd.choice(FINDINGS)}\n"
        f"    note: The synthetic evaluation says so for claim {c}."
        for c in sorted(rnd.sample(range(CLAIMS), 2)))
    start = rnd.randrange(2005, 2020)
    return f"""---
id: {uid}
kind: use-case
title: Synthetic deployment {index}
summary: >-
  A synthetic deployment of {tech} in {country}, used to measure how the
  pipeline scales with the size of the knowledge base.
technologies: [{tech}]
jurisdiction: {{country: {country}, level: {LEVELS[index % 3]}}}
organisation: Agency {index % 97}
domain: "{index % 10 + 1:02d}"
period: {{start: {start}, end: {start + rnd.randrange(0, 6)}}}
stage: {rnd.choice(STAGES)}
outcome: {rnd.choice(OUTCOMES)}
outcome_note: As the synthetic evaluation reports.
as_of: "2026-11-01"
patterns: [{tech}#pattern-{rnd.randrange(PATTERNS)}]
tests:
{tests}
metrics:
  - measure: Cases handled
    value: "{rnd.randrange(100, 100000)}"
    source: https://example.org/{uid}/report
sources:
  - title: Evaluation of deployment {index}
    publisher: Audit Office {index % 13}
    date: "{start + 1}-06-01"
    url: https://example.org/{uid}/report
    type: {rnd.choice(TYPES)}
    by: {rnd.choice(BY)}
  - {{title: News {index}, publisher: Paper, date: "{start}",
     url: "https://example.org/{uid}/news", type: media, by: independent}}
reviewed: {{date: "2026-11-01", by: Benchmark}}
review_due: "2027-11-01"
---

## What happened

The agency deployed {tech} for a few years. See the [report](https://example.org/{uid}/report).

## Outcome

It went as the sources say.

## Lessons

Measure before and after.
"""


def generate(count: int, root: Path) -> Path:
    """Write a knowledge base of ``count`` entries (about one technology per 50) under root."""
    rnd = random.Random(count)
    technologies = max(2, count // 50)
    (root / "entries" / "technologies").mkdir(parents=True, exist_ok=True)
    (root / "entries" / "use-cases").mkdir(parents=True, exist_ok=True)
    for index in range(technologies):
        path = root / "entries" / "technologies" / f"tech-{index:04d}.md"
        path.write_text(technology(index), encoding="utf-8")
    for index in range(count - technologies):
        text = use_case(index, technologies, rnd)
        uid = text.split("\n", 2)[1].removeprefix("id: ")
        (root / "entries" / "use-cases" / f"{uid}.md").write_text(text, encoding="utf-8")
    return root


# --- realistic: clones of the knowledge base's own entries --------------------------------

# Where one entry names another, as a path into the front matter: the whole value is an id,
# or (REF) a `technology#item` reference whose technology part is an id.
_ID, _REF = "id", "ref"
REFERENCES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("id",), _ID),
    (("technologies", "*"), _ID),
    (("part_of", "*"), _ID),
    (("alternatives", "*", "technology"), _ID),
    (("patterns", "*"), _REF),          # a use case's patterns (a technology's are mappings)
    (("tests", "*", "claim"), _REF),
)


def originals(source: Path = REPO / "entries") -> list[Path]:
    """The entries to clone, in a stable order."""
    return sorted(source.glob("*/*.md"), key=lambda p: p.as_posix())


def copies_for(count: int, source: Path = REPO / "entries") -> int:
    """Whole copies of the knowledge base that make at least ``count`` entries."""
    return max(1, math.ceil(count / len(originals(source))))


def _matches(path: tuple, pattern: tuple[str, ...]) -> bool:
    return len(path) == len(pattern) and all(
        (p == "*" and isinstance(v, int)) or p == v for v, p in zip(path, pattern, strict=True))


def clone_text(text: str, suffix: str, ids: set[str]) -> str:
    """An entry's text with its own id and every id it names renamed (``suffix`` appended).

    Values are found by their positions in the front matter (the project's strict YAML
    reader keeps them), so nothing else in the file changes: titles, prose and addresses
    that happen to contain an id stay as they are."""
    from buzzvalue.load import frontmatter, strictyaml

    if not suffix:
        return text
    split = frontmatter.split(text)
    parsed = strictyaml.parse(split.front, split.front_line - 1)
    edits: dict[int, list[tuple[int, str, str]]] = {}
    for path, (line, col) in parsed.values.items():
        for pattern, form in REFERENCES:
            if not _matches(path, pattern):
                continue
            value = _value(parsed.data, path)
            if not isinstance(value, str):
                continue
            old = value.split("#", 1)[0] if form == _REF else value
            if old in ids:
                edits.setdefault(line, []).append((col, old, old + suffix))
    lines = text.split("\n")
    for line, changes in edits.items():
        current = lines[line - 1]
        for col, old, new in sorted(changes, reverse=True):  # right to left: columns hold
            at = current.find(old, col - 1)
            if at not in (col - 1, col):  # plain, or just after a quote
                raise ValueError(f"{old!r} is not at line {line}, column {col}")
            current = current[:at] + new + current[at + len(old):]
        lines[line - 1] = current
    return "\n".join(lines)


def _value(data: object, path: tuple) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def realistic(count: int, root: Path, source: Path = REPO / "entries") -> Path:
    """Whole copies of the entries under ``source`` (at least ``count`` entries) under root:
    copy 0 is the originals, copy k has every id renamed with ``-ck``."""
    files = originals(source)
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    ids = {path.stem for path in files}
    for copy in range(copies_for(count, source)):
        suffix = f"-c{copy}" if copy else ""
        for path, text in texts.items():
            target = root / "entries" / path.parent.name / f"{path.stem}{suffix}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(clone_text(text, suffix, ids), encoding="utf-8")
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="write a knowledge base for the benchmarks")
    parser.add_argument("count", type=int, help="entries (realistic: rounded up to whole copies)")
    parser.add_argument("out", type=Path)
    parser.add_argument("--realistic", action="store_true",
                        help="clone this repository's entries instead of synthetic ones")
    args = parser.parse_args()
    (realistic if args.realistic else generate)(args.count, args.out)
