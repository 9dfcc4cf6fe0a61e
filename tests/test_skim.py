"""A run on named files with nothing cached reads every other entry for its id alone (a
skim of its `id:` line), and loads in full only the entries that a named one refers to or
that could refer to a named one. The named files get exactly the diagnostics a full run
gives them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY

from buzzvalue.check import perfile
from buzzvalue.check.perfile import _has_property, _mentions, _plain_id, skim
from buzzvalue.kb import load, validate
from buzzvalue.load import frontmatter
from buzzvalue.load.files import entry_files

REPO = Path(__file__).resolve().parent.parent
ENTRIES = REPO / "entries"


def front_of(path: Path) -> str:
    return frontmatter.split(frontmatter.decode(path.read_bytes())).front


@pytest.mark.parametrize(("front", "expected"), [
    ("id: xx-a\nkind: use-case", "xx-a"),
    ("kind: use-case\nid: xx-a   ", "xx-a"),
    ("identifier: y\nid: xx-a", "xx-a"),
    ("id : xx-a", "xx-a"),
    ("id: xx-a # a comment", None),
    ('id: "xx-a"', None),
    ("id: 'xx-a'", None),
    ("id: XX-A", None),
    ("id: xx-a\nid: xx-b", None),
    ("id: xx-a\nid : xx-a", None),
    ("id:xx-a", None),
    ("id:", None),
    ("kind: use-case", None),
    ("  id: xx-a", None),          # not a top-level key
    ("title: t\n  id: xx-a", None),
])
def test_the_id_line(front, expected):
    assert _plain_id(front) == expected


@pytest.mark.parametrize(("front", "expected"), [
    ("title: Research & Development", False),
    ("url: https://example.org/?a=1&b=2", False),
    ("title: R&D, Q&A!", False),
    ("note: a * b", False),
    ("technologies: &t [ledger]", True),
    ("technologies: *t", True),
    ("- *t", True),
    ("  - &a ledger", True),
    ("technologies: [*t]", True),
    ("technologies: [ledger, *t]", True),
    ("technologies: !!seq [ledger]", True),
    ("&a", True),
    ("title: one\n  & two", True),  # a plain scalar's next line may start so: load it
])
def test_anchors_aliases_and_tags_send_a_file_to_the_full_load(front, expected):
    assert _has_property(front) is expected


@pytest.mark.parametrize(("front", "expected"), [
    ("technologies: [ledger]", True),
    ("technologies: [records, ledger]", True),
    ("technologies: [ ledger ]", True),
    ("technologies:\n  - ledger\n", True),
    ("technologies:\n  - 'ledger'\n", True),
    ('technologies: ["ledger"]', True),
    ("patterns: [ledger#payments]", True),
    ("tests:\n  - claim: ledger#cuts-costs\n    finding: supports", True),
    ("tests:\n  - {claim: ledger#cuts-costs, finding: supports}", True),
    ("alternatives:\n  - {technology: ledger}", True),
    ("technologies: [records,\n  ledger]", True),
    ("technologies: [ledger] # note", True),
    ("summary: A ledger pilot", False),
    ("title: ledger-tech", False),
    ("technologies: [ledgers]", False),
    ("id: xx-ledger", False),
])
def test_what_could_refer_to_a_named_technology(front, expected):
    assert _mentions({"ledger"}).search(front) is expected


def test_a_skim_gives_the_id_a_full_load_gives_for_every_entry_of_the_repository():
    skimmed = 0
    for path in entry_files(ENTRIES):
        found = skim(path, ENTRIES, None, set())
        if found is None:
            continue
        skimmed += 1
        parsed = perfile.process(path, ENTRIES, None, TODAY, own=False)  # type: ignore[arg-type]
        assert found.entry.id == parsed.entry.id
        assert found.entry.source == parsed.entry.source
        assert found.entry.folder == parsed.entry.folder
        assert found.path == parsed.path
    assert skimmed > 250  # most entries are skimmed, not parsed


def test_every_reference_to_a_technology_is_seen_by_the_mention_check():
    """Every use case, technology and guide that refers to a technology (as the full load
    reads it) is sent to the full load when that technology is named."""
    kb = load(REPO, today=TODAY, use_cache=False)
    technologies = {e.id for e in kb.technologies}
    checked = 0
    for entry in kb.entries:
        front = front_of(Path(entry.origin))
        refs = {text.split("#", 1)[0] for text in _reference_values(entry.data)}
        for tech in refs & technologies:
            checked += 1
            assert _mentions({tech}).search(front), (entry.path, tech)
    assert checked > 300


def _reference_values(data: dict) -> list[str]:
    out: list[str] = []
    for key in ("technologies", "part_of", "patterns"):
        value = data.get(key)
        out += [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    for key, field in (("tests", "claim"), ("alternatives", "technology")):
        for item in data.get(key) or []:
            if isinstance(item, dict) and isinstance(item.get(field), str):
                out.append(item[field])
    return out


@pytest.mark.parametrize("name", ["technologies/blockchain.md", "technologies/generative-ai.md",
                                  "technologies/artificial-intelligence.md",
                                  "use-cases/nl-syri.md"])
def test_a_named_entry_of_the_repository_gets_the_diagnostics_of_a_full_run(name):
    path = ENTRIES / name
    if not path.exists():
        pytest.skip(f"{name} is not in the knowledge base any more")
    full = load(REPO, today=TODAY, use_cache=False).report
    shown = [d.to_dict() for d in full.diagnostics if d.path.endswith(name)]
    named = validate(REPO, only=[path], today=TODAY, use_cache=False)
    assert [d.to_dict() for d in named.diagnostics] == shown


def test_a_duplicate_id_is_found_whichever_file_is_named(tiny):
    """The copy sorts first, so the full run reports the original (BV202) and the copy
    (BV201: its name is not its id); each named alone gets just its own."""
    tiny.write("use-cases/xx-copy.md", tiny.path("use-cases/xx-land-registry.md").read_text())
    full = load(tiny.root, today=TODAY, use_cache=False).report
    for name, code in (("xx-land-registry.md", "BV202"), ("xx-copy.md", "BV201")):
        expected = [d.to_dict() for d in full.diagnostics if d.path.endswith(name)]
        assert code in {d["code"] for d in expected}
        named = validate(tiny.root, only=[tiny.path(f"use-cases/{name}")], today=TODAY,
                         use_cache=False)
        assert [d.to_dict() for d in named.diagnostics] == expected


def test_a_named_technology_sees_the_use_cases_that_name_it(tiny):
    """Graph rules on a named technology (no use case, a pattern no case names, the
    protocol's count) read the use cases that refer to it; those are loaded in full."""
    tiny.mutate("use-cases/xx-land-registry.md", "patterns: [ledger#land-registry]",
                "patterns: []")
    name = tiny.path("technologies/ledger.md")
    full = load(tiny.root, today=TODAY, use_cache=False).report
    expected = [d.to_dict() for d in full.diagnostics if d.path.endswith("ledger.md")]
    assert "BV404" in {d["code"] for d in expected}
    assert [d.to_dict() for d in validate(tiny.root, only=[name], today=TODAY,
                                          use_cache=False).diagnostics] == expected


def test_the_documented_divergence_a_broken_unnamed_file_can_show_in_a_hint(tiny):
    """An unnamed file whose YAML is broken but whose id line is plain, and which the named
    file does not refer to, counts in a named run as an entry with that id: here a
    technology id the hint suggests. The full run (CI) reports the broken file instead."""
    tiny.write("technologies/ledgerx.md",
               "---\nid: ledgerx\nkind: technology\ntitle: [unclosed\n---\n\n# Body\n")
    tiny.mutate("use-cases/xx-land-registry.md", "technologies: [ledger]",
                "technologies: [ledger, ledgerxy]")
    name = "use-cases/xx-land-registry.md"
    named = validate(tiny.root, only=[tiny.path(name)], today=TODAY, use_cache=False)
    full = load(tiny.root, today=TODAY, use_cache=False).report
    hints = [d.hint for d in named.diagnostics if d.code == "BV204"]
    full_hints = [d.hint for d in full.diagnostics if d.code == "BV204"]
    assert len(hints) == len(full_hints) == 1
    assert "ledgerx" in hints[0] and "ledgerx" not in full_hints[0]
    assert any(d.path.endswith("ledgerx.md") for d in full.diagnostics)


def test_a_long_part_of_cycle_through_a_named_technology_is_seen_whole(tiny):
    """ledger -> vault -> safe -> records -> ledger: vault and safe neither name ledger nor
    are named by it. The named run follows part_of from what it loaded until the cycle
    closes, and reports what the full run reports on ledger."""
    records = tiny.path("technologies/records.md").read_text()
    hype = "hype:\n  phase: plateau"

    def tech(tid: str, part_of: str) -> str:
        return records.replace("id: records", f"id: {tid}").replace(
            hype, f"part_of: [{part_of}]\n{hype}")

    tiny.mutate("technologies/ledger.md", "part_of: [records]", "part_of: [vault]")
    tiny.write("technologies/vault.md", tech("vault", "safe"))
    tiny.write("technologies/safe.md", tech("safe", "records"))
    tiny.mutate("technologies/records.md", hype, f"part_of: [ledger]\n{hype}")
    full = load(tiny.root, today=TODAY, use_cache=False).report
    expected = [d.to_dict() for d in full.diagnostics if d.path.endswith("/ledger.md")]
    assert "ledger -> vault -> safe -> records -> ledger" in \
        " ".join(d["message"] for d in expected if d["code"] == "BV401")
    named = validate(tiny.root, only=[tiny.path("technologies/ledger.md")], today=TODAY,
                     use_cache=False)
    assert [d.to_dict() for d in named.diagnostics] == expected
