"""What each file says about itself: loaded, checked on its own, cached, and spread over cores."""

from __future__ import annotations

import datetime as dt
import marshal
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


def process(path: Path, entries_dir: Path, schemas: Schemas, today: dt.date,
            own: bool = True) -> FileResult:
    """One file loaded and checked on its own. With ``own=False`` it is only loaded (its own
    diagnostics are not wanted: a run on named files needs the other entries only to
    resolve references against)."""
    loaded = load(path, entries_dir)
    if loaded.entry is None:
        return FileResult(loaded.path, None, (loaded.problem,) if loaded.problem else ())
    entry = replace(loaded.entry, anchors=anchors(loaded.entry))
    return FileResult(loaded.path, entry,
                      tuple(check_entry(entry, schemas, today)) if own else ())


def _process_chunk(paths: Sequence[tuple[Path, bool]], entries_dir: Path, schema_dir: Path,
                   today: dt.date) -> list[FileResult]:
    # In a worker process. Positions stay behind: they are found again, from the file, if
    # a later rule needs one (sending them back would cost more than it saves).
    schemas = load_schemas(schema_dir)
    return [_without_positions(process(p, entries_dir, schemas, today, own))
            for p, own in paths]


def _without_positions(result: FileResult) -> FileResult:
    if result.entry is None:
        return result
    return FileResult(result.path, replace(result.entry, positions=None), result.diagnostics)


def process_all(paths: Sequence[Path], entries_dir: Path, schemas: Schemas, today: dt.date,
                workers: int | None = None, own: Sequence[bool] | None = None
                ) -> list[FileResult]:
    """Every file's result, in the order given; on several cores when there are many.
    ``own`` says, file by file, whether its own diagnostics are wanted (default: all)."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    pairs = list(zip(paths, own if own is not None else [True] * len(paths), strict=True))
    if workers < 2 or len(paths) < PARALLEL_FROM:
        return [process(p, entries_dir, schemas, today, o) for p, o in pairs]
    size = -(-len(pairs) // (workers * 4))
    chunks = [pairs[i:i + size] for i in range(0, len(pairs), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = pool.map(_process_chunk, chunks, [entries_dir] * len(chunks),
                         [schemas.directory] * len(chunks), [today] * len(chunks))
        return [result for part in parts for result in part]


# --- the cache's plain-data form ---------------------------------------------------------

# What the rules across entries (Rules.run, graphrules, the graph's core) read of an entry:
# these fields, whole (None) or, of a mapping or of each mapping in a list, these keys.
# Any entry with a placeholder is kept whole (the placeholder screen reads every value).
_LIGHT: dict[str, tuple[str, ...] | None] = {
    "id": None, "technologies": None, "part_of": None, "review_due": None, "stage": None,
    "as_of": None, "patterns": ("id",), "alternatives": ("technology", "name"),
    "claims": ("id",), "tests": ("claim", "finding"), "sources": ("date",),
    "protocol": ("included",), "hype": ("phase", "as_of")}


def _keep(value: object, keys: tuple[str, ...]) -> object:
    if isinstance(value, dict):
        return {k: value[k] for k in keys if k in value}
    if isinstance(value, list):
        return [_keep(item, keys) if isinstance(item, dict) else item for item in value]
    return value


def light_view(entry: Entry, diagnostics: Sequence[Diagnostic]) -> dict:
    """The part of an entry's front matter that validation reads once the entry's own
    checks are done: what the rules across entries need, and no more."""
    data = entry.data
    if any(d.code == placeholders.CODE for d in diagnostics):
        return data
    return {k: data[k] if keys is None else _keep(data[k], keys)
            for k, keys in _LIGHT.items() if k in data}


def to_record(result: FileResult) -> tuple[Record, tuple[str, Record] | None, Record | None]:
    """A file's three records: the index record (its light digest and own diagnostics), its
    (digest, light record) (what validation reads of it across entries) and the full one
    (front matter and body). The own diagnostics are stored already screened for the file's
    placeholders (placeholders.screen works file by file, so screening them again with all
    the others changes nothing)."""
    e = result.entry
    own = placeholders.screen(result.diagnostics, [e] if e is not None else [])
    diagnostics = tuple((d.line, d.col, d.code, int(d.severity), d.message, d.hint, d.json_path)
                        for d in own)
    if e is None:
        return (None, diagnostics), None, None
    marks = tuple((path, *pos) for path, pos in (e.anchors or {}).items())
    flagged = any(d.code == placeholders.CODE for d in result.diagnostics)
    fields = (e.folder, light_view(e, result.diagnostics), e.body_line, e.source, marks)
    # The digest says what the rules across entries read of the file: a new one makes them
    # run again (kb.py); marshal's bytes give the values back, types too, so equal bytes
    # mean equal values (version 2 writes no back-references, so equal values give equal
    # bytes whatever shares memory).
    light_digest = digest(marshal.dumps((fields, flagged), 2))  # 2: no references
    return (light_digest, diagnostics), (light_digest, fields), (e.data, e.body)


def own_diagnostics(record: Record, shown: str) -> list[Diagnostic]:
    """A file's own diagnostics, from its index record."""
    return [Diagnostic(shown, line, col, code, Severity(severity), message, hint, json_path)
            for line, col, code, severity, message, hint, json_path in record[1]]


def from_record(record: Record, path: Path, fields: Record | None,
                full: Record | None = None) -> FileResult:
    """A file's result from its records; without the full record, its entry has the light
    view of its front matter and no body (enough to validate, not to render)."""
    shown = display(path)
    entry = None
    if fields is not None:
        folder, data, body_line, source, marks = fields
        text = ""
        if full is not None:
            data, text = full
        entry = Entry(shown, folder, data, text, body_line, None, source, str(path),
                      {mark[0]: (mark[1], mark[2]) for mark in marks})
    return FileResult(shown, entry, tuple(own_diagnostics(record, shown)))


@dataclass
class Slot:
    """One file of a run: its name in the cache, its content hash, its index record, and its
    result when it was read in this run (``fresh``)."""

    name: str
    path: Path
    content_hash: str | None
    record: Record | None
    fresh: FileResult | None = None


def index(paths: Sequence[Path], entries_dir: Path, schemas: Schemas, cache: Cache,
          today: dt.date, *, light: bool = True, wanted: set[str] | None = None) -> list[Slot]:
    """Each file's index record, from the cache where its bytes have not changed; the others
    are read and checked (``fresh``) and put in the cache. Without ``light``, a file whose
    whole entry is not in the full store is read again too. With ``wanted`` (paths as
    shown), a file not named there and not in the cache is only loaded, not checked on its
    own, and not cached: its diagnostics would not be shown."""
    root = entries_dir.parent
    prefix = "" if str(root) in ("", ".") else str(root).rstrip(os.sep) + os.sep
    slots: list[Slot] = []
    misses: list[tuple[Slot, str]] = []
    for path in paths:
        name = _name(path, prefix)
        stamp = _stamp(path)
        hit = cache.unchanged(name, stamp) if stamp else None
        content_hash = hit[0] if hit else None
        record = hit[1] if hit else None
        if record is None:
            content_hash = _hash(path, entries_dir)
            record = cache.get(name, content_hash, stamp) if content_hash else None
        if record is not None and not light and record[0] is not None and (
                cache.full(name, content_hash) is None
                or cache.light(name, record[0]) is None):
            record = None  # validated since the full store was written: read it again
        slot = Slot(name, path, content_hash, record)
        slots.append(slot)
        if record is None:
            misses.append((slot, stamp))
    own = [wanted is None or display(s.path) in wanted for s, _ in misses]
    fresh = process_all([s.path for s, _ in misses], entries_dir, schemas, today, own=own)
    keep_full = not light or cache.wants_full(len(misses), len(paths))
    for (slot, stamp), result, checked in zip(misses, fresh, own, strict=True):
        slot.fresh = result
        if checked:
            record, light_record, full = to_record(result)
            slot.record = record
            if slot.content_hash:
                cache.put(slot.name, slot.content_hash, stamp, record,
                          full if keep_full else None, light_record)
    cache.keep_only({s.name for s in slots})
    return slots


def entries_of(slots: Sequence[Slot], entries_dir: Path, schemas: Schemas, cache: Cache,
               today: dt.date, *, full: bool = False) -> list[FileResult]:
    """Every file's result: read in this run, or from its records (light, or with ``full``
    whole); a file whose light record is missing from the store is read again."""
    out: list[FileResult | None] = []
    again: list[int] = []
    for slot in slots:
        if slot.fresh is not None:
            out.append(slot.fresh)
            continue
        record = slot.record
        fields = None if record[0] is None else cache.light(slot.name, record[0])
        whole = cache.full(slot.name, slot.content_hash) if full and fields else None
        if record[0] is not None and (fields is None or (full and whole is None)):
            again.append(len(out))
            out.append(None)
            continue
        out.append(from_record(record, slot.path, fields, whole))
    redone = process_all([slots[i].path for i in again], entries_dir, schemas, today)
    for i, result in zip(again, redone, strict=True):
        out[i] = result
    return out  # type: ignore[return-value]


def results(paths: Sequence[Path], entries_dir: Path, schemas: Schemas, cache: Cache,
            today: dt.date, *, light: bool = False,
            wanted: set[str] | None = None) -> list[FileResult]:
    """Each file's result, from the cache where its bytes have not changed. With ``light``
    the entries from the cache carry only what validation reads (see light_view). With
    ``wanted`` (paths as shown), a file not named there and not in the cache is only loaded,
    not checked on its own, and not cached: its diagnostics would not be shown."""
    slots = index(paths, entries_dir, schemas, cache, today, light=light, wanted=wanted)
    return entries_of(slots, entries_dir, schemas, cache, today, full=not light)


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
