"""The "Cite this" box on technology, use-case and pattern-brief pages: a formatted
reference (title, the editors, version, review date, address), BibTeX and CSL-JSON, in a
closed <details> block with plain code blocks to copy (no script)."""

from __future__ import annotations

import html
import json
import re

from .. import __version__
from .context import Context
from .mdtext import external, page_url, text

AUTHOR = "Buzz vs Value editors"
CONTAINER = "Buzz vs Value"
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIBTEX_WORDS = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}",
                 "~": r"\textasciitilde{}"}


def address(ctx: Context, page: str) -> str:
    """The page's address: absolute when the site's address is known, else from the root."""
    path = page_url(page, ctx.directory_urls)
    return ctx.site_url.rstrip("/") + "/" + path if ctx.site_url else path


def _bibtex_text(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_WORDS.get(m.group(1), "\\" + m.group(1)),
                               value)


def _date_parts(date: str) -> list[int]:
    return [int(p) for p in date.split("-") if p.isdigit()]


def bibtex(key: str, title: str, url: str, reviewed: str, built: str) -> str:
    year = reviewed[:4] if reviewed[:4].isdigit() else built[:4]
    # Double braces keep the editors one corporate author and the title's capitals.
    fields = [("author", f"{{{AUTHOR}}}"), ("title", f"{{{_bibtex_text(title)}}}"),
              ("howpublished", CONTAINER), ("year", year), ("version", __version__),
              ("url", url.replace("}", "%7D").replace("{", "%7B")), ("urldate", built),
              ("note", _bibtex_text(f"Version {__version__}, reviewed {reviewed}"))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def csl_json(key: str, title: str, url: str, reviewed: str, built: str) -> str:
    item: dict[str, object] = {
        "id": key, "type": "webpage", "title": title, "author": [{"literal": AUTHOR}],
        "container-title": CONTAINER, "version": __version__, "URL": url,
        "accessed": {"date-parts": [_date_parts(built)]}}
    if _date_parts(reviewed):
        item["issued"] = {"date-parts": [_date_parts(reviewed)]}
    members = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                         for k, v in item.items())  # one member a line, values compact
    return f"[\n  {{\n{members}\n  }}\n]"


def reference(ctx: Context, title: str, url: str, reviewed: str) -> str:
    """The formatted reference, as Markdown."""
    where = external(url, url) if ctx.site_url else text(url)
    year = reviewed[:4] if reviewed[:4].isdigit() else str(ctx.kb.today.year)
    return (f"{AUTHOR} ({text(year)}). {text(title)}. *{CONTAINER}*, version "
            f"{text(__version__)}, reviewed {text(reviewed)}. {where}")


def _code(block: str) -> str:
    """A code block as raw HTML, every character that could start markup escaped (even
    brackets, so no entry text looks like a link in the page's source); a reader sees and
    copies the text as it is."""
    escaped = html.escape(block, quote=True).replace("[", "&#91;").replace("]", "&#93;")
    return f"<pre><code>{escaped}</code></pre>"


def box(ctx: Context, page: str, key: str, title: str, reviewed: object) -> list[str]:
    """The box for one page: ``key`` names it in BibTeX and CSL-JSON."""
    title = " ".join(str(title).split())
    reviewed = str(reviewed or "")
    url = address(ctx, page)
    built = ctx.kb.today.isoformat()
    return ['<details class="bv-citebox" markdown="1">',
            "<summary>Cite this</summary>", "",
            reference(ctx, title, url, reviewed), "",
            "BibTeX:", "", _code(bibtex(key, title, url, reviewed, built)), "",
            "CSL-JSON:", "", _code(csl_json(key, title, url, reviewed, built)), "",
            "</details>", ""]


def reviewed_on(data: dict) -> str:
    reviewed = data.get("reviewed")
    return str(reviewed.get("date", "")) if isinstance(reviewed, dict) else ""
