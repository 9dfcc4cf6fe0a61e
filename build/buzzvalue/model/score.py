"""Scores computed from the graph: claim statuses, value, buzz, confidence and verdict.

Nothing here is typed in by hand: every number comes from the use cases linked in the
graph and the weights in schema/scoring.yaml, and each result keeps its derivation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from ..core.verdicts import (
    DELIVERING_BUT_HYPED,
    INSUFFICIENT,
    OVERHYPED,
    PROVEN,
    UNPROVEN,
)
from .graph import of_type, sources_in
from .rubric import Rubric

CLAIM_STATUSES = ("substantiated", "untested", "contested", "refuted")  # best first


@dataclass(frozen=True)
class Contribution:
    """What one use case adds to a technology's value."""

    use_case: str
    title: str
    stage: str
    outcome: str
    evidence: str
    evidence_weight: float
    stage_weight: float
    weight: float
    outcome_value: float | None


@dataclass(frozen=True)
class Test:
    use_case: str
    finding: str
    weight: float


@dataclass(frozen=True)
class ClaimScore:
    id: str
    technology: str
    text: str
    made_by: str
    status: str
    support: float
    against: float
    tests: tuple[Test, ...]


@dataclass(frozen=True)
class TechnologyScore:
    id: str
    title: str
    value: float | None
    buzz: float
    confidence: float
    confidence_label: str
    verdict: str
    evidence_mass: float
    hype_phase: str | None
    phase_score: float
    unsubstantiated_share: float
    contributions: tuple[Contribution, ...]
    claims: tuple[ClaimScore, ...]

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def valued(self) -> tuple[Contribution, ...]:
        """The use cases that count for value: a known outcome and some weight."""
        return counted_for_value(self.contributions)

    @property
    def weighted_outcome(self) -> tuple[float, float]:
        """(sum of weight x outcome value, sum of weights) over the valued use cases: the
        weighted mean behind the value, as pages show it."""
        return weighted_sums(self.valued)

    @property
    def open_claims(self) -> int:
        """How many of its claims are not substantiated."""
        return sum(c.status != "substantiated" for c in self.claims)


@dataclass(frozen=True)
class CaseWeight:
    """How much one use case counts: its strongest evidence's weight times its stage's."""

    evidence: str
    evidence_weight: float
    stage_weight: float

    @property
    def weight(self) -> float:
        return round(self.evidence_weight * self.stage_weight, 4)


@dataclass(frozen=True)
class Scores:
    technologies: dict[str, TechnologyScore]
    use_cases: dict[str, CaseWeight] = field(default_factory=dict)


def _round(x: float) -> float:
    return round(x + 0.0, 1)


def use_case_weight(graph: nx.MultiDiGraph, uid: str, rubric: Rubric) -> tuple[float, float]:
    """(evidence weight, stage weight) of a use case."""
    attrs = graph.nodes[uid]
    return (rubric.evidence_weight.get(attrs.get("evidence", ""), 0.0),
            rubric.stage_weight.get(attrs.get("stage", ""), 0.0))


def case_weight(graph: nx.MultiDiGraph, uid: str, rubric: Rubric) -> CaseWeight:
    evidence_w, stage_w = use_case_weight(graph, uid, rubric)
    return CaseWeight(graph.nodes[uid].get("evidence", ""), evidence_w, stage_w)


def counted_for_value(contributions: Sequence[Contribution]) -> tuple[Contribution, ...]:
    return tuple(c for c in contributions if c.outcome_value is not None and c.weight > 0)


def weighted_sums(valued: Sequence[Contribution]) -> tuple[float, float]:
    """(sum of weight x outcome value, sum of weights)."""
    return (sum(c.weight * c.outcome_value for c in valued if c.outcome_value is not None),
            sum(c.weight for c in valued))


def buzz_terms(score: TechnologyScore, rubric: Rubric) -> tuple[float, float]:
    """The two parts of the buzz, from the hype phase and from the open claims, as shown."""
    return (rubric.phase_share * score.phase_score,
            rubric.claims_share * 100 * score.unsubstantiated_share)


def contribution(graph: nx.MultiDiGraph, uid: str, rubric: Rubric) -> Contribution:
    attrs = graph.nodes[uid]
    evidence_w, stage_w = use_case_weight(graph, uid, rubric)
    return Contribution(
        use_case=attrs["ref"], title=attrs.get("label", attrs["ref"]),
        stage=attrs.get("stage", ""), outcome=attrs.get("outcome", ""),
        evidence=attrs.get("evidence", ""), evidence_weight=evidence_w, stage_weight=stage_w,
        weight=round(evidence_w * stage_w, 4),
        outcome_value=rubric.outcome_value.get(attrs.get("outcome", "")))


def claim_status(support: float, against: float, tested: bool, rubric: Rubric) -> str:
    if not tested:
        return "untested"
    if support >= rubric.claim_minimum_mass and support >= rubric.claim_ratio * against:
        return "substantiated"
    if against >= rubric.claim_minimum_mass and against >= rubric.claim_ratio * support:
        return "refuted"
    return "contested"


def score_claim(graph: nx.MultiDiGraph, cid: str, rubric: Rubric) -> ClaimScore:
    attrs = graph.nodes[cid]
    tests: list[Test] = []
    for uid, _, key, data in sorted(graph.in_edges(cid, keys=True, data=True)):
        if key != "tests":
            continue
        evidence_w, stage_w = use_case_weight(graph, uid, rubric)
        tests.append(Test(graph.nodes[uid]["ref"], data.get("finding", ""),
                          round(evidence_w * stage_w, 4)))
    support = float(sum(t.weight for t in tests if t.finding == "supports"))
    against = float(sum(t.weight for t in tests if t.finding == "contradicts"))
    tech, claim_id = attrs["ref"].split("#", 1)
    return ClaimScore(claim_id, tech, attrs.get("label", ""), attrs.get("made_by", ""),
                      claim_status(support, against, bool(tests), rubric),
                      round(support, 4), round(against, 4), tuple(tests))


def score_technology(graph: nx.MultiDiGraph, tid: str, rubric: Rubric) -> TechnologyScore:
    attrs = graph.nodes[tid]
    contributions = tuple(contribution(graph, uid, rubric)
                          for uid in sources_in(graph, tid, "uses"))
    valued = counted_for_value(contributions)
    total, weight = weighted_sums(valued)
    value = None
    if weight > 0:
        value = _round((total / weight + 1) / 2 * 100)
    mass = sum(c.weight for c in contributions)
    confidence = mass / (mass + rubric.half_mass) if mass > 0 else 0.0
    claims = tuple(score_claim(graph, cid, rubric)
                   for cid in sources_in(graph, tid, "claim-of"))
    unsubstantiated = (sum(c.status != "substantiated" for c in claims) / len(claims)
                       if claims else 1.0)
    phase = attrs.get("hype_phase")
    phase_score = rubric.phase_score.get(phase or "", 0.0)
    buzz = _round(rubric.phase_share * phase_score + rubric.claims_share * 100 * unsubstantiated)
    enough = mass >= rubric.minimum_mass and len(valued) >= rubric.minimum_use_cases
    return TechnologyScore(
        id=attrs["ref"], title=attrs.get("label", attrs["ref"]), value=value, buzz=buzz,
        confidence=round(confidence, 3), confidence_label=_label(confidence, rubric),
        verdict=verdict(value, buzz, rubric) if enough else INSUFFICIENT,
        evidence_mass=round(mass, 4), hype_phase=phase, phase_score=phase_score,
        unsubstantiated_share=round(unsubstantiated, 4), contributions=contributions,
        claims=claims)


def _label(confidence: float, rubric: Rubric) -> str:
    ranked = sorted(rubric.confidence_labels.items(), key=lambda kv: -kv[1])
    return next((name for name, floor in ranked if confidence >= floor), ranked[-1][0])


def verdict(value: float | None, buzz: float, rubric: Rubric) -> str:
    if value is None:
        return INSUFFICIENT
    delivers = value >= rubric.value_line
    hyped = buzz >= rubric.buzz_line
    if delivers:
        return DELIVERING_BUT_HYPED if hyped else PROVEN
    return OVERHYPED if hyped else UNPROVEN


def score(graph: nx.MultiDiGraph, rubric: Rubric) -> Scores:
    return Scores({graph.nodes[tid]["ref"]: score_technology(graph, tid, rubric)
                   for tid in of_type(graph, "technology")},
                  {graph.nodes[uid]["ref"]: case_weight(graph, uid, rubric)
                   for uid in of_type(graph, "use-case")})
