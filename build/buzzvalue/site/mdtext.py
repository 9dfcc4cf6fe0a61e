"""Safe Markdown from entry data: escaping, links, tables, site-relative addresses, and
entry bodies made safe to render (sanitise)."""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Iterable, Sequence

# Inside a line (text() always returns one), only these start Markdown syntax: code,
# emphasis, links, attribute lists, table cells and escapes. Escaping more costs Python-
# Markdown time on every page and changes nothing.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_ORDERED = re.compile(r"^(\d+)([.)]\s)")


def text(value: object) -> str:
    """Entry text as inert Markdown: no HTML, no Markdown syntax, one line."""
    if value is None:
        return ""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(value).split()), quote=False))
    if escaped[:1] in ("#", "+", "-", "!", ">", "="):
        return "\\" + escaped
    return _ORDERED.sub(r"\1\\\2", escaped, count=1)


def attr(value: object) -> str:
    """Text for an HTML or SVG attribute or element (our own generated markup)."""
    return html.escape(" ".join(str(value).split()), quote=True)


def url(value: str) -> str:
    """A web address for a Markdown link: only http(s), with parentheses and spaces encoded."""
    if not re.match(r"https?://", value, re.IGNORECASE):
        return "#"
    return value.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def link(label: object, target: str) -> str:
    return f"[{text(label)}]({target})"


def external(label: object, address: str) -> str:
    return f"[{text(label)}]({url(address)})"


@functools.lru_cache(maxsize=65536)  # pure, and asked for the same pairs on many pages
def relative(from_page: str, to_page: str) -> str:
    """A Markdown link target from one page's source path to another's (MkDocs resolves it)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def page_url(page: str, directory_urls: bool = True) -> str:
    """The address MkDocs gives a page, relative to the site root."""
    stem = page[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@functools.lru_cache(maxsize=65536)
def href(from_page: str, to_page: str, directory_urls: bool = True) -> str:
    """An address for raw HTML (SVG) links, which MkDocs does not rewrite."""
    here = page_url(from_page, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    target = page_url(to_page, directory_urls)
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if target.endswith("/") or not target:
        rel = rel.rstrip("/") + "/" if rel != "." else "./"
    return rel


def table(header: Sequence[str], rows: Iterable[Sequence[str]],
          align: Sequence[str] | None = None) -> str:
    """A Markdown table; cells are already Markdown."""
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    align = align or ["l"] * len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def stacked_table(header: Sequence[str], rows: Iterable[Sequence[str]],
                  align: Sequence[str] | None = None, css: str = "") -> str:
    """A wide table that reads on a phone: on a narrow screen each row stacks into a short
    paragraph, its first cell on a line of its own and every other cell named by its
    column (a label hidden on wider screens, where the header does that)."""
    labelled = [[row[0], *(f'<span class="bv-k">{h}: </span>{cell}' if cell else cell
                           for h, cell in zip(header[1:], row[1:], strict=True))]
                for row in rows]
    return (f'<div class="bv-stack {css}" markdown="1">\n\n{table(header, labelled, align)}'
            "\n\n</div>")


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


# --- entry bodies: defence in depth ------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_SAFE_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>", re.IGNORECASE)
_LINK_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]*)")


def sanitise(text: str) -> str:
    """Defence in depth for rendering: a body that slipped past validation still cannot
    carry HTML or a script link. Code blocks and code spans are left as they are."""
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        marker = _FENCE.match(line)
        if fence or marker or line.startswith(("    ", "\t")):
            if marker:
                fence = None if fence == marker.group(1) else fence or marker.group(1)
            out.append(line)
            continue
        parts = re.split(r"(`+[^`]*`+)", line)
        out.append("".join(part if part.startswith("`") else _clean(part) for part in parts))
    return "\n".join(out)


def _clean(segment: str) -> str:
    segment = _SAFE_AUTOLINK.sub(r"[\1](\1)", segment)
    segment = segment.replace("<", "&lt;")
    return _LINK_TARGET.sub(lambda m: m.group(1) + (m.group(2) if re.match(
        r"https?://", m.group(2), re.IGNORECASE) else "#"), segment)
