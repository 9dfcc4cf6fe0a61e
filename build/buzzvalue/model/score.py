"""Scores computed from the entries: claim statuses, and for each technology and each of its
use patterns a full assessment (value, buzz, intervals, tier, robustness, evidence strength).

Nothing here is typed in by hand: every number comes from the use cases and the weights
in schema/scoring.yaml (see `verdict.py` for the model), and each result keeps its
derivation, so pages and exports show figures without recomputing them.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from ..core.entry import Entry
from .rubric import Rubric
from .verdict import (
    Assessment,
    CaseRecord,
    CaseWeight,
    ClaimTest,
    SourceRecord,
    assess,
    case_weight,
    claim_status,
)

# The statuses a claim can have: settled ones first.
CLAIM_STATUSES = ("substantiated", "refuted", "contested", "inconclusive", "untested")


@dataclass(frozen=True)
class ClaimScore:
    id: str
    technology: str
    text: str
    made_by: str
    status: str
    support: float
    against: float
    basis: str | None      # how thin the status is ("one media report"), None when it is not
    strength: float        # the weight of the evidence that decides the status
    tests: tuple[ClaimTest, ...]   # the cases that test it, with their weight and evidence

    @property
    def label(self) -> str:
        """The status with how thin it is: "refuted (one media report)"."""
        return f"{self.status} ({self.basis})" if self.basis else self.status

    @property
    def ref(self) -> str:
        return f"{self.technology}#{self.id}"


@dataclass(frozen=True)
class PatternScore:
    """A use pattern (a technology applied to one kind of job) and its own assessment."""

    id: str
    technology: str
    title: str
    description: str
    aliases: tuple[str, ...]
    claims: tuple[str, ...]          # claim ids of the technology that matter for it
    use_cases: tuple[str, ...]
    assessment: Assessment
    # The claims that matter, each judged on this pattern's cases alone.
    claim_scores: tuple[ClaimScore, ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.technology}#{self.id}"

    def to_dict(self) -> dict:
        return {"id": self.id, "technology": self.technology, "title": self.title,
                "description": self.description, "claims": list(self.claims),
                "use_cases": list(self.use_cases), **_assessment_dict(self.assessment),
                "claim_statuses": [asdict(c) | {"label": c.label} for c in self.claim_scores]}


@dataclass(frozen=True)
class TechnologyScore:
    id: str
    title: str
    hype_phase: str | None
    assessment: Assessment
    claims: tuple[ClaimScore, ...]
    patterns: tuple[PatternScore, ...] = field(default_factory=tuple)

    # The figures pages use most, read from the assessment.
    @property
    def value(self) -> float | None:
        return self.assessment.value

    @property
    def buzz(self) -> float:
        return self.assessment.buzz

    @property
    def verdict(self) -> str:
        return self.assessment.verdict

    @property
    def tier(self) -> str:
        return self.assessment.tier

    @property
    def contributions(self) -> tuple[CaseWeight, ...]:
        return self.assessment.contributions

    @property
    def open_claims(self) -> int:
        """How many of its claims are not substantiated."""
        return sum(c.status != "substantiated" for c in self.claims)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "hype_phase": self.hype_phase,
                **_assessment_dict(self.assessment),
                "claims": [asdict(c) | {"label": c.label} for c in self.claims],
                "patterns": {p.id: p.to_dict() for p in self.patterns}}


def _assessment_dict(a: Assessment) -> dict:
    out = asdict(a)
    out["contributions"] = [
        {"use_case": c.use_case, "title": c.title, "stage": c.stage, "outcome": c.outcome,
         "outcome_value": c.outcome_value, "weight": c.weight, "raw_weight": c.raw_weight,
         "evidence": c.evidence, "evidence_by": c.evidence_by,
         "evidence_weight": c.evidence_weight, "stage_weight": c.stage_weight,
         "excluded_because": c.excluded_because}
        for c in a.contributions]
    out["strength_reasons"] = list(a.strength_reasons)
    return out


@dataclass(frozen=True)
class Scores:
    technologies: dict[str, TechnologyScore]
    use_cases: dict[str, CaseWeight] = field(default_factory=dict)


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _dicts(value: object) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def case_record(entry: Entry) -> CaseRecord:
    """What the verdict model needs of a use case's front matter."""
    data = entry.data
    sources = tuple(SourceRecord(str(s.get("type", "")), str(s.get("by", "")),
                                 str(s.get("date", "")))
                    for s in _dicts(data.get("sources")))
    tests = tuple((str(t.get("claim", "")), str(t.get("finding", "")))
                  for t in _dicts(data.get("tests")))
    return CaseRecord(entry.id, str(data.get("title", entry.id)), str(data.get("stage", "")),
                      str(data.get("outcome", "")), sources, tests)


def score(entries: Iterable[Entry], rubric: Rubric, year: int) -> Scores:
    """Every technology's and every use pattern's assessment, and every claim's status.

    ``year`` is the year evidence is judged fresh or stale from (the clock's year).
    """
    entries = list(entries)
    techs = sorted((e for e in entries if e.kind == "technology"), key=lambda e: e.id)
    cases = sorted((e for e in entries if e.kind == "use-case"), key=lambda e: e.id)
    records = {e.id: case_record(e) for e in cases}
    weights = {uid: case_weight(r, rubric) for uid, r in records.items()}
    by_tech: dict[str, list[str]] = defaultdict(list)
    by_pattern: dict[str, list[str]] = defaultdict(list)
    tests_of: dict[str, list[ClaimTest]] = defaultdict(list)
    for entry in cases:
        for tid in _strings(entry.data.get("technologies")):
            by_tech[tid].append(entry.id)
        for ref in _strings(entry.data.get("patterns")):
            by_pattern[ref].append(entry.id)
        w = weights[entry.id]
        for claim, finding in records[entry.id].tests:
            tests_of[claim].append(ClaimTest(entry.id, finding, w.raw_weight, w.evidence,
                                             w.evidence_by))
    patterns_of: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for ref, members in by_pattern.items():
        patterns_of[ref.split("#", 1)[0]][ref] = members
    tests_by_tech: dict[str, dict[str, list[ClaimTest]]] = defaultdict(dict)
    for ref, tests in tests_of.items():
        tests_by_tech[ref.split("#", 1)[0]][ref] = tests
    jobs = []
    for tech in techs:
        patterns = patterns_of.get(tech.id, {})
        needed = set(by_tech[tech.id]).union(*patterns.values())
        jobs.append(_Job(tech, [records[u] for u in by_tech[tech.id]], patterns,
                         {u: records[u] for u in needed if u in records},
                         tests_by_tech.get(tech.id, {})))
    scored = _score_all(jobs, rubric, year)
    return Scores({tech.id: s for tech, s in zip(techs, scored, strict=True)}, weights)


# Below this many technologies, starting worker processes costs more than it saves.
PARALLEL_FROM = 60


@dataclass(frozen=True)
class _Job:
    """One technology and what scoring it reads: its cases, its patterns' members, their
    records and the tests of its claims (so a worker process gets only what it needs)."""

    tech: Entry
    cases: list[CaseRecord]
    by_pattern: dict[str, list[str]]
    records: dict[str, CaseRecord]
    tests_of: dict[str, list[ClaimTest]]


def _score_chunk(jobs: Sequence[_Job], rubric: Rubric, year: int) -> list[TechnologyScore]:
    return [score_technology(j.tech, j.cases, j.by_pattern, j.records, j.tests_of, rubric, year)
            for j in jobs]


def _score_all(jobs: list[_Job], rubric: Rubric, year: int,
               workers: int | None = None) -> list[TechnologyScore]:
    """Every technology's score, in the order given; on several cores when there are many.
    Every random draw is seeded from the content, so the cores give the same bytes."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or len(jobs) < PARALLEL_FROM:
        return _score_chunk(jobs, rubric, year)
    # Chunks of about equal work (the resampling grows with the cases), in order.
    cost = [1 + len(j.cases) + sum(len(m) for m in j.by_pattern.values()) for j in jobs]
    target = sum(cost) / (workers * 4)
    chunks: list[list[_Job]] = [[]]
    done = 0.0
    for job, c in zip(jobs, cost, strict=True):
        if done >= target * len(chunks):
            chunks.append([])
        chunks[-1].append(job)
        done += c
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = pool.map(_score_chunk, chunks, [rubric] * len(chunks), [year] * len(chunks))
        return [s for part in parts for s in part]


def score_technology(tech: Entry, cases: Sequence[CaseRecord],
                     by_pattern: dict[str, list[str]], records: dict[str, CaseRecord],
                     tests_of: dict[str, list[ClaimTest]], rubric: Rubric,
                     year: int) -> TechnologyScore:
    data = tech.data
    hype = data.get("hype") if isinstance(data.get("hype"), dict) else {}
    phase = hype.get("phase") if isinstance(hype.get("phase"), str) else None
    claims = tuple(_claim_score(tech.id, c, tests_of.get(f"{tech.id}#{c.get('id')}", []),
                                rubric)
                   for c in _dicts(data.get("claims")) if isinstance(c.get("id"), str))
    claim_refs = [c.ref for c in claims]
    patterns = []
    for p in _dicts(data.get("patterns")):
        if not isinstance(p.get("id"), str):
            continue
        ref = f"{tech.id}#{p['id']}"
        members = sorted(set(by_pattern.get(ref, [])))
        wanted = [f"{tech.id}#{c}" for c in _strings(p.get("claims"))]
        by_claim = {c["id"]: c for c in _dicts(data.get("claims")) if isinstance(c.get("id"), str)}
        members_set = set(members)
        pattern_claims = tuple(
            _claim_score(tech.id, by_claim[cid], [t for t in tests_of.get(f"{tech.id}#{cid}", [])
                                                  if t.use_case in members_set], rubric)
            for cid in _strings(p.get("claims")) if cid in by_claim)
        patterns.append(PatternScore(
            id=p["id"], technology=tech.id, title=str(p.get("title", p["id"])),
            description=str(p.get("description", "")),
            aliases=tuple(_strings(p.get("aliases"))), claims=tuple(_strings(p.get("claims"))),
            use_cases=tuple(members),
            assessment=assess(ref, [records[u] for u in members], wanted, phase, rubric, year),
            claim_scores=pattern_claims))
    return TechnologyScore(
        id=tech.id, title=str(data.get("title", tech.id)), hype_phase=phase,
        assessment=assess(tech.id, cases, claim_refs, phase, rubric, year),
        claims=claims, patterns=tuple(patterns))


def _claim_score(tech_id: str, claim: dict, tests: Sequence[ClaimTest],
                 rubric: Rubric) -> ClaimScore:
    tests = sorted(tests, key=lambda t: (t.use_case, t.finding))
    status = claim_status(tests, rubric)
    return ClaimScore(
        id=claim["id"], technology=tech_id, text=" ".join(str(claim.get("text", "")).split()),
        made_by=str(claim.get("made_by", "")), status=status.status, support=status.support,
        against=status.against, basis=status.basis, strength=status.strength,
        tests=tuple(tests))


def by_strength(claims: Iterable[ClaimScore]) -> list[ClaimScore]:
    """Claims strongest first, as the claims page lists them: statuses that rest on more
    than one case or on more than media and advocates first, then by the weight of the
    evidence that decides them; untested claims last."""
    rank = {s: i for i, s in enumerate(CLAIM_STATUSES)}
    return sorted(claims, key=lambda c: (c.status == "untested", c.basis is not None,
                                         -c.strength, rank.get(c.status, len(rank)),
                                         c.technology, c.id))
