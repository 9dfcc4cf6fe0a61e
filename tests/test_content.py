"""The repository's own knowledge base: valid under --strict, broad and balanced.

The thresholds are the ones the knowledge issues set (waves 1 and 2); the counts are
read from the entries, so adding or removing an entry changes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from buzzvalue.core.verdicts import VERDICTS
from buzzvalue.kb import load
from buzzvalue.model.stats import compute

REPO = Path(__file__).parents[1]
CORE = ("internet-of-things", "blockchain", "artificial-intelligence", "machine-learning")
WAVE_2 = ("generative-ai", "automated-decision-making", "robotic-process-automation",
          "digital-twins", "cloud-computing", "open-source-software", "open-data",
          "digital-identity")


@pytest.fixture(scope="module")
def kb():
    return load(REPO)


@pytest.fixture(scope="module")
def stats(kb):
    numbers = compute(kb.technologies, kb.use_cases, kb.scores)
    print("\n" + "\n".join(numbers.lines()))
    return numbers


def test_every_entry_passes_strict_validation(kb):
    problems = [d for d in kb.report.diagnostics if d.severity > 0]
    assert problems == [], "\n".join(f"{d.path}:{d.line}:{d.col} {d.code} {d.message}"
                                     for d in problems)


def test_breadth(stats):
    assert stats.technologies >= 12
    assert stats.use_cases >= 80
    assert len(stats.countries) >= 25
    assert {"national", "regional", "local"} <= set(stats.levels)
    assert len(stats.domains) >= 6


def test_balance_and_evidence(stats):
    assert stats.negative_share >= 0.30
    assert stats.primary_share >= 0.60


def test_use_cases_per_technology(stats):
    for tech in CORE:
        assert stats.per_technology[tech] >= 8, tech
    for tech in WAVE_2:
        assert stats.per_technology[tech] >= 4, tech


def test_every_technology_gets_a_computed_verdict(kb):
    for tech in (*CORE, *WAVE_2):
        score = kb.scores.technologies[tech]
        assert score.verdict in VERDICTS  # "insufficient evidence" is an honest verdict too
        assert len(score.contributions) >= 4 and score.value is not None, tech
