"""Positions for diagnostics on entries that came without them.

Entries from the cache or from worker processes carry no positions (reading them back
would cost more than it saves). A rule across entries that reports on such an entry
asks the Locator, which has the loader read that one file again, once.
"""

from __future__ import annotations

from ..core.entry import Entry, Pos
from ..load.files import located


class Locator:
    def __init__(self) -> None:
        self._located: dict[str, Entry] = {}

    def where(self, entry: Entry, *path: str | int, key: bool = False) -> Pos:
        if entry.positions is None:
            if entry.path not in self._located:
                self._located[entry.path] = located(entry)
            entry = self._located[entry.path]
        return entry.where(*path, key=key)
