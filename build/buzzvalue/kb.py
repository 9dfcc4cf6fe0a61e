"""The knowledge base: its entries loaded and checked once; the graph and scores on demand.

Everything downstream (the site, the exports, the commands, the MkDocs plugin) takes a
KnowledgeBase. `load` is the one place where loading and checking are put together.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .check import graphrules, perfile, placeholders
from .check.locate import Locator
from .check.rules import Rules
from .core import clock
from .core.diagnostics import Report
from .core.entry import Entry
from .load.cache import Cache, key_for
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
    entries, report = _check(root, only, today, schemas, rubric, use_cache, light=False)
    return KnowledgeBase(root, today, schemas, rubric, tuple(entries), report,
                         key_for(schemas, today) if use_cache else None)


def validate(root: Path, *, only: Iterable[Path] | None = None, today: dt.date | None = None,
             schemas: Schemas | None = None, use_cache: bool = True) -> Report:
    """The report ``load()`` gives, for validation alone: entries that come from the cache
    are read in their light form (what the rules across entries need), so a run after an
    edit does not read every entry's whole front matter and body."""
    today = today or clock.today()
    schemas = schemas or load_schemas(schema_dir_for(root))
    rubric = load_rubric(schemas.directory / "scoring.yaml", schemas)
    return _check(root, only, today, schemas, rubric, use_cache, light=True)[1]


def _check(root: Path, only: Iterable[Path] | None, today: dt.date, schemas: Schemas,
           rubric: Rubric, use_cache: bool, *, light: bool) -> tuple[list[Entry], Report]:
    entries_dir = root / "entries"
    files = entry_files(entries_dir)
    cache = Cache(root, key_for(schemas, today), enabled=use_cache)
    wanted = None if only is None else {display(p) for p in only}
    per_file = perfile.results(files, entries_dir, schemas, cache, today, light=light,
                               wanted=wanted)
    cache.save()
    entries = [r.entry for r in per_file if r.entry is not None]
    found = [d for r in per_file for d in r.diagnostics if wanted is None or d.path in wanted]
    locate = Locator()
    found += Rules(entries, today, locate).run(wanted)
    core = graph.collect(entries, schemas, rubric.evidence_order, full=False)
    found += graphrules.check(core, entries, wanted, locate)
    found = placeholders.screen(found, entries)
    shown = {r.path for r in per_file}
    checked = len(shown) if wanted is None else len(wanted & shown)
    return entries, Report(tuple(sorted(found)), checked)
