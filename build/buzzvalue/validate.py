"""Validation, start to end: load every entry, check each one, then check them together."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from . import body, graph, graphrules, placeholders, schemacheck
from .diagnostics import Diagnostic, Report
from .loader import Entry, display, entry_files, load_files
from .rubric import Rubric, load_rubric
from .rules import Rules
from .schemas import Schemas, load_schemas, schema_dir_for
from .score import Scores, score


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """A loaded knowledge base: its entries, the schemas they follow, and what is wrong."""

    root: Path
    schemas: Schemas
    rubric: Rubric
    entries: tuple[Entry, ...]
    graph: nx.MultiDiGraph
    report: Report

    @functools.cached_property
    def scores(self) -> Scores:
        return score(self.graph, self.rubric)

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


def check_entry(entry: Entry, schemas: Schemas) -> list[Diagnostic]:
    """Everything that can be said of one entry on its own."""
    found = schemacheck.check(entry, schemas)
    if entry.kind is not None:
        found += body.check(entry, schemas.body_sections(entry.kind))
    return found + placeholders.check(entry)


def load(root: Path, *, only: Iterable[Path] | None = None, today: dt.date | None = None,
         schemas: Schemas | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base at ``root``.

    With ``only``, every entry is still loaded (references resolve against the whole
    base) but diagnostics are kept for those files alone.
    """
    today = today or dt.date.today()
    schemas = schemas or load_schemas(schema_dir_for(root))
    entries_dir = root / "entries"
    loaded = load_files(entry_files(entries_dir), entries_dir)
    wanted = None if only is None else {display(p) for p in only}
    found = [d for d in loaded.diagnostics if wanted is None or d.path in wanted]
    for entry in loaded.entries:
        if wanted is None or entry.path in wanted:
            found += check_entry(entry, schemas)
    found += Rules(loaded.entries, today).run(wanted)
    rubric = load_rubric(schemas.directory / "scoring.yaml", schemas)
    kb_graph = graph.build(loaded.entries, schemas, rubric.evidence_order)
    found += graphrules.check(kb_graph, loaded.entries, wanted)
    found = placeholders.screen(found, loaded.entries)
    checked = len(loaded.files) if wanted is None else len(wanted & set(loaded.files))
    report = Report(tuple(sorted(found)), checked)
    return KnowledgeBase(root, schemas, rubric, tuple(loaded.entries), kb_graph, report)

