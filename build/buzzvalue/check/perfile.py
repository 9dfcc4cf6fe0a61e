"""What each file says about itself: loaded, checked on its own, cached, and spread over cores."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.diagnostics import Diagnostic, Severity
from ..core.entry import KIND_OF_FOLDER, Entry, all_strings, string_items
from ..load import frontmatter
from ..load.cache import Cache, Record, digest
from ..load.files import display, displays, load, read_bytes
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


# --- named files: the other use cases skimmed ---------------------------------------------

# The value of a top-level `id:` line that is a plain id.
_ID_VALUE = re.compile(r"[ \t]+([a-z0-9][a-z0-9-]*)[ \t]*")


def _plain_id(front: str) -> str | None:
    """The value of the one top-level `id` key, when it is a plain id on its line; None
    when there is no such key, more than one, or its value is anything else."""
    text = "\n" + front
    found, start = None, 0
    while (at := text.find("\nid", start)) >= 0:
        start = at + 3
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        rest = line.lstrip(" \t")
        if not rest.startswith(":"):
            continue  # another key, such as `identifier:`
        if found is not None:
            return None
        value = _ID_VALUE.fullmatch(rest[1:])
        if value is None:
            return None
        found = value.group(1)
    return found


def _has_property(front: str) -> bool:
    """An anchor, alias or tag where YAML could read one: at a line's start or after an
    indicator (`:`, `-`, `[`, `{`, `,`, `?`); inside a plain scalar ("Research &
    Development", a URL's "&") it is text."""
    for mark in "&*!":
        start = 0
        while (at := front.find(mark, start)) >= 0:
            before = front[:at].rstrip(" \t")
            if not before or before[-1] in "\n:-[{,?":
                return True
            start = at + 1
    return False


# A YAML scalar standing alone where a reference could be: after `[`, `{`, `,`, `:`, `- `
# or a line's start, optionally quoted, up to a `#item`, and followed by the end of the
# line, `,`, `]`, `}` or a comment. Prose that names a technology inside a sentence is not a
# scalar equal to its id.
_SCALAR = re.compile(r"(?:(?:^|[\[{,:])[ \t]*|-[ \t]+)[\"']?([^\s\"'#,\[\]{}]+)"
                     r"(?:#[^\s,\]}\"']*)?[\"']?(?=[ \t]*(?:$|[,\]}#]))", re.MULTILINE)


class _Mentions:
    """Whether a front matter could refer to one of ``ids``: one of them standing alone as
    a scalar (``_SCALAR``), or as the part of a `tech#item` before the `#`."""

    def __init__(self, ids: set[str]) -> None:
        self.ids = ids
        # With few ids, a quick look first: an id that is a whole scalar is followed by
        # what ends a scalar (a `#item` too), or by the end of the text.
        self.quick = re.compile("(?:" + "|".join(re.escape(i) for i in sorted(ids))
                                + ")(?=[\\s\"'#,\\[\\]{}]|$)") if len(ids) <= 16 else None

    def search(self, text: str) -> bool:
        if self.quick is not None and self.quick.search(text) is None:
            return False
        return any(token in self.ids for token in _SCALAR.findall(text))


def _mentions(ids: set[str]) -> _Mentions | None:
    return _Mentions(ids) if ids else None


# An escape that could spell part of an id in a double-quoted scalar: a code point (\x, \u,
# \U) or a line break folded away. (\" or \\ cannot give a letter, a digit or '-'.)
_ESCAPE = re.compile(r"\\(?:[xuU]|[ \t]*$)", re.MULTILINE)


def skim(path: Path, entries_dir: Path, mentions: _Mentions | None,
         referenced: set[str], shown: str | None = None) -> FileResult | None:
    """An entry that a run on named files needs only for its id: an entry holding its id
    alone, read from its `id:` line without parsing the YAML. None when it needs the full
    load: it is not in a folder of entries, a named entry refers to it (``referenced``), it
    could refer to a named entry (``mentions``), it has escapes, tags or
    anchors a reference could hide behind (_ESCAPE, _has_property), or its id line is not
    one plain `id: value`.

    One divergence from the full load: an entry whose YAML is broken but which still has a
    plain id line, and which no named entry refers to, counts here as an entry with that id
    (the full load counts no entry). The one place that shows is a "did you mean" hint,
    which may suggest its id. Its own problem is reported when it is named, and by a full
    run, which CI does."""
    head, _, name = str(path).rpartition(os.sep)
    top, _, folder = head.rpartition(os.sep)
    if folder not in KIND_OF_FOLDER or top != str(entries_dir) or not name.endswith(".md") \
            or name[:-3] in referenced:
        return None
    try:
        split = frontmatter.split(frontmatter.decode(read_bytes(path, entries_dir)))
    except YamlProblem:
        return None
    front = split.front
    if ("\\" in front and _ESCAPE.search(front)) or _has_property(front) \
            or (mentions is not None and mentions.search(front)):
        return None
    found = _plain_id(front)
    if found is None or found in referenced:
        return None
    shown = shown or display(path)
    return FileResult(shown, Entry(shown, folder, {"id": found}, "", split.body_line, None,
                                   f"{entries_dir.name}/{folder}/{name}", str(path), {}), ())


def _loaded_for_names(paths: Sequence[Path], own: Sequence[bool], entries_dir: Path,
                      schemas: Schemas, today: dt.date, shown: Sequence[str]
                      ) -> list[FileResult]:
    """A run on named files: the named files loaded and checked; then every other entry
    skimmed for its id, unless a named entry refers to it or it could refer to one (then
    it is loaded)."""
    out: list[FileResult | None] = [None] * len(paths)
    named = [i for i, o in enumerate(own) if o]
    for i, result in zip(named, process_all([paths[i] for i in named], entries_dir, schemas,
                                            today), strict=True):
        out[i] = result
    entries = [r.entry for i in named if (r := out[i]) is not None and r.entry is not None]
    mentions = _mentions({e.id for e in entries} | {e.stem for e in entries})
    # Every text of the named entries, up to a '#': a superset of the ids they refer to.
    referenced = {text.split("#", 1)[0] for e in entries for text in all_strings(e.data)}
    later = []
    for i, (path, as_shown) in enumerate(zip(paths, shown, strict=True)):
        if out[i] is None:
            out[i] = skim(path, entries_dir, mentions, referenced, as_shown)
            if out[i] is None:
                later.append(i)
    done = set(later) | set(named)
    skimmed = {i for i in range(len(paths)) if i not in done}
    while later:
        for i, result in zip(later, process_all([paths[i] for i in later], entries_dir,
                                                schemas, today, own=[False] * len(later)),
                             strict=True):
            out[i] = result
        # A part_of cycle through a named technology runs through the technologies each
        # loaded one is part of, and theirs: load those too, until none is left skimmed.
        ahead = {v for i, r in enumerate(out) if i not in skimmed and r is not None
                 and r.entry is not None for v in string_items(r.entry.data.get("part_of"))}
        later = [i for i in skimmed if out[i].entry.id in ahead]  # type: ignore[union-attr]
        skimmed -= set(later)
    return out  # type: ignore[return-value]


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
    from concurrent.futures import ProcessPoolExecutor  # 35 ms to import: only when used

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
    misses: list[tuple[Slot, str, str]] = []
    shown_all = displays(list(paths)) if wanted is not None else [""] * len(paths)
    # Named files and nothing cached: the others are only skimmed or loaded, never cached,
    # so their bytes need no hash.
    hash_all = wanted is None or not light or bool(cache.records)
    for path, shown in zip(paths, shown_all, strict=True):
        name = _name(path, prefix)
        stamp = _stamp(path)
        hit = cache.unchanged(name, stamp) if stamp else None
        content_hash = hit[0] if hit else None
        record = hit[1] if hit else None
        if record is None and (hash_all or shown in wanted):  # type: ignore[operator]
            content_hash = _hash(path, entries_dir)
            record = cache.get(name, content_hash, stamp) if content_hash else None
        if record is not None and not light and record[0] is not None and (
                cache.full(name, content_hash) is None
                or cache.light(name, record[0]) is None):
            record = None  # validated since the full store was written: read it again
        slot = Slot(name, path, content_hash, record)
        slots.append(slot)
        if record is None:
            misses.append((slot, stamp, shown))
    own = [wanted is None or shown in wanted for _, _, shown in misses]
    if wanted is not None and light:
        fresh = _loaded_for_names([s.path for s, _, _ in misses], own, entries_dir, schemas,
                                  today, [shown for _, _, shown in misses])
    else:
        fresh = process_all([s.path for s, _, _ in misses], entries_dir, schemas, today,
                            own=own)
    keep_full = not light or cache.wants_full(len(misses), len(paths))
    for (slot, stamp, _), result, checked in zip(misses, fresh, own, strict=True):
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
