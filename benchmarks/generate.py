"""A deterministic generator of synthetic, valid knowledge bases of N entries.

    python benchmarks/generate.py 10000 /tmp/kb10k

Every entry is valid (the validator reports nothing but notes), so timings measure
the work a real, clean knowledge base costs. The same N gives the same bytes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

STAGES = ["announced", "pilot", "production", "scaled", "discontinued"]
OUTCOMES = ["delivered", "mixed", "not-delivered", "harmful", "unknown"]
FINDINGS = ["supports", "contradicts", "inconclusive"]
TYPES = ["evaluation", "audit", "court", "academic", "official", "media", "vendor"]
PHASES = ["trigger", "peak", "trough", "slope", "plateau"]
COUNTRIES = ["NO", "SE", "DK", "FI", "DE", "FR", "NL", "BE", "ES", "PT", "IT", "GB", "IE", "US",
             "CA", "AU", "NZ", "JP", "KR", "SG", "IN", "BR", "KE", "EE", "PL"]
LEVELS = ["national", "regional", "local"]
CLAIMS = 6


def technology(index: int) -> str:
    tid = f"tech-{index:04d}"
    claims = "\n".join(
        f"  - id: claim-{c}\n    text: Technology {index} delivers promised benefit number {c}.\n"
        f"    made_by: Vendor {c}\n    source: {{title: Brochure {c}, publisher: Vendor {c}, "
        f'date: "2020", url: "https://example.org/{tid}/claim-{c}", type: vendor}}'
        for c in range(CLAIMS))
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
  - {{title: News {index}, publisher: Paper, date: "{start}",
     url: "https://example.org/{uid}/news", type: media}}
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


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: generate.py N DIR")
    generate(int(sys.argv[1]), Path(sys.argv[2]))
