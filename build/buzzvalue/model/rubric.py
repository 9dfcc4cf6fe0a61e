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
    evidence_weight: dict[str, float]
    stage_weight: dict[str, float]
    outcome_value: dict[str, float]
    half_mass: float
    confidence_labels: dict[str, float]
    minimum_mass: float
    minimum_use_cases: int
    claim_minimum_mass: float
    claim_ratio: float
    phase_score: dict[str, float]
    phase_share: float
    claims_share: float
    value_line: float
    buzz_line: float
    raw: dict

    @property
    def evidence_order(self) -> tuple[str, ...]:
        """Source types, strongest first (ties keep the file's order)."""
        return tuple(sorted(self.evidence_weight, key=lambda t: -self.evidence_weight[t]))


def load_rubric(path: Path, schemas: Schemas) -> Rubric:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        rubric = Rubric(
            evidence_weight=_table(raw, "evidence_weight"),
            stage_weight=_table(raw, "stage_weight"),
            outcome_value=_table(raw, "outcome_value"),
            half_mass=float(raw["confidence"]["half_mass"]),
            confidence_labels=dict(raw["confidence"]["labels"]),
            minimum_mass=float(raw["confidence"]["minimum_mass"]),
            minimum_use_cases=int(raw["confidence"]["minimum_use_cases"]),
            claim_minimum_mass=float(raw["claim_status"]["minimum_mass"]),
            claim_ratio=float(raw["claim_status"]["ratio"]),
            phase_score=_table(raw["buzz"], "phase_score"),
            phase_share=float(raw["buzz"]["phase_share"]),
            claims_share=float(raw["buzz"]["claims_share"]),
            value_line=float(raw["verdict"]["value_line"]),
            buzz_line=float(raw["verdict"]["buzz_line"]),
            raw=raw,
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise RubricError(f"{path}: cannot read the scoring rubric ({type(exc).__name__}: "
                          f"{exc})") from None
    _covers(rubric.evidence_weight, schemas.values("source_type"), path, "evidence_weight")
    _covers(rubric.stage_weight, schemas.values("stage"), path, "stage_weight")
    _covers(rubric.phase_score, schemas.values("hype_phase"), path, "buzz.phase_score")
    outcomes = [o for o in schemas.values("outcome") if o != "unknown"]
    _covers(rubric.outcome_value, outcomes, path, "outcome_value")
    return rubric


def _table(raw: dict, name: str) -> dict[str, float]:
    return {str(k): float(v) for k, v in raw[name].items()}


def _covers(table: dict[str, float], values: tuple[str, ...] | list[str], path: Path,
            name: str) -> None:
    missing = [v for v in values if v not in table]
    if missing:
        raise RubricError(f"{path}: '{name}' has no weight for: {', '.join(missing)}")
