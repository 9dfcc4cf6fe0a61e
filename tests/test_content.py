"""The repository's own knowledge base: valid under --strict, broad and balanced.

The thresholds are the ones the knowledge issues set (waves 3 and 4: a documented search
per technology, at least 25 assessed use cases for each core technology and 15 for every
other, 260 in all, 50 countries, 60% with a primary source, at most 35% resting on the
press alone). The counts are read from the entries, so adding or removing an entry changes
them; the test prints them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from buzzvalue.core.verdicts import INSUFFICIENT
from buzzvalue.kb import load
from buzzvalue.model.stats import compute
from buzzvalue.model.verdict import quadrant

REPO = Path(__file__).parents[1]
CORE = ("internet-of-things", "blockchain", "artificial-intelligence", "machine-learning")
OTHERS = ("generative-ai", "automated-decision-making", "robotic-process-automation",
          "digital-twins", "cloud-computing", "open-source-software", "open-data",
          "digital-identity", "social-media-participation", "data-exchange-platforms")


@pytest.fixture(scope="module")
def kb():
    return load(REPO)


@pytest.fixture(scope="module")
def stats(kb):
    numbers = compute(kb.technologies, kb.use_cases, kb.scores)
    print("\n" + "\n".join(numbers.lines()))
    return numbers


def test_every_entry_passes_strict_validation(kb):
    # Advisory warnings (an overdue review, a story whose sources have gone quiet) are
    # listed by `buzzvalue validate` but, as under --strict, do not fail the build.
    problems = [d for d in kb.report.diagnostics
                if d.severity > 0 and not kb.report.ok(strict=True)]
    assert kb.report.ok(strict=True), "\n".join(
        f"{d.path}:{d.line}:{d.col} {d.code} {d.message}" for d in problems)


def test_breadth(stats):
    assert stats.technologies >= 14
    assert stats.use_cases >= 260
    assert len(set(stats.countries) - {"EU"}) >= 50
    assert {"national", "regional", "local"} <= set(stats.levels)
    assert len(stats.domains) >= 8


# Wave 3 asks for 60% of use cases with a primary source and at most 35% resting on the
# press alone (strongest source by the rubric's weights). The knowledge base reached both
# targets (62.6% and 33.3% when this was written; issue #15), so the floors are now the
# targets themselves. No quota is set on failures: cases are chosen by a logged search
# that does not filter on outcome, and the share of failures is printed.
PRIMARY_AT_LEAST = 0.60
MEDIA_AT_MOST = 0.35


def test_balance_and_evidence(kb, stats):
    assert stats.primary_share >= PRIMARY_AT_LEAST
    strongest_media = sum(1 for w in kb.scores.use_cases.values() if w.evidence == "media")
    print(f"strongest source (by the rubric's weights) is media: {strongest_media} "
          f"({strongest_media / stats.use_cases:.1%})")
    assert strongest_media / stats.use_cases <= MEDIA_AT_MOST


def test_assessed_use_cases_per_technology(stats):
    short = {t: stats.assessed.get(t, 0) for t in CORE if stats.assessed.get(t, 0) < 25}
    short |= {t: stats.assessed.get(t, 0) for t in OTHERS if stats.assessed.get(t, 0) < 15}
    assert short == {}


def test_every_technology_has_a_search_protocol(kb):
    missing = [t.id for t in kb.technologies if not isinstance(t.data.get("protocol"), dict)]
    assert missing == []


def test_every_use_case_names_a_pattern_and_every_technology_has_two_with_cases(kb):
    assert [c.id for c in kb.use_cases if not c.data.get("patterns")] == []
    thin = {s.id: sum(1 for p in s.patterns if p.use_cases)
            for s in kb.scores.technologies.values()}
    assert {t: n for t, n in thin.items() if n < 2} == {}


def test_every_verdict_is_its_quadrant_or_says_the_evidence_is_too_thin(kb):
    for score in kb.scores.technologies.values():
        a = score.assessment
        assert a.value is not None, score.id
        if a.tier == INSUFFICIENT:
            assert a.verdict == INSUFFICIENT, score.id
        else:
            assert a.verdict == quadrant(a.value, a.buzz, kb.rubric), score.id
            low, high = a.value_interval_90
            assert low <= a.value <= high, score.id
