"""Positions for diagnostics on entries that came without them.

Entries from the cache or from worker processes carry no positions (sending or storing
every position costs more than it saves). They keep *anchors* instead: the positions of
the values that rules across entries report at (ids, references, dates), found while the
file was read. A rule that asks for any other position makes the Locator have the loader
read that one file again, once.
"""

from __future__ import annotations

from ..core.entry import Entry, FieldPath, Pos
from ..load.files import located

# The values that the rules in rules.Rules.run and graphrules.check report at.
_SINGLE: tuple[FieldPath, ...] = ((), ("id",), ("review_due",), ("as_of",),
                                  ("protocol", "included"))
_ITEMS = ("technologies", "part_of", "patterns")
_ITEM_FIELDS = (("alternatives", "technology"), ("tests", "claim"), ("claims", "id"),
                ("patterns", "id"))


def anchor_paths(data: dict) -> list[FieldPath]:
    """The paths of ``data`` whose positions the rules across entries may ask for."""
    paths = list(_SINGLE)
    for name in _ITEMS:
        items = data.get(name)
        if isinstance(items, list):
            paths += [(name, i) for i in range(len(items))]
    for name, leaf in _ITEM_FIELDS:
        items = data.get(name)
        if isinstance(items, list):
            paths += [(name, i, leaf) for i in range(len(items))]
    return paths


def anchors(entry: Entry) -> dict[FieldPath, Pos]:
    """``entry.where(*path)`` for every anchor path (the entry must have its positions)."""
    return {path: entry.where(*path) for path in anchor_paths(entry.data)}


class Locator:
    def __init__(self) -> None:
        self._located: dict[str, Entry] = {}

    @property
    def read_again(self) -> set[str]:
        """The paths (as shown) of the entries whose file was read again for a position: what
        the rules found depends on those files' bytes, not only on their light records."""
        return set(self._located)

    def where(self, entry: Entry, *path: str | int, key: bool = False) -> Pos:
        if entry.positions is None:
            if not key and entry.anchors is not None and path in entry.anchors:
                return entry.anchors[path]
            if entry.path not in self._located:
                self._located[entry.path] = located(entry)
            entry = self._located[entry.path]
        return entry.where(*path, key=key)
