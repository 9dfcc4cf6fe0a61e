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

from ..core.entry import Entry, string_items
from ..load.memo import Memo, Within
from .rubric import Rubric
from .verdict import (
    Assessment,
    CaseRecord,
    CaseWeight,
    ClaimTest,
    SourceRecord,
    assess,
    assessment_key,
    case_weight,
    claim_status,
    from_plain,
    to_plain,
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


def score(entries: Iterable[Entry], rubric: Rubric, year: int,
          memo: Memo | Within | None = None) -> Scores:
    """Every technology's and every use pattern's assessment, and every claim's status.

    ``year`` is the year evidence is judged fresh or stale from (the clock's year).
    ``memo`` (see load/memo.py) keeps assessments between runs: only those whose inputs
    changed are computed again. The caller saves it.
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
        for tid in string_items(entry.data.get("technologies")):
            by_tech[tid].append(entry.id)
        for ref in string_items(entry.data.get("patterns")):
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
    groups = [_groups(job) for job in jobs]
    assessed = iter(_assessments([g for gs in groups for g in gs], rubric, year, memo))
    scored = [_technology_score(job, [next(assessed) for _ in gs], rubric)
              for job, gs in zip(jobs, groups, strict=True)]
    return Scores({tech.id: s for tech, s in zip(techs, scored, strict=True)}, weights)


# Below this many assessments to compute, starting worker processes costs more than it saves.
PARALLEL_FROM = 300


@dataclass(frozen=True)
class _Job:
    """One technology and what scoring it reads: its cases, its patterns' members, their
    records and the tests of its claims."""

    tech: Entry
    cases: list[CaseRecord]
    by_pattern: dict[str, list[str]]
    records: dict[str, CaseRecord]
    tests_of: dict[str, list[ClaimTest]]


@dataclass(frozen=True)
class _Group:
    """What one assessment reads: a technology's or a pattern's cases, claims and phase."""

    ref: str
    cases: list[CaseRecord]
    claims: list[str]
    phase: str | None


def _phase(tech: Entry) -> str | None:
    hype = tech.data.get("hype") if isinstance(tech.data.get("hype"), dict) else {}
    return hype.get("phase") if isinstance(hype.get("phase"), str) else None


def _claims(tech: Entry) -> list[dict]:
    return [c for c in _dicts(tech.data.get("claims")) if isinstance(c.get("id"), str)]


def _patterns(tech: Entry) -> list[dict]:
    return [p for p in _dicts(tech.data.get("patterns")) if isinstance(p.get("id"), str)]


def _groups(job: _Job) -> list[_Group]:
    """The technology's group, then each of its patterns' groups, in the file's order."""
    tech, phase = job.tech, _phase(job.tech)
    groups = [_Group(tech.id, job.cases, [f"{tech.id}#{c['id']}" for c in _claims(tech)],
                     phase)]
    for p in _patterns(tech):
        ref = f"{tech.id}#{p['id']}"
        members = sorted(set(job.by_pattern.get(ref, [])))
        groups.append(_Group(ref, [job.records[u] for u in members],
                             [f"{tech.id}#{c}" for c in string_items(p.get("claims"))], phase))
    return groups


def _assessments(groups: list[_Group], rubric: Rubric, year: int,
                 memo: Memo | Within | None) -> list[Assessment]:
    """Each group's assessment, in order: recalled from ``memo`` where its inputs are
    unchanged, computed (on several cores when there are many) where not. Both ways go
    through the plain form, so a recalled assessment is the computed one, byte for byte."""
    keys = [assessment_key(g.ref, g.cases, g.claims, g.phase, year) for g in groups] \
        if memo is not None else [None] * len(groups)
    plain: list[tuple | None] = [memo.get(k) if memo is not None and k else None
                                 for k in keys]
    missing = [i for i, p in enumerate(plain) if p is None]
    for i, p in zip(missing, _assess_all([groups[i] for i in missing], rubric, year),
                    strict=True):
        plain[i] = p
        if memo is not None and keys[i]:
            memo.put(keys[i], p)
    return [from_plain(p) for p in plain if p is not None]


def _assess_chunk(groups: Sequence[_Group], rubric: Rubric, year: int) -> list[tuple]:
    return [to_plain(assess(g.ref, g.cases, g.claims, g.phase, rubric, year)) for g in groups]


def _assess_all(groups: list[_Group], rubric: Rubric, year: int,
                workers: int | None = None) -> list[tuple]:
    """Every group's assessment as plain data, in the order given; on several cores when
    there are many. Every random draw is seeded from the content, so the cores give the
    same bytes."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or len(groups) < PARALLEL_FROM:
        return _assess_chunk(groups, rubric, year)
    # Chunks of about equal work (the resampling grows with the cases), in order.
    cost = [1 + len(g.cases) for g in groups]
    target = sum(cost) / (workers * 4)
    chunks: list[list[_Group]] = [[]]
    done = 0.0
    for group, c in zip(groups, cost, strict=True):
        if done >= target * len(chunks):
            chunks.append([])
        chunks[-1].append(group)
        done += c
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = pool.map(_assess_chunk, chunks, [rubric] * len(chunks), [year] * len(chunks))
        return [p for part in parts for p in part]


def _technology_score(job: _Job, assessments: list[Assessment],
                      rubric: Rubric) -> TechnologyScore:
    """A technology's score from its groups' assessments (its own first, then its
    patterns'), with its claims judged on all its cases and on each pattern's."""
    tech, tests_of = job.tech, job.tests_of
    data = tech.data
    by_claim = {c["id"]: c for c in _claims(tech)}
    claims = tuple(_claim_score(tech.id, c, tests_of.get(f"{tech.id}#{c['id']}", []), rubric)
                   for c in _claims(tech))
    patterns = []
    for p, assessment in zip(_patterns(tech), assessments[1:], strict=True):
        members = sorted(set(job.by_pattern.get(f"{tech.id}#{p['id']}", [])))
        members_set = set(members)
        pattern_claims = tuple(
            _claim_score(tech.id, by_claim[cid], [t for t in tests_of.get(f"{tech.id}#{cid}", [])
                                                  if t.use_case in members_set], rubric)
            for cid in string_items(p.get("claims")) if cid in by_claim)
        patterns.append(PatternScore(
            id=p["id"], technology=tech.id, title=str(p.get("title", p["id"])),
            description=str(p.get("description", "")),
            aliases=tuple(string_items(p.get("aliases"))),
            claims=tuple(string_items(p.get("claims"))),
            use_cases=tuple(members), assessment=assessment,
            claim_scores=pattern_claims))
    return TechnologyScore(
        id=tech.id, title=str(data.get("title", tech.id)), hype_phase=_phase(tech),
        assessment=assessments[0], claims=claims, patterns=tuple(patterns))


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
