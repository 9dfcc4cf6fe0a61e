"""Scores from entries made in memory: which cases belong to a technology and to each of
its use patterns, how claims are judged on each, and what the exports read, by hand."""

from __future__ import annotations

import pytest

from buzzvalue.core.entry import Entry
from buzzvalue.model.score import ClaimScore, by_strength, case_record
from buzzvalue.model.verdict import ClaimTest

from kbmaker import scores_of


def entry(folder: str, data: dict) -> Entry:
    return Entry(f"entries/{folder}/{data.get('id', 'x')}.md", folder, data, "", 1)


def use_case(uid: str, techs: list, stage: str, outcome: str, source: tuple[str, str],
             tests: dict[str, str] | None = None, patterns: list | None = None) -> Entry:
    return entry("use-cases", {
        "id": uid, "title": uid.upper(), "technologies": techs, "stage": stage,
        "outcome": outcome, "patterns": patterns or [],
        "tests": [{"claim": c, "finding": f} for c, f in (tests or {}).items()],
        "sources": [{"type": source[0], "by": source[1], "date": "2024"}]})


TECH = entry("technologies", {
    "id": "t", "title": "Tee", "hype": {"phase": "peak"},
    "claims": [{"id": "c1", "text": "  Cuts\n   costs ", "made_by": "A vendor"},
               {"id": "c2", "text": "Saves time", "made_by": "A ministry"},
               {"id": "c3", "text": "Untested"},
               {"id": "c4"},
               {"text": "a claim without an id is not scored"}, "not a claim"],
    "patterns": [{"id": "p", "title": "Pee", "description": "Paying", "aliases": ["pp", 3],
                  "claims": ["c1", "missing"]},
                 {"title": "a pattern without an id is not scored"}, "not a pattern",
                 {"id": "q", "claims": ["c2", "c3"]},
                 {"id": "r", "claims": ["c4"]}]})
OTHER = entry("technologies", {"id": "a-first", "hype": "not a mapping"})
ODD = entry("technologies", {"id": "b-odd", "hype": {"phase": 42}})
CASES = [
    # u1 scaled x audit by an independent = 1.0, delivered (+2)
    use_case("u1", ["t"], "scaled", "delivered", ("audit", "independent"),
             {"t#c1": "supports"}, ["t#p"]),
    # u2 production x media = 0.32, not delivered (-1)
    use_case("u2", ["t", 7], "production", "not-delivered", ("media", "independent"),
             {"t#c1": "contradicts", "t#c2": "supports"}, ["t#p", "t#q", 9]),
    # u3 pilot x the implementer's official report = 0.24, outcome unknown: not scored
    use_case("u3", ["t"], "pilot", "unknown", ("official", "implementer")),
    # u5 scaled x court = 1.0, no effect (0), in no pattern
    use_case("u5", ["t"], "scaled", "no-effect", ("court", "independent"),
             {"t#c1": "contradicts"}),
]


@pytest.fixture
def scores():
    # Scored afresh for each test (not once per module), so that mutation testing sees
    # which tests reach the scoring code.
    return scores_of([TECH, *CASES[::-1], OTHER, ODD])   # in no particular order


def test_technologies_in_id_order(scores):
    assert list(scores.technologies) == ["a-first", "b-odd", "t"]
    other = scores.technologies["a-first"]
    assert (other.title, other.hype_phase, other.claims, other.patterns, other.value) == \
        ("a-first", None, (), (), None)
    # A phase that is not a word is no phase.
    assert scores.technologies["b-odd"].hype_phase is None
    assert sorted(scores.use_cases) == ["u1", "u2", "u3", "u5"]
    assert scores.use_cases["u3"].excluded_because == "outcome unknown"


def test_a_technology_is_judged_on_all_its_cases(scores):
    t = scores.technologies["t"]
    assert (t.id, t.title, t.hype_phase) == ("t", "Tee", "peak")
    # Three cases enter value; the 25% cap cannot hold with three, so they count equally:
    # 50 + 25 x (2 - 1 + 0) / 3 = 58.3.
    assert t.value == 58.3
    assert [(c.use_case, c.weight) for c in t.contributions] == [
        ("u1", 0.7733), ("u2", 0.7733), ("u3", 0.0), ("u5", 0.7733)]
    # Claims: c1 contested (1.0 for, 1.32 against), c2 substantiated, c3 and c4 untested:
    # 3 of 4 open (37.5); one case of four a pilot (7.5); peak 100 x 0.2 = 20.
    assert t.buzz == 65.0
    assert t.assessment.buzz_terms == {"claims": 37.5, "immature": 7.5, "phase": 20.0}
    assert (t.verdict, t.tier) == ("insufficient evidence", "insufficient evidence")
    assert t.open_claims == 3
    # 1 of 3 assessed cases delivered; the bootstrap is seeded from the group's name and
    # its cases, so its figures are fixed.
    assert (t.assessment.delivered_share, t.assessment.stability) == (0.333, 0.63)


def test_claims_are_judged_on_every_case_that_tests_them(scores):
    claims = scores.technologies["t"].claims
    assert [(c.id, c.ref, c.text, c.made_by, c.status, c.support, c.against, c.label,
             c.strength) for c in claims] == [
        ("c1", "t#c1", "Cuts costs", "A vendor", "contested", 1.0, 1.32, "contested", 2.32),
        ("c2", "t#c2", "Saves time", "A ministry", "substantiated", 0.32, 0.0,
         "substantiated (one media report)", 0.32),
        ("c3", "t#c3", "Untested", "", "untested", 0.0, 0.0, "untested", 0.0),
        ("c4", "t#c4", "", "", "untested", 0.0, 0.0, "untested", 0.0)]
    assert [(x.use_case, x.finding, x.weight, x.evidence, x.evidence_by)
            for x in claims[0].tests] == [
        ("u1", "supports", 1.0, "audit", "independent"),
        ("u2", "contradicts", 0.32, "media", "independent"),
        ("u5", "contradicts", 1.0, "court", "independent")]


def test_a_pattern_is_judged_on_its_own_cases(scores):
    p, q, r = scores.technologies["t"].patterns
    assert (p.id, p.ref, p.title, p.description, p.aliases, p.claims, p.use_cases) == \
        ("p", "t#p", "Pee", "Paying", ("pp",), ("c1", "missing"), ("u1", "u2"))
    assert (q.id, q.ref, q.title, q.description, q.aliases, q.claims, q.use_cases) == \
        ("q", "t#q", "q", "", (), ("c2", "c3"), ("u2",))
    # r: no case at all, and its one claim untested.
    assert (r.use_cases, r.assessment.value, r.assessment.linked) == ((), None, 0)
    assert [(c.ref, c.label) for c in r.claim_scores] == [("t#c4", "untested")]
    # p: two cases count equally, 50 + 25 x (2 - 1) / 2; q: one not-delivered case.
    assert (p.assessment.value, q.assessment.value) == (62.5, 25.0)
    # On p's cases alone, c1 has 1.0 for and 0.32 against: substantiated; the court case
    # u5 that contests it at the technology's level is in no pattern.
    assert [(c.id, c.label, c.support, c.against) for c in p.claim_scores] == [
        ("c1", "substantiated (one case)", 1.0, 0.32)]
    assert [(c.ref, c.label) for c in q.claim_scores] == [
        ("t#c2", "substantiated (one media report)"), ("t#c3", "untested")]
    assert [(c.technology, c.ref) for c in p.claim_scores] == [("t", "t#c1")]
    # Each pattern's bootstrap is seeded from its own reference (t#p), not the technology's.
    assert p.assessment.stability == 0.722
    # p's buzz: c1 substantiated, but "missing" (named, no such claim) cannot be: 1 of 2
    # open (25), nothing immature, peak 20.
    assert (p.assessment.buzz, p.assessment.unsubstantiated_share) == (45.0, 0.5)


def test_what_the_exports_read(scores):
    t = scores.technologies["t"]
    out = t.to_dict()
    assert (out["id"], out["title"], out["hype_phase"], out["value"], out["verdict"]) == \
        ("t", "Tee", "peak", 58.3, "insufficient evidence")
    assert out["contributions"][0] == {
        "use_case": "u1", "title": "U1", "stage": "scaled", "outcome": "delivered",
        "outcome_value": 2.0, "weight": 0.7733, "raw_weight": 1.0, "evidence": "audit",
        "evidence_by": "independent", "evidence_weight": 1.0, "stage_weight": 1.0,
        "excluded_because": None}
    assert out["contributions"][2]["excluded_because"] == "outcome unknown"
    assert out["strength_reasons"] == list(t.assessment.strength_reasons)
    assert isinstance(out["strength_reasons"], list)
    assert out["claims"][1] == {
        "id": "c2", "technology": "t", "text": "Saves time", "made_by": "A ministry",
        "status": "substantiated", "support": 0.32, "against": 0.0,
        "basis": "one media report", "strength": 0.32,
        "tests": ({"use_case": "u2", "finding": "supports", "weight": 0.32,
                   "evidence": "media", "evidence_by": "independent"},),
        "label": "substantiated (one media report)"}
    assert list(out["patterns"]) == ["p", "q", "r"]
    q = out["patterns"]["q"]
    assert {k: q[k] for k in ("id", "technology", "title", "description", "claims",
                              "use_cases", "value")} == {
        "id": "q", "technology": "t", "title": "q", "description": "", "claims": ["c2", "c3"],
        "use_cases": ["u2"], "value": 25.0}
    assert [c["label"] for c in q["claim_statuses"]] == ["substantiated (one media report)",
                                                          "untested"]
    assert q["claim_statuses"][0]["id"] == "c2"
    assert q["contributions"] == [{
        "use_case": "u2", "title": "U2", "stage": "production", "outcome": "not-delivered",
        "outcome_value": -1.0, "weight": 0.32, "raw_weight": 0.32, "evidence": "media",
        "evidence_by": "independent", "evidence_weight": 0.4, "stage_weight": 0.8,
        "excluded_because": None}]
    assert q["strength_reasons"] == list(t.patterns[1].assessment.strength_reasons)
    assert "aliases" not in q


def test_a_case_record_reads_only_what_it_can():
    record = case_record(entry("use-cases", {
        "id": "u", "stage": "pilot", "outcome": "delivered",
        "sources": [{"type": "audit", "by": "independent", "date": "2024-01"}, "junk", {}],
        "tests": [{"claim": "t#c", "finding": "supports"}, {"claim": "t#d"},
                  {"finding": "contradicts"}, 4]}))
    assert (record.id, record.title, record.stage, record.outcome) == \
        ("u", "u", "pilot", "delivered")
    assert [(s.type, s.by, s.date) for s in record.sources] == [
        ("audit", "independent", "2024-01"), ("", "", "")]
    assert record.tests == (("t#c", "supports"), ("t#d", ""), ("", "contradicts"))
    bare = case_record(entry("use-cases", {"id": "v", "title": "Vee", "sources": "none",
                                           "tests": {"claim": "x"}}))
    assert (bare.title, bare.stage, bare.outcome, bare.sources, bare.tests) == \
        ("Vee", "", "", (), ())


def claim(cid, status, basis=None, strength=0.0, tech="t"):
    return ClaimScore(cid, tech, "", "", status, 0.0, 0.0, basis, strength, ())


def test_claims_strongest_first():
    claims = [
        claim("untested", "untested"),
        claim("thin-heavy", "substantiated", "one case", 5.0),
        claim("refuted", "refuted", None, 1.0),
        claim("subst", "substantiated", None, 1.0),
        claim("contested", "contested", None, 1.0),
        claim("heavy", "contested", None, 3.0),
        claim("odd", "no such status", None, 1.0),
        claim("incon", "inconclusive", None, 1.0),
        claim("a-other", "substantiated", None, 1.0, tech="s"),
        claim("b-other", "substantiated", None, 1.0, tech="s"),
    ]
    assert [c.id for c in by_strength(claims)] == [
        "heavy", "a-other", "b-other", "subst", "refuted", "contested", "incon", "odd",
        "thin-heavy", "untested"]


def test_a_claims_label_and_test_weights():
    c = ClaimScore("x", "t", "", "", "refuted", 0.0, 0.4, "one media report", 0.4,
                   (ClaimTest("u", "contradicts", 0.4, "media", "independent"),))
    assert (c.label, c.ref) == ("refuted (one media report)", "t#x")
    assert claim("y", "contested").label == "contested"
