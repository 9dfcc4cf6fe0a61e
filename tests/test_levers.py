"""The speed levers change nothing but speed: the cache, the worker processes and the
compiled schema check each give the very same diagnostics as the plain path."""

from __future__ import annotations

import json

import pytest
from conftest import TODAY
from test_validate_rules import CASES

from buzzvalue.check import perfile
from buzzvalue.kb import load


def everything(diagnostics) -> list:
    return [d.to_dict() for d in diagnostics]


@pytest.fixture
def broken(tiny):
    """The tiny knowledge base with every rule of the rule table broken at once, where the
    breakages do not overlap."""
    seen = set()
    for name, old, new, *_ in CASES:
        if (name, old) in seen or old not in tiny.path(name).read_text():
            continue
        seen.add((name, old))
        tiny.mutate(name, old, new)
    tiny.write("use-cases/xx-broken.md", "---\nid: [unclosed\n---\n")
    return tiny


def test_cache_gives_identical_diagnostics(broken):
    plain = load(broken.root, today=TODAY, use_cache=False).report
    assert len(plain.diagnostics) > 10
    load(broken.root, today=TODAY)  # fills the cache
    assert (broken.root / ".cache" / "buzzvalue" / "files.marshal").is_file()
    cached = load(broken.root, today=TODAY).report
    assert everything(cached.diagnostics) == everything(plain.diagnostics)


def test_cache_sees_an_edit(broken):
    load(broken.root, today=TODAY)
    broken.mutate("use-cases/xx-ledger-payments.md", "title: Example payments",
                  "colour: red\ntitle: Example payments")
    cached = load(broken.root, today=TODAY).report
    plain = load(broken.root, today=TODAY, use_cache=False).report
    assert everything(cached.diagnostics) == everything(plain.diagnostics)
    assert "BV102" in {d.code for d in cached.diagnostics}


def test_cache_is_emptied_when_the_schema_changes(tiny):
    load(tiny.root, today=TODAY)
    schema_dir = tiny.root / "schema"
    from buzzvalue.load.schemas import default_schema_dir

    schema_dir.mkdir()
    for source in default_schema_dir().iterdir():
        text = source.read_text()
        if source.name == "vocabularies.schema.json":
            vocabularies = json.loads(text)
            for term in vocabularies["$defs"]["stage"]["oneOf"]:
                if term["const"] == "pilot":
                    term["const"] = "trial"
            text = json.dumps(vocabularies)
        (schema_dir / source.name).write_text(text)
    scoring = ((schema_dir / "scoring.yaml").read_text().replace("  pilot: 0.4", "  trial: 0.4")
               .replace("[announced, pilot]", "[announced, trial]"))
    (schema_dir / "scoring.yaml").write_text(scoring)
    tiny.mutate("use-cases/xx-land-registry.md", "stage: production", "stage: pilot")
    codes = {d.code for d in load(tiny.root, today=TODAY).report.diagnostics}
    assert "BV104" in codes  # 'pilot' is no longer a stage: the cached verdict was not reused


def test_worker_processes_give_identical_diagnostics(broken, monkeypatch):
    plain = load(broken.root, today=TODAY, use_cache=False).report
    monkeypatch.setattr(perfile, "PARALLEL_FROM", 1)
    monkeypatch.setattr(perfile.os, "cpu_count", lambda: 2)
    parallel = load(broken.root, today=TODAY, use_cache=False).report
    assert everything(parallel.diagnostics) == everything(plain.diagnostics)


def test_cache_file_holds_plain_data_only(tiny):
    load(tiny.root, today=TODAY)
    import marshal

    stored = marshal.loads((tiny.root / ".cache" / "buzzvalue" / "files.marshal").read_bytes())
    json.dumps(stored["records"])  # plain data: nothing that runs code on loading


def test_the_cache_key_changes_with_any_module_of_the_package_subpackages_too(tmp_path,
                                                                              monkeypatch):
    from buzzvalue.load import cache
    from buzzvalue.load.schemas import default_schema_dir, load_schemas

    package = tmp_path / "buzzvalue"
    (package / "check").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    nested = package / "check" / "rules.py"
    nested.write_text("RULE = 1\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    schemas = load_schemas(default_schema_dir())
    before = cache.key_for(schemas, TODAY)
    nested.write_text("RULE = 2\n")
    assert cache.key_for(schemas, TODAY) != before


def test_scores_on_several_cores_are_the_same_bytes(monkeypatch):
    """Scoring technologies in worker processes gives the very same assessments: every
    random draw is seeded from the content."""
    from pathlib import Path

    from buzzvalue.model import score

    kb = load(Path(__file__).resolve().parent.parent, today=TODAY)
    plain = [s.to_dict() for s in score.score(kb.entries, kb.rubric, 2026).technologies.values()]
    monkeypatch.setattr(score, "PARALLEL_FROM", 1)
    monkeypatch.setattr(score.os, "cpu_count", lambda: 2)
    parallel = score.score(kb.entries, kb.rubric, 2026).technologies
    assert json.dumps([s.to_dict() for s in parallel.values()]) == json.dumps(plain)


def test_rules_across_entries_find_their_positions_without_reading_files_again(broken,
                                                                               monkeypatch):
    """Entries from the cache carry anchors (the positions the rules across entries report
    at), so a run with a warm cache reads no file a second time for a position."""
    from buzzvalue.check import locate

    load(broken.root, today=TODAY)  # fills the cache
    plain = load(broken.root, today=TODAY, use_cache=False).report
    reread: list[str] = []
    monkeypatch.setattr(locate, "located", lambda entry: reread.append(entry.path) or entry)
    cached = load(broken.root, today=TODAY).report
    assert reread == []
    assert everything(cached.diagnostics) == everything(plain.diagnostics)


def test_the_cycle_check_agrees_with_networkx_on_random_graphs():
    """graphrules loads networkx only when a part_of cycle exists; the check that decides
    it agrees with networkx on random small graphs, self-loops included."""
    import random

    import networkx

    from buzzvalue.check.graphrules import _has_cycle

    rnd = random.Random(22)
    for _ in range(2000):
        n = rnd.randrange(1, 8)
        edges = [(f"t{rnd.randrange(n)}", f"t{rnd.randrange(n)}")
                 for _ in range(rnd.randrange(1, 12))]
        assert _has_cycle(edges) == bool(list(networkx.simple_cycles(networkx.DiGraph(edges))))


def test_validation_from_the_light_store_gives_the_same_report(broken):
    """`validate` reads entries from the cache in their light form (what the rules across
    entries need): cold, warm and after an edit it reports what a full, uncached load does,
    and a later full load still gets every entry whole."""
    from buzzvalue.kb import validate

    def same(report, expected) -> None:
        assert everything(report.diagnostics) == everything(expected.diagnostics)
        assert report.files_checked == expected.files_checked

    broken.mutate("use-cases/xx-land-registry.md", "title: ", "title: \"FILL IN: the title\"\nx: ")
    plain = load(broken.root, today=TODAY, use_cache=False)
    assert "BV901" in {d.code for d in plain.report.diagnostics}
    same(validate(broken.root, today=TODAY), plain.report)  # cold: fills both stores
    same(validate(broken.root, today=TODAY), plain.report)  # warm: the light store alone
    broken.mutate("use-cases/xx-ledger-payments.md", "title: Example payments",
                  "colour: red\ntitle: Example payments")
    edited = load(broken.root, today=TODAY, use_cache=False)
    same(validate(broken.root, today=TODAY), edited.report)
    whole = load(broken.root, today=TODAY)  # the full store is stale for the edited file
    same(whole.report, edited.report)
    assert [(e.path, e.data, e.body) for e in whole.entries] == \
        [(e.path, e.data, e.body) for e in edited.entries]


def test_the_quick_markup_check_agrees_with_the_pattern():
    """Rules.markup first asks _may_have_markup of all values at once; it must say yes
    wherever MARKUP matches (and, being the same alternatives, only there)."""
    import random

    from buzzvalue.check.rules import MARKUP, _may_have_markup

    pieces = ["<", ">", "a", " ", "on", "click", "=", "java", "script", ":", "data",
              "image/png", ";", ",", "/", "!", "?", "ON", "JavaScript", "x", "\x00", "vb",
              "DATA:", "é"]
    rnd = random.Random(22)
    for _ in range(50000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 8)))
        assert bool(MARKUP.search(text)) == _may_have_markup(text), repr(text)


def test_named_files_on_a_cold_cache_get_the_diagnostics_of_a_full_run(broken,
                                                                       monkeypatch):
    """With named files, the others are only loaded (references resolve against them) and
    not checked on their own: the named files get exactly the diagnostics a full run
    gives them, in a worker process or not."""
    from buzzvalue.kb import validate

    full = load(broken.root, today=TODAY, use_cache=False).report
    for name in ("use-cases/xx-ledger-payments.md", "technologies/ledger.md"):
        path = broken.path(name)
        mine = [d for d in everything(full.diagnostics) if d["path"].endswith(name)]
        assert mine
        named = validate(broken.root, only=[path], today=TODAY, use_cache=False)
        assert everything(named.diagnostics) == mine
        with monkeypatch.context() as patch:
            patch.setattr(perfile, "PARALLEL_FROM", 1)
            patch.setattr(perfile.os, "cpu_count", lambda: 2)
            named = validate(broken.root, only=[path], today=TODAY, use_cache=False)
        assert everything(named.diagnostics) == mine
