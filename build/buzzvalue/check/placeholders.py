"""Placeholders that `buzzvalue new` writes and a contributor must replace (rule BV901).

A placeholder is any front-matter text value, or any body line, that starts with
``FILL IN``. Each one is reported once, at its own line and column. Other diagnostics
at the same place (a placeholder is not a valid year, country or web address) would
only repeat the news, so they are screened out while the placeholder stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..core.diagnostics import Diagnostic, Severity, json_path_of
from ..core.entry import Entry, FieldPath, all_strings, strings
from .body import body_lines

MARKER = "FILL IN"
CODE = "BV901"


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.lstrip().startswith(MARKER)


def prompt_of(text: str) -> str:
    """What the placeholder asks for: its text after 'FILL IN' and a colon."""
    return text.strip()[len(MARKER):].lstrip(" :").strip()


def found_in(data: object) -> Iterator[tuple[FieldPath, str]]:
    """Every placeholder in the front matter, with its path, in document order."""
    return ((path, text) for path, text in strings(data) if is_placeholder(text))


def check(entry: Entry) -> list[Diagnostic]:
    """One BV901 error per placeholder, front matter first, then the body."""
    found = [] if MARKER not in "\x00".join(all_strings(entry.data)) else \
        [_front(entry, path, text) for path, text in found_in(entry.data)]
    found += _body(entry)
    return found


def _front(entry: Entry, path: FieldPath, text: str) -> Diagnostic:
    line, col = entry.where(*path)
    name = json_path_of(path).removeprefix("$.")
    return Diagnostic(entry.path, line, col, CODE, Severity.ERROR,
                      f"'{name}' is not filled in yet", _hint(text, "the value"),
                      json_path_of(path))


def _body(entry: Entry) -> Iterator[Diagnostic]:
    section = None
    for number, line in body_lines(entry):
        stripped = line.strip()
        if stripped.startswith("## "):
            section = stripped[3:].strip()
        elif stripped.startswith(MARKER):
            where = f"the section '## {section}'" if section else "the body"
            yield Diagnostic(entry.path, number, line.index(MARKER) + 1, CODE, Severity.ERROR,
                             f"{where} is not filled in yet", _hint(stripped, "the line"))


def _hint(text: str, what: str) -> str:
    return f"replace {what} with {prompt_of(text) or 'what belongs there'}"


def screen(diagnostics: Iterable[Diagnostic], entries: Iterable[Entry],
           flagged: set[str] | None = None) -> list[Diagnostic]:
    """Drop the diagnostics that only repeat that a placeholder is not a real value yet.
    ``flagged``: the paths with a placeholder diagnostic (BV901), when they are not among
    ``diagnostics`` (each diagnostic is screened on its own, by its entry's placeholders,
    so screening a list in parts gives the parts of the screened list)."""
    diagnostics = list(diagnostics)
    if flagged is None:
        flagged = {d.path for d in diagnostics if d.code == CODE}
    held: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        if entry.path not in flagged:
            continue
        paths = tuple(json_path_of(path) for path, _ in found_in(entry.data))
        if paths:
            held[entry.path] = paths
    return [d for d in diagnostics
            if d.code == CODE or not _under_any(d.json_path, held.get(d.path, ()))]


def _under_any(json_path: str, placeholders: tuple[str, ...]) -> bool:
    return bool(json_path) and any(
        json_path == p or json_path.startswith((p + ".", p + "[")) for p in placeholders)
