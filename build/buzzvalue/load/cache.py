"""A content-hash cache of per-file results, under .cache/buzzvalue/ (safe to delete).

What one file says about itself (its front matter, body and own diagnostics) depends
only on its bytes, the schemas, the rubric and this code, so it is kept between runs
keyed by a hash of the bytes; the key of the whole cache changes with the schemas,
the rubric or any source file of the package, which empties it. Values are stored
with `marshal` (plain data only, fast to read); positions are not stored but found
again, from the file, on the rare occasion a rule across entries needs one.

Four stores, each read only by the run that needs it:

- ``files.marshal``, the index: per file its content hash, its stat stamp, the digest of
  its light record and its own diagnostics. Every run with the cache reads it (small).
- ``light.marshal``: per file the light record (see check/perfile.py, light_view), under
  its digest. Read only when the rules across entries must run again.
- ``entries.marshal``: per file the whole front matter and body, under its content hash.
  Read only by a load that needs the entries themselves (scores, pages, exports).
- ``cross.marshal``: the diagnostics of the rules across entries, under a hash of
  everything they read (see kb.py). A run after an edit that changed no light record
  takes them from here and reads neither of the two stores above.

A record counts only when its hash or digest is the one the index gives, so a store
written by an interrupted run, or deleted, only costs a file read again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
from pathlib import Path

from .. import __version__
from ..core import atomic
from .schemas import PACKAGE_DIR, Schemas

FORMAT = 5
Record = tuple  # marshal-able: see check/perfile.py, to_record


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def key_for(schemas: Schemas, today: dt.date) -> str:
    """Changes whenever the schemas, the rubric or any source file of buzzvalue change, and
    with the year (a period ending next year becomes valid on New Year's Day)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}:{__version__}:{today.year}".encode())
    h.update(schemas.fingerprint().encode())
    rubric = schemas.directory / "scoring.yaml"
    if rubric.is_file():
        h.update(rubric.read_bytes())
    for source in package_sources():
        h.update(source.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(source.read_bytes())
    return h.hexdigest()


def package_sources() -> list[Path]:
    """Every Python file of the package, in its subpackages too, in a stable order."""
    return sorted(PACKAGE_DIR.rglob("*.py"), key=lambda p: p.relative_to(PACKAGE_DIR).as_posix())


class Cache:
    """Per-file records by path relative to the knowledge base, each with its content hash.

    ``records`` is the index (``files.marshal``): per file ``(content hash, stamp, record)``,
    where the record is what validation reads of the file without its light record (see
    check/perfile.py). The light records (``light.marshal``), the whole entries
    (``entries.marshal``) and the result of the rules across entries (``cross.marshal``)
    are read on first use only."""

    def __init__(self, root: Path, key: str, enabled: bool = True) -> None:
        folder = root / ".cache" / "buzzvalue"
        self.path = folder / "files.marshal"
        self.light_path = folder / "light.marshal"
        self.full_path = folder / "entries.marshal"
        self.cross_path = folder / "cross.marshal"
        self.key = key
        self.enabled = enabled
        self.records: dict[str, tuple[str, str, Record]] = {}
        self._light: dict[str, tuple[str, Record]] | None = None
        self._light_new: dict[str, tuple[str, Record]] = {}
        self._full: dict[str, tuple[str, Record]] | None = None
        self._cross: tuple[str, Record] | None = None
        self.dirty = False
        self.light_dirty = False
        self.full_dirty = False
        self.cross_dirty = False
        if enabled:
            self.records = self._read(self.path)

    def _read(self, path: Path) -> dict:
        try:
            stored = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if not isinstance(stored, dict) or stored.get("key") != self.key:
            return {}
        records = stored.get("records", {})
        return records if isinstance(records, dict) else {}

    def unchanged(self, name: str, stamp: str) -> tuple[str, Record] | None:
        """The content hash and record of a file whose size, mtime and inode are as when it
        was cached: like git's index, a file is not read again when its stat says it has
        not changed."""
        found = self.records.get(name)
        return (found[0], found[2]) if found and found[1] == stamp else None

    def get(self, name: str, content_hash: str, stamp: str) -> Record | None:
        """The record of a file with these bytes (touched, but not changed)."""
        found = self.records.get(name)
        if found and found[0] == content_hash:
            if found[1] != stamp:
                self.records[name] = (content_hash, stamp, found[2])
                self.dirty = self.enabled
            return found[2]
        return None

    def light(self, name: str, light_digest: str) -> Record | None:
        """The light record of a file, if it is the one with this digest."""
        if not self.enabled:
            return None
        found = self._light_new.get(name)
        if found is None:
            if self._light is None:
                self._light = self._read(self.light_path)
            found = self._light.get(name)
        return found[1] if found and found[0] == light_digest else None

    def full(self, name: str, content_hash: str) -> Record | None:
        """The whole record (front matter and body) of a file with these bytes."""
        if not self.enabled:
            return None
        if self._full is None:
            self._full = self._read(self.full_path)
        found = self._full.get(name)
        return found[1] if found and found[0] == content_hash else None

    def wants_full(self, misses: int, files: int) -> bool:
        """Whether a run that needs no whole entries should still store those it read: when
        there is no full store yet, or it is read already, or a quarter of the files
        changed (reading them again later would cost more than updating the store now)."""
        return self.enabled and (self._full is not None or not self.full_path.exists()
                                 or 4 * misses >= files)

    def put(self, name: str, content_hash: str, stamp: str, record: Record,
            full: Record | None = None, light: tuple[str, Record] | None = None) -> None:
        """Keep a file's index record; with ``light``, its (digest, light record) too: the
        light store is written only when a digest differs from the one the index had."""
        if self.enabled:
            before = self.records.get(name)
            self.records[name] = (content_hash, stamp, record)
            self.dirty = True
            if light is not None and (before is None or before[2][:1] != record[:1]
                                      or not self.light_path.exists()):
                self._light_new[name] = light
                self.light_dirty = True
            if full is not None:
                if self._full is None:
                    self._full = self._read(self.full_path) if self.full_path.exists() else {}
                self._full[name] = (content_hash, full)
                self.full_dirty = True

    def cross(self, cross_key: str) -> Record | None:
        """The stored result of the rules across entries, if it was made under this key."""
        if not self.enabled:
            return None
        if self._cross is None:
            try:
                stored = marshal.loads(self.cross_path.read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                stored = None
            ok = isinstance(stored, tuple) and len(stored) == 3 and stored[0] == self.key
            self._cross = (stored[1], stored[2]) if ok else ("", ())
        found_key, result = self._cross
        return result if found_key == cross_key else None

    def put_cross(self, cross_key: str, result: Record) -> None:
        if self.enabled:
            self._cross = (cross_key, result)
            self.cross_dirty = True

    def keep_only(self, names: set[str]) -> None:
        """Forget files that no longer exist."""
        gone = set(self.records) - names
        for name in gone:
            del self.records[name]
        self.dirty = self.dirty or bool(gone)
        self.light_dirty = self.light_dirty or bool(gone)
        if self._full is not None:
            gone_full = set(self._full) - names
            for name in gone_full:
                del self._full[name]
            self.full_dirty = self.full_dirty or bool(gone_full)

    def save(self) -> None:
        if not self.enabled:
            return
        try:
            if self.light_dirty:
                if self._light is None:
                    self._light = self._read(self.light_path)
                self._light.update(self._light_new)
                for name in set(self._light) - set(self.records):
                    del self._light[name]
                self._write(self.light_path, self._light)
                self._light_new = {}
                self.light_dirty = False
            if self.dirty:
                self._write(self.path, self.records)
            if self.full_dirty and self._full is not None:
                self._write(self.full_path, self._full)
            if self.cross_dirty and self._cross is not None:
                self._write_raw(self.cross_path, (self.key, *self._cross))
        except OSError:
            pass  # a read-only checkout still validates, just without the cache

    def _write(self, path: Path, records: dict) -> None:
        self._write_raw(path, {"key": self.key, "records": records})

    def _write_raw(self, path: Path, value: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        gitignore = path.parent.parent / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("# buzzvalue's cache: safe to delete\n*\n")
        atomic.write_bytes(path, marshal.dumps(value))
