"""The verdict model, computed by hand on tiny groups of cases, and its properties."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buzzvalue.model import verdict as V
from buzzvalue.model.jeffreys import beta_cdf, jeffreys_interval

from kbmaker import RUBRIC


def case(cid: str, outcome: str, stage: str = "production", *sources: tuple[str, str, str],
         tests: tuple[tuple[str, str], ...] = ()) -> V.CaseRecord:
    srcs = tuple(V.SourceRecord(t, by, date) for t, by, date in sources) or \
        (V.SourceRecord("audit", "independent", "2024"),)
    return V.CaseRecord(cid, cid.upper(), stage, outcome, srcs, tests)


# Five cases whose weights and value can be followed by hand (the rubric's defaults):
#   a  delivered        scaled       audit, independent        1.0 x 1.0 = 1.0   (+2)
#   b  not-delivered    production   media, independent        0.4 x 0.8 = 0.32  (-1)
#   c  partly-delivered production   evaluation, implementer   0.6 x 0.8 = 0.48  (+1)
#   d  harmful          discontinued court, independent        1.0 x 0.8 = 0.8   (-2)
#   h  no-effect        scaled       official, independent     0.6 x 1.0 = 0.6   ( 0)
# Raw total 3.2; the 25% cap binds on a and d: with both at 0.25 T, T = 1.4 / 0.5 = 2.8,
# so a = d = 0.7. Mean = (1.4 - 1.4 + 0 + 0.48 - 0.32) / 2.8 = 0.0571; value = 51.4.
# And three that do not enter value: unknown (e), announced (f), vendor-only (g).
FIVE = [
    case("a", "delivered", "scaled", ("audit", "independent", "2024-05-01")),
    case("b", "not-delivered", "production", ("media", "independent", "2023")),
    case("c", "partly-delivered", "production", ("evaluation", "implementer", "2022-01")),
    case("d", "harmful", "discontinued", ("court", "independent", "2021-03-04")),
    case("h", "no-effect", "scaled", ("official", "independent", "2025")),
]
EXTRA = [
    case("e", "unknown", "pilot", ("official", "implementer", "2024")),
    case("f", "delivered", "announced", ("official", "implementer", "2024")),
    case("g", "delivered", "production", ("media", "vendor", "2024")),
]


def assess(cases, claims=(), phase=None, year=2026):
    return V.assess("t", cases, list(claims), phase, RUBRIC, year)


def test_weights_cap_and_value_by_hand():
    result = assess(FIVE + EXTRA)
    weights = {c.use_case: c.weight for c in result.contributions}
    assert weights == {"a": 0.7, "b": 0.32, "c": 0.48, "d": 0.7, "h": 0.6,
                       "e": 0.0, "f": 0.0, "g": 0.0}
    excluded = {c.use_case: c.excluded_because for c in result.contributions}
    assert excluded == {"a": None, "b": None, "c": None, "d": None, "h": None,
                        "e": "outcome unknown", "f": "only announced",
                        "g": "vendor evidence only"}
    assert [c.outcome_value for c in result.contributions] == [2, -1, 1, -2, None, None, None, 0]
    assert result.value == 51.4
    assert (result.assessed, result.positive, result.linked, result.unknown) == (5, 2, 8, 1)
    # a (audit) and d (court) are independently evaluated, and of those only a delivered.
    assert (result.independent_assessed, result.independent_positive) == (2, 1)


def test_no_case_carries_more_than_its_cap():
    w = V.capped(np.array([10.0, 1, 1, 1, 1, 1]), 0.25)
    assert w[0] == pytest.approx(0.25 * w.sum())
    assert list(w[1:]) == [1, 1, 1, 1, 1]
    # Too few cases to honour the cap: they share the weight equally.
    assert list(V.capped(np.array([3.0, 1.0, 0.0]), 0.25)) == [2.0, 2.0, 0.0]


def test_jeffreys_interval_against_closed_forms():
    # Beta(1.5, 0.5) has the closed-form CDF (2/pi)(asin(sqrt x) - sqrt(x(1-x))).
    low, high = jeffreys_interval(1, 1, 0.9)
    assert high == 1.0
    assert (2 / math.pi) * (math.asin(math.sqrt(low)) - math.sqrt(low * (1 - low))) == \
        pytest.approx(0.05, abs=1e-9)
    # By symmetry, none of one: the upper end mirrors it, and the lower end is 0.
    assert jeffreys_interval(0, 1, 0.9) == (0.0, pytest.approx(1 - low, abs=1e-9))
    # Beta(2, 3): I_0.3 = 1 - (0.7^4 + 4 x 0.3 x 0.7^3) = 0.3483.
    assert beta_cdf(0.3, 2, 3) == pytest.approx(0.3483, abs=1e-12)


def test_count_headline_uses_jeffreys():
    result = assess(FIVE)
    assert result.delivered_share == 0.4
    low, high = jeffreys_interval(2, 5, 0.9)
    assert result.delivered_share_interval_90 == [round(low, 3), round(high, 3)]


def test_leave_one_out_by_hand():
    # Four cases left: the cap shares weight equally. Without a: mean of (-2, 0, 1, -1)
    # = -0.5, value 37.5, a shift of 13.9 and a flip. Without h: (2, -2, 1, -1) = 0 ->
    # 50, not above the line: a flip. Without c: (2, -2, 0, -1) -> 43.75: a flip.
    # Without d: 62.5, without b: 56.25; neither flips.
    loo = assess(FIVE).leave_one_out
    assert loo["largest_shift"] == 13.9
    assert loo["most_influential"] == "a"
    assert loo["flips"] is True
    assert loo["flipping_cases"] == ["a", "c", "h"]


def test_fragility_by_hand():
    # One step down for a (delivered -> partly-delivered) takes the numerator from 0.16
    # to -0.54: value 45.2, across the line.
    frag = assess(FIVE).fragility
    assert frag["recodings"] == 1
    # One more not-delivered case of median weight (0.6) gives value 48.8.
    assert (frag["extra_cases"], frag["extra_outcome"]) == (1, "not-delivered")


def test_fragility_counts_steps_on_the_heaviest_cases_first():
    cases = [case(f"p{i}", "delivered", "scaled") for i in range(4)] + \
        [case("q", "not-delivered", "scaled")] * 0 + [case("n1", "not-delivered", "scaled")]
    # Five equal cases, four at +2 and one at -1: mean 1.4 (value 85). Every step moves
    # the mean by 0.2; value stays above 50 until the mean is at most 0, i.e. 7 steps.
    frag = assess(cases).fragility
    assert frag["recodings"] == 7


def test_evidence_strength_downgrades_by_hand():
    result = assess(FIVE)
    # a (audit) and d (court) are independent findings: start at 3. Inconsistent: 2 of 5
    # at +1 or above, 2 of 5 at -1 or below. Imprecise: 5 assessed cases (< 8). -> 1.
    assert result.evidence_strength == 1
    assert result.strength_reasons[0].startswith("starts at 3: 2 assessed cases with an "
                                                 "independent evaluation")
    assert [r.split(":")[0] for r in result.strength_reasons[1:]] == ["−1 inconsistent",
                                                                      "−1 imprecise"]


def test_evidence_strength_self_reported_and_stale():
    own = [case(f"o{i}", "delivered", "scaled", ("evaluation", "implementer", "2012"))
           for i in range(8)] + [case("x", "delivered", "scaled",
                                      ("audit", "independent", "2012"))]
    result = assess(own, year=2026)
    # One independent finding: start at 2; 8 x 0.6 of the 5.8 weight (83%) is the
    # implementer's own; nothing from the last five years. -> 0.
    assert result.evidence_strength == 0
    assert [r.split(":")[0] for r in result.strength_reasons[1:]] == \
        ["−1 self-reported", "−1 stale"]
    assert "83% of the weight" in result.strength_reasons[1]
    assert assess(own, year=2014).evidence_strength == 1


def test_tiers():
    three = FIVE[:3]
    assert assess(three).tier == "insufficient evidence"
    assert assess(three).verdict == "insufficient evidence"
    solid = [case(f"s{i}", "delivered", "scaled") for i in range(10)]
    result = assess(solid)
    assert (result.tier, result.stability, result.value_interval_90) == ("firm", 1.0,
                                                                        [100.0, 100.0])
    assert result.wording == "delivers"  # four independent audits: strength 4
    # Fewer than two cases with an independent source: insufficient, however many.
    own = [case(f"o{i}", "delivered", "scaled", ("evaluation", "implementer", "2024"))
           for i in range(9)] + [case("x", "delivered", "scaled")]
    assert assess(own).tier == "insufficient evidence"


def test_borderline_on_the_line_is_visible():
    # Two delivered, two harmful of equal weight and one no-effect: value exactly 50,
    # which is not above the line; the tier says how shaky that is.
    cases = [case("a1", "delivered", "scaled"), case("a2", "delivered", "scaled"),
             case("z1", "harmful", "scaled"), case("z2", "harmful", "scaled"),
             case("m", "no-effect", "scaled")]
    result = assess(cases)
    assert result.value == 50.0
    # No claims to substantiate: buzz is 100 x 0.5 = 50, at the buzz line, so hyped.
    assert (result.buzz, result.quadrant, result.verdict) == (50.0, "overhyped", "overhyped")
    assert result.tier == "borderline"


def test_floating_point_noise_does_not_decide():
    # 0.1 + 0.2 - 0.3 style noise: weights that sum to a mean of ~1e-17.
    cases = [case("a", "partly-delivered", "production", ("official", "independent", "2024")),
             case("b", "partly-delivered", "production", ("official", "independent", "2024")),
             case("c", "partly-delivered", "pilot", ("media", "independent", "2024")),
             case("d", "not-delivered", "production", ("official", "independent", "2024")),
             case("e", "not-delivered", "production", ("official", "independent", "2024")),
             case("f", "not-delivered", "pilot", ("media", "independent", "2024"))]
    result = assess(cases)
    assert result.value == 50.0
    assert not V.quadrant(result.value, result.buzz, RUBRIC).startswith(("proven", "delivering"))


def test_claim_statuses():
    s = V.claim_statuses(np.array([1.0, 0.5, 0.0, 0.1, 0.0, 0.0]),
                         np.array([0.0, 0.5, 1.0, 0.0, 0.0, 0.4]),
                         np.array([True, True, True, True, True, False]), RUBRIC)
    assert [V.CLAIM_STATUS_NAMES[i] for i in s] == [
        "substantiated", "contested", "refuted", "inconclusive", "inconclusive", "untested"]


def test_buzz_from_observables():
    # Two claims, one substantiated by a (weight 1.0), one untested; one case of two is a
    # pilot; no phase. Buzz = 100 x (0.5 x 1/2 + 0.3 x 1/2) = 40.
    cases = [case("a", "delivered", "scaled", tests=(("t#x", "supports"),)),
             case("b", "unknown", "pilot")]
    result = assess(cases, claims=["t#x", "t#y"])
    assert result.buzz == 40.0
    assert (result.unsubstantiated_share, result.immature_share) == (0.5, 0.5)
    # The cited hype phase weighs at most 0.2: peak adds 20.
    assert assess(cases, claims=["t#x", "t#y"], phase="peak").buzz == 60.0


def test_sensitivity_reports_share_and_range():
    # Seeded from the content: these are the figures the page shows for these five cases.
    assert assess(FIVE).sensitivity == {"runs": 1000, "same_verdict": 0.504,
                                        "value_range_90": [50.3, 54.6]}


def _without_contributions(result):
    out = result.to_dict()
    del out["contributions"]
    return out


def test_the_whole_assessment_of_a_group_that_barely_delivers():
    # FIVE and EXTRA, plus a discontinued case of unknown outcome (k) and a delivered pilot
    # (p, media 0.4 x pilot 0.4 = 0.16). a supports claim x, b contradicts x and supports y;
    # z is untested. The bootstrap, the leave-one-out, the fragility and the sensitivity
    # runs are seeded from the content, so every figure is fixed.
    cases = [replace(FIVE[0], tests=(("t#x", "supports"),)),
             replace(FIVE[1], tests=(("t#x", "contradicts"), ("t#y", "supports"))),
             *FIVE[2:], *EXTRA,
             case("k", "unknown", "discontinued", ("audit", "independent", "2020")),
             case("p", "delivered", "pilot", ("media", "independent", "2024"))]
    result = V.assess("t", cases, ["t#x", "t#y", "t#z"], "slope", RUBRIC, 2026)
    assert [(c.use_case, c.weight) for c in result.contributions] == [
        ("a", 0.78), ("b", 0.32), ("c", 0.48), ("d", 0.78), ("e", 0.0), ("f", 0.0),
        ("g", 0.0), ("h", 0.6), ("k", 0.0), ("p", 0.16)]
    assert _without_contributions(result) == {
        # (0.78 x 2 - 0.32 + 0.48 - 0.78 x 2 + 0 + 0.16 x 2) / 3.12 = 0.1538: 53.8
        "value": 53.8,
        # x (1.0 for, 0.32 against) and y (0.32 for) substantiated, z untested: 1/3 open;
        # 3 of 10 cases announced or pilots; slope 25 x 0.2 = 5.
        "buzz": 30.7, "verdict": "proven", "quadrant": "proven", "tier": "borderline",
        "wording": "may deliver, but the evidence is very uncertain",
        "evidence_strength": 1,
        "strength_reasons": (
            "starts at 3: 2 assessed cases with an independent evaluation, audit or court "
            "finding",
            "−1 inconsistent: 3 cases score +1 or more, 2 score −1 or less",
            "−1 imprecise: the 80% value interval (41.7–75) reaches across the line at 50"),
        "value_interval_90": [37.5, 81.2], "value_interval_80": [41.7, 75.0],
        "buzz_interval_90": [24.7, 64.0], "buzz_interval_80": [27.7, 56.3],
        "stability": 0.451,
        "assessed": 6, "positive": 3, "independent_assessed": 2, "independent_positive": 1,
        "with_independent": 5, "delivered_share": 0.5,
        "delivered_share_interval_90": [0.209, 0.791],
        "linked": 10, "unknown": 2,
        "unsubstantiated_share": 0.3333, "immature_share": 0.3, "phase_score": 25.0,
        "buzz_terms": {"claims": 16.67, "immature": 9.0, "phase": 5.0},
        "weighted_sum": 0.48, "total_weight": 3.12,
        "leave_one_out": {"largest_shift": 15.0, "most_influential": "d",
                          "most_influential_title": "D", "flips": True,
                          "flipping_cases": ["a", "c"]},
        "fragility": {"recodings": 1, "extra_cases": 2, "extra_outcome": "not-delivered"},
        "sensitivity": {"runs": 1000, "same_verdict": 0.581, "value_range_90": [45.5, 56.1]},
    }


def test_the_whole_assessment_of_a_group_that_does_not_deliver():
    cases = [
        # 1.0, -1; contradicts x
        case("n1", "not-delivered", "scaled", ("audit", "independent", "2023"),
             tests=(("t#x", "contradicts"),)),
        # evaluation 1.0 x production 0.8 = 0.8, -2; supports x
        case("n2", "harmful", "production", ("evaluation", "independent", "2019"),
             tests=(("t#x", "supports"),)),
        # the implementer's official report 0.6 x pilot 0.4 = 0.24, +1
        case("n3", "partly-delivered", "pilot", ("official", "implementer", "2024")),
        # academic 0.8 x scaled 1.0 = 0.8, 0; contradicts x
        case("n4", "no-effect", "scaled", ("academic", "independent", "2022"),
             tests=(("t#x", "contradicts"),)),
        # court 1.0 x discontinued 0.8 = 0.8, -1
        case("n5", "not-delivered", "discontinued", ("court", "independent", "2021")),
        case("n6", "unknown", "discontinued", ("media", "independent", "2021"))]
    result = V.assess("t", cases, ["t#x"], "peak", RUBRIC, 2026)
    # Raw total 3.64; n1 capped: T = 2.64 / 0.75 = 3.52, n1 = 0.88.
    assert [(c.use_case, c.weight) for c in result.contributions] == [
        ("n1", 0.88), ("n2", 0.8), ("n3", 0.24), ("n4", 0.8), ("n5", 0.8), ("n6", 0.0)]
    assert _without_contributions(result) == {
        # (-0.88 - 1.6 + 0.24 + 0 - 0.8) / 3.52 = -0.8636: 28.4
        "value": 28.4,
        # x refuted (1.8 against, 0.8 for): 100 x 0.5; one pilot of six: 5; peak: 20.
        "buzz": 75.0, "verdict": "overhyped", "quadrant": "overhyped", "tier": "leaning",
        "wording": "may not deliver", "evidence_strength": 2,
        "strength_reasons": (
            "starts at 3: 3 assessed cases with an independent evaluation, audit or court "
            "finding",
            "−1 imprecise: only 5 assessed cases (fewer than 8)"),
        "value_interval_90": [16.7, 50.0], "value_interval_80": [25.0, 50.0],
        "buzz_interval_90": [25.0, 85.0], "buzz_interval_80": [30.0, 80.0],
        "stability": 0.853,
        "assessed": 5, "positive": 1, "independent_assessed": 4, "independent_positive": 0,
        "with_independent": 4, "delivered_share": 0.2,
        "delivered_share_interval_90": [0.036, 0.563],
        "linked": 6, "unknown": 1,
        "unsubstantiated_share": 1.0, "immature_share": 0.1667, "phase_score": 100.0,
        "buzz_terms": {"claims": 50.0, "immature": 5.0, "phase": 20.0},
        "weighted_sum": -3.04, "total_weight": 3.52,
        "leave_one_out": {"largest_shift": 15.4, "most_influential": "n2",
                          "most_influential_title": "N2", "flips": False,
                          "flipping_cases": []},
        # Four steps up on the heaviest cases first: n1 -1 -> 0 -> 1 -> 2, then n2 -2 -> -1:
        # (1.76 - 0.8 + 0.24 - 0.8) / 3.52 = 0.11: 52.8.
        "fragility": {"recodings": 4, "extra_cases": 2, "extra_outcome": "delivered"},
        "sensitivity": {"runs": 1000, "same_verdict": 1.0, "value_range_90": [24.1, 30.3]},
    }


# ------------------------------------------------------------------ properties

OUTCOMES = ["delivered", "partly-delivered", "no-effect", "not-delivered", "harmful",
            "unknown"]
STAGES = ["announced", "pilot", "production", "scaled", "discontinued"]
TYPES = ["evaluation", "audit", "court", "academic", "official", "media"]
BYS = ["independent", "implementer", "vendor", "advocate"]

source_st = st.builds(V.SourceRecord, st.sampled_from(TYPES), st.sampled_from(BYS),
                      st.sampled_from(["2015", "2020-02", "2024-06-01"]))


@st.composite
def groups(draw, min_size=1):
    n = draw(st.integers(min_size, 9))
    return [V.CaseRecord(f"c{i}", f"C{i}", draw(st.sampled_from(STAGES)),
                         draw(st.sampled_from(OUTCOMES)),
                         tuple(draw(st.lists(source_st, min_size=1, max_size=3))),
                         tuple(draw(st.lists(st.tuples(st.sampled_from(["t#x", "t#y"]),
                                                       st.sampled_from(["supports",
                                                                        "contradicts",
                                                                        "inconclusive"])),
                                             max_size=2))))
            for i in range(n)]


PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
STRONG = (V.SourceRecord("evaluation", "independent", "2024"),)


@PROPERTY
@given(groups())
def test_a_delivered_well_evidenced_case_never_lowers_value(cases):
    before = assess(cases, ["t#x", "t#y"]).value
    after = assess([*cases, V.CaseRecord("zz", "Z", "scaled", "delivered", STRONG)],
                   ["t#x", "t#y"]).value
    assert before is None or after >= before


@PROPERTY
@given(groups())
def test_a_harmful_well_evidenced_case_never_raises_value(cases):
    before = assess(cases, ["t#x", "t#y"]).value
    after = assess([*cases, V.CaseRecord("zz", "Z", "scaled", "harmful", STRONG)],
                   ["t#x", "t#y"]).value
    assert before is None or after <= before


@PROPERTY
@given(groups())
def test_intervals_contain_the_point_value(cases):
    result = assess(cases, ["t#x", "t#y"])
    if result.value is not None:
        for low, high in (result.value_interval_90, result.value_interval_80):
            assert low <= result.value <= high
        assert result.value_interval_90[0] <= result.value_interval_80[0]
    assert result.buzz_interval_90[0] <= result.buzz <= result.buzz_interval_90[1]


@PROPERTY
@given(groups(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_order(cases, rnd):
    shuffled = list(cases)
    rnd.shuffle(shuffled)
    assert assess(cases, ["t#x", "t#y"]) == assess(shuffled, ["t#y", "t#x"])


def test_two_runs_give_the_same_bytes():
    one = json.dumps(assess(FIVE + EXTRA).to_dict(), sort_keys=True)
    two = json.dumps(assess(list(reversed(FIVE + EXTRA))).to_dict(), sort_keys=True)
    assert one == two


def test_the_seed_comes_from_the_content():
    changed = [*FIVE[:-1], case("h", "no-effect", "scaled",
                                ("official", "independent", "2025-01"))]
    assert V.seed_for("t", FIVE, [], None) != V.seed_for("t", changed, [], None)
    assert V.seed_for("t", FIVE, [], None) == V.seed_for("t", list(reversed(FIVE)), [], None)


def test_the_seed_is_a_published_recipe():
    # Anyone can reproduce the figures: SHA-256 of the JSON (sorted keys, ASCII) of the
    # group, the phase, the sorted claims and the cases in id order; its first 8 bytes,
    # big-endian.
    cases = [case("é", "delivered", "scaled", ("audit", "independent", "2024")), FIVE[0]]
    payload = ('["t", "peak", ["t#x", "t#y"], [{"id": "a", "outcome": "delivered", "sources": '
               '[{"by": "independent", "date": "2024-05-01", "type": "audit"}], "stage": '
               '"scaled", "tests": [], "title": "A"}, {"id": "\\u00e9", "outcome": '
               '"delivered", "sources": [{"by": "independent", "date": "2024", "type": '
               '"audit"}], "stage": "scaled", "tests": [], "title": "\\u00c9"}]]')
    expected = int.from_bytes(hashlib.sha256(payload.encode()).digest()[:8], "big")
    assert V.seed_for("t", cases, ["t#y", "t#x"], "peak") == expected == 7772030209064204178


def ctest(uid, finding, weight, evidence="audit", by="independent"):
    return V.ClaimTest(uid, finding, weight, evidence, by)


def test_claim_status_says_how_thin_it_is():
    refuted = V.claim_status([ctest("a", "contradicts", 0.32, "media")], RUBRIC)
    assert refuted.label == "refuted (one media report)"
    contested = V.claim_status([ctest("a", "supports", 0.8), ctest("b", "contradicts", 0.6)],
                               RUBRIC)
    assert (contested.label, contested.strength) == ("contested", 1.4)
    inconclusive = V.claim_status([ctest("a", "inconclusive", 1.0)], RUBRIC)
    assert (inconclusive.label, inconclusive.support, inconclusive.against) == \
        ("inconclusive", 0, 0)
    weak = V.claim_status([ctest("a", "supports", 0.4, "media"),
                           ctest("b", "supports", 0.4, "official", "advocate")], RUBRIC)
    assert weak.label == "substantiated (media or advocate sources only)"
    assert V.claim_status([], RUBRIC).label == "untested"
    one = V.claim_status([ctest("a", "supports", 1.0)], RUBRIC)
    assert one.label == "substantiated (one case)"


# Fourteen cases of varied weight and outcome: their resampled values spread over many
# levels, so each percentile of the bootstrap lands on its own value.
SPREAD = [case(f"s{i:02d}", outcome, stage, (kind, by, "2024"))
          for i, (outcome, stage, kind, by) in enumerate([
              ("delivered", "scaled", "audit", "independent"),
              ("partly-delivered", "production", "evaluation", "implementer"),
              ("not-delivered", "production", "media", "independent"),
              ("harmful", "discontinued", "court", "independent"),
              ("no-effect", "scaled", "official", "independent"),
              ("delivered", "production", "academic", "independent"),
              ("partly-delivered", "pilot", "official", "implementer"),
              ("delivered", "scaled", "media", "independent"),
              ("not-delivered", "discontinued", "audit", "independent"),
              ("partly-delivered", "scaled", "evaluation", "independent"),
              ("delivered", "production", "official", "implementer"),
              ("no-effect", "production", "media", "advocate"),
              ("harmful", "production", "evaluation", "independent"),
              ("delivered", "pilot", "audit", "independent"),
          ])]


def test_the_intervals_are_the_percentiles_of_the_seeded_resamples():
    """A sceptic's re-derivation of the bootstrap: draw the resamples from the content's
    seed, score each, round to one decimal, and read the 5th/95th (90%) and 10th/90th
    (80%) percentiles, widened to reach the point value; buzz likewise; stability is the
    share of resamples in the point's quadrant."""
    result = assess(SPREAD, claims=())
    rng = np.random.default_rng(V.seed_for("t", SPREAD, [], None))
    n = len(SPREAD)
    counts = rng.multinomial(n, np.full(n, 1 / n), size=RUBRIC.resamples).astype(float)
    weights = [V.case_weight(c, RUBRIC) for c in sorted(SPREAD, key=lambda c: c.id)]
    raw = np.array([w.raw_weight if w.enters_value else 0.0 for w in weights])
    outcome = np.array([w.outcome_value or 0.0 for w in weights])
    values = np.round(V.value_of(raw * counts, outcome[None, :].repeat(len(counts), 0),
                                 RUBRIC), 1)

    def pct(p: float) -> float:
        return round(float(np.percentile(values, p)), 1)

    def around(low: float, high: float) -> list[float]:
        return [min(low, result.value), max(high, result.value)]

    assert pct(10) != pct(11) and pct(90) != pct(91) and pct(5) != pct(6)
    assert result.value_interval_90 == around(pct(5), pct(95))
    assert result.value_interval_80 == around(pct(10), pct(90))
    # No claims: every resample's buzz is all unsubstantiated, plus its immature share.
    immature = np.array([c.stage in RUBRIC.buzz_immature_stages
                         for c in sorted(SPREAD, key=lambda c: c.id)])
    buzz = np.round(V.buzz_of(1.0, (counts * immature).sum(1) / n, 0.0, RUBRIC), 1)
    assert len(set(buzz)) > 3
    assert result.buzz_interval_80 == [min(round(float(np.percentile(buzz, 10)), 1),
                                           result.buzz),
                                       max(round(float(np.percentile(buzz, 90)), 1),
                                           result.buzz)]
    same = V.same_quadrant(values, buzz, result.quadrant, RUBRIC)
    assert result.stability == round(int(same.sum()) / len(values), 3)
