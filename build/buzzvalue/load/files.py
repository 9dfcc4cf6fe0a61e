"""Find entry files and read them into Entry records, or into the diagnostic that says why
not. This is the one load path: validation, `buzzvalue new` and the history all use it."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.diagnostics import Diagnostic, Severity
from ..core.entry import Entry, Positions
from . import frontmatter, strictyaml
from .strictyaml import YamlProblem

MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Loaded:
    """One file, read: its entry, or (when it cannot be read) the diagnostic that says why."""

    path: str  # as shown
    entry: Entry | None
    problem: Diagnostic | None = None


def display(path: Path) -> str:
    """A path as a person wants to read it: relative to the working directory if inside."""
    absolute = os.path.abspath(path)
    here = os.getcwd().rstrip(os.sep) + os.sep
    shown = absolute[len(here):] if absolute.startswith(here) else str(path)
    return shown.replace(os.sep, "/")


def displays(paths: list[Path]) -> list[str]:
    """``[display(p) for p in paths]``, reading the working directory once."""
    here = os.getcwd().rstrip(os.sep) + os.sep
    shown = []
    for path in paths:
        absolute = os.path.abspath(path)
        text = absolute[len(here):] if absolute.startswith(here) else str(path)
        shown.append(text.replace(os.sep, "/"))
    return shown


def entry_files(entries_dir: Path) -> list[Path]:
    """Every file below ``entries_dir``, in a stable order (not the file system's)."""
    found: list[str] = []
    for folder, dirs, files in os.walk(entries_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(folder, name) for name in files if not name.startswith("."))
    # Sorted as POSIX paths (the separator is '/' everywhere), then made Paths once.
    found.sort(key=(lambda p: p.replace(os.sep, "/")) if os.sep != "/" else None)
    return [Path(p) for p in found]


def load(path: Path, entries_dir: Path) -> Loaded:
    """Read one entry file; a file that cannot be read gives its diagnostic, never an error."""
    shown = display(path)
    try:
        return Loaded(shown, load_file(path, entries_dir, shown))
    except YamlProblem as problem:
        return Loaded(shown, None, Diagnostic(shown, problem.line, problem.col, problem.code,
                                              Severity.ERROR, problem.message, problem.hint))


def load_file(path: Path, entries_dir: Path, shown: str) -> Entry:
    raw = read_bytes(path, entries_dir)
    split = frontmatter.split(frontmatter.decode(raw))
    parsed = strictyaml.parse(split.front, split.front_line - 1)
    if not isinstance(parsed.data, dict):
        raise YamlProblem("BV009", "the front matter is not a mapping of fields", split.front_line,
                          1, "write one 'field: value' per line, such as 'id: my-entry'")
    folder = _folder(path, entries_dir)
    source = Path(os.path.relpath(path, entries_dir.parent)).as_posix()
    return Entry(shown, folder, parsed.data, split.body, split.body_line,
                 Positions(parsed.values, parsed.keys), source, str(path))


def located(entry: Entry) -> Entry:
    """The entry with its positions, read again from its file (cached and parallel loads leave
    them out). A file that cannot be read any more gives an entry with no positions."""
    if entry.positions is not None or not entry.origin:
        return entry
    try:
        split = frontmatter.split(frontmatter.decode(Path(entry.origin).read_bytes()))
        parsed = strictyaml.parse(split.front, split.front_line - 1)
    except (OSError, YamlProblem):
        return replace(entry, positions=Positions({}, {}))
    return replace(entry, positions=Positions(parsed.values, parsed.keys))


def _folder(path: Path, entries_dir: Path) -> str:
    try:
        parts = path.resolve().relative_to(entries_dir.resolve()).parts
    except ValueError:
        return ""
    return parts[0] if len(parts) > 1 else ""


def read_bytes(path: Path, entries_dir: Path) -> bytes:
    """Read an entry file, refusing what is not a small regular file inside the tree."""
    base = os.path.basename(path)  # path.suffix == ".md", without pathlib's cost
    if not base.endswith(".md") or base == ".md":
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
        with open(real, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise YamlProblem("BV014", f"cannot read the file: {exc.strerror}", 1, 1) from None


def load_entries(entries_dir: Path) -> list[Entry]:
    """Every entry that can be read, in file order (validation reports the others)."""
    loaded = (load(path, entries_dir) for path in entry_files(entries_dir))
    return [one.entry for one in loaded if one.entry is not None]
