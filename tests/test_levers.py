"""The speed levers change nothing but speed: the cache, the worker processes and the
compiled schema check each give the very same diagnostics as the plain path."""

from __future__ import annotations

import datetime as dt
import json
import marshal
import shutil
from pathlib import Path

import pytest
from conftest import TODAY
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
    assert store.unchanged("a.md", "stamp") == ("record",)
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
    assert store.unchanged("a.md", "touched") == ("record",)


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
