"""A content-hash cache of per-file results, under .cache/buzzvalue/ (safe to delete).

What one file says about itself (its front matter, body and own diagnostics) depends
only on its bytes, the schemas, the rubric and this code, so it is kept between runs
keyed by a hash of the bytes; the key of the whole cache changes with the schemas,
the rubric or any source file of the package, which empties it. Values are stored
with `marshal` (plain data only, fast to read); positions are not stored but found
again, from the file, on the rare occasion a rule across entries needs one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
from pathlib import Path

from .. import __version__
from ..core import atomic
from .schemas import PACKAGE_DIR, Schemas

FORMAT = 4
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

    Two stores: ``files.marshal`` holds what validation reads of every file (its own
    diagnostics and a light view of its front matter, see check/perfile.py), and
    ``entries.marshal`` the whole front matter and body, read only by a load that needs the
    entries themselves (scores, pages, exports). A validation run after an edit reads the
    small store alone; the full store is brought up to date by the next load that reads it
    (a record there counts only when its content hash is the file's)."""

    def __init__(self, root: Path, key: str, enabled: bool = True) -> None:
        folder = root / ".cache" / "buzzvalue"
        self.path = folder / "files.marshal"
        self.full_path = folder / "entries.marshal"
        self.key = key
        self.enabled = enabled
        self.records: dict[str, tuple[str, str, Record]] = {}
        self._full: dict[str, tuple[str, Record]] | None = None
        self.dirty = False
        self.full_dirty = False
        if enabled:
            self.records = self._read(self.path)

    def _read(self, path: Path) -> dict:
        try:
            stored = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if not isinstance(stored, dict) or stored.get("key") != self.key:
            return {}
        return stored.get("records", {})

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
            full: Record | None = None) -> None:
        if self.enabled:
            self.records[name] = (content_hash, stamp, record)
            self.dirty = True
            if full is not None:
                if self._full is None:
                    self._full = self._read(self.full_path) if self.full_path.exists() else {}
                self._full[name] = (content_hash, full)
                self.full_dirty = True

    def keep_only(self, names: set[str]) -> None:
        """Forget files that no longer exist."""
        gone = set(self.records) - names
        for name in gone:
            del self.records[name]
        self.dirty = self.dirty or bool(gone)
        if self._full is not None:
            gone_full = set(self._full) - names
            for name in gone_full:
                del self._full[name]
            self.full_dirty = self.full_dirty or bool(gone_full)

    def save(self) -> None:
        if not self.enabled:
            return
        try:
            if self.dirty:
                self._write(self.path, self.records)
            if self.full_dirty and self._full is not None:
                self._write(self.full_path, self._full)
        except OSError:
            pass  # a read-only checkout still validates, just without the cache

    def _write(self, path: Path, records: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        gitignore = path.parent.parent / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("# buzzvalue's cache: safe to delete\n*\n")
        atomic.write_bytes(path, marshal.dumps({"key": self.key, "records": records}))
