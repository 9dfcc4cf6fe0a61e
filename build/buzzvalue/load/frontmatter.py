"""Split a Markdown entry into front matter and body, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .strictyaml import YamlProblem

_FENCE = "---"
_LINE_SEPARATORS = {"\u2028": "U+2028", "\u2029": "U+2029", "\x85": "NEL (U+0085)"}


@dataclass(frozen=True)
class Split:
    front: str
    front_line: int  # 1-based line of the first front-matter line
    body: str
    body_line: int  # 1-based line of the first body line


def decode(raw: bytes) -> str:
    """Bytes to text with the checks YAML would otherwise turn into confusing errors."""
    if not raw or raw.isspace():  # what raw.strip() would leave nothing of
        raise YamlProblem("BV003", "the file is empty", 1, 1,
                          "start it with front matter between two '---' lines; "
                          "`buzzvalue new` writes a template")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw[:nul])
        raise YamlProblem("BV002", "the file contains a NUL byte (is it a binary file?)", line, col,
                          "entries are UTF-8 text files")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw[: exc.start])
        raise YamlProblem("BV001", f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                          line, col, "save the file as UTF-8") from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _position(prefix: bytes) -> tuple[int, int]:
    text = prefix.decode("utf-8", errors="replace")
    return text.count("\n") + 1, len(text) - (text.rfind("\n") + 1) + 1


def split(text: str) -> Split:
    """Find the front matter between a first '---' line and the next '---' line."""
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != _FENCE:
        raise YamlProblem("BV004", "the file has no front matter", 1, 1,
                          "the first line must be '---', followed by the YAML fields and "
                          "another '---' line")
    start = _closing(text, first_end) if first_end >= 0 else -1
    if start < 0:
        raise YamlProblem("BV005", "the front matter is not closed", 1, 1,
                          "add a line with only '---' after the last front-matter field")
    end = text.find("\n", start)
    front = text[first_end + 1:start - 1] if start > first_end + 1 else ""
    check_front_text(front, 2)
    return Split(front, 2, text[end + 1:] if end >= 0 else "", text.count("\n", 0, start) + 2)


def _closing(text: str, after: int) -> int:
    """Where the first line after the line break at ``after`` that is '---' or '...' (then
    nothing but white space, as str.rstrip strips it) starts, or -1. Found with str.find,
    which is many times quicker than a multi-line pattern over the whole file."""
    found = -1
    for fence in (_FENCE, "..."):
        at = after
        limit = found if found >= 0 else len(text)
        while True:
            at = text.find("\n" + fence, at, limit)
            if at < 0:
                break
            line_end = text.find("\n", at + 1)
            rest = text[at + 4:line_end if line_end >= 0 else len(text)]
            if not rest or rest.isspace():
                found = at + 1
                break
            at += 1
    return found


_TAB_INDENT = re.compile(r"^[ \t]*\t", re.MULTILINE)


def check_front_text(front: str, first_line: int) -> None:
    """Reject what YAML parsers read differently from editors: tab indents, odd line breaks."""
    if ("\t" not in front or not _TAB_INDENT.search(front)) \
            and not any(c in front for c in _LINE_SEPARATORS):
        return  # nothing to report: skip the line-by-line search for where
    for number, line in enumerate(front.split("\n"), start=first_line):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlProblem("BV012", "a tab is used for indentation", number,
                              indent.index("\t") + 1, "indent with spaces only")
        for char, name in _LINE_SEPARATORS.items():
            if char in line:
                raise YamlProblem("BV013", f"the line contains the line separator {name}",
                                  number, line.index(char) + 1,
                                  "replace it with a normal line break or a space; YAML and "
                                  "editors count lines differently around it")
