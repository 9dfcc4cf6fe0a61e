"""Find entry files and load them into Entry records (or diagnostics)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter, strictyaml
from .diagnostics import Diagnostic, Severity
from .strictyaml import Pos, YamlProblem

MAX_BYTES = 1024 * 1024
KIND_OF_FOLDER = {"technologies": "technology", "use-cases": "use-case"}


@dataclass(frozen=True)
class Entry:
    """One loaded entry: its front matter as plain data, its body, and where things stand."""

    path: str  # as shown to the person running the command
    folder: str
    data: dict[str, object]
    body: str
    body_line: int
    values: dict[tuple[str | int, ...], Pos] = field(repr=False, compare=False)
    keys: dict[tuple[str | int, ...], Pos] = field(repr=False, compare=False)
    source: str = ""  # relative to the knowledge-base root, such as entries/use-cases/x.md
    origin: str = ""  # the file, to find positions again when they were not kept

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
        if not self.values and self.origin:
            self._find_positions()
        table = self.keys if key else self.values
        parts = tuple(path)
        while parts:
            if parts in table:
                return table[parts]
            if key and parts in self.values:
                return self.values[parts]
            parts = parts[:-1]
        return self.values.get((), (1, 1))


    def _find_positions(self) -> None:
        """Parse the file again for positions (cached and parallel loads leave them out)."""
        try:
            split = frontmatter.split(frontmatter.decode(Path(self.origin).read_bytes()))
            parsed = strictyaml.parse(split.front, split.front_line - 1)
        except (OSError, YamlProblem):
            return
        self.values.update(parsed.values)
        self.keys.update(parsed.keys)


@dataclass
class Loaded:
    entries: list[Entry]
    diagnostics: list[Diagnostic]
    files: list[str]


def display(path: Path) -> str:
    """A path as a person wants to read it: relative to the working directory if inside."""
    absolute = os.path.abspath(path)
    here = os.getcwd().rstrip(os.sep) + os.sep
    shown = absolute[len(here):] if absolute.startswith(here) else str(path)
    return shown.replace(os.sep, "/")


def entry_files(entries_dir: Path) -> list[Path]:
    """Every file below ``entries_dir``, in a stable order (not the file system's)."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(entries_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder) / name for name in files if not name.startswith("."))
    return sorted(found, key=lambda p: p.as_posix())


def load_files(paths: Iterable[Path], entries_dir: Path) -> Loaded:
    loaded = Loaded([], [], [])
    for path in paths:
        shown = display(path)
        loaded.files.append(shown)
        try:
            loaded.entries.append(load_file(path, entries_dir, shown))
        except YamlProblem as problem:
            loaded.diagnostics.append(Diagnostic(
                shown, problem.line, problem.col, problem.code, Severity.ERROR,
                problem.message, problem.hint))
    return loaded


def load_file(path: Path, entries_dir: Path, shown: str) -> Entry:
    raw = read_bytes(path, entries_dir)
    split = frontmatter.split(frontmatter.decode(raw))
    parsed = strictyaml.parse(split.front, split.front_line - 1)
    if not isinstance(parsed.data, dict):
        raise YamlProblem("BV009", "the front matter is not a mapping of fields", split.front_line,
                          1, "write one 'field: value' per line, such as 'id: my-entry'")
    folder = _folder(path, entries_dir)
    source = Path(os.path.relpath(path, entries_dir.parent)).as_posix()
    return Entry(shown, folder, parsed.data, split.body, split.body_line, parsed.values,
                 parsed.keys, source, str(path))


def _folder(path: Path, entries_dir: Path) -> str:
    try:
        parts = path.resolve().relative_to(entries_dir.resolve()).parts
    except ValueError:
        return ""
    return parts[0] if len(parts) > 1 else ""


def read_bytes(path: Path, entries_dir: Path) -> bytes:
    """Read an entry file, refusing what is not a small regular file inside the tree."""
    if path.suffix != ".md":
        raise YamlProblem("BV016", "only Markdown entries (.md) belong in entries/", 1, 1,
                          "move other files elsewhere, such as docs/")
    try:
        info: os.stat_result | None = os.lstat(path)
    except OSError:
        info = None
    real = path
    if info is not None and stat.S_ISLNK(info.st_mode):
        # os.walk does not follow linked folders, so only the file itself can be a link.
        real = path.resolve()
        if entries_dir.resolve() not in real.parents:
            raise YamlProblem("BV014", "the file is a link to a place outside entries/", 1, 1,
                              "copy the entry into entries/ instead of linking to it")
        info = os.stat(real) if real.exists() else None
    if info is None or not stat.S_ISREG(info.st_mode):
        raise YamlProblem("BV014", "not a regular file", 1, 1)
    size = info.st_size
    if size > MAX_BYTES:
        raise YamlProblem("BV011", f"the file is {size:,} bytes; entries are limited to "
                          f"{MAX_BYTES:,}", 1, 1, "split it, or move long material to a source")
    try:
        return real.read_bytes()
    except OSError as exc:
        raise YamlProblem("BV014", f"cannot read the file: {exc.strerror}", 1, 1) from None


def strings(data: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, str]]:
    """Every text value in front matter, with its path, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*path, index))
    elif isinstance(data, str):
        yield path, data
