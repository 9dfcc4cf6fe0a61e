"""An entry as loaded: its front matter as plain data, its body, and where each value stands."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

KIND_OF_FOLDER = {"technologies": "technology", "use-cases": "use-case", "guides": "guide"}

Pos = tuple[int, int]  # 1-based (line, column)
FieldPath = tuple[str | int, ...]  # a path into the front matter, such as ("sources", 0, "url")


@dataclass(frozen=True)
class Positions:
    """Where each value (``values[path]``) and each key (``keys[path]``) stands in the file."""

    values: Mapping[FieldPath, Pos]
    keys: Mapping[FieldPath, Pos]


NO_POSITIONS = Positions({}, {})


@dataclass(frozen=True)
class Entry:
    """One loaded entry. Nothing here changes once made, and nothing reads files: an entry
    from the cache or a worker process comes without positions (``positions`` is None), and
    the check stage asks the loader for them when a diagnostic needs one."""

    path: str  # as shown to the person running the command
    folder: str
    data: dict[str, object]
    body: str
    body_line: int
    positions: Positions | None = field(default=None, repr=False, compare=False)
    source: str = ""  # relative to the knowledge-base root, such as entries/use-cases/x.md
    origin: str = ""  # the file it was read from
    # Where a few values stand, kept when the positions are left out: ``where(*path)`` for
    # the paths that rules across entries report at (see check/locate.py).
    anchors: Mapping[FieldPath, Pos] | None = field(default=None, repr=False, compare=False)

    @property
    def stem(self) -> str:
        return Path(self.path).stem

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else self.stem

    @property
    def kind(self) -> str | None:
        return KIND_OF_FOLDER.get(self.folder)

    def where(self, *path: str | int, key: bool = False) -> Pos:
        """The position of a value (or its key), falling back to the nearest parent."""
        positions = self.positions or NO_POSITIONS
        values, keys = positions.values, positions.keys
        table = keys if key else values
        parts = tuple(path)
        while parts:
            if parts in table:
                return table[parts]
            if key and parts in values:
                return values[parts]
            parts = parts[:-1]
        return values.get((), (1, 1))


def strings(data: object, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text value in front matter, with its path, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def string_items(value: object) -> list[str]:
    """The strings of a list field, in order; nothing for anything else (an invalid entry
    may hold any value where a list of ids belongs)."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def all_strings(data: object) -> list[str]:
    """Every text value in front matter, in document order, without their paths (a quick
    first look before the walk with paths in ``strings``)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(data)
    return found
