"""The scoring rubric (schema/scoring.yaml), read and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.errors import BuzzvalueError
from ..load.schemas import Schemas


class RubricError(BuzzvalueError):
    """schema/scoring.yaml is missing something the scores need."""


@dataclass(frozen=True)
class Rubric:
    outcome_value: dict[str, float]
    value_centre: float
    value_per_point: float
    value_line: float
    evidence_weight: dict[str, float]
    author_cap: dict[str, float]
    stage_weight: dict[str, float]
    value_excluded_stages: tuple[str, ...]
    exclude_vendor_only: bool
    case_cap: float
    positive_outcomes: tuple[str, ...]
    count_interval: float
    count_independent_types: tuple[str, ...]
    resamples: int
    tier_minimum_assessed: int
    tier_minimum_independent: int
    tier_firm: float
    tier_leaning: float
    sensitivity_runs: int
    sensitivity_spread: float
    sensitivity_unknown_value: float
    fragility_max_extra: int
    strength_finding_types: tuple[str, ...]
    strength_start: tuple[tuple[int, int], ...]      # (findings at least, level), most first
    strength_self_share: float
    strength_inconsistent_share: float
    strength_min_assessed: int
    strength_stale_years: int
    strength_recent_share: float
    wording: dict[str, dict[int, str]]
    wording_insufficient: str
    buzz_unsubstantiated_share: float
    buzz_immature_share: float
    buzz_immature_stages: tuple[str, ...]
    buzz_phase_share: float
    phase_score: dict[str, float]
    buzz_line: float
    claim_minimum_mass: float
    claim_ratio: float
    claim_weak_types: tuple[str, ...]
    claim_weak_by: tuple[str, ...]
    worked_example: tuple[dict, ...]   # illustrative cases for the methodology page
    raw: dict

    @property
    def evidence_order(self) -> tuple[str, ...]:
        """Source types, strongest first (ties keep the file's order)."""
        return tuple(sorted(self.evidence_weight, key=lambda t: -self.evidence_weight[t]))


def load_rubric(path: Path, schemas: Schemas) -> Rubric:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        strength, buzz, claims = raw["evidence_strength"], raw["buzz"], raw["claim_status"]
        wording = strength["wording"]
        rubric = Rubric(
            outcome_value=_table(raw, "outcome_value"),
            value_centre=float(raw["value"]["centre"]),
            value_per_point=float(raw["value"]["per_point"]),
            value_line=float(raw["value"]["line"]),
            evidence_weight=_table(raw, "evidence_weight"),
            author_cap=_table(raw, "author_cap"),
            stage_weight=_table(raw, "stage_weight"),
            value_excluded_stages=tuple(raw["value_excludes"]["stages"]),
            exclude_vendor_only=bool(raw["value_excludes"]["vendor_only"]),
            case_cap=float(raw["case_cap"]),
            positive_outcomes=tuple(raw["count_headline"]["positive"]),
            count_interval=float(raw["count_headline"]["interval"]),
            count_independent_types=tuple(raw["count_headline"]["independent_types"]),
            resamples=int(raw["uncertainty"]["resamples"]),
            tier_minimum_assessed=int(raw["tiers"]["minimum_assessed"]),
            tier_minimum_independent=int(raw["tiers"]["minimum_independent"]),
            tier_firm=float(raw["tiers"]["firm"]),
            tier_leaning=float(raw["tiers"]["leaning"]),
            sensitivity_runs=int(raw["sensitivity"]["runs"]),
            sensitivity_spread=float(raw["sensitivity"]["spread"]),
            sensitivity_unknown_value=float(raw["sensitivity"]["discontinued_unknown"]),
            fragility_max_extra=int(raw["fragility"]["max_extra_cases"]),
            strength_finding_types=tuple(strength["finding_types"]),
            strength_start=tuple(sorted(((int(s["findings"]), int(s["level"]))
                                         for s in strength["start"]), reverse=True)),
            strength_self_share=float(strength["self_reported_share"]),
            strength_inconsistent_share=float(strength["inconsistent_share"]),
            strength_min_assessed=int(strength["imprecise_below"]),
            strength_stale_years=int(strength["stale_years"]),
            strength_recent_share=float(strength["recent_share"]),
            wording={side: {int(k): str(v) for k, v in wording[side].items()}
                     for side in ("delivers", "does not deliver")},
            wording_insufficient=str(wording["insufficient"]),
            buzz_unsubstantiated_share=float(buzz["unsubstantiated_share"]),
            buzz_immature_share=float(buzz["immature_share"]),
            buzz_immature_stages=tuple(buzz["immature_stages"]),
            buzz_phase_share=float(buzz["phase_share"]),
            phase_score=_table(buzz, "phase_score"),
            buzz_line=float(buzz["line"]),
            claim_minimum_mass=float(claims["minimum_mass"]),
            claim_ratio=float(claims["ratio"]),
            claim_weak_types=tuple(claims["weak_types"]),
            claim_weak_by=tuple(claims["weak_by"]),
            worked_example=tuple(dict(c) for c in raw.get("worked_example") or ()),
            raw=raw,
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RubricError(f"{path}: cannot read the scoring rubric ({type(exc).__name__}: "
                          f"{exc})") from None
    _covers(rubric.evidence_weight, schemas.values("source_type"), path, "evidence_weight")
    _covers(rubric.author_cap, schemas.values("source_by"), path, "author_cap")
    _covers(rubric.stage_weight, schemas.values("stage"), path, "stage_weight")
    _covers(rubric.phase_score, schemas.values("hype_phase"), path, "buzz.phase_score")
    outcomes = [o for o in schemas.values("outcome") if o != "unknown"]
    _covers(rubric.outcome_value, outcomes, path, "outcome_value")
    if not 0 < rubric.buzz_phase_share <= 0.2:
        raise RubricError(f"{path}: 'buzz.phase_share' must be above 0 and at most 0.2: the "
                          "hype phase is a cited label, not the driver of buzz")
    if not 0 < rubric.case_cap <= 1:
        raise RubricError(f"{path}: 'case_cap' must be a share between 0 and 1")
    if rubric.resamples < 2000:
        raise RubricError(f"{path}: 'uncertainty.resamples' must be at least 2000")
    return rubric


def _table(raw: dict, name: str) -> dict[str, float]:
    return {str(k): float(v) for k, v in raw[name].items()}


def _covers(table: dict[str, float], values: tuple[str, ...] | list[str], path: Path,
            name: str) -> None:
    missing = [v for v in values if v not in table]
    if missing:
        raise RubricError(f"{path}: '{name}' has no weight for: {', '.join(missing)}")
