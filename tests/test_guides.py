"""Decision guides: binding rules written as data, evaluated on hand-made evidence; the
command line on the real guides; located diagnostics for bad answer files; and the
hostile-input rules on guide entries. (The page and the command line are pinned to the
same results in tests/test_browser.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from buzzvalue.model import guide as model

from sitebuild import REPO

# A guide with every kind of rule, and evidence made by hand, so each rule can be tried.
GUIDE = {
    "id": "g", "technologies": ["t"], "weak_strength": 1, "fragile_recodings": 2,
    "questions": [
        {"id": "pattern", "choose": "pattern"},
        {"id": "fit", "options": [{"id": "ok", "label": "ok"},
                                 {"id": "no", "label": "no", "fit": "fail"}]},
        {"id": "need", "options": [{"id": "yes", "label": "yes"},
                                  {"id": "no", "label": "no", "flags": ["need-unclear"]}]},
        {"id": "harm", "options": [{"id": "low", "label": "low", "risk": 0},
                                  {"id": "high", "label": "high", "risk": 8}]},
        {"id": "care", "options": [{"id": "none", "label": "none", "mitigation": 0},
                                  {"id": "full", "label": "full", "mitigation": 4}]},
    ],
    "rules": [
        {"id": "fit", "when": {"fit_failed": True}, "cap": "hold", "because": "fit"},
        {"id": "open", "when": {"unanswered": True}, "cap": "assess", "because": "open"},
        {"id": "need", "when": {"flag": "need-unclear"}, "cap": "assess", "because": "need"},
        {"id": "weak", "when": {"evidence_weak": True}, "cap": "trial", "because": "weak"},
        {"id": "bad", "when": {"evidence_not_delivering": True}, "cap": "trial",
         "because": "bad"},
        {"id": "high", "when": {"impact_at_least": 3}, "obligation": "evaluate first",
         "because": "high"},
    ],
    "impact": {"thresholds": [0.25, 0.5, 0.75], "mitigation_share": 0.8,
               "mitigation_factor": 0.85, "obligations": {"1": ["one"], "2": ["two"],
                                                          "3": ["three"], "4": ["four"]}},
    "checklist": ["baseline"],
}


def summary(ref: str, **kw) -> dict:
    base = {"ref": ref, "title": ref, "verdict": "proven", "tier": "firm",
            "evidence_strength": 3, "wording": "probably delivers", "value": 70.0,
            "value_low": 60.0, "value_high": 80.0, "assessed": 10, "positive": 8,
            "independent_assessed": 5, "independent_positive": 4, "delivers": True,
            "recodings": 6, "loo_flips": False, "url": "u/"}
    return base | kw


def evidence(**pattern) -> dict:
    return {"technologies": {"t": summary("t", tier="borderline")},
            "patterns": {"t#p": summary("t#p", **pattern)},
            "claims": {"t#p": [{"text": "c", "label": "substantiated"}]},
            "cases": [{"id": f"c{i}", "title": f"C{i}", "url": f"use-cases/c{i}/",
                       "country": "NO", "level": "national" if i % 2 else "local",
                       "domain": "10" if i < 2 else "01", "technologies": ["t"],
                       "patterns": ["t#p"] if i != 3 else [], "outcome": "delivered",
                       "weight": 0.5 + i / 10} for i in range(5)]}


GOOD = {"pattern": "t#p", "fit": "ok", "need": "yes", "harm": "low", "care": "full"}
DOMAINS, LEVELS = {"01": "General", "10": "Social"}, {"national": "National", "local": "Local"}


def evaluate(answers: dict, **pattern) -> dict:
    return model.evaluate(GUIDE, answers, evidence(**pattern), DOMAINS, LEVELS)


def test_good_answers_and_strong_evidence_adopt():
    result = evaluate(GOOD)
    assert (result["recommendation"], result["rules_applied"]) == ("adopt", [])
    assert result["evidence"]["scope"] == "pattern"
    assert result["impact"]["level"] == 1 and result["obligations"] == ["one"]


@pytest.mark.parametrize(("change", "pattern", "expected", "rules"), [
    ({"fit": "no"}, {}, "hold", ["fit"]),
    ({"need": "no"}, {}, "assess", ["need"]),
    ({"care": None}, {}, "assess", ["open"]),
    ({}, {"tier": "borderline"}, "trial", ["weak"]),
    ({}, {"evidence_strength": 1}, "trial", ["weak"]),
    ({}, {"recodings": 2}, "trial", ["weak"]),
    ({}, {"loo_flips": True}, "trial", ["weak"]),
    ({}, {"delivers": False}, "trial", ["bad"]),
    ({"fit": "no", "need": "no"}, {"tier": "borderline"}, "hold", ["fit", "need", "weak"]),
])
def test_each_rule_caps_the_recommendation(change, pattern, expected, rules):
    answers = {k: v for k, v in (GOOD | change).items() if v is not None}
    result = evaluate(answers, **pattern)
    assert result["recommendation"] == expected
    assert [r["rule"] for r in result["rules_applied"]] == rules


def test_impact_levels_and_the_mitigation_credit_by_hand():
    # Risk 8 of 8 = 100% -> IV; with full mitigation (4 of 4 >= 80%) 8 x 0.85 = 6.8 of 8 =
    # 85%, still above 75% -> IV. Without the credit the same; low harm -> 0% -> I.
    high = evaluate(GOOD | {"harm": "high"})
    assert (high["impact"]["level"], high["impact"]["mitigation_credit"]) == (4, True)
    assert high["impact"]["score_hundredths"] == 8 * 85
    assert high["obligations"] == ["four", "evaluate first"]
    assert [r["rule"] for r in high["rules_applied"]] == ["high"]
    # A threshold is exclusive: 50% exactly is level II.
    guide = GUIDE | {"impact": GUIDE["impact"] | {"thresholds": [0.25, 0.5, 0.75]}}
    half = {"harm": "high"}
    guide["questions"] = [*GUIDE["questions"][:3],
                          {"id": "harm", "options": [{"id": "low", "label": "l", "risk": 0},
                                                     {"id": "high", "label": "h", "risk": 4}]},
                          {"id": "other", "options": [{"id": "a", "label": "a", "risk": 0},
                                                      {"id": "b", "label": "b", "risk": 4}]}]
    result = model.evaluate(guide, GOOD | half | {"other": "a"}, evidence(), DOMAINS, LEVELS)
    assert result["impact"]["level"] == 2


def test_without_a_pattern_the_technology_speaks():
    result = evaluate({k: v for k, v in GOOD.items() if k != "pattern"})
    assert result["evidence"]["scope"] == "technology"
    assert [r["rule"] for r in result["rules_applied"]] == ["open", "weak"]


def test_comparable_cases_prefer_the_same_domain_then_level_then_weight():
    guide = GUIDE | {"questions": [*GUIDE["questions"], {"id": "d", "choose": "domain"},
                                   {"id": "l", "choose": "level"}]}
    result = model.evaluate(guide, GOOD | {"d": "10", "l": "national"}, evidence(),
                            DOMAINS, LEVELS)
    # c1: domain 10 and national (3); c0: domain 10, local (2); c4: 01, local, heaviest.
    assert [(c["id"], c["why"]) for c in result["comparable"]] == [
        ("c1", "same use pattern; same domain; same level of government"),
        ("c0", "same use pattern; same domain"), ("c4", "same use pattern")]


def run_guide(tmp_path: Path, guide_id: str, answers: str, *args: str):
    path = tmp_path / "answers.yaml"
    path.write_text(answers)
    return subprocess.run([sys.executable, "-m", "buzzvalue", "guide", guide_id, "--answers",
                           str(path), *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


def test_the_blockchain_guide_holds_when_a_trusted_third_party_exists(tmp_path):
    result = run_guide(tmp_path, "blockchain-decision",
                       'pattern: "blockchain#land-registry"\nshared-state: "yes"\n'
                       'several-writers: "yes"\ntrusted-third-party: "yes"\n', "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["recommendation"] == "hold"
    assert document["rules_applied"][0]["rule"] == "fit-gate"


def test_the_ai_guide_rates_a_high_impact_eligibility_decision_level_three_or_more(tmp_path):
    answers = ("pattern: machine-learning#fraud-risk-scoring\ndecision: decides\n"
               "reversibility: lasting\nscale: many\nvulnerable: \"yes\"\n"
               "personal-data: special\nexplanation: partly\n")
    result = run_guide(tmp_path, "ai-decision", answers, "--format", "json")
    document = json.loads(result.stdout)
    assert document["impact"]["level"] >= 3
    assert "Commission an independent evaluation before scaling beyond a pilot." in \
        document["obligations"]
    assert document["recommendation"] in ("hold", "assess", "trial")


def test_bad_answers_are_reported_at_their_place(tmp_path):
    result = run_guide(tmp_path, "blockchain-decision",
                       "patern: x\nneed: maybe\ndomain: \"01\"\n")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if ": error " in line]
    assert [line.split(": error ")[1].split()[0] for line in lines] == ["BV603", "BV604"]
    assert lines[0].endswith(":1:1: error BV603 the guide has no question 'patern'")
    assert ":2:7: error BV604 'maybe' is not an answer to 'need'" in lines[1]
    assert "did you mean 'pattern'?" in result.stderr


def test_an_unknown_guide_is_a_usage_error_with_suggestions(tmp_path):
    result = run_guide(tmp_path, "blockchain-decisions", "need: \"yes\"\n")
    assert result.returncode == 2
    assert "did you mean 'blockchain-decision'?" in result.stderr


def test_markdown_brief_lists_the_recommendation_and_the_answers(tmp_path):
    result = run_guide(tmp_path, "iot-decision", 'physical-change: "no"\n', "--format",
                       "markdown")
    assert result.stdout.startswith("# Should we use connected sensors")
    assert "**Recommendation: Hold: use the alternative**" in result.stdout
    assert "- [ ] Baseline:" in result.stdout


# A guide with a problem of each kind (in a file: its lines are long on purpose).
HOSTILE_GUIDE = (Path(__file__).parent / "fixtures" / "hostile-guide.md").read_text()


def test_guide_entries_get_the_same_strict_checks(tiny):
    tiny.write("guides/xx-guide.md", HOSTILE_GUIDE)
    found = {(c, line, col) for name, c, line, col in tiny.found() if name == "xx-guide.md"}
    assert found == {("BV106", 10, 3),     # a guide needs at least three questions
                     ("BV217", 11, 10),    # the question id 'pattern' twice
                     ("BV304", 11, 40),    # markup in a question's text
                     ("BV218", 11, 123),   # cites 't', not a source of the guide
                     ("BV217", 11, 161),   # the option id 'a' twice
                     ("BV218", 13, 26)}    # a rule tests a flag no answer raises


def test_an_alias_bomb_in_a_guide_is_refused(tiny):
    tiny.write("guides/xx-guide.md", HOSTILE_GUIDE.replace(
        "checklist: [Record a baseline first.]", "checklist: &a [Record a baseline first.]\n"
        "extra: *a"))
    assert ("xx-guide.md", "BV008") in {(n, c) for n, c, _, _ in tiny.found()}


def test_a_guide_page_carries_only_its_technologies_evidence_and_decides_the_same():
    """A guide's page embeds evidence_for() its technologies (not the whole knowledge base);
    every answer set gets the same result from it as from the full evidence."""
    import random

    from buzzvalue.kb import load
    from buzzvalue.site.context import Context
    from buzzvalue.site.guides import guide_evidence, payload

    kb = load(REPO)
    ctx = Context(kb)
    full = guide_evidence(ctx)
    rnd = random.Random(22)
    for entry in (e for e in kb.entries if e.kind == "guide"):
        data = payload(ctx, entry, full)
        mine = data["evidence"]
        assert set(mine["technologies"]) == set(entry.data["technologies"])
        assert len(mine["cases"]) <= len(full["cases"])
        for _ in range(40):
            answers = {q["id"]: rnd.choice(model.options(q, entry.data, full, data["domains"],
                                                         data["levels"])).id
                       for q in entry.data["questions"] if rnd.random() < 0.85}
            assert model.evaluate(entry.data, answers, mine, data["domains"], data["levels"]) \
                == model.evaluate(entry.data, answers, full, data["domains"], data["levels"])
