"""The knowledge base: its entries loaded and checked once; the graph and scores on demand.

Everything downstream (the site, the exports, the commands, the MkDocs plugin) takes a
KnowledgeBase. `load` is the one place where loading and checking are put together.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .check import graphrules, perfile, placeholders
from .check.locate import Locator
from .check.rules import Rules
from .core import clock
from .core.diagnostics import Diagnostic, Report, Severity
from .core.entry import Entry
from .load.cache import Cache, digest, key_for
from .load.files import display, entry_files
from .load.schemas import Schemas, load_schemas, schema_dir_for
from .model import graph
from .model.rubric import Rubric, load_rubric

if TYPE_CHECKING:
    import networkx as nx

    from .model.score import Scores
    from .model.similar import Similar


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """A loaded knowledge base: its entries, the schemas they follow, and what is wrong."""

    root: Path
    today: dt.date
    schemas: Schemas
    rubric: Rubric
    entries: tuple[Entry, ...]
    report: Report
    cache_key: str | None = None  # the cache's key when the cache is used, else None

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The full knowledge graph (the checks need only its core, made without networkx)."""
        return graph.build(self.entries, self.schemas, self.rubric.evidence_order)

    @functools.cached_property
    def scores(self) -> Scores:
        from .load.memo import Memo
        from .model.score import score  # numpy loads in 0.1 s; validation does not need it

        if self.cache_key is None:
            return score(self.entries, self.rubric, self.today.year)
        memo = Memo.under(self.root, self.cache_key, "assessments")
        scores = score(self.entries, self.rubric, self.today.year, memo)
        memo.save()
        return scores

    @functools.cached_property
    def similar(self) -> dict[str, tuple[Similar, ...]]:
        """Each use case's most similar use cases, with the reasons (pages and exports)."""
        from .model.similar import similar_cases

        return similar_cases(self.entries)

    @property
    def technologies(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind == "technology")

    @property
    def use_cases(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind == "use-case")


def find_root(start: Path) -> Path | None:
    """The knowledge-base root for a path: the folder that holds its entries/ folder."""
    here = start.resolve()
    for candidate in (here, *here.parents):
        if candidate.name == "entries" and candidate.is_dir():
            return candidate.parent
        if (candidate / "entries").is_dir():
            return candidate
    return None


def load(root: Path, *, only: Iterable[Path] | None = None, today: dt.date | None = None,
         schemas: Schemas | None = None, use_cache: bool = True) -> KnowledgeBase:
    """Load and check the knowledge base at ``root``.

    With ``only``, every entry is still loaded (references resolve against the whole
    base) but diagnostics are kept for those files alone. Per-file results come from
    the cache under .cache/ where a file has not changed (``use_cache=False`` skips it).
    """
    today = today or clock.today()
    schemas = schemas or load_schemas(schema_dir_for(root))
    rubric = load_rubric(schemas.directory / "scoring.yaml", schemas)
    key = key_for(schemas, today)  # hashes every source file: once per load
    entries, report = _check(root, only, today, schemas, rubric, key, use_cache, light=False)
    return KnowledgeBase(root, today, schemas, rubric, tuple(entries), report,
                         key if use_cache else None)


def validate(root: Path, *, only: Iterable[Path] | None = None, today: dt.date | None = None,
             schemas: Schemas | None = None, use_cache: bool = True) -> Report:
    """The report ``load()`` gives, for validation alone: entries that come from the cache
    are read in their light form (what the rules across entries need), so a run after an
    edit does not read every entry's whole front matter and body."""
    today = today or clock.today()
    schemas = schemas or load_schemas(schema_dir_for(root))
    rubric = load_rubric(schemas.directory / "scoring.yaml", schemas)
    return _check(root, only, today, schemas, rubric, key_for(schemas, today), use_cache,
                  light=True)[1]


def _check(root: Path, only: Iterable[Path] | None, today: dt.date, schemas: Schemas,
           rubric: Rubric, key: str, use_cache: bool, *,
           light: bool) -> tuple[list[Entry], Report]:
    entries_dir = root / "entries"
    files = entry_files(entries_dir)
    cache = Cache(root, key, enabled=use_cache)
    wanted = None if only is None else {display(p) for p in only}
    slots = perfile.index(files, entries_dir, schemas, cache, today, light=light, wanted=wanted)
    shown = [s.fresh.path if s.fresh is not None else display(s.path) for s in slots]
    found = [d for slot, path in zip(slots, shown, strict=True)
             if wanted is None or path in wanted
             for d in perfile.own_diagnostics(slot.record, path)]
    # The rules across entries read the light records alone (and, through the Locator, the
    # files of the entries whose reported position is not among their anchors). A full
    # validation keeps their result under a key made of all that; when an edit changed no
    # light record, the key is the same and the rules do not run.
    # A full load (scores, pages, exports) reads whole entries, but the rules across entries
    # give it the same diagnostics, so it uses and keeps the same stored result.
    cross_key = _cross_key(cache.key, today, root, slots) if wanted is None else ""
    stored = cache.cross(cross_key) if cross_key else None
    reuse = stored is not None and _still_valid(stored[0], slots)
    entries: list[Entry] = []
    if not (light and reuse):
        results = perfile.entries_of(slots, entries_dir, schemas, cache, today, full=not light)
        entries = [r.entry for r in results if r.entry is not None]
    if reuse:
        assert stored is not None
        cross = [Diagnostic(*d[:4], Severity(d[4]), *d[5:]) for d in stored[1]]
    else:
        # Positions as in a worker: the anchors, or the file read again (tracked).
        checked = [e if e.positions is None else replace(e, positions=None)
                   for e in entries] if cross_key or light else entries
        locate = Locator()
        cross = Rules(checked, today, locate).run(wanted)
        core = graph.collect(checked, schemas, rubric.evidence_order, full=False)
        cross += graphrules.check(core, checked, wanted, locate)
        cross = placeholders.screen(cross, checked,
                                    {d.path for d in found if d.code == placeholders.CODE})
        if cross_key:
            read_again = locate.read_again
            depends = tuple((s.name, s.content_hash) for s, path in zip(slots, shown, strict=True)
                            if path in read_again)
            cache.put_cross(cross_key, (depends, tuple(
                (d.path, d.line, d.col, d.code, int(d.severity), d.message, d.hint, d.json_path)
                for d in cross)))
    cache.save()
    found += cross
    checked = len(set(shown)) if wanted is None else len(wanted & set(shown))
    return entries, Report(tuple(sorted(found)), checked)


def _cross_key(cache_key: str, today: dt.date, root: Path, slots: list[perfile.Slot]) -> str:
    """A hash of everything the rules across entries read: each file's light digest (in file
    order, with its name: paths as shown and read from follow from the name, the root and
    the working directory), the day, and the cache key (schemas, rubric, this code)."""
    lines = [f"{cache_key}\0{today.isoformat()}\0{os.getcwd()}\0{root}"]
    lines += [f"{s.name}\0{s.record[0] if s.record else '-'}" for s in slots]
    return digest("\n".join(lines).encode())


def _still_valid(depends: tuple, slots: list[perfile.Slot]) -> bool:
    """Whether the files that the rules read again for a position still have those bytes."""
    if not depends:
        return True
    now = {s.name: s.content_hash for s in slots}
    return all(content_hash is not None and now.get(name) == content_hash
               for name, content_hash in depends)
