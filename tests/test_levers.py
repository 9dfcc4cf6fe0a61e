"""The speed levers change nothing but speed: the cache, the worker processes and the
compiled schema check each give the very same diagnostics as the plain path."""

from __future__ import annotations

import datetime as dt
import functools
import json
import marshal
import shutil
from pathlib import Path

import pytest
from conftest import TODAY
from hypothesis import given, settings
from hypothesis import strategies as st
from test_validate_rules import CASES

from buzzvalue.check import perfile
from buzzvalue.core.diagnostics import Severity
from buzzvalue.kb import load
from buzzvalue.load.schemas import default_schema_dir


def everything(diagnostics) -> list:
    return [d.to_dict() for d in diagnostics]


@pytest.fixture
def broken(tiny):
    """The tiny knowledge base with every rule of the rule table broken at once, where the
    breakages do not overlap."""
    seen = set()
    for _, name, old, new, _ in CASES:
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


def test_a_schema_that_drops_a_term_is_not_answered_from_the_cache(tiny):
    load(tiny.root, today=TODAY)
    tiny.mutate("use-cases/xx-land-registry.md", "stage: production", "stage: pilot")
    load(tiny.root, today=TODAY)  # the file with 'pilot' is now in the cache, valid
    schema_dir = copy_schemas(tiny.root)
    vocabularies = json.loads((schema_dir / "vocabularies.schema.json").read_text())
    vocabularies["$defs"]["stage"]["oneOf"] = [
        t for t in vocabularies["$defs"]["stage"]["oneOf"] if t["const"] != "pilot"]
    (schema_dir / "vocabularies.schema.json").write_text(json.dumps(vocabularies))
    codes = {d.code for d in load(tiny.root, today=TODAY).report.diagnostics}
    assert "BV104" in codes  # 'pilot' is no longer a stage: the cached verdict was not reused


# --- the cache key, one part at a time. A record planted in the cache file shows whether
# the next load answered from the cache (the planted warning is reported) or not. ---------

PLANTED = "entries/use-cases/xx-records-archive.md"


def plant(root: Path) -> None:
    """Replace one cached file's own diagnostics by a warning no rule gives."""
    path = root / ".cache" / "buzzvalue" / "files.marshal"
    stored = marshal.loads(path.read_bytes())
    content_hash, stamp, (fields, _) = stored["records"][PLANTED]
    warning = (1, 1, "BV999", int(Severity.WARNING), "planted in the cache", None, None)
    stored["records"][PLANTED] = (content_hash, stamp, (fields, (warning,)))
    path.write_bytes(marshal.dumps(stored))


def answered_from_cache(root: Path, today=TODAY) -> bool:
    codes = [d.code for d in load(root, today=today).report.diagnostics]
    return codes.count("BV999") == 1


def copy_schemas(root: Path) -> Path:
    schema_dir = root / "schema"
    shutil.copytree(default_schema_dir(), schema_dir)
    return schema_dir


def test_an_unchanged_key_answers_from_the_cache(tiny):
    load(tiny.root, today=TODAY)
    plant(tiny.root)
    assert answered_from_cache(tiny.root)
    assert answered_from_cache(tiny.root)  # and keeps answering


def test_the_same_schemas_and_rubric_in_another_folder_keep_the_key(tiny):
    load(tiny.root, today=TODAY)
    plant(tiny.root)
    copy_schemas(tiny.root)  # the knowledge base's own schema/, byte for byte the default
    assert answered_from_cache(tiny.root)


def test_a_schema_change_alone_empties_the_cache(tiny):
    load(tiny.root, today=TODAY)
    plant(tiny.root)
    schema_dir = copy_schemas(tiny.root)
    common = schema_dir / "common.schema.json"
    document = json.loads(common.read_text())
    document["$comment"] = "edited"  # changes nothing a rule reads
    common.write_text(json.dumps(document))
    assert not answered_from_cache(tiny.root)


def test_a_rubric_change_alone_empties_the_cache(tiny):
    load(tiny.root, today=TODAY)
    plant(tiny.root)
    schema_dir = copy_schemas(tiny.root)
    with open(schema_dir / "scoring.yaml", "a", encoding="utf-8") as rubric:
        rubric.write("# edited: a comment changes no weight\n")
    assert not answered_from_cache(tiny.root)


def test_a_package_source_change_alone_empties_the_cache(tiny, tmp_path, monkeypatch):
    from buzzvalue.load import cache

    package = tmp_path / "package"
    (package / "check").mkdir(parents=True)
    (package / "check" / "rules.py").write_text("RULE = 1\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    load(tiny.root, today=TODAY)
    plant(tiny.root)
    assert answered_from_cache(tiny.root)
    (package / "check" / "rules.py").write_text("RULE = 2\n")
    assert not answered_from_cache(tiny.root)


@pytest.mark.parametrize(("later", "reused"), [
    (TODAY, True), (dt.date(2026, 1, 1), True), (dt.date(2026, 12, 31), True),
    (dt.date(2027, 1, 1), False), (dt.date(2025, 12, 31), False),
])
def test_the_year_alone_empties_the_cache(tiny, later, reused):
    load(tiny.root, today=TODAY)
    plant(tiny.root)
    assert answered_from_cache(tiny.root, today=later) is reused


def test_worker_processes_give_identical_diagnostics(broken, monkeypatch):
    plain = load(broken.root, today=TODAY, use_cache=False).report
    monkeypatch.setattr(perfile, "PARALLEL_FROM", 1)
    monkeypatch.setattr(perfile.os, "cpu_count", lambda: 2)
    parallel = load(broken.root, today=TODAY, use_cache=False).report
    assert everything(parallel.diagnostics) == everything(plain.diagnostics)


def test_cache_file_holds_plain_data_only(tiny):
    load(tiny.root, today=TODAY)
    import marshal

    from buzzvalue.kb import validate

    validate(tiny.root, today=TODAY)  # writes the result of the rules across entries too
    for store in ("files", "light", "entries", "cross"):
        stored = marshal.loads((tiny.root / ".cache" / "buzzvalue" / f"{store}.marshal")
                               .read_bytes())
        json.dumps(stored)  # plain data: nothing that runs code on loading


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


def test_renaming_a_package_source_changes_the_key(tmp_path, monkeypatch):
    from buzzvalue.load import cache
    from buzzvalue.load.schemas import load_schemas

    package = tmp_path / "package"
    package.mkdir()
    (package / "a.py").write_text("X = 1\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    schemas = load_schemas(default_schema_dir())
    before = cache.key_for(schemas, TODAY)
    assert cache.key_for(schemas, TODAY) == before
    (package / "a.py").rename(package / "b.py")  # the same bytes under another name
    assert cache.key_for(schemas, TODAY) != before


def test_package_sources_are_every_python_file_in_the_order_of_their_paths(tmp_path,
                                                                          monkeypatch):
    from buzzvalue.load import cache

    package = tmp_path / "package"
    for name in ("b.py", "a.py", "a/z.py", "a-c.py", "a/notes.txt", "a/y/x.py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    # '-' < '.' < '/': the order of the paths as text, not of their parts
    assert [p.relative_to(package).as_posix() for p in cache.package_sources()] == [
        "a-c.py", "a.py", "a/y/x.py", "a/z.py", "b.py"]


# --- the per-file cache itself -------------------------------------------------------------

def cache_file(root: Path) -> Path:
    return root / ".cache" / "buzzvalue" / "files.marshal"


def saved(root: Path, key: str, records: dict) -> None:
    from buzzvalue.load.cache import Cache

    store = Cache(root, key)
    for name, (content_hash, stamp, record) in records.items():
        store.put(name, content_hash, stamp, record)
    store.save()


def test_a_saved_cache_is_read_back_under_its_key_only(tmp_path):
    from buzzvalue.load.cache import Cache

    saved(tmp_path, "k1", {"a.md": ("h1", "s1", (None, ()))})
    assert Cache(tmp_path, "k1").records == {"a.md": ("h1", "s1", (None, ()))}
    assert Cache(tmp_path, "k2").records == {}
    assert Cache(tmp_path, "k1", enabled=False).records == {}


@pytest.mark.parametrize("content", [
    b"", b"not marshal", marshal.dumps(["key", "k1"]), marshal.dumps({"records": {"a": 1}}),
    marshal.dumps({"key": "k1"}), marshal.dumps({"key": "k2", "records": {"a.md": 1}}),
    marshal.dumps({"key": "k1", "records": {"a.md": ("h", "s", (None, ()))}})[:-3],
])
def test_a_missing_broken_or_foreign_cache_file_is_an_empty_cache(tmp_path, content):
    from buzzvalue.load.cache import Cache

    assert Cache(tmp_path, "k1").records == {}  # no file at all
    cache_file(tmp_path).parent.mkdir(parents=True)
    cache_file(tmp_path).write_bytes(content)
    assert Cache(tmp_path, "k1").records == {}


def test_a_file_is_answered_by_its_stamp_or_by_its_bytes():
    from buzzvalue.load.cache import Cache

    store = Cache(Path("/nonexistent"), "k")
    store.put("a.md", "hash", "stamp", ("record",))
    assert store.unchanged("a.md", "stamp") == ("hash", ("record",))
    assert store.unchanged("a.md", "touched") is None
    assert store.unchanged("b.md", "stamp") is None
    assert store.get("a.md", "other bytes", "stamp") is None
    assert store.get("b.md", "hash", "stamp") is None
    store.dirty = False
    assert store.get("a.md", "hash", "stamp") == ("record",)
    assert store.dirty is False  # nothing to save: the stamp is the same
    assert store.get("a.md", "hash", "touched") == ("record",)
    assert store.records == {"a.md": ("hash", "touched", ("record",))}
    assert store.dirty is True  # the new stamp is kept
    assert store.unchanged("a.md", "touched") == ("hash", ("record",))


def test_a_disabled_cache_keeps_and_writes_nothing(tmp_path):
    from buzzvalue.load.cache import Cache

    saved(tmp_path, "k", {"a.md": ("h", "s", (None, ()))})
    store = Cache(tmp_path, "k", enabled=False)
    store.put("b.md", "h", "s", (None, ()))
    assert (store.records, store.dirty) == ({}, False)
    cache_file(tmp_path).unlink()
    store.save()
    assert not cache_file(tmp_path).exists()


def test_forgetting_files_saves_only_when_one_is_gone(tmp_path):
    from buzzvalue.load.cache import Cache

    saved(tmp_path, "k", {"a.md": ("h", "s", (None, ())), "b.md": ("h", "s", (None, ()))})
    store = Cache(tmp_path, "k")
    store.keep_only({"a.md", "b.md", "c.md"})
    assert store.dirty is False
    cache_file(tmp_path).unlink()
    store.save()  # nothing changed: nothing written
    assert not cache_file(tmp_path).exists()
    store.keep_only({"a.md"})
    assert (set(store.records), store.dirty) == ({"a.md"}, True)
    store.save()
    assert set(Cache(tmp_path, "k").records) == {"a.md"}


def test_saving_writes_a_gitignore_once_and_survives_a_read_only_folder(tmp_path):
    saved(tmp_path, "k", {"a.md": ("h", "s", (None, ()))})
    gitignore = tmp_path / ".cache" / ".gitignore"
    assert gitignore.read_text() == "# buzzvalue's cache: safe to delete\n*\n"
    gitignore.write_text("mine\n")
    saved(tmp_path, "k", {"b.md": ("h", "s", (None, ()))})
    assert gitignore.read_text() == "mine\n"
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / ".cache").write_text("a file where the folder should be")
    saved(blocked, "k", {"a.md": ("h", "s", (None, ()))})  # no error


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


def _capped_reference(weights, cap):
    """The water-filling cap as first written (every column's running sum, every k)."""
    import numpy as np

    x = np.atleast_2d(np.asarray(weights, dtype=float))
    out = x.copy()
    if cap >= 1 or x.shape[1] == 0:
        return out.reshape(np.shape(weights))
    xs = -np.sort(-x, axis=1)
    total = xs.sum(axis=1)
    rest = total[:, None] - np.concatenate([np.zeros((len(x), 1)), np.cumsum(xs, axis=1)], axis=1)
    done = np.zeros(len(x), dtype=bool)
    limit = np.full(len(x), np.inf)
    for k in range(x.shape[1]):
        if k * cap >= 1:
            break
        t = rest[:, k] / (1 - k * cap)
        fits = ~done & (rest[:, k] > 0) & (xs[:, k] <= cap * t + 1e-12)
        limit[fits] = cap * t[fits]
        done |= fits
    out = np.minimum(x, limit[:, None])
    equal = ~done
    if equal.any():
        positive = x[equal] > 0
        counts = positive.sum(axis=1, keepdims=True)
        out[equal] = np.where(positive, total[equal][:, None] / np.maximum(counts, 1), 0.0)
    return out.reshape(np.shape(weights))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.7, 1.0, 3.0])
                              | st.floats(0, 5), min_size=1, max_size=12),
                     min_size=1, max_size=6).filter(lambda r: len({len(x) for x in r}) == 1),
       cap=st.sampled_from([0.1, 0.2, 0.25, 0.3, 0.5, 0.9, 1.0]))
def test_the_cap_gives_the_very_bits_of_the_plain_water_filling(rows, cap):
    """capped() sorts once and stops at the first k where every row fits; the bits it
    returns are those of the plain version (running sums of every column, every k)."""
    import numpy as np

    from buzzvalue.model.verdict import capped

    x = np.array(rows)
    assert capped(x, cap).tobytes() == _capped_reference(x, cap).tobytes()
    assert capped(x[0], cap).tobytes() == _capped_reference(x[0], cap).tobytes()


@functools.cache
def _rubric():
    from buzzvalue.load.schemas import load_schemas
    from buzzvalue.model.rubric import load_rubric

    return load_rubric(default_schema_dir() / "scoring.yaml", load_schemas(default_schema_dir()))


@settings(max_examples=400, deadline=None)
@given(support=st.sampled_from([0.0, 0.3, 0.5, 0.6, 1.0, 1.2, 2.0, 3.0]) | st.floats(0, 4),
       against=st.sampled_from([0.0, 0.3, 0.5, 0.6, 1.0, 1.2, 2.0, 3.0]) | st.floats(0, 4),
       tested=st.booleans())
def test_one_claims_status_is_the_arrays_status(support, against, tested):
    """claim_status reads one claim with plain floats; it gives the code the array version
    gives, at the thresholds too."""
    import numpy as np

    from buzzvalue.model.verdict import claim_status_code, claim_statuses

    rubric = _rubric()
    m, r = rubric.claim_minimum_mass, rubric.claim_ratio
    for s, a in ((support, against), (m, against), (support, m),
                 (r * against, against), (support, r * support),
                 # exactly at the tolerance: the comparisons are >=, not >
                 (m - 1e-9, against), (support, m - 1e-9),
                 (max(m, r * against - 1e-9), against), (support, max(m, r * support - 1e-9))):
        assert claim_status_code(s, a, tested, rubric) == \
            int(claim_statuses(np.array(s), np.array(a), np.array(tested), rubric))


def test_the_seed_payload_is_the_json_of_the_whole_group(monkeypatch):
    """The payload (the seed and the assessment key) is joined from each case's JSON; it is
    the very text json.dumps gives for the whole group, for every group of the repository
    and for no cases at all."""
    from pathlib import Path

    from buzzvalue.model import score as S
    from buzzvalue.model import verdict as V

    def whole(group, cases, claims, phase):
        return json.dumps([group, phase, sorted(claims),
                           sorted((V._plain(c) for c in cases), key=lambda c: c["id"])],
                          sort_keys=True, ensure_ascii=True)

    kb = load(Path(__file__).resolve().parent.parent, today=TODAY, use_cache=False)
    groups: list = []
    real = S._assessments
    monkeypatch.setattr(S, "_assessments", lambda g, *a: groups.extend(g) or real(g, *a))
    S.score(kb.entries, kb.rubric, 2026)
    assert len(groups) > 50
    for g in groups:
        assert V._payload(g.ref, g.cases, g.claims, g.phase) == \
            whole(g.ref, g.cases, g.claims, g.phase)
    assert V._payload("t", [], [], None) == whole("t", [], [], None)
    assert V._payload("t", [], ["b", "a"], "peak") == whole("t", [], ["b", "a"], "peak")
