"""Cited addresses (every `url:` in the front matter) and the diagnostics for those that
no longer answer, each at its `url:` value, with an archived copy to look for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.diagnostics import Diagnostic, Severity, json_path_of
from ..core.entry import Entry, strings
from .linkprobe import Probe
from .locate import Locator

ARCHIVE = "https://web.archive.org/web/"
# problem -> (code, severity)
CODES = {"http": ("BV701", Severity.ERROR), "server": ("BV701", Severity.ERROR),
         "dns": ("BV702", Severity.ERROR), "connection": ("BV702", Severity.ERROR),
         "invalid": ("BV702", Severity.ERROR), "timeout": ("BV703", Severity.WARNING),
         "moved": ("BV704", Severity.WARNING)}


@dataclass(frozen=True)
class Citation:
    url: str
    entry: Entry
    path: tuple  # where in the front matter, such as ("sources", 0, "url")


def citations(entries: Iterable[Entry]) -> list[Citation]:
    """Every `url:` value of every entry, in file order."""
    return [Citation(value, entry, path) for entry in entries
            for path, value in strings(entry.data) if path and path[-1] == "url"]


def archived(url: str) -> str:
    return ARCHIVE + url


def diagnostics(cited: Sequence[Citation], probes: dict[str, Probe],
                locate: Locator | None = None) -> list[Diagnostic]:
    locate = locate or Locator()
    found = []
    for citation in cited:
        result = probes.get(citation.url)
        if result is None or result.problem is None:
            continue
        code, severity = CODES[result.problem]
        line, col = locate.where(citation.entry, *citation.path)
        message, hint = _words(citation.url, result)
        found.append(Diagnostic(citation.entry.path, line, col, code, severity, message, hint,
                                json_path_of(citation.path)))
    return sorted(found)


def _words(url: str, result: Probe) -> tuple[str, str]:
    copy = f"look for an archived copy at {archived(url)} and cite it if it is the same document"
    checked = f" (checked {result.checked})"
    if result.problem == "moved":
        return (f"'{url}' moved to another host: {result.final_url}{checked}",
                f"cite the new address if it is the same document; else {copy}")
    if result.problem == "timeout":
        return f"'{url}' did not answer in time{checked}", f"try again later; if it stays " \
               f"silent, {copy}"
    return f"'{url}' is dead: {result.detail}{checked}", copy
