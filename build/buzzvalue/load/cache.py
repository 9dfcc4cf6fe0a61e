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

FORMAT = 3
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
    """Per-file records by path relative to the knowledge base, each with its content hash."""

    def __init__(self, root: Path, key: str, enabled: bool = True) -> None:
        self.path = root / ".cache" / "buzzvalue" / "files.marshal"
        self.key = key
        self.enabled = enabled
        self.records: dict[str, tuple[str, str, Record]] = {}
        self.dirty = False
        if enabled:
            self.records = self._read()

    def _read(self) -> dict[str, tuple[str, str, Record]]:
        try:
            stored = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if not isinstance(stored, dict) or stored.get("key") != self.key:
            return {}
        return stored.get("records", {})

    def unchanged(self, name: str, stamp: str) -> Record | None:
        """The record of a file whose size, mtime and inode are as when it was cached: like
        git's index, a file is not read again when its stat says it has not changed."""
        found = self.records.get(name)
        return found[2] if found and found[1] == stamp else None

    def get(self, name: str, content_hash: str, stamp: str) -> Record | None:
        """The record of a file with these bytes (touched, but not changed)."""
        found = self.records.get(name)
        if found and found[0] == content_hash:
            if found[1] != stamp:
                self.put(name, content_hash, stamp, found[2])
            return found[2]
        return None

    def put(self, name: str, content_hash: str, stamp: str, record: Record) -> None:
        if self.enabled:
            self.records[name] = (content_hash, stamp, record)
            self.dirty = True

    def keep_only(self, names: set[str]) -> None:
        """Forget files that no longer exist."""
        gone = set(self.records) - names
        for name in gone:
            del self.records[name]
        self.dirty = self.dirty or bool(gone)

    def save(self) -> None:
        if not (self.enabled and self.dirty):
            return
        data = marshal.dumps({"key": self.key, "records": self.records})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.path.parent.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# buzzvalue's cache: safe to delete\n*\n")
            atomic.write_bytes(self.path, data)
        except OSError:
            pass  # a read-only checkout still validates, just without the cache
