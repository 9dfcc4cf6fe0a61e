"""Rules for the Markdown body: required sections, http(s)-only links, no raw HTML."""

from __future__ import annotations

import difflib
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
    headings: list[tuple[str, int]] = []
    for number, line in body_lines(entry):
        heading = _HEADING.match(line)
        if heading:
            headings.append((heading.group(1).strip(), number))
        found.extend(_links(entry, number, line))
        found.extend(_html(entry, number, line))
    found.extend(_sections(entry, headings, sections))
    return found


def _sections(entry: Entry, headings: list[tuple[str, int]],
              sections: tuple[str, ...]) -> list[Diagnostic]:
    """A missing section is reported at the heading that looks like it (wrong case, a typo),
    with a 'did you mean'; otherwise at the end of the file."""
    present = {text for text, _ in headings}
    missing = [s for s in sections if s not in present]
    if not missing:
        return []
    last = entry.body_line + entry.body.rstrip("\n").count("\n")
    expected = ", ".join(f"'## {s}'" for s in sections)
    strays = {text.lower(): (text, number) for text, number in reversed(headings)
              if text not in sections}
    found: list[Diagnostic] = []
    for name in missing:
        close = difflib.get_close_matches(name.lower(), list(strays), n=1, cutoff=0.75)
        if close:
            text, number = strays.pop(close[0])
            found.append(Diagnostic(entry.path, number, 1, "BV301", Severity.ERROR,
                                    f"the body lacks the section '## {name}': the heading "
                                    f"'## {text}' differs from it",
                                    f"did you mean '## {name}'? headings match exactly, case "
                                    f"included; a {entry.kind} has these sections: {expected}"))
        else:
            found.append(Diagnostic(entry.path, last, 1, "BV301", Severity.ERROR,
                                    f"the body lacks the section '## {name}'",
                                    f"a {entry.kind} has these sections: {expected}"))
    return found


def _links(entry: Entry, number: int, line: str) -> Iterator[Diagnostic]:
    targets = [(m.start(1), m.group(1)) for m in _INLINE_LINK.finditer(line)]
    targets += [(m.start(1), m.group(1)) for m in _REF_DEF.finditer(line)]
    targets += [(m.start(1), m.group(1)) for m in _AUTOLINK.finditer(line)]
    # `[x]: <scheme:...>` is a definition and an autolink at once: one target, one report
    for col, target in dict.fromkeys(targets):
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
