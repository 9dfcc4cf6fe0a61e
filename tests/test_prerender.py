"""Generated tables and lists as ready HTML: the same document Python-Markdown makes of the
Markdown they replace (the site build's byte-for-byte check is benchmarks/fingerprint.py;
here, every page of the repository's site and generated text, against Python-Markdown)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from buzzvalue.kb import load
from buzzvalue.site import cite
from buzzvalue.site import prerender as pre
from buzzvalue.site import render as render_module
from buzzvalue.site.mdtext import bullets, link, stacked_table, table, text

sys.path.insert(0, str(Path(__file__).parent))
from sitebuild import REPO

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


def html_of(page: str) -> str:
    body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
    return markdown.Markdown(extensions=EXTENSIONS).convert(body)


def normalised(html: str) -> str:
    return re.sub(r"\n+", "\n", html)


def resolved(html: str, page: str, known: set[str]) -> str:
    """Markdown's output with page links rewritten as MkDocs does (through the same rule)."""
    link_of = pre.linker(page, known, True)

    def one(match: re.Match) -> str:
        try:
            return f'href="{link_of(match.group(1))}"'
        except pre._Decline:
            return match.group(0)
    return re.sub(r'href="([^"#:]+\.md(?:#[^"]*)?)"', one, html)


def test_every_generated_page_reads_the_same_with_its_blocks_prerendered(monkeypatch):
    monkeypatch.setattr(render_module, "prerender_all",
                        lambda pages, urls=True: {p: pre.Prerendered(t) for p, t in pages.items()})
    pages = render_module.render(load(REPO))
    known = {p for p in pages.files if p.endswith(".md")}
    converted = 0
    for page in sorted(known):
        source = pages.files[page]
        parts = pre.prerender_parts(page, source, known)
        after = parts.text
        converted += after != source
        # What the plugin does: Python-Markdown on the lean page, then the blocks put in.
        assert normalised(parts.fill(html_of(parts.lean))) == normalised(html_of(after)), page
        assert normalised(resolved(html_of(after), page, known)) \
            == normalised(resolved(html_of(source), page, known)), page
    assert converted > len(known) // 2


CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
               max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CELL, CELL), min_size=1, max_size=4), CELL)
def test_escaped_text_links_and_bold_in_tables_and_lists(rows, label):
    cells = [[text(a), f"**{text(b)}**" if b.strip() else text(b)] for a, b in rows]
    cells[0][1] = link(label, "https://example.org/a?b=1&c=2") if label.strip() else cells[0][1]
    for block in (table(["A", "B"], cells, ["l", "r"]),
                  stacked_table(["A", "B"], cells),
                  bullets(f"{a} — {b}" for a, b in cells)):
        page = f"Intro.\n\n{block}\n\nAfter.\n"
        after = pre.prerender("index.md", page, {"index.md"})
        assert normalised(html_of(after)) == normalised(html_of(page))


def test_what_it_does_not_reproduce_stays_markdown():
    page = ("- one _emphasis_\n- two\n\n| a |\n|---|\n| ![image](x.png) |\n\n"
            "| a |\n|---|\n| [elsewhere](unknown.md) |\n")
    assert pre.prerender("index.md", page, {"index.md"}) == page


@settings(max_examples=300, deadline=None)
@given(CELL, CELL, st.sampled_from(["", "https://example.org/bv/use-cases/a/"]))
def test_the_citation_boxes_read_the_same_to_the_byte(a, b, address):
    """The boxes every entry page ends with (patterns.cite, cite.box), with any text."""
    where = link(address, address) if address else text(b)
    box = ['<details class="bv-citebox" markdown="1">', "<summary>Cite this</summary>", "",
           f"{text(a)} (2026). *Buzz vs Value*, reviewed {text(b)}. {where}", "",
           "BibTeX:", "", cite._code(f"@misc{{{a},\n  title = {{{b}}}\n}}"), "",
           "</details>"]
    div = ['<div class="bv-cite" markdown="1">', "", f'*Buzz vs Value, "{text(a)}".*', "",
           "</div>"]
    page = "Intro.\n\n" + "\n".join(div) + "\n\n" + "\n".join(box) + "\n\n*After.*\n"
    parts = pre.prerender_parts("index.md", page, {"index.md"})
    assert parts.fill(html_of(parts.lean)) == html_of(page)
    if a.isalnum() and b.isalnum():  # plainly in the subset: both boxes are HTML
        assert len(parts.blocks) == 2 and 'markdown="1"' not in parts.lean


@settings(max_examples=300, deadline=None)
@given(CELL, CELL)
def test_emphasis_in_cells_and_items(a, b):
    cells = [[f"*{text(a)}*" if text(a) else "x", f"{text(b)} *{text(a)}* {text(b)}"]]
    for block in (table(["A", "B"], cells), bullets(f"{x} — {y}" for x, y in cells)):
        page = f"Intro.\n\n{block}\n\nAfter.\n"
        after = pre.prerender("index.md", page, {"index.md"})
        assert normalised(html_of(after)) == normalised(html_of(page))


def test_boxes_it_does_not_reproduce_stay_markdown():
    for inner in (["- a list"], ["## A heading"], ["two", "lines"], ["<p>raw</p>"],
                  ['<div class="bv-cite" markdown="1">', "", "nested", "", "</div>"]):
        page = "\n".join(['<div class="bv-cite" markdown="1">', "", *inner, "", "</div>", ""])
        after = pre.prerender("index.md", page, {"index.md"})  # a list in it may be HTML
        assert after.startswith('<div class="bv-cite" markdown="1">\n'), inner
        assert normalised(html_of(after)) == normalised(html_of(page)), inner
    inside = "<div>\n\n" + '<div class="bv-cite" markdown="1">\n\nx\n\n</div>\n\n</div>\n'
    assert pre.prerender("index.md", inside, {"index.md"}) == inside
    fenced = '```\n<div class="bv-cite" markdown="1">\n\nx\n\n</div>\n```\n'
    assert pre.prerender("index.md", fenced, {"index.md"}) == fenced


def test_pages_prerendered_on_several_cores_are_the_same(monkeypatch):
    pages = {f"p{i}.md": f"- [p{(i + 1) % 30}](p{(i + 1) % 30}.md)\n" for i in range(30)}
    plain = pre.prerender_all(pages, workers=1)
    monkeypatch.setattr(pre, "PARALLEL_FROM", 1)
    assert pre.prerender_all(pages, workers=2) == plain
    assert plain["p0.md"].text == '<ul>\n<li><a href="../p1/">p1</a></li>\n</ul>\n'
