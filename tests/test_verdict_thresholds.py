"""Every threshold in schema/scoring.yaml, met from both sides by tiny groups of cases
worked by hand: the minimum number of cases, the claim statuses, the tiers, the evidence
strength and its wording, the case weights."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from buzzvalue.model import verdict as V

from kbmaker import RUBRIC

AUDIT = ("audit", "independent", "2024")          # weight 1.0, an independent finding
OWN = ("audit", "implementer", "2024")            # min(1.0, 0.6) = 0.6, self-reported
PRESS = ("media", "independent", "2024")          # 0.4, independent but not a finding


def case(cid: str, outcome: str = "delivered", stage: str = "scaled",
         *sources: tuple[str, str, str], tests: tuple[tuple[str, str], ...] = ()):
    return V.CaseRecord(cid, cid.upper(), stage, outcome,
                        tuple(V.SourceRecord(*s) for s in sources or (AUDIT,)), tests)


def assess(cases, claims=(), phase=None, year=2026, rubric=RUBRIC):
    return V.assess("t", cases, list(claims), phase, rubric, year)


def settled(cases):
    """Claim t#x supported by every case: buzz 0 (no claim open, nothing immature, no
    phase), so a value above 50 is "proven" and at or below it "unproven"."""
    return assess([replace(c, tests=(("t#x", "supports"),)) for c in cases], ["t#x"])


# ------------------------------------------------------------- minimum number of cases

@pytest.mark.parametrize(("delivered", "unknown", "verdict"), [
    (3, 0, "insufficient evidence"),
    (3, 1, "insufficient evidence"),   # an unknown outcome is a gap, not a fourth case
    (3, 4, "insufficient evidence"),
    (4, 0, "proven"),
    (4, 1, "proven"),
    (5, 0, "proven"),
])
def test_unknown_outcomes_do_not_count_toward_the_minimum(delivered, unknown, verdict):
    cases = [case(f"d{i}") for i in range(delivered)] + \
        [case(f"u{i}", "unknown") for i in range(unknown)]
    result = settled(cases)
    assert (result.verdict, result.assessed, result.unknown, result.linked) == \
        (verdict, delivered, unknown, delivered + unknown)
    # Every scored case is a delivered, audited, scaled one: value 100 either way.
    assert result.value == 100.0
    sufficient = verdict != "insufficient evidence"
    assert result.tier == ("firm" if sufficient else "insufficient evidence")
    # Four or five independent audits: evidence strength 4, less one for imprecision.
    assert result.wording == ("probably delivers" if sufficient else
                              "cannot be judged yet, for want of evidence")


@pytest.mark.parametrize(("independent", "verdict"), [
    (0, "insufficient evidence"), (1, "insufficient evidence"), (2, "proven"), (3, "proven")])
def test_at_least_two_cases_with_an_independent_source(independent, verdict):
    # Press reports count as independent sources here (any type, by an independent author).
    cases = [case(f"p{i}", "delivered", "scaled", PRESS) for i in range(independent)] + \
        [case(f"o{i}", "delivered", "scaled", OWN) for i in range(5 - independent)]
    result = settled(cases)
    assert (result.verdict, result.assessed, result.with_independent) == \
        (verdict, 5, independent)


def test_an_independent_source_on_an_unscored_case_does_not_count():
    # Two independent audits, but one of them on a case of unknown outcome: insufficient.
    cases = [case("a", "delivered", "scaled", AUDIT), case("b", "unknown", "scaled", AUDIT)] + \
        [case(f"o{i}", "delivered", "scaled", OWN) for i in range(4)]
    result = settled(cases)
    assert (result.verdict, result.with_independent, result.independent_assessed) == \
        ("insufficient evidence", 1, 1)


def test_no_cases_at_all():
    result = assess([], ["t#x", "t#y"], phase="peak")
    # No claim substantiated: 100 x 0.5 x 1 + 0.2 x 100 = 70.
    assert (result.value, result.buzz, result.verdict, result.quadrant, result.tier) == \
        (None, 70.0, "insufficient evidence", None, "insufficient evidence")
    assert (result.value_interval_90, result.buzz_interval_90, result.buzz_interval_80,
            result.stability) == (None, [70.0, 70.0], [70.0, 70.0], None)
    assert (result.unsubstantiated_share, result.immature_share) == (1.0, 0.0)
    assert (result.leave_one_out, result.fragility, result.sensitivity) == (None, None, None)
    assert (result.delivered_share, result.delivered_share_interval_90) == (None, None)
    assert result.buzz_terms == {"claims": 50.0, "immature": 0.0, "phase": 20.0}
    assert (result.evidence_strength, result.strength_reasons) == (0, (
        "starts at 1: 0 assessed cases with an independent evaluation, audit or court finding",
        "−1 imprecise: only 0 assessed cases (fewer than 8)"))


# ------------------------------------------------------------- claim status

def test(uid: str, finding: str, weight: float, evidence: str = "audit",
         by: str = "independent") -> V.ClaimTest:
    return V.ClaimTest(uid, finding, weight, evidence, by)


test.__test__ = False  # a helper, not a test


@pytest.mark.parametrize(("support", "against", "status"), [
    # minimum_mass 0.3: the least one-sided support that settles a claim
    (0.3, 0.0, "substantiated"), (0.29, 0.0, "inconclusive"), (0.31, 0.0, "substantiated"),
    (0.0, 0.3, "refuted"), (0.0, 0.29, "inconclusive"), (0.0, 0.31, "refuted"),
    # ratio 2: one side must outweigh the other twice
    (0.6, 0.3, "substantiated"), (0.59, 0.3, "contested"), (0.5, 0.3, "contested"),
    (0.3, 0.6, "refuted"), (0.3, 0.59, "contested"), (0.3, 0.5, "contested"),
    (1.0, 1.0, "contested"), (0.1, 0.1, "contested"), (0.1, 0.2, "contested"),
    (0.0, 0.0, "inconclusive"),
])
def test_claim_status_thresholds(support, against, status):
    tests = [test("a", "supports", support), test("b", "contradicts", against),
             test("c", "inconclusive", 1.0)]
    result = V.claim_status([t for t in tests if t.weight], RUBRIC)
    assert (result.status, result.support, result.against) == (status, support, against)


def test_claim_status_codes_on_arrays_at_the_boundaries():
    # Floating-point noise just under a threshold does not decide.
    support = np.array([0.3 - 1e-12, 0.6 - 1e-12, 0.0, 0.3, 0.0])
    against = np.array([0.0, 0.3, 0.3 - 1e-12, 0.6 - 1e-12, 0.0])
    tested = np.array([True, True, True, True, False])
    assert V.claim_statuses(support, against, tested, RUBRIC).tolist() == [0, 0, 2, 2, 4]
    # The tolerance is a billionth, inclusive: at it, the threshold is met; beyond, not.
    support = np.array([0.3 - 1e-9, 0.3 - 2e-9, 0.6 - 1e-9, 0.6 - 2e-9, 0.3, 0.3])
    against = np.array([0.0, 0.0, 0.3, 0.3, 0.6 - 1e-9, 0.6 - 2e-9])
    assert V.claim_statuses(support, against, np.full(6, True), RUBRIC).tolist() == \
        [0, 3, 0, 1, 2, 1]
    against, support = support[:4], against[:4]
    assert V.claim_statuses(support, against, np.full(4, True), RUBRIC).tolist() == \
        [2, 3, 2, 1]
    assert V.CLAIM_STATUS_NAMES == ("substantiated", "contested", "refuted", "inconclusive",
                                    "untested")


def test_what_a_claims_status_rests_on():
    substantiated = V.claim_status([test("a", "supports", 0.8), test("b", "contradicts", 0.3),
                                    test("c", "supports", 0.2), test("d", "inconclusive", 1)],
                                   RUBRIC)
    assert (substantiated.status, substantiated.support, substantiated.against,
            substantiated.basis, substantiated.strength) == \
        ("substantiated", 1.0, 0.3, None, 1.0)
    refuted = V.claim_status([test("a", "contradicts", 0.8), test("b", "supports", 0.1)], RUBRIC)
    assert (refuted.status, refuted.basis, refuted.strength) == ("refuted", "one case", 0.8)
    contested = V.claim_status([test("a", "supports", 0.5), test("b", "contradicts", 0.5,
                                                                "media")], RUBRIC)
    assert (contested.label, contested.strength) == ("contested", 1.0)
    inconclusive = V.claim_status([test("a", "inconclusive", 1.0)], RUBRIC)
    assert (inconclusive.label, inconclusive.basis, inconclusive.strength) == \
        ("inconclusive", None, 0.0)
    # Sums are rounded to four decimals: 0.1 + 0.2 is 0.3, enough to settle.
    noisy = V.claim_status([test("a", "supports", 0.1), test("b", "supports", 0.2)], RUBRIC)
    assert (noisy.status, noisy.support, noisy.strength) == ("substantiated", 0.3, 0.3)


@pytest.mark.parametrize(("tests", "label"), [
    ([test("a", "supports", 0.4, "official", "advocate")],
     "substantiated (one advocate's source)"),
    ([test("a", "supports", 0.4, "official", "vendor")], "substantiated (one vendor's source)"),
    ([test("a", "supports", 0.4, "media", "independent")], "substantiated (one media report)"),
    ([test("a", "supports", 0.4, "media", "vendor")], "substantiated (one vendor's source)"),
    ([test("a", "supports", 0.4, "official", "implementer")], "substantiated (one case)"),
    # One case testing the claim twice is still one case.
    ([test("a", "supports", 0.2, "media"), test("a", "supports", 0.2, "audit")],
     "substantiated (one media report)"),
    ([test("a", "supports", 0.4, "media"), test("b", "supports", 0.4, "media")],
     "substantiated (media or advocate sources only)"),
    ([test("a", "supports", 0.4, "official", "vendor"),
      test("b", "supports", 0.4, "official", "advocate")],
     "substantiated (media or advocate sources only)"),
    ([test("a", "supports", 0.4, "media"), test("b", "supports", 0.4, "official")],
     "substantiated"),
    ([test("a", "supports", 0.4, "official", "implementer"),
      test("b", "supports", 0.4, "official", "advocate")], "substantiated"),
    ([test("a", "contradicts", 0.4, "media"), test("b", "supports", 0.1, "audit")],
     "refuted (one media report)"),
])
def test_a_thin_status_says_so(tests, label):
    result = V.claim_status(tests, RUBRIC)
    assert (result.label, result.status) == (label, label.split(" (")[0])


# ------------------------------------------------------------- tiers

@pytest.mark.parametrize(("stability", "interval", "tier"), [
    (0.9, [50.1, 60.0], "firm"), (0.95, [50.1, 60.0], "firm"), (1.0, [40.0, 50.0], "firm"),
    (0.899, [50.1, 60.0], "leaning"),
    (0.9, [50.0, 60.0], "leaning"),   # reaches the line at 50 and above it: not clear
    (0.9, [49.9, 50.1], "leaning"),
    (0.7, [50.0, 60.0], "leaning"), (0.7, [60.0, 70.0], "leaning"),
    (0.699, [60.0, 70.0], "borderline"), (0.0, [60.0, 70.0], "borderline"),
])
def test_tiers_at_their_thresholds(stability, interval, tier):
    assert V._tier({"stability": stability, "value_90": interval}, RUBRIC, False) == tier


def test_no_tier_without_enough_evidence():
    intervals = {"stability": 1.0, "value_90": [60.0, 70.0]}
    assert V._tier(intervals, RUBRIC, True) == "insufficient evidence"
    assert V._tier(None, RUBRIC, False) == "insufficient evidence"
    assert V._tier({"stability": None, "value_90": None}, RUBRIC, False) == \
        "insufficient evidence"


@pytest.mark.parametrize(("interval", "crosses"), [
    ((40.0, 60.0), True), ((50.0, 50.1), True), ((50.1, 60.0), False), ((40.0, 50.0), False),
    ((50.0, 50.0), False), ((60.0, 70.0), False), ((30.0, 40.0), False)])
def test_an_interval_straddles_the_line_when_it_reaches_both_sides(interval, crosses):
    assert V.straddles(interval, 50.0) is crosses


# ------------------------------------------------------------- evidence strength

def eight(findings: int, others=PRESS, outcome="delivered"):
    """Eight assessed cases, all delivered and recent: no downgrade but for the start."""
    return [case(f"f{i}", outcome, "scaled", AUDIT) for i in range(findings)] + \
        [case(f"o{i}", outcome, "scaled", others) for i in range(8 - findings)]


@pytest.mark.parametrize(("findings", "level", "wording"), [
    (0, 1, "may deliver, but the evidence is very uncertain"),
    (1, 2, "may deliver"),
    (2, 3, "probably delivers"),
    (3, 3, "probably delivers"),
    (4, 4, "delivers"),
    (8, 4, "delivers"),
])
def test_evidence_strength_starts_from_the_independent_findings(findings, level, wording):
    result = settled(eight(findings))
    assert (result.verdict, result.evidence_strength, result.wording) == \
        ("proven", level, wording)
    assert result.strength_reasons == (
        f"starts at {level}: {findings} assessed case{'' if findings == 1 else 's'} with an "
        "independent evaluation, audit or court finding",)


@pytest.mark.parametrize(("source", "findings"), [
    (("evaluation", "independent", "2024"), 8), (("court", "independent", "2024"), 8),
    (("academic", "independent", "2024"), 0), (("official", "independent", "2024"), 0),
    (("evaluation", "implementer", "2024"), 0), (("audit", "advocate", "2024"), 0)])
def test_which_sources_are_findings(source, findings):
    cases = [case(f"c{i}", "delivered", "scaled", source, PRESS) for i in range(8)]
    result = settled(cases)
    assert result.strength_reasons[0].startswith(f"starts at {4 if findings else 1}: "
                                                 f"{findings} assessed cases")


def test_a_finding_on_an_unscored_case_is_no_finding():
    cases = [*eight(4), case("u", "unknown", "scaled", AUDIT),
             case("v", "delivered", "announced", AUDIT)]
    assert settled(cases).evidence_strength == 4
    cases = eight(2) + [case(f"u{i}", "unknown", "scaled", AUDIT) for i in range(2)]
    assert settled(cases).evidence_strength == 3


@pytest.mark.parametrize(("own", "level"), [(5, 3), (6, 2)])
def test_self_reported_is_more_than_half_the_weight(own, level):
    # Three independent audits (1.0 each) and `own` implementer audits (0.6 each):
    # 5 x 0.6 = 3.0 is exactly half of 6.0, not more; 6 x 0.6 = 3.6 of 6.6 is 55%.
    cases = [case(f"f{i}") for i in range(3)] + \
        [case(f"o{i}", "delivered", "scaled", OWN) for i in range(own)]
    result = settled(cases)
    assert result.evidence_strength == level
    assert result.strength_reasons[1:] == (() if own == 5 else (
        "−1 self-reported: 55% of the weight rests on the implementer's or vendor's own "
        "material",))


def test_vendor_material_is_self_reported_too():
    cases = [case(f"f{i}") for i in range(4)] + \
        [case(f"v{i}", "delivered", "scaled", ("audit", "vendor", "2024"), PRESS)
         for i in range(4)]
    # The press report (0.4) outweighs the vendor's (0.2): the vendor case rests on media.
    assert settled(cases).evidence_strength == 4
    cases = [case(f"f{i}") for i in range(2)] + \
        [case(f"v{i}", "delivered", "scaled", ("audit", "vendor", "2024"), OWN)
         for i in range(6)]
    # 6 x 0.6 of 5.6 rests on the implementer's own audit: 64%.
    result = settled(cases)
    assert (result.evidence_strength, result.strength_reasons[1]) == (
        2, "−1 self-reported: 64% of the weight rests on the implementer's or vendor's own "
           "material")


@pytest.mark.parametrize(("good", "bad", "level"), [
    (6, 2, 3),    # 2 of 8 at -1 or below is 25%: inconsistent
    (7, 1, 4),    # 1 of 8 is not
    (2, 6, 3),    # and the other way round: 2 of 8 at +1 or above
    (1, 7, 4),
])
def test_inconsistent_at_a_quarter_on_each_side(good, bad, level):
    cases = [case(f"g{i}", "partly-delivered") for i in range(good)] + \
        [case(f"b{i}", "not-delivered") for i in range(bad)]
    result = settled(cases)
    assert result.evidence_strength == level
    reasons = [r for r in result.strength_reasons if "inconsistent" in r]
    assert reasons == ([] if level == 4 else [
        f"−1 inconsistent: {good} cases score +1 or more, {bad} score −1 or less"])


def test_no_effect_is_neither_side():
    cases = [case(f"g{i}", "delivered") for i in range(4)] + \
        [case(f"z{i}", "no-effect") for i in range(4)]
    assert settled(cases).evidence_strength == 4


@pytest.mark.parametrize(("assessed", "level"), [(7, 3), (8, 4), (9, 4)])
def test_imprecise_below_eight_assessed_cases(assessed, level):
    result = settled([case(f"c{i}") for i in range(assessed)])
    assert result.evidence_strength == level
    assert result.strength_reasons[1:] == (() if level == 4 else (
        "−1 imprecise: only 7 assessed cases (fewer than 8)",))


def test_imprecise_when_the_80_percent_interval_crosses_the_line():
    # Eight independent audits, half delivered and half harmful, and one no-effect:
    # value exactly 50, and resampling puts it on both sides.
    cases = [case(f"g{i}", "delivered") for i in range(4)] + \
        [case(f"h{i}", "harmful") for i in range(4)] + [case("z", "no-effect")]
    result = settled(cases)
    low, high = result.value_interval_80
    assert result.value == 50.0
    assert result.strength_reasons[1:] == (
        "−1 inconsistent: 4 cases score +1 or more, 4 score −1 or less",
        f"−1 imprecise: the 80% value interval ({low:g}–{high:g}) reaches across the line "
        "at 50")
    assert result.evidence_strength == 2
    assert (result.verdict, result.wording) == ("unproven", "may not deliver")


@pytest.mark.parametrize(("year", "level"), [(2029, 4), (2030, 3)])
def test_stale_after_five_years(year, level):
    # All evidence dated 2024: within five years up to 2029, stale from 2030.
    cases = [case(f"c{i}", tests=(("t#x", "supports"),)) for i in range(8)]
    result = assess(cases, ["t#x"], year=year)
    assert result.evidence_strength == level
    assert result.strength_reasons[1:] == (() if level == 4 else (
        "−1 stale: only 0% of the weight is dated within 5 years",))


def test_stale_when_under_thirty_percent_is_recent():
    cases = [case(f"n{i}", "delivered", "scaled", ("audit", "independent", "2024-06"))
             for i in range(3)] + \
        [case(f"o{i}", "delivered", "scaled", ("audit", "independent", "2015"))
         for i in range(7)]
    result = settled(cases)
    # 3 of 10 equal weights recent: exactly 30%, not less.
    assert result.evidence_strength == 4
    cases[2] = case("n2", "delivered", "scaled", ("audit", "independent", "2015"))
    result = settled(cases)
    assert (result.evidence_strength, result.strength_reasons[1:]) == (3, (
        "−1 stale: only 20% of the weight is dated within 5 years",))


def test_the_newest_source_dates_a_case():
    cases = [case(f"c{i}", "delivered", "scaled", ("audit", "independent", "2010"),
                  ("media", "independent", "2023-11-02"), ("official", "independent", "n.d."))
             for i in range(8)]
    assert settled(cases).evidence_strength == 4
    assert V._newest_year(cases[0]) == 2023
    assert V._newest_year(case("x", "delivered", "scaled", ("audit", "independent", ""))) == 0


# ------------------------------------------------------------- wording, both sides

@pytest.mark.parametrize(("findings", "wording"), [
    (0, "may not deliver, but the evidence is very uncertain"),
    (1, "may not deliver"),
    (2, "probably does not deliver"),
    (4, "does not deliver"),
])
def test_wording_when_it_does_not_deliver(findings, wording):
    result = settled(eight(findings, outcome="not-delivered"))
    assert (result.value, result.verdict, result.wording) == (25.0, "unproven", wording)


def test_wording_never_reads_past_the_strongest_level():
    assert V._wording(7, 60.0, RUBRIC, False) == "delivers"
    assert V._wording(0, 50.0, RUBRIC, False) == \
        "may not deliver, but the evidence is very uncertain"
    assert V._wording(4, 50.1, RUBRIC, False) == "delivers"
    assert V._wording(4, None, RUBRIC, False) == "cannot be judged yet, for want of evidence"
    assert V._wording(4, 60.0, RUBRIC, True) == "cannot be judged yet, for want of evidence"


# ------------------------------------------------------------- case weights

@pytest.mark.parametrize(("sources", "evidence", "tier"), [
    # A source's weight is its type's, capped by who wrote it.
    ([("audit", "independent", "")], ("audit", "independent"), 1.0),
    ([("academic", "independent", "")], ("academic", "independent"), 0.8),
    ([("audit", "implementer", "")], ("audit", "implementer"), 0.6),
    ([("audit", "advocate", "")], ("audit", "advocate"), 0.4),
    ([("official", "advocate", "")], ("official", "advocate"), 0.4),
    ([("media", "implementer", "")], ("media", "implementer"), 0.4),
    ([("media", "independent", ""), ("court", "independent", "")], ("court", "independent"),
     1.0),
    # A tie on weight goes to the more independent author.
    ([("evaluation", "implementer", ""), ("official", "independent", "")],
     ("official", "independent"), 0.6),
    ([("official", "independent", ""), ("evaluation", "implementer", "")],
     ("official", "independent"), 0.6),
    ([("leaflet", "independent", "")], ("leaflet", "independent"), 0.0),
    ([("audit", "someone", "")], ("audit", "someone"), 0.0),
    # Nothing weighs anything: an author the rubric knows still ranks above one it does not.
    ([("audit", "someone", ""), ("leaflet", "independent", "")], ("leaflet", "independent"),
     0.0),
    ([], ("", ""), 0.0),
])
def test_a_cases_tier_is_its_strongest_source(sources, evidence, tier):
    w = V.case_weight(V.CaseRecord("c", "C", "production", "delivered",
                                   tuple(V.SourceRecord(*s) for s in sources)), RUBRIC)
    assert (w.evidence, w.evidence_by, w.evidence_weight) == (*evidence, tier)
    assert (w.stage_weight, w.raw_weight) == (0.8, round(0.8 * tier, 6))
    assert w.enters_value is (tier > 0)
    assert (w.excluded_because, w.outcome_value, w.weight) == (None, 2.0, 0.0)


@pytest.mark.parametrize(("stage", "outcome", "sources", "excluded", "value"), [
    ("scaled", "delivered", [AUDIT], None, 2.0),
    ("scaled", "unknown", [AUDIT], "outcome unknown", None),
    ("announced", "delivered", [AUDIT], "only announced", None),
    ("announced", "unknown", [AUDIT], "outcome unknown", None),
    ("pilot", "harmful", [AUDIT], None, -2.0),
    ("scaled", "delivered", [("audit", "vendor", "2024")], "vendor evidence only", None),
    ("scaled", "delivered", [("audit", "vendor", "2024"), ("media", "vendor", "2024")],
     "vendor evidence only", None),
    ("scaled", "delivered", [("audit", "vendor", "2024"), PRESS], None, 2.0),
    ("scaled", "no-effect", [AUDIT], None, 0.0),
    ("stalled", "delivered", [AUDIT], None, 2.0),    # no stage weight: raw 0
])
def test_which_cases_enter_value(stage, outcome, sources, excluded, value):
    w = V.case_weight(case("c", outcome, stage, *sources), RUBRIC)
    assert (w.excluded_because, w.outcome_value) == (excluded, value)
    assert w.enters_value is (excluded is None and stage != "stalled")


def test_vendor_only_cases_enter_value_when_the_rubric_says_so():
    rubric = replace(RUBRIC, exclude_vendor_only=False)
    w = V.case_weight(case("c", "delivered", "scaled", ("audit", "vendor", "2024")), rubric)
    assert (w.excluded_because, w.outcome_value, w.raw_weight, w.enters_value) == \
        (None, 2.0, 0.2, True)
    # A case without any source is not "vendor only".
    w = V.case_weight(V.CaseRecord("c", "C", "scaled", "delivered", ()), RUBRIC)
    assert (w.excluded_because, w.enters_value) == (None, False)


def test_raw_weight_is_kept_to_six_decimals():
    rubric = replace(RUBRIC, stage_weight={**RUBRIC.stage_weight, "scaled": 0.5678},
                     evidence_weight={**RUBRIC.evidence_weight, "audit": 0.1234})
    # 0.1234 x 0.5678 = 0.07006652
    assert V.case_weight(case("c"), rubric).raw_weight == 0.070067


def test_raw_weight_is_rounded():
    # 0.4 x 0.1 is 0.04000000000000001 in floating point.
    w = V.case_weight(case("c", "delivered", "announced", PRESS), RUBRIC)
    assert (w.evidence_weight, w.stage_weight, w.raw_weight) == (0.4, 0.1, 0.04)


# ------------------------------------------------------------- value and buzz

def test_value_is_the_centre_plus_25_per_point():
    assert V.value_of(np.array([[1.0, 1.0, 1.0, 1.0]]), np.array([2.0, 1.0, 0.0, -1.0]),
                      RUBRIC).tolist() == [62.5]   # 50 + 25 x (2 + 1 + 0 - 1) / 4
    # No weight: no value.
    assert np.isnan(V.value_of(np.array([[0.0, 0.0]]), np.array([2.0, 2.0]), RUBRIC)[0])


def test_buzz_is_the_weighted_sum_of_its_parts():
    # 100 x (0.5 x 0.5 + 0.3 x 0.25) + 0.2 x 45 = 25 + 7.5 + 9.
    assert V.buzz_of(np.array(0.5), np.array(0.25), 45.0, RUBRIC) == pytest.approx(41.5)


@pytest.mark.parametrize(("weights", "cap", "expected"), [
    ([1.0, 1.0, 1.0, 1.0], 0.25, [1.0, 1.0, 1.0, 1.0]),
    ([4.0, 1.0, 1.0, 1.0, 1.0], 0.25, [4 / 3, 1.0, 1.0, 1.0, 1.0]),
    ([2.0, 2.0, 1.0, 1.0, 1.0, 1.0], 0.25, [2.0, 2.0, 1.0, 1.0, 1.0, 1.0]),   # 2 of 8: 25%
    ([3.0, 3.0, 1.0, 1.0, 1.0, 1.0], 0.25, [2.0, 2.0, 1.0, 1.0, 1.0, 1.0]),   # T = 4 / 0.5
    ([1.0, 2.0], 0.25, [1.5, 1.5]),
    ([1.0, 0.0, 2.0], 0.5, [1.0, 0.0, 1.0]),   # T = 1 / (1 - 0.5) = 2
    ([3.0, 1.0], 1.0, [3.0, 1.0]),
    ([3.0, 1.0], 0.8, [3.0, 1.0]),
    ([3.0, 1.0, 1.0], 0.5, [2.0, 1.0, 1.0]),
    ([0.0, 0.0], 0.25, [0.0, 0.0]),
    # Small weights: T = 0.4 / 0.75, the heavy case capped at 0.25 x T = 0.1333.
    ([0.8, 0.1, 0.1, 0.1, 0.1], 0.25, [0.4 / 3, 0.1, 0.1, 0.1, 0.1]),
    # One case alone keeps its weight.
    ([5.0, 0.0], 0.25, [5.0, 0.0]),
    ([], 0.25, []),
])
def test_capped_shares(weights, cap, expected):
    assert V.capped(np.array(weights), cap).tolist() == pytest.approx(expected)


def test_capped_works_row_by_row():
    rows = np.array([[4.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0],
                     [1.0, 2.0, 0.0, 0.0, 0.0], [1.0, 1.0, 4.0, 0.0, 0.0]])
    # The last two rows have too few cases for the cap: each shares its own total.
    assert np.round(V.capped(rows, 0.25), 9).tolist() == [
        [1.333333333, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1.5, 1.5, 0, 0, 0], [2, 2, 2, 0, 0]]


def test_capped_takes_plain_numbers_and_gives_floats():
    for cap in (0.25, 1.0):
        result = V.capped([3, 1], cap)
        assert (result.dtype, result.shape) == (np.float64, (2,))
    assert V.capped([3, 1], 1.0).tolist() == [3.0, 1.0]


# ------------------------------------------------------------- robustness, by hand

@pytest.mark.parametrize(("cases", "extra"), [(25, 50), (26, None)])
def test_fragility_looks_for_at_most_fifty_extra_cases(cases, extra):
    # n delivered cases of weight 1 (value 100): k more not-delivered ones of the median
    # weight 1 give 50 + 25 x (2n - k) / (n + k), at the line when k = 2n. With 25 cases
    # that is the 50th extra case; with 26 it would take 52, more than the rubric's 50.
    # One step down at a time from +2 to -2, the same 2n steps take value to the line.
    result = settled([case(f"c{i:02}") for i in range(cases)])
    assert result.fragility == {"recodings": 2 * cases, "extra_cases": extra,
                                "extra_outcome": "not-delivered"}


def test_robustness_of_a_group_at_the_line():
    # a, b not delivered (-1), c no effect (0), d delivered (+2), equal weights: value 50,
    # not above the line ("unproven": no open claim, buzz 0).
    result = settled([case("a", "not-delivered"), case("b", "not-delivered"),
                      case("c", "no-effect"), case("d", "delivered")])
    assert (result.value, result.verdict) == (50.0, "unproven")
    # One more delivered case: (0 + 2) / 5 -> 60. One step up for a: 1 / 4 -> 56.25.
    assert result.fragility == {"recodings": 1, "extra_cases": 1, "extra_outcome": "delivered"}
    # Without a or b: 1 / 3 -> 58.3, across the line; without c: 50; without d: -2 / 3 ->
    # 33.3, the largest shift, but still on the same side.
    assert result.leave_one_out == {"largest_shift": 16.7, "most_influential": "d",
                                    "most_influential_title": "D", "flips": True,
                                    "flipping_cases": ["a", "b"]}


def test_leave_one_out_ties_go_to_the_first_case():
    result = settled([case(f"c{i}") for i in range(5)])
    assert result.leave_one_out == {"largest_shift": 0.0, "most_influential": "c0",
                                    "most_influential_title": "C0", "flips": False,
                                    "flipping_cases": []}


def test_a_single_case():
    result = assess([case("solo")])
    # Leaving it out leaves no value at all: no shift to measure, but the verdict goes.
    assert result.leave_one_out == {"largest_shift": 0.0, "most_influential": "solo",
                                    "most_influential_title": "SOLO", "flips": True,
                                    "flipping_cases": ["solo"]}
    # +2 -> +1 -> 0: two steps to 50; two not-delivered cases: (2 - 2) / 3 -> 50.
    assert result.fragility == {"recodings": 2, "extra_cases": 2,
                                "extra_outcome": "not-delivered"}
    assert (result.value_interval_90, result.value_interval_80, result.stability) == \
        ([100.0, 100.0], [100.0, 100.0], 1.0)
    assert result.sensitivity["value_range_90"] == [100.0, 100.0]


def test_a_group_with_nothing_assessed_has_no_robustness():
    result = assess([case("u", "unknown"), case("f", "delivered", "announced")])
    assert (result.value, result.assessed, result.leave_one_out, result.fragility,
            result.sensitivity, result.stability) == (None, 0, None, None, None, None)
    assert (result.value_interval_90, result.value_interval_80) == (None, None)
    assert result.wording == "cannot be judged yet, for want of evidence"


@pytest.mark.parametrize(("x", "shown"), [
    (-0.04, "0.0"), (-0.0, "0.0"), (0.05, "0.1"), (0.15, "0.1"), (2.25, "2.2"),
    (np.float64(62.549), "62.5")])
def test_one_decimal_never_shows_minus_zero(x, shown):
    assert (repr(V.r1(x)), type(V.r1(x))) == (shown, float)


# ------------------------------------------------------------- evidence strength, more edges

def test_downgrades_apply_to_light_groups_too():
    # Two pilots with the implementer's own evaluation: 0.6 x 0.4 = 0.24 each, 0.48 in all.
    result = assess([case("a", "delivered", "pilot", ("evaluation", "implementer", "2024")),
                     case("b", "delivered", "pilot", ("evaluation", "implementer", "2024"))])
    assert (result.total_weight, result.evidence_strength, result.strength_reasons) == (0.48, 0, (
        "starts at 1: 0 assessed cases with an independent evaluation, audit or court finding",
        "−1 self-reported: 100% of the weight rests on the implementer's or vendor's own "
        "material",
        "−1 imprecise: only 2 assessed cases (fewer than 8)"))


def test_one_assessed_case_in_the_singular():
    assert assess([case("solo")]).strength_reasons == (
        "starts at 2: 1 assessed case with an independent evaluation, audit or court finding",
        "−1 imprecise: only 1 assessed case (fewer than 8)")


def test_vendor_material_counts_as_self_reported_when_it_enters_value():
    # With vendor-only cases let into value: two independent audits (2.0) and eleven
    # vendor audits (11 x 0.2 = 2.2): 52% of 4.2 is the vendors' own.
    rubric = replace(RUBRIC, exclude_vendor_only=False)
    cases = [case(f"f{i}") for i in range(2)] + \
        [case(f"v{i}", "delivered", "scaled", ("audit", "vendor", "2024")) for i in range(11)]
    result = assess(cases, rubric=rubric)
    assert (result.evidence_strength, result.strength_reasons[1:]) == (2, (
        "−1 self-reported: 52% of the weight rests on the implementer's or vendor's own "
        "material",))


def test_the_stale_share_is_shown_in_whole_percent():
    # A rubric asking 90% of the weight to be recent: 8 of 10 equal cases is 80%.
    rubric = replace(RUBRIC, strength_recent_share=0.9)
    cases = [case(f"n{i}") for i in range(8)] + \
        [case(f"o{i}", "delivered", "scaled", ("audit", "independent", "2010")) for i in range(2)]
    assert assess(cases, rubric=rubric).strength_reasons[1:] == (
        "−1 stale: only 80% of the weight is dated within 5 years",)


@pytest.mark.parametrize(("own", "independent", "downgraded"), [
    (0.5000004, 0.4999996, False),    # half, to six decimals
    (0.500001, 0.499999, True),
])
def test_self_reported_shares_are_compared_on_six_decimals(own, independent, downgraded):
    cases = [case("i", "delivered", "scaled", OWN), case("n", "delivered", "scaled", AUDIT)]
    weights = [replace(V.case_weight(cases[0], RUBRIC), weight=own),
               replace(V.case_weight(cases[1], RUBRIC), weight=independent)]
    level, reasons = V._evidence_strength(cases, weights, RUBRIC, None, 100.0, 8, 2026)
    assert (level, [r.split(":")[0] for r in reasons[1:]]) == \
        ((1, ["−1 self-reported"]) if downgraded else (2, []))


# ------------------------------------------------------------- rounding of what pages show

def test_buzz_terms_to_two_decimals():
    # One pilot in seven cases: 100 x 0.3 x 1/7 = 4.2857; a phase scored 33.33: 6.666.
    cases = [case(f"c{i}") for i in range(6)] + [case("p", "delivered", "pilot")]
    rubric = replace(RUBRIC, phase_score={**RUBRIC.phase_score, "peak": 33.33})
    result = assess(cases, phase="peak", rubric=rubric)
    assert (result.buzz_terms, result.immature_share) == (
        {"claims": 50.0, "immature": 4.29, "phase": 6.67}, 0.1429)


def test_sums_and_shares_to_their_decimals():
    # With partly-delivered worth 0.5: three cases share 2.2 equally (0.7333 each):
    # 0.7333 x (0.5 + 2 - 2) = 0.36665, to four decimals; 2 of 3 deliver: 0.667.
    rubric = replace(RUBRIC, outcome_value={**RUBRIC.outcome_value, "partly-delivered": 0.5})
    result = assess([case("a", "partly-delivered"), case("b", "delivered", "production"),
                     case("c", "harmful", "pilot")], rubric=rubric)
    assert [c.weight for c in result.contributions] == [0.7333, 0.7333, 0.7333]
    assert (result.weighted_sum, result.total_weight, result.delivered_share) == \
        (0.3666, 2.1999, 0.667)


def test_sources_and_stages_the_rubric_does_not_know_weigh_nothing():
    # x: an unknown stage and source type; y: a source type nobody weighs and an audit by
    # an author the rubric does not know. Neither enters value, in the point estimate or
    # in the sensitivity runs, which stay at 100.
    cases = [case(f"c{i}") for i in range(4)] + [
        case("x", "delivered", "stalled", ("leaflet", "someone", "2024")),
        case("y", "harmful", "scaled", ("leaflet", "independent", "2024"),
             ("audit", "someone", "2024"))]
    result = assess(cases)
    assert [(c.use_case, c.raw_weight, c.enters_value) for c in result.contributions][4:] == \
        [("x", 0.0, False), ("y", 0.0, False)]
    assert (result.value, result.sensitivity["value_range_90"]) == (100.0, [100.0, 100.0])


def test_the_share_of_sensitivity_runs_to_three_decimals():
    # Seven runs (the rubric says how many): three keep the verdict, 3/7 = 0.429.
    result = assess([case(f"c{i}") for i in range(3)],
                    rubric=replace(RUBRIC, sensitivity_runs=7))
    assert result.sensitivity == {"runs": 7, "same_verdict": 0.429,
                                  "value_range_90": [100.0, 100.0]}


def test_an_interval_is_widened_to_reach_its_point():
    # Two claims, each 0.26 short of the 0.3 that settles it (the announced audit, 0.1,
    # supports both; each pilot press report, 0.16, one): both open, buzz 50 + 3 of 4
    # cases immature (22.5) = 72.5. Nearly any resample tips one claim over 0.3, so the
    # 10th-90th percentiles of buzz stop at 65; the interval is stretched to 72.5.
    cases = [case("both", "delivered", "announced", AUDIT,
                  tests=(("t#x", "supports"), ("t#y", "supports"))),
             case("x", "delivered", "pilot", PRESS, tests=(("t#x", "supports"),)),
             case("y", "unknown", "pilot", PRESS, tests=(("t#y", "supports"),)),
             case("z", "harmful", "production", ("court", "advocate", "2024"))]
    result = assess(cases, ["t#x", "t#y"])
    assert (result.buzz, result.buzz_interval_90, result.buzz_interval_80) == \
        (72.5, [30.0, 72.5], [30.0, 72.5])
    assert (result.value, result.value_interval_90, result.value_interval_80) == \
        (50.0, [0.0, 100.0], [0.0, 100.0])


def test_stability_to_three_decimals():
    # The five cases of tests/test_verdict.py's worked example.
    five = [case("a", "delivered", "scaled", ("audit", "independent", "2024-05-01")),
            case("b", "not-delivered", "production", ("media", "independent", "2023")),
            case("c", "partly-delivered", "production", ("evaluation", "implementer", "2022-01")),
            case("d", "harmful", "discontinued", ("court", "independent", "2021-03-04")),
            case("h", "no-effect", "scaled", ("official", "independent", "2025"))]
    # 2001 resamples (the rubric says how many), so the share is not a round number.
    result = assess(five, rubric=replace(RUBRIC, resamples=2001))
    assert (result.stability, result.value_interval_90, result.value_interval_80) == \
        (0.426, [25.0, 75.0], [33.3, 66.7])


# Four audited cases of weight 1.0 (f1 +2, f2 -2, f3 0, m 0), the implementer's own
# evaluation of a production (a, 0.48, +1) and a pilot's press report (z, 0.16, +2):
# 0.8 / 4.64 -> 54.3. In id order the medium case a comes first; by weight, f1.
UNEVEN = [case("f1", "delivered"), case("f2", "harmful"), case("f3", "no-effect"),
          case("m", "no-effect"),
          case("a", "partly-delivered", "production", ("evaluation", "implementer", "2024")),
          case("z", "delivered", "pilot", PRESS)]


@pytest.mark.parametrize("unscored", [[], [case("0u", "unknown")]])
def test_recodings_step_the_heaviest_case_first(unscored):
    # One step down for f1 (+2 -> +1): -0.2 / 4.64 -> 48.9. (A step for a would leave
    # 51.7, and one for z 53.4.) A case that is not scored, first in id order, is skipped.
    result = settled([*unscored, *UNEVEN])
    assert result.value == 54.3
    assert result.fragility == {"recodings": 1, "extra_cases": 1,
                                "extra_outcome": "not-delivered"}
    # Without f2 the cap binds on the three others of weight 1.0 (0.64 each):
    # 2.08 / 2.56 -> 70.3, the largest shift; without f1 value falls to the line.
    assert result.leave_one_out == {"largest_shift": 16.0, "most_influential": "f2",
                                    "most_influential_title": "F2", "flips": True,
                                    "flipping_cases": ["f1"]}


def test_fragility_at_fifty_one_extra_cases_is_past_the_limit():
    # 25 delivered and one partly delivered, equal weights: the outcomes sum to 51, so 51
    # not-delivered cases bring value to 50, one more than the 50 the rubric allows;
    # 51 steps down (of 103 possible) do the same.
    result = settled([case(f"c{i:02}") for i in range(25)] + [case("p", "partly-delivered")])
    assert (result.value, result.fragility) == (99.0, {
        "recodings": 51, "extra_cases": None, "extra_outcome": "not-delivered"})


def test_leaving_out_the_scaled_case_leaves_a_hyped_pilot():
    # Both support claim x; peak adds 20. Together: one case of two a pilot, buzz 15 + 20
    # = 35, proven (on two cases, too few for a verdict). Without a, the pilot alone: 30 +
    # 20 = 50, hyped: the quadrant flips.
    cases = [case("a", tests=(("t#x", "supports"),)),
             case("p", "delivered", "pilot", tests=(("t#x", "supports"),))]
    result = assess(cases, ["t#x"], phase="peak")
    assert (result.value, result.buzz, result.quadrant) == (100.0, 35.0, "proven")
    assert result.leave_one_out == {"largest_shift": 0.0, "most_influential": "a",
                                    "most_influential_title": "A", "flips": True,
                                    "flipping_cases": ["a"]}


def test_findings_on_other_claims_are_passed_over():
    # The case first tests a claim outside the group, then supports x: x is substantiated.
    result = assess([case("a", tests=(("t#elsewhere", "supports"), ("t#x", "supports")))],
                    ["t#x"])
    assert (result.buzz, result.unsubstantiated_share) == (0.0, 0.0)


def test_value_of_one_row():
    assert V.value_of(np.array([1.0, 1.0]), np.array([2.0, -1.0]), RUBRIC) == 62.5


def test_claim_weights_to_four_decimals():
    result = V.claim_status([test("a", "supports", 0.12345), test("b", "contradicts", 0.070067)],
                            RUBRIC)
    assert (result.status, result.support, result.against, result.strength) == \
        ("contested", 0.1235, 0.0701, 0.1935)


@pytest.mark.parametrize(("recent", "old", "stale"), [
    (0.2999996, 0.7000004, False),    # 30%, to six decimals
    (0.299999, 0.700001, True),
])
def test_recent_shares_are_compared_on_six_decimals(recent, old, stale):
    cases = [case("n", "delivered", "scaled", AUDIT),
             case("o", "delivered", "scaled", ("audit", "independent", "2010"))]
    weights = [replace(V.case_weight(cases[0], RUBRIC), weight=recent),
               replace(V.case_weight(cases[1], RUBRIC), weight=old)]
    level, reasons = V._evidence_strength(cases, weights, RUBRIC, None, 100.0, 8, 2026)
    assert (level, [r.split(":")[0] for r in reasons[1:]]) == \
        ((2, ["−1 stale"]) if stale else (3, []))


def test_recodings_climb_the_whole_scale_below_the_line():
    # Four not-delivered cases of equal weight (value 25): each may climb three steps to
    # +2. The outcomes sum to -4 and must end above 0: five steps (three for n0, two for
    # n1). Three delivered cases more give (-4 + 6) / 7 -> 57.1.
    result = settled([case(f"n{i}", "not-delivered") for i in range(4)])
    assert (result.value, result.fragility) == (25.0, {
        "recodings": 5, "extra_cases": 3, "extra_outcome": "delivered"})


def test_leave_one_out_compares_buzz_on_one_decimal():
    # Claims x and y supported by all six cases, z untested (1/3 open: 16.67); two scaled
    # cases and four pilots (4/6 immature: 20); trough 9. Buzz 45.7, not hyped. Without a
    # scaled case, 4/5 are pilots: 16.67 + 24 + 9 = 49.67, still under 50: no flip.
    both = (("t#x", "supports"), ("t#y", "supports"))
    cases = [case("m1", tests=both), case("m2", tests=both)] + \
        [case(f"p{i}", "delivered", "pilot", tests=both) for i in range(4)]
    result = assess(cases, ["t#x", "t#y", "t#z"], phase="trough")
    assert (result.value, result.buzz, result.quadrant) == (100.0, 45.7, "proven")
    assert result.leave_one_out == {"largest_shift": 0.0, "most_influential": "m1",
                                    "most_influential_title": "M1", "flips": False,
                                    "flipping_cases": []}


@pytest.mark.parametrize(("pilot", "sensitivity"), [
    # One run (the rubric says how many): for r the draw leaves pilots out, so no case is
    # left and there is no value at all; for p it keeps them.
    ("r", {"runs": 1, "same_verdict": 0.0, "value_range_90": None}),
    ("p", {"runs": 1, "same_verdict": 1.0, "value_range_90": [100.0, 100.0]}),
])
def test_no_value_range_when_no_run_has_a_value(pilot, sensitivity):
    result = assess([case(pilot, "delivered", "pilot")],
                    rubric=replace(RUBRIC, sensitivity_runs=1))
    assert (result.value, result.sensitivity) == (100.0, sensitivity)
