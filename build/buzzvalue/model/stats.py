"""Counts that say whether the knowledge base is broad and balanced enough to judge by."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.entry import Entry
from .score import Scores

PRIMARY_TYPES = ("evaluation", "audit", "court", "official")
NEGATIVE_OUTCOMES = ("not-delivered", "harmful")


def is_negative(data: dict) -> bool:
    """A failure, cancellation, harm or unlawful system: evidence against the buzz."""
    return (data.get("outcome") in NEGATIVE_OUTCOMES
            or data.get("stage") == "discontinued" or bool(data.get("ruled_unlawful")))


def has_primary_source(data: dict) -> bool:
    return any(s.get("type") in PRIMARY_TYPES for s in data.get("sources", []))


def media_only(data: dict) -> bool:
    """Whether the strongest kind of document among the sources is press coverage."""
    return all(s.get("type") == "media" for s in data.get("sources", []))


@dataclass(frozen=True)
class Stats:
    technologies: int
    use_cases: int
    per_technology: dict[str, int]
    countries: dict[str, int]
    levels: dict[str, int]
    domains: dict[str, int]
    negative: int
    primary: int
    claims: int
    claims_tested: int
    assessed: dict[str, int]       # per technology: cases that enter its value
    media_strongest: int = 0       # use cases whose strongest kind of source is the press

    @property
    def negative_share(self) -> float:
        return self.negative / self.use_cases if self.use_cases else 0.0

    @property
    def primary_share(self) -> float:
        return self.primary / self.use_cases if self.use_cases else 0.0

    @property
    def media_share(self) -> float:
        return self.media_strongest / self.use_cases if self.use_cases else 0.0

    def lines(self) -> list[str]:
        out = [f"technologies: {self.technologies}",
               f"use cases: {self.use_cases}",
               f"countries: {len(self.countries)} ({', '.join(sorted(self.countries))})",
               f"levels: {', '.join(f'{k} {v}' for k, v in sorted(self.levels.items()))}",
               f"COFOG domains: {len(self.domains)} "
               f"({', '.join(f'{k}: {v}' for k, v in sorted(self.domains.items()))})",
               f"negative outcomes (not delivered, harmful, discontinued, unlawful): "
               f"{self.negative} ({self.negative_share:.0%})",
               f"with a primary source (evaluation, audit, court, official): "
               f"{self.primary} ({self.primary_share:.0%})",
               f"strongest source is media: {self.media_strongest} ({self.media_share:.0%})",
               f"claims tested: {self.claims_tested} of {self.claims}",
               "use cases per technology (assessed: entering value):"]
        out += [f"  {tech}: {n} (assessed {self.assessed.get(tech, 0)})"
                for tech, n in sorted(self.per_technology.items())]
        return out


def compute(technologies: Sequence[Entry], use_cases: Sequence[Entry], scores: Scores) -> Stats:
    cases = [e.data for e in use_cases]
    per_tech = Counter({e.id: 0 for e in technologies})
    for data in cases:
        per_tech.update(data.get("technologies", []))
    claims = [c for s in scores.technologies.values() for c in s.claims]
    return Stats(
        technologies=len(technologies), use_cases=len(cases), per_technology=dict(per_tech),
        countries=dict(Counter(d["jurisdiction"]["country"] for d in cases)),
        levels=dict(Counter(d["jurisdiction"]["level"] for d in cases)),
        domains=dict(Counter(d["domain"] for d in cases)),
        negative=sum(is_negative(d) for d in cases),
        primary=sum(has_primary_source(d) for d in cases),
        claims=len(claims), claims_tested=sum(1 for c in claims if c.tests),
        assessed={tid: s.assessment.assessed for tid, s in scores.technologies.items()},
        media_strongest=sum(media_only(d) for d in cases))
