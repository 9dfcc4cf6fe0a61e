"""The benchmarks' realistic input: clones of the knowledge base's own entries that validate
with the same rule outcomes as the originals (no timing here: benchmarks/ measures that)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conftest import TODAY

from buzzvalue.kb import load

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402


def outcome(root: Path, suffix: str) -> list[tuple]:
    """Every diagnostic of the files of one copy, with the copy's suffix taken out."""
    report = load(root, today=TODAY, use_cache=False).report
    mine = re.compile(rf"{re.escape(suffix)}\.md$") if suffix else re.compile(r"(?<!-c\d)\.md$")
    return sorted((re.sub(rf"{re.escape(suffix)}\.md$", ".md", Path(d.path).name) if suffix
                   else Path(d.path).name, d.line, d.col, d.code, int(d.severity),
                   d.message.replace(suffix, "") if suffix else d.message)
                  for d in report.diagnostics if mine.search(Path(d.path).name))


def test_clones_validate_like_the_originals(tmp_path):
    count = len(generate.originals())
    root = generate.realistic(count + 1, tmp_path / "kb")  # two whole copies
    files = sorted(p.name for p in (root / "entries").glob("*/*.md"))
    assert len(files) == 2 * count
    assert load(root, today=TODAY, use_cache=False).report.files_checked == 2 * count
    originals = outcome(REPO, "")
    assert outcome(root, "") == originals
    assert outcome(root, "-c1") == originals


def test_a_clone_renames_every_reference_and_nothing_else():
    text = (REPO / "entries" / "use-cases" / "ae-dubai-blockchain-strategy.md").read_text()
    ids = {p.stem for p in generate.originals()}
    cloned = generate.clone_text(text, "-c7", ids)
    changed = [(a, b) for a, b in zip(text.split("\n"), cloned.split("\n"), strict=True)
               if a != b]
    assert changed == [
        ("id: ae-dubai-blockchain-strategy", "id: ae-dubai-blockchain-strategy-c7"),
        ("technologies: [blockchain]", "technologies: [blockchain-c7]"),
        ("patterns: [blockchain#register-integrity]",
         "patterns: [blockchain-c7#register-integrity]"),
        ("  - claim: blockchain#rapid-government-rollout",
         "  - claim: blockchain-c7#rapid-government-rollout"),
        ("  - claim: blockchain#cuts-cost-and-time", "  - claim: blockchain-c7#cuts-cost-and-time"),
    ]
    assert "blockchain strategy" in cloned  # prose that names a technology stays as it is


def test_the_same_count_gives_the_same_bytes(tmp_path):
    count = len(generate.originals()) + 1
    one = generate.realistic(count, tmp_path / "one")
    two = generate.realistic(count, tmp_path / "two")
    read = {p.relative_to(one).as_posix(): p.read_bytes() for p in one.rglob("*.md")}
    assert read == {p.relative_to(two).as_posix(): p.read_bytes() for p in two.rglob("*.md")}


def test_synthetic_entries_are_valid(tmp_path):
    """The synthetic generator follows the schemas as they are now (errors would send every
    entry down the slow path that words each error)."""
    root = generate.generate(120, tmp_path / "kb")
    report = load(root, today=TODAY, use_cache=False).report
    assert report.errors == 0, report.diagnostics[:3]
