"""Entries made in memory, for tests of the graph and the scores."""

from __future__ import annotations

from buzzvalue.core.entry import Entry
from buzzvalue.load.schemas import default_schema_dir, load_schemas
from buzzvalue.model.rubric import load_rubric
from buzzvalue.model.score import Scores, score

SCHEMAS = load_schemas(default_schema_dir())
RUBRIC = load_rubric(SCHEMAS.directory / "scoring.yaml", SCHEMAS)


def technology(tid: str, claims: list[str], phase: str = "peak") -> Entry:
    data = {"id": tid, "kind": "technology", "title": tid.title(),
            "hype": {"phase": phase, "as_of": 2020, "sources": []},
            "claims": [{"id": c, "text": f"claim {c}", "made_by": "someone"} for c in claims]}
    return Entry(f"entries/technologies/{tid}.md", "technologies", data, "", 1)


def use_case(uid: str, tech: str, *, stage: str = "production", outcome: str = "delivered",
             source: str = "audit", by: str = "independent",
             tests: dict[str, str] | None = None, patterns: list[str] | None = None) -> Entry:
    data = {"id": uid, "kind": "use-case", "title": uid, "technologies": [tech],
            "jurisdiction": {"country": "NO", "level": "national"}, "domain": "01",
            "organisation": "Org", "stage": stage, "outcome": outcome,
            "tests": [{"claim": f"{tech}#{c}", "finding": f} for c, f in (tests or {}).items()],
            "patterns": patterns or [],
            "sources": [{"title": "s", "url": f"https://example.org/{uid}", "type": source,
                         "by": by, "date": "2024"}]}
    return Entry(f"entries/use-cases/{uid}.md", "use-cases", data, "", 1)


def scores_of(entries: list[Entry], year: int = 2026) -> Scores:
    return score(entries, RUBRIC, year)
