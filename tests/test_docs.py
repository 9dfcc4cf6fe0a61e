"""The docs name every rule code the code can emit, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def codes_in(text: str) -> set[str]:
    return set(re.findall(r"\bBV\d{3}\b", text))


def test_every_rule_code_is_documented_once():
    source = "".join(p.read_text() for p in (ROOT / "build" / "buzzvalue").rglob("*.py"))
    documented = (ROOT / "docs" / "rules.md").read_text()
    assert codes_in(source) == codes_in(documented)
    rows = re.findall(r"^\| (BV\d{3}) \|", documented, re.MULTILINE)
    assert len(rows) == len(set(rows))
