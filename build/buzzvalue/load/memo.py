"""A store of computed results keyed by a digest of their inputs, under .cache/buzzvalue/
(safe to delete).

The verdict model's assessments are pure functions of their cases, claims and hype phase,
the rubric, the year and this code; each is kept here under a digest of its inputs, so
`score`, the exports and the site build compute only the assessments whose inputs changed
since the last run. The store's key is the validation cache's (schemas, rubric, every
source file of the package, the year): any change there empties it. Values are plain data
stored with `marshal`. A missing, corrupt or unwritable store only costs the work again.
"""

from __future__ import annotations

import marshal
from pathlib import Path

from ..core import atomic


class Memo:
    """Records by input digest. ``save`` keeps only the records used since the store was
    read, so the store holds one knowledge base's current results and no more."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key
        self._stored: dict[str, object] | None = None
        self._used: dict[str, object] = {}
        self._fresh = False

    @classmethod
    def under(cls, root: Path, key: str, name: str) -> Memo:
        return cls(root / ".cache" / "buzzvalue" / f"{name}.marshal", key)

    def _records(self) -> dict[str, object]:
        if self._stored is None:
            self._stored = {}
            try:
                stored = marshal.loads(self.path.read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                return self._stored
            if isinstance(stored, dict) and stored.get("key") == self.key \
                    and isinstance(stored.get("records"), dict):
                self._stored = stored["records"]
        return self._stored

    def get(self, digest: str) -> object | None:
        found = self._used.get(digest)
        if found is not None:
            return found
        found = self._records().get(digest)
        if found is not None:
            self._used[digest] = found
        return found

    def put(self, digest: str, record: object) -> None:
        marshal.dumps(record)  # plain data only: fail here, not when saving
        self._used[digest] = record
        self._fresh = True

    def within(self, prefix: str) -> Within:
        """The records whose digests start with ``prefix``: for results that read one more
        input than their digest says (the history scores each commit with its own rubric)."""
        return Within(self, prefix)

    def save(self) -> None:
        """Write the records used since reading, when they differ from the stored ones."""
        if not self._fresh and len(self._used) == len(self._records()):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            gitignore = self.path.parent.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# buzzvalue's cache: safe to delete\n*\n")
            atomic.write_bytes(self.path, marshal.dumps({"key": self.key,
                                                        "records": self._used}))
        except OSError:
            return  # a read-only checkout still scores, just without the store
        self._stored, self._fresh = dict(self._used), False


class Within:
    """A view of a Memo that puts a prefix before every digest."""

    def __init__(self, memo: Memo, prefix: str) -> None:
        self.memo, self.prefix = memo, prefix

    def get(self, digest: str) -> object | None:
        return self.memo.get(self.prefix + digest)

    def put(self, digest: str, record: object) -> None:
        self.memo.put(self.prefix + digest, record)
