"""Generated tables and lists as ready HTML, so that Python-Markdown need not parse them.

A generated page is Markdown, and most of its time in a site build went to Python-Markdown
re-parsing what this package had just written: pipe tables and lists whose cells are
escaped text, links and bold. `prerender_parts` turns each such block into the HTML that
Python-Markdown and MkDocs make of it (page links resolved as MkDocs resolves them) and
gives the page lean, a token paragraph where each block was. The MkDocs plugin hands the
lean page to MkDocs and puts each block in place of its token's paragraph in the HTML
(`Prerendered.fill`): the same bytes, without Python-Markdown's inline patterns and HTML
parsers reading every cell and tag. It is exact or it declines: a block with anything
outside the small Markdown subset the pages are written in (see `inline`), a link to a
page it does not know, a list that Markdown would join to its neighbour, or a block inside
a raw HTML block, stays Markdown. The page set itself stays plain Markdown
(`buzzvalue render --out` writes it for a build without the plugin).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .mdtext import href

# The characters Python-Markdown (with the tables extension) unescapes after a backslash.
_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!>|")
_SEPARATOR = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")
_ORDERED = re.compile(r"^(\d+)\. (.*)$")
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[0-9a-zA-Z]+);")
_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)
# Raw inline HTML as Python-Markdown's HtmlInlineProcessor finds it (tags, no comments).
_TAG = re.compile(r"</?[a-zA-Z][^<>@ ]*(?: [^<>]*)?>")
_OPEN = re.compile(r"^<([a-z]+)\b[^>]*>")
_PLAIN = re.compile(r"[^\\&<>*`\[\]_!{}]+")
_CLOSE = re.compile(r"^</([a-z]+)>$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_ALIGN = {"l": "", "r": ' style="text-align: right;"', "c": ' style="text-align: center;"',
          "L": ' style="text-align: left;"'}


class _Decline(Exception):
    """The block holds something this renderer does not reproduce exactly."""


def _attribute(value: str) -> str:
    """An attribute value as Python-Markdown's serializer escapes it."""
    value = _AMP.sub("&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _text(value: str) -> str:
    """Character data as Python-Markdown's serializer escapes it (entities are kept)."""
    return _AMP.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")


def inline(source: str, link: Callable[[str], str]) -> str:
    """The HTML of one cell or list item, or _Decline. The subset: text with backslash
    escapes and entities, `**strong**`, `*emphasis*`, `code`, raw inline tags (<br>,
    <span ...>) and [links](target) whose label is in the subset too."""
    out: list[str] = []
    plain: list[str] = []
    i, n = 0, len(source)

    def flush() -> None:
        if plain:
            out.append(_text("".join(plain)))
            plain.clear()

    while i < n:
        run = _PLAIN.match(source, i)
        if run:
            plain.append(run.group(0))
            i = run.end()
            continue
        c = source[i]
        if c == "\\" and i + 1 < n and source[i + 1] in _ESCAPABLE:
            escaped = source[i + 1]
            flush()  # an escaped character is never part of an entity or a tag
            out.append({"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(escaped, escaped))
            i += 2
        elif c == "&":
            entity = _ENTITY.match(source, i)
            flush()
            if entity:
                out.append(entity.group(0))
                i = entity.end()
            else:
                out.append("&amp;")
                i += 1
        elif c == "<":
            tag = _TAG.match(source, i)
            if not tag or ":" in tag.group(0).split(" ", 1)[0]:
                raise _Decline  # not a tag, or an autolink
            flush()
            out.append(tag.group(0))
            i = tag.end()
        elif c == "*" and not source.startswith("**", i):
            end = _emphasis_end(source, i)
            inner = source[i + 1:end] if end is not None else ""
            if not inner or inner[0].isspace() or inner[-1].isspace():
                raise _Decline
            flush()
            out.append(f"<em>{inline(inner, link)}</em>")
            i = end + 1  # type: ignore[operator]
        elif c == "*":
            end = source.find("**", i + 2)
            inner = source[i + 2:end] if end > i + 2 else ""
            if not inner or "*" in inner or inner[0].isspace() or inner[-1].isspace():
                raise _Decline
            flush()
            out.append(f"<strong>{inline(inner, link)}</strong>")
            i = end + 2
        elif c == "`":
            end = source.find("`", i + 1)
            code = source[i + 1:end] if end > i + 1 else ""
            if not code or code.strip() != code or "`" in code:
                raise _Decline
            flush()
            out.append("<code>" + code.replace("&", "&amp;").replace("<", "&lt;")
                       .replace(">", "&gt;") + "</code>")
            i = end + 1
        elif c == "[":
            close = _label_end(source, i)
            if close is None or not source.startswith("(", close + 1):
                raise _Decline
            end = source.find(")", close + 2)
            target = source[close + 2:end] if end > close + 2 else ""
            if not target or any(ch in target for ch in " \t<>()\"'\\"):
                raise _Decline
            flush()
            out.append(f'<a href="{_attribute(link(target))}">'
                       f"{inline(source[i + 1:close], link)}</a>")
            i = end + 1
        elif c in "]_{}" or (c == "!" and source.startswith("![", i)):
            raise _Decline  # emphasis, images, stray brackets, attribute lists
        else:
            plain.append(c)
            i += 1
    flush()
    return "".join(out)


def _emphasis_end(source: str, start: int) -> int | None:
    """The index of the lone * that closes the emphasis opened at ``start``: no other
    unescaped * between, none right after (Markdown would read strong or nesting)."""
    i = start + 1
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "*":
            return None if source.startswith("**", i) else i
        i += 1
    return None


def _label_end(source: str, start: int) -> int | None:
    """The index of the ] that closes the label opened at ``start`` (no nesting)."""
    i = start + 1
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "[":
            return None
        if source[i] == "]":
            return i
        i += 1
    return None


_CELL = re.compile(r"((?:\\.|[^|\\])*)\|")


def _cells(row: str) -> list[str]:
    """A pipe-table row's cells, split at the pipes that are not escaped."""
    if not (row.startswith("|") and row.endswith("|")) or "`" in row:
        raise _Decline
    cells, at = [], 1
    for match in _CELL.finditer(row, 1):
        if match.start() != at:
            raise _Decline
        cells.append(match.group(1).strip())
        at = match.end()
    if at != len(row):
        raise _Decline  # a backslash at the very end
    return cells


def _table(lines: list[str], link: Callable[[str], str]) -> str:
    header = _cells(lines[0])
    marks = _cells(lines[1])
    if len(marks) != len(header) or len(lines) < 3:
        raise _Decline  # Markdown gives a table with no rows one empty row
    align = [("c" if m.endswith(":") else "L") if m.startswith(":") else
             ("r" if m.endswith(":") else "l") for m in marks]
    out = ["<table>", "<thead>", "<tr>"]
    out += [f"<th{_ALIGN[a]}>{inline(h, link)}</th>" for h, a in zip(header, align, strict=True)]
    out += ["</tr>", "</thead>", "<tbody>"]
    for line in lines[2:]:
        cells = _cells(line)
        if len(cells) != len(header):
            raise _Decline
        out.append("<tr>")
        out += [f"<td{_ALIGN[a]}>{inline(c, link)}</td>" for c, a in zip(cells, align, strict=True)]
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _list(lines: list[str], ordered: bool, link: Callable[[str], str]) -> str:
    items = []
    for number, line in enumerate(lines, 1):
        if ordered:
            match = _ORDERED.match(line)
            if not match or (number == 1 and match.group(1) != "1"):
                raise _Decline
            item = match.group(2)
        else:
            if not line.startswith("- "):
                raise _Decline
            item = line[2:]
        item = item.lstrip(" ")  # Markdown keeps an item's trailing spaces
        if not item.strip() or item[0] in "#>-+*=" or re.match(r"\d+[.)]", item):
            raise _Decline
        items.append(f"<li>{inline(item, link)}</li>")
    tag = "ol" if ordered else "ul"
    return "\n".join([f"<{tag}>", *items, f"</{tag}>"])


def _kind(block: list[str]) -> str | None:
    first = block[0]
    if first.startswith("|") and len(block) > 1 and _SEPARATOR.match(block[1]):
        return "table"
    if first.startswith("- "):
        return "ul"
    if _ORDERED.match(first):
        return "ol"
    return None


def linker(page: str, known: Collection[str], directory_urls: bool) -> Callable[[str], str]:
    """How MkDocs rewrites a link on ``page``: a known page (optionally with #fragment) to
    its address, a fragment or an absolute http(s) address as it is; others decline."""
    folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""

    def resolve(target: str) -> str:
        if target.startswith("#") or re.match(r"https?://", target, re.IGNORECASE):
            return target
        path, _, fragment = target.partition("#")
        parts: list[str] = []
        for part in (folder + path).split("/"):
            if part == "..":
                if not parts:
                    raise _Decline
                parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        resolved = "/".join(parts)
        if not resolved.endswith(".md") or resolved not in known:
            raise _Decline
        return href(page, resolved, directory_urls) + (f"#{fragment}" if fragment else "")
    return resolve


TOKEN = "BVPRERENDERED"


@dataclass(frozen=True)
class Prerendered:
    """A page whose blocks are prerendered: ``lean`` has a line TOKEN<n> where block n goes.

    ``text`` is the page itself, each block in place as a raw HTML block. A build can also
    give Python-Markdown the lean page, where each token is a paragraph of its own, and put
    each block in place of its ``<p>TOKEN<n></p>`` in the HTML (see ``fill``): the same
    page, without Python-Markdown's HTML parsers reading every tag of every block."""

    lean: str
    blocks: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        if not self.blocks:
            return self.lean
        return re.sub(rf"^{TOKEN}(\d+)$", lambda m: self.blocks[int(m.group(1))], self.lean,
                      flags=re.MULTILINE)

    def fill(self, html: str) -> str:
        """The page's HTML with each block in place of its token's paragraph."""
        for n, block in enumerate(self.blocks):
            token = f"<p>{TOKEN}{n}</p>"
            if html.count(token) != 1:
                raise ValueError(f"prerendered block {n} is not in the page once")
            html = html.replace(token, block)
        return html


def prerender(page: str, markdown: str, known: Collection[str],
              directory_urls: bool = True) -> str:
    """The page with its generated tables and lists as HTML blocks (see the module)."""
    return prerender_parts(page, markdown, known, directory_urls).text


def prerender_parts(page: str, markdown: str, known: Collection[str],
                    directory_urls: bool = True) -> Prerendered:
    """The page, lean, and its prerendered blocks (see Prerendered)."""
    lines = markdown.split("\n")
    start = 0
    if lines and lines[0] == "---":  # front matter
        start = next((i + 1 for i in range(1, len(lines)) if lines[i] == "---"), 0)
    link = linker(page, known, directory_urls)
    rendered_blocks: list[str] = []
    lines = _boxes(lines, start, link, rendered_blocks)
    blocks: list[tuple[int, int, str | None, bool]] = []  # (first, end, kind, markdown here)
    raw: list[list] = []  # open HTML blocks: [tag, holds Markdown, depth of that tag]
    fence: str | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        first = i
        while i < len(lines) and lines[i].strip():
            marker = _FENCE.match(lines[i])
            if marker:
                fence = None if fence == marker.group(1) else fence or marker.group(1)
            i += 1
        block = lines[first:i]
        in_markdown = all(entry[1] for entry in raw) and fence is None
        blocks.append((first, i, _kind(block) if in_markdown else None, in_markdown))
        for text in block:
            _track(raw, text)
    out = lines[:]
    for index, (first, end, kind, _) in enumerate(blocks):
        if kind is None:
            continue
        if kind in ("ul", "ol"):
            neighbours = [blocks[j][2] for j in (index - 1, index + 1) if 0 <= j < len(blocks)]
            if any(k in ("ul", "ol") for k in neighbours) or _continues(blocks, index, lines):
                continue
        try:
            rendered = (_table(lines[first:end], link) if kind == "table"
                        else _list(lines[first:end], kind == "ol", link))
        except _Decline:
            continue
        token = f"{TOKEN}{len(rendered_blocks)}"
        rendered_blocks.append(rendered)
        out[first:end] = [token] + [None] * (end - first - 1)  # type: ignore[list-item]
    lean = "\n".join(line for line in out if line is not None)
    if TOKEN in markdown:  # the page itself has the token's text: keep the blocks in place
        return Prerendered(Prerendered(lean, tuple(rendered_blocks)).text)
    return Prerendered(lean, tuple(rendered_blocks))


_BOX = re.compile(r'^<(div|details)((?: class="[a-z][a-z0-9 -]*")?) markdown="1">$')
_SUMMARY = re.compile(r"^<summary>[A-Za-z][A-Za-z ]*</summary>$")
_CODE = re.compile(r"^<pre><code>[^<>]*</code></pre>$")
_NOT_PARAGRAPH = re.compile(r"^(?:[#>|=!<\s]|[-+*] |\d+[.)]|`)|\s$")


def _box(inner: list[str], link: Callable[[str], str]) -> list[str]:
    """The HTML of what a box (see _boxes) holds, part by part, or _Decline."""
    parts: list[str] = []
    group: list[str] = []
    for line in [*inner, ""]:
        if line.strip():
            group.append(line)
            continue
        if not group:
            continue
        text = "\n".join(group)
        if _SUMMARY.match(group[0]) and len(group) == 1 and not parts:
            parts.append(group[0])
        elif group[0].startswith("<pre><code>") and _CODE.match(text):
            parts.append(text)  # a raw block: Markdown leaves it as it is
        elif len(group) == 1 and not _NOT_PARAGRAPH.match(text):
            parts.append(f"<p>{inline(text, link)}</p>")
        else:
            raise _Decline
        group = []
    return parts


def _boxes(lines: list[str], start: int, link: Callable[[str], str],
           rendered: list[str]) -> list[str]:
    """The lines with each box the pages draw (the citation line, "Cite this") as a token
    line, its HTML appended to ``rendered``: a <div> or <details> with markdown="1" at the
    top level, its own lines from opening to closing tag, holding paragraphs of one line in
    the inline subset, a <summary> first and raw <pre><code> blocks: what md_in_html makes
    of it. Anything else, and any box inside another HTML block or a code fence, is left."""
    out = lines[:start]
    raw: list[list] = []
    fence: str | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        opened = _BOX.match(line) if not raw and fence is None else None
        if opened and (i == start or not lines[i - 1].strip()):
            tag = opened.group(1)
            end = next((j for j in range(i + 1, len(lines)) if lines[j] == f"</{tag}>"), None)
            inner = lines[i + 1:end] if end is not None else []
            clean = (end is not None and (end + 1 == len(lines) or not lines[end + 1].strip())
                     and not any(f"<{tag}" in text or f"</{tag}>" in text for text in inner))
            try:
                if not clean:
                    raise _Decline
                parts = _box(inner, link)
            except _Decline:
                parts = []
            if parts:
                out.append(f"{TOKEN}{len(rendered)}")
                rendered.append("\n".join([f"<{tag}{opened.group(2)}>", *parts, f"</{tag}>"]))
                i = end + 1  # type: ignore[operator]
                continue
        marker = _FENCE.match(line)
        if marker:
            fence = None if fence == marker.group(1) else fence or marker.group(1)
        elif fence is None:
            _track(raw, line)
        out.append(line)
        i += 1
    return out


def _depth(tag: str, text: str) -> int:
    return len(re.findall(rf"<{tag}\b", text)) - text.count(f"</{tag}>")


def _track(raw: list[list], text: str) -> None:
    """Follow the HTML blocks a line opens or closes: a raw block (no markdown="1") runs to
    its matching end tag, whatever it holds; one with markdown="1" holds Markdown, in which
    a line that starts with a tag opens a block of its own."""
    if raw and not raw[-1][1]:
        raw[-1][2] += _depth(raw[-1][0], text)
        if raw[-1][2] <= 0:
            raw.pop()
        return
    if raw and _CLOSE.match(text) and _CLOSE.match(text).group(1) == raw[-1][0]:
        raw.pop()
        return
    opened = _OPEN.match(text)
    if opened:
        depth = _depth(opened.group(1), text)
        if depth > 0:
            raw.append([opened.group(1), 'markdown="1"' in text, depth])


def _continues(blocks: list[tuple[int, int, str | None, bool]], index: int,
               lines: list[str]) -> bool:
    """Whether the block after a list is indented (Markdown would make it part of the list)."""
    if index + 1 >= len(blocks):
        return False
    return lines[blocks[index + 1][0]].startswith((" ", "\t"))


# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_FROM = 2000


def _chunk(pages: list[tuple[str, str]], known: frozenset[str],
           directory_urls: bool) -> list[Prerendered]:
    return [prerender_parts(page, text, known, directory_urls) for page, text in pages]


def prerender_all(pages: dict[str, str], directory_urls: bool = True,
                  workers: int | None = None) -> dict[str, Prerendered]:
    """``prerender`` for every page of a page set (each a pure function of its own text and
    the set of pages), on several cores when there are many."""
    known = frozenset(pages)
    items = sorted(pages.items())
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or len(items) < PARALLEL_FROM:
        return {page: prerender_parts(page, text, known, directory_urls)
                for page, text in items}
    size = -(-len(items) // (workers * 4))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = pool.map(_chunk, chunks, [known] * len(chunks), [directory_urls] * len(chunks))
        return {page: text for chunk, out in zip(chunks, done, strict=True)
                for (page, _), text in zip(chunk, out, strict=True)}
