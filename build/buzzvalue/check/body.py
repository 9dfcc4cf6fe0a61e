"""Rules for the Markdown body: required sections, http(s)-only links, no raw HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..core.diagnostics import Diagnostic, Severity
from ..core.entry import Entry

_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t#]*$")
_INLINE_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(\s|$)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_HTML = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?/?>|<!--|<\?|<![A-Za-z]")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def body_lines(entry: Entry) -> Iterator[tuple[int, str]]:
    """Body lines with their file line numbers, code blocks and code spans blanked out."""
    fence: str | None = None
    for offset, line in enumerate(entry.body.split("\n")):
        number = entry.body_line + offset
        marker = _FENCE.match(line)
        if fence:
            if marker and marker.group(1) == fence:
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        if line.startswith(("    ", "\t")):
            continue
        yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def check(entry: Entry, sections: tuple[str, ...]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    headings: list[str] = []
    for number, line in body_lines(entry):
        heading = _HEADING.match(line)
        if heading:
            headings.append(heading.group(1).strip())
        found.extend(_links(entry, number, line))
        found.extend(_html(entry, number, line))
    found.extend(_sections(entry, headings, sections))
    return found


def _sections(entry: Entry, headings: list[str], sections: tuple[str, ...]) -> list[Diagnostic]:
    missing = [s for s in sections if s not in headings]
    if not missing:
        return []
    last = entry.body_line + entry.body.rstrip("\n").count("\n")
    expected = ", ".join(f"'## {s}'" for s in sections)
    return [Diagnostic(entry.path, last, 1, "BV301", Severity.ERROR,
                       f"the body lacks the section '## {name}'",
                       f"a {entry.kind} has these sections: {expected}")
            for name in missing]


def _links(entry: Entry, number: int, line: str) -> Iterator[Diagnostic]:
    targets = [(m.start(1), m.group(1)) for m in _INLINE_LINK.finditer(line)]
    targets += [(m.start(1), m.group(1)) for m in _REF_DEF.finditer(line)]
    targets += [(m.start(1), m.group(1)) for m in _AUTOLINK.finditer(line)]
    for col, target in targets:
        if not re.match(r"https?://\S", target, re.IGNORECASE):
            yield Diagnostic(entry.path, number, col + 1, "BV302", Severity.ERROR,
                             f"the link '{target[:80]}' is not an http(s) address",
                             "link only to public web pages with a full https:// address; "
                             "other entries are linked through the front matter")


def _html(entry: Entry, number: int, line: str) -> Iterator[Diagnostic]:
    for match in _HTML.finditer(line):
        if _AUTOLINK.match(line, match.start()):
            continue
        yield Diagnostic(entry.path, number, match.start() + 1, "BV303", Severity.ERROR,
                         f"raw HTML '{match.group(0)[:40]}' is not allowed in an entry",
                         "write plain Markdown; the site renders entries without HTML")
