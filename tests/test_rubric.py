"""The scoring rubric (schema/scoring.yaml) as the model reads it, and the exact error a
maintainer gets for a broken one.

Each test reads the rubric itself rather than use the one tests/kbmaker.py reads at
import: mutation testing runs, for a mutant, only the tests seen calling its function."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from buzzvalue.model.rubric import RubricError, load_rubric

from kbmaker import RUBRIC, SCHEMAS

SCORING = SCHEMAS.directory / "scoring.yaml"
TEXT = SCORING.read_text(encoding="utf-8")


def test_every_figure_is_read_from_the_file():
    rubric = load_rubric(SCORING, SCHEMAS)   # read here, not at import: see the module doc
    fields = asdict(rubric)
    del fields["raw"], fields["worked_example"]
    assert fields == {
        "outcome_value": {"delivered": 2.0, "partly-delivered": 1.0, "no-effect": 0.0,
                          "not-delivered": -1.0, "harmful": -2.0},
        "value_centre": 50.0, "value_per_point": 25.0, "value_line": 50.0,
        "evidence_weight": {"evaluation": 1.0, "audit": 1.0, "court": 1.0, "academic": 0.8,
                            "official": 0.6, "media": 0.4},
        "author_cap": {"independent": 1.0, "implementer": 0.6, "advocate": 0.4, "vendor": 0.2},
        "stage_weight": {"scaled": 1.0, "production": 0.8, "discontinued": 0.8, "pilot": 0.4,
                         "announced": 0.1},
        "value_excluded_stages": ("announced",),
        "exclude_vendor_only": True,
        "case_cap": 0.25,
        "positive_outcomes": ("delivered", "partly-delivered"),
        "count_interval": 0.9,
        "count_independent_types": ("evaluation", "audit", "court", "academic"),
        "resamples": 2000,
        "tier_minimum_assessed": 4, "tier_minimum_independent": 2,
        "tier_firm": 0.9, "tier_leaning": 0.7,
        "sensitivity_runs": 1000, "sensitivity_spread": 0.25, "sensitivity_unknown_value": -1.0,
        "fragility_max_extra": 50,
        "strength_finding_types": ("evaluation", "audit", "court"),
        # Sorted most findings first, whatever the file's order.
        "strength_start": ((4, 4), (2, 3), (1, 2), (0, 1)),
        "strength_self_share": 0.5, "strength_inconsistent_share": 0.25,
        "strength_min_assessed": 8, "strength_stale_years": 5, "strength_recent_share": 0.3,
        "wording": {
            "delivers": {4: "delivers", 3: "probably delivers", 2: "may deliver",
                         1: "may deliver, but the evidence is very uncertain",
                         0: "may deliver, but the evidence is very uncertain"},
            "does not deliver": {4: "does not deliver", 3: "probably does not deliver",
                                 2: "may not deliver",
                                 1: "may not deliver, but the evidence is very uncertain",
                                 0: "may not deliver, but the evidence is very uncertain"}},
        "wording_insufficient": "cannot be judged yet, for want of evidence",
        "buzz_unsubstantiated_share": 0.5, "buzz_immature_share": 0.3,
        "buzz_immature_stages": ("announced", "pilot"), "buzz_phase_share": 0.2,
        "phase_score": {"trigger": 60.0, "peak": 100.0, "trough": 45.0, "slope": 25.0,
                        "plateau": 10.0},
        "buzz_line": 50.0,
        "claim_minimum_mass": 0.3, "claim_ratio": 2.0,
        "claim_weak_types": ("media",), "claim_weak_by": ("advocate", "vendor"),
    }
    # Types of the figures, not just their values: a count is an int, a weight a float.
    assert [type(fields[k]) for k in ("resamples", "tier_minimum_assessed", "value_centre",
                                      "case_cap", "strength_stale_years")] == \
        [int, int, float, float, int]
    assert [c["id"] for c in rubric.worked_example] == ["a", "b", "c", "d", "h"]
    assert rubric.worked_example[0] == {
        "id": "a", "title": "A: national roll-out, audited", "stage": "scaled",
        "outcome": "delivered", "source": {"type": "audit", "by": "independent", "date": "2024"}}
    assert rubric.raw["value"] == {"centre": 50, "per_point": 25, "line": 50}
    assert rubric == RUBRIC


def test_source_types_strongest_first_ties_in_the_files_order():
    assert load_rubric(SCORING, SCHEMAS).evidence_order == (
        "evaluation", "audit", "court", "academic", "official", "media")


def rubric_from(tmp_path: Path, *edits: tuple[str, str]):
    text = TEXT
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "scoring.yaml"
    path.write_text(text, encoding="utf-8")
    return path, load_rubric(path, SCHEMAS)


def broken(tmp_path: Path, *edits: tuple[str, str]) -> str:
    with pytest.raises(RubricError) as caught:
        rubric_from(tmp_path, *edits)
    return str(caught.value).replace(str(tmp_path / "scoring.yaml"), "scoring.yaml")


def test_strength_start_is_sorted_whatever_the_files_order(tmp_path):
    _, rubric = rubric_from(tmp_path, (
        "    - {findings: 4, level: 4}\n    - {findings: 2, level: 3}\n",
        "    - {findings: 2, level: 3}\n    - {findings: 4, level: 4}\n"))
    assert rubric.strength_start == ((4, 4), (2, 3), (1, 2), (0, 1))


def test_a_rubric_without_a_worked_example_has_none(tmp_path):
    text = TEXT[:TEXT.index("worked_example:")]
    path = tmp_path / "scoring.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_rubric(path, SCHEMAS).worked_example == ()


def test_vendor_only_exclusion_can_be_switched_off(tmp_path):
    _, rubric = rubric_from(tmp_path, ("  vendor_only: true", "  vendor_only: false"))
    assert rubric.exclude_vendor_only is False


@pytest.mark.parametrize(("edits", "message"), [
    ((("  media: 0.4\n# ... capped", "# ... capped"),),
     "scoring.yaml: 'evidence_weight' has no weight for: media"),
    ((("  official: 0.6\n  media: 0.4\n", ""),),
     "scoring.yaml: 'evidence_weight' has no weight for: official, media"),
    ((("  vendor: 0.2\n", ""),),
     "scoring.yaml: 'author_cap' has no weight for: vendor"),
    ((("  announced: 0.1\n", ""),),
     "scoring.yaml: 'stage_weight' has no weight for: announced"),
    ((("    plateau: 10\n", ""),),
     "scoring.yaml: 'buzz.phase_score' has no weight for: plateau"),
    ((("  harmful: -2\n", ""),),
     "scoring.yaml: 'outcome_value' has no weight for: harmful"),
    ((("  phase_share: 0.2\n", "  phase_share: 0.21\n"),),
     "scoring.yaml: 'buzz.phase_share' must be above 0 and at most 0.2: the hype phase is "
     "a cited label, not the driver of buzz"),
    ((("  phase_share: 0.2\n", "  phase_share: 0\n"),),
     "scoring.yaml: 'buzz.phase_share' must be above 0 and at most 0.2: the hype phase is "
     "a cited label, not the driver of buzz"),
    ((("case_cap: 0.25", "case_cap: 1.01"),),
     "scoring.yaml: 'case_cap' must be a share between 0 and 1"),
    ((("case_cap: 0.25", "case_cap: 0"),),
     "scoring.yaml: 'case_cap' must be a share between 0 and 1"),
    ((("  resamples: 2000", "  resamples: 1999"),),
     "scoring.yaml: 'uncertainty.resamples' must be at least 2000"),
    ((("value:\n  centre: 50", "worth:\n  centre: 50"),),
     "scoring.yaml: cannot read the scoring rubric (KeyError: 'value')"),
    ((("  line: 50     # buzz", "  limit: 50     # buzz"),),
     "scoring.yaml: cannot read the scoring rubric (KeyError: 'line')"),
    ((("  centre: 50\n", "  centre: fifty\n"),),
     "scoring.yaml: cannot read the scoring rubric (ValueError: could not convert string "
     "to float: 'fifty')"),
    ((("case_cap: 0.25", "case_cap: [0.25]"),),
     "scoring.yaml: cannot read the scoring rubric (TypeError: float() argument must be a "
     "string or a real number, not 'list')"),
    ((("  delivered: 2\n  partly-delivered: 1\n  no-effect: 0\n  not-delivered: -1\n"
       "  harmful: -2\n", "  - 2\n"),),
     "scoring.yaml: cannot read the scoring rubric (AttributeError: 'list' object has no "
     "attribute 'items')"),
], ids=["one-type-missing", "two-types-missing", "author", "stage", "phase", "outcome",
        "phase-share-above", "phase-share-zero", "cap-above-one", "cap-zero",
        "resamples-below", "no-value-section", "no-buzz-line", "not-a-number", "a-list",
        "a-list-of-outcomes"])
def test_a_broken_rubric_says_what_is_wrong(tmp_path, edits, message):
    assert broken(tmp_path, *edits) == message


@pytest.mark.parametrize(("edits", "field", "expected"), [
    ((("  phase_share: 0.2\n", "  phase_share: 0.01\n"),), "buzz_phase_share", 0.01),
    ((("case_cap: 0.25", "case_cap: 1"),), "case_cap", 1.0),
    ((("case_cap: 0.25", "case_cap: 0.01"),), "case_cap", 0.01),
    ((("  resamples: 2000", "  resamples: 2001"),), "resamples", 2001),
], ids=["phase-share-small", "cap-one", "cap-small", "resamples-above"])
def test_limits_that_are_still_allowed(tmp_path, edits, field, expected):
    _, rubric = rubric_from(tmp_path, *edits)
    assert getattr(rubric, field) == expected


def test_outcome_unknown_needs_no_value(tmp_path):
    # unknown is a gap in coverage, not a score: the outcome table may (and does) leave it out.
    _, rubric = rubric_from(tmp_path)
    assert "unknown" not in rubric.outcome_value


def test_a_missing_or_unreadable_file(tmp_path):
    path = tmp_path / "scoring.yaml"
    with pytest.raises(RubricError) as caught:
        load_rubric(path, SCHEMAS)
    assert str(caught.value) == (
        f"{path}: cannot read the scoring rubric (FileNotFoundError: [Errno 2] No such file "
        f"or directory: '{path}')")
    path.write_text("value: [unclosed\n", encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        load_rubric(path, SCHEMAS)
    assert str(caught.value).startswith(
        f"{path}: cannot read the scoring rubric (ParserError: while parsing a flow sequence")
