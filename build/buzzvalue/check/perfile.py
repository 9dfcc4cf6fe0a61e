"""What each file says about itself: loaded, checked on its own, cached, and spread over cores."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.diagnostics import Diagnostic, Severity
from ..core.entry import Entry
from ..load.cache import Cache, Record, digest
from ..load.files import display, load, read_bytes
from ..load.schemas import Schemas, load_schemas
from ..load.strictyaml import YamlProblem
from . import body, placeholders, schemacheck
from .locate import anchors
from .rules import Rules

# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_FROM = 1500


@dataclass(frozen=True)
class FileResult:
    """One file's entry (None when it cannot be read) and its own diagnostics."""

    path: str  # as shown
    entry: Entry | None
    diagnostics: tuple[Diagnostic, ...]


def check_entry(entry: Entry, schemas: Schemas, today: dt.date) -> list[Diagnostic]:
    """Everything that can be said of one entry on its own."""
    found = schemacheck.check(entry, schemas)
    if entry.kind is not None:
        found += body.check(entry, schemas.body_sections(entry.kind))
    found += Rules([], today).own(entry)
    return found + placeholders.check(entry)


def process(path: Path, entries_dir: Path, schemas: Schemas, today: dt.date) -> FileResult:
    loaded = load(path, entries_dir)
    if loaded.entry is None:
        return FileResult(loaded.path, None, (loaded.problem,) if loaded.problem else ())
    entry = replace(loaded.entry, anchors=anchors(loaded.entry))
    return FileResult(loaded.path, entry, tuple(check_entry(entry, schemas, today)))


def _process_chunk(paths: Sequence[Path], entries_dir: Path, schema_dir: Path,
                   today: dt.date) -> list[FileResult]:
    # In a worker process. Positions stay behind: they are found again, from the file, if
    # a later rule needs one (sending them back would cost more than it saves).
    schemas = load_schemas(schema_dir)
    return [_without_positions(process(p, entries_dir, schemas, today)) for p in paths]


def _without_positions(result: FileResult) -> FileResult:
    if result.entry is None:
        return result
    return FileResult(result.path, replace(result.entry, positions=None), result.diagnostics)


def process_all(paths: Sequence[Path], entries_dir: Path, schemas: Schemas, today: dt.date,
                workers: int | None = None) -> list[FileResult]:
    """Every file's result, in the order given; on several cores when there are many."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or len(paths) < PARALLEL_FROM:
        return [process(p, entries_dir, schemas, today) for p in paths]
    size = -(-len(paths) // (workers * 4))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = pool.map(_process_chunk, chunks, [entries_dir] * len(chunks),
                         [schemas.directory] * len(chunks), [today] * len(chunks))
        return [result for part in parts for result in part]


# --- the cache's plain-data form ---------------------------------------------------------


def to_record(result: FileResult) -> Record:
    diagnostics = tuple((d.line, d.col, d.code, int(d.severity), d.message, d.hint, d.json_path)
                        for d in result.diagnostics)
    e = result.entry
    if e is None:
        return (None, diagnostics)
    marks = tuple((path, *pos) for path, pos in (e.anchors or {}).items())
    return ((e.folder, e.data, e.body, e.body_line, e.source, marks), diagnostics)


def from_record(record: Record, path: Path) -> FileResult:
    shown = display(path)
    fields, diagnostics = record
    entry = None
    if fields is not None:
        folder, data, text, body_line, source, marks = fields
        entry = Entry(shown, folder, data, text, body_line, None, source, str(path),
                      {mark[0]: (mark[1], mark[2]) for mark in marks})
    return FileResult(shown, entry, tuple(Diagnostic(shown, line, col, code, Severity(severity),
                                              message, hint, json_path)
                                   for line, col, code, severity, message, hint, json_path
                                   in diagnostics))


def results(paths: Sequence[Path], entries_dir: Path, schemas: Schemas, cache: Cache,
            today: dt.date) -> list[FileResult]:
    """Each file's result, from the cache where its bytes have not changed."""
    root = entries_dir.parent
    out: dict[Path, FileResult] = {}
    prefix = "" if str(root) in ("", ".") else str(root).rstrip(os.sep) + os.sep
    names = {path: _name(path, prefix) for path in paths}
    misses: list[tuple[Path, str | None, str]] = []
    for path in paths:
        name = names[path]
        stamp = _stamp(path)
        record = cache.unchanged(name, stamp) if stamp else None
        content_hash = None
        if record is None:
            content_hash = _hash(path, entries_dir)
            record = cache.get(name, content_hash, stamp) if content_hash else None
        if record is not None:
            out[path] = from_record(record, path)
        else:
            misses.append((path, content_hash, stamp))
    fresh = process_all([p for p, _, _ in misses], entries_dir, schemas, today)
    for (path, content_hash, stamp), result in zip(misses, fresh, strict=True):
        out[path] = result
        if content_hash:
            cache.put(names[path], content_hash, stamp, to_record(result))
    cache.keep_only(set(names.values()))
    return [out[p] for p in paths]


def _name(path: Path, prefix: str) -> str:
    """The path relative to the knowledge base (entry_files lists files below it, so a
    prefix cut is enough, and much cheaper than Path.relative_to)."""
    text = str(path)
    return (text[len(prefix):] if text.startswith(prefix) else text).replace(os.sep, "/")


def _stamp(path: Path) -> str:
    """Size, modification time and inode: what says, without reading, that a file changed."""
    try:
        info = os.lstat(path)
    except OSError:
        return ""
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"


def _hash(path: Path, entries_dir: Path) -> str | None:
    """The content hash of a regular entry file, or None for what must always be re-read."""
    try:
        return digest(read_bytes(path, entries_dir))
    except YamlProblem:
        return None
