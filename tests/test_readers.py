"""Reader features on the pages: similar cases, the filterable list, "Cite this", topic feeds."""

from __future__ import annotations

from test_history import repo  # noqa: F401 (a git repository of three commits)

from buzzvalue.site.render import render


def test_a_use_case_page_lists_similar_cases_with_the_reason(tiny):
    kb = tiny.load()
    page = render(kb).files["use-cases/xx-land-registry.md"]
    section = page.split("## Similar use cases", 1)[1].split("## Sources", 1)[0]
    first = kb.similar["xx-land-registry"][0]
    assert "[Example payments pilot on a shared ledger](xx-ledger-payments.md)" in section
    assert first.reason in section
    assert section.count("\n- ") == len(kb.similar["xx-land-registry"])


def test_the_use_case_list_rows_carry_their_open_data_row_escaped(tiny):
    import csv
    import html
    import io
    import json
    import re

    tiny.mutate("use-cases/xx-land-registry.md", "organisation: Example Land Agency",
                'organisation: "Agency \\"<b>\\", & co"')
    kb = tiny.load()
    files = render(kb).files
    page = files["use-cases/index.md"]
    assert "<b>" not in page
    cells = [json.loads(html.unescape(m)) for m in re.findall(r'data-csv="([^"]*)"', page)]
    table = list(csv.reader(io.StringIO(files["data/use-cases.csv"])))
    assert cells == table[1:]
    header = re.search(r'data-csv-header="([^"]*)"', page).group(1)
    assert json.loads(html.unescape(header)) == table[0]
    assert 'id="bv-filter-form" hidden' in page  # shown by the script only
    assert '<option value="NO">Norway (1)</option>' in page


def code_after(page: str, label: str) -> str:
    """The code block after a label line in a page's Markdown, as a reader copies it."""
    import html

    block = page.split(f"\n{label}\n\n<pre><code>", 1)[1].split("</code></pre>", 1)[0]
    return html.unescape(block)


def test_entry_and_brief_pages_have_a_cite_box(tiny):
    import json

    from buzzvalue import __version__

    files = render(tiny.load(), site_url="https://example.org/bv/").files
    for page, title, key, reviewed in [
            ("technologies/ledger.md", "Shared Ledger", "ledger", [2026, 11, 1]),
            ("use-cases/xx-land-registry.md", "Example land registry on a shared ledger",
             "xx-land-registry", [2026, 11, 1]),
            ("patterns/ledger/land-registry.md", "Land registries: Shared Ledger",
             "pattern-ledger-land-registry", [2026, 11, 1])]:
        text = files[page]
        assert text.count('<details class="bv-citebox" markdown="1">') == 1, page
        url = "https://example.org/bv/" + page.removesuffix(".md") + "/"
        item = json.loads(code_after(text, "CSL-JSON:"))[0]
        assert (item["id"], item["title"], item["URL"], item["version"]) == (
            key, title, url, __version__)
        assert item["issued"] == {"date-parts": [reviewed]}
        assert item["author"] == [{"literal": "Buzz vs Value editors"}]
        bib = code_after(text, "BibTeX:")
        assert bib.startswith(f"@misc{{{key},") and f"url = {{{url}}}" in bib
        assert f"Buzz vs Value editors (2026). {title}. *Buzz vs Value*, version " \
               f"{__version__}, reviewed 2026-11-01. [{url}]({url})" in text


def test_cite_box_escapes_bibtex_and_markdown(tiny):
    import json

    tiny.mutate("use-cases/xx-land-registry.md", "title: Example land registry on a shared ledger",
                'title: "Cost & {speed} 100%_ *bold* <i>x</i>"')
    text = render(tiny.load()).files["use-cases/xx-land-registry.md"]
    bib = code_after(text, "BibTeX:")
    assert r"title = {{Cost \& \{speed\} 100\%\_ *bold* <i>x</i>}}" in bib
    assert json.loads(code_after(text, "CSL-JSON:"))[0]["title"] == (
        "Cost & {speed} 100%_ *bold* <i>x</i>")
    reference = text.split("<summary>Cite this</summary>\n\n", 1)[1].split("\n", 1)[0]
    assert r"Cost &amp; \{speed\} 100%\_ \*bold\* &lt;i&gt;x&lt;/i&gt;" in reference


def test_a_feed_per_technology_and_per_country_parses_and_holds_its_changes(repo):  # noqa: F811
    import feedparser

    from buzzvalue.kb import load
    from buzzvalue.model.history import load_history

    kb = load(repo)
    files = render(kb, history=load_history(repo, kb.schemas, kb.today),
                   site_url="https://example.org/bv/").files
    feeds = {path: feedparser.parse(files[path]) for path in (
        "feeds/technologies/ledger.xml", "feeds/technologies/records.xml",
        "feeds/countries/se.xml", "feeds/countries/no.xml", "feeds/countries/de.xml")}
    for path, feed in feeds.items():
        assert feed.bozo == 0 and feed.version == "atom10", (path, feed.get("bozo_exception"))
    ledger = feeds["feeds/technologies/ledger.xml"]
    assert ledger.feed.title == "Buzz vs Value: Shared Ledger"
    assert ledger.feed.link == "https://example.org/bv/technologies/ledger/"
    titles = [e.title for e in ledger.entries]
    assert titles[0].startswith("Shared Ledger: proven (")
    assert "Updated: Example payments pilot on a shared ledger" in titles
    assert "New: Example regional archive database" not in titles  # a records use case
    assert {e.title for e in feeds["feeds/technologies/records.xml"].entries} == {
        "Records System: insufficient evidence (insufficient evidence)",
        "New: Example regional archive database", "New: Records System"}
    sweden = [e.link for e in feeds["feeds/countries/se.xml"].entries]
    assert sweden and all(link.startswith("https://example.org/bv/use-cases/xx-ledger-")
                          for link in sweden)
    assert [e.link for e in feeds["feeds/countries/de.xml"].entries] == [
        "https://example.org/bv/use-cases/xx-records-archive/"]
    everything = {e.id for e in feedparser.parse(files["feed.xml"]).entries}
    assert {e.id for e in ledger.entries} <= everything  # the same change, the same id
    assert ledger.feed.id != feeds["feeds/countries/se.xml"].feed.id


def test_each_feed_is_linked_from_its_page(tiny):
    files = render(tiny.load()).files
    assert "[Atom feed](../feeds/technologies/ledger.xml)" in files["technologies/ledger.md"]
    countries = files["browse/countries.md"]
    sweden = countries.split("{#country-se}", 1)[1].split("\n## ", 1)[0]
    assert "[Atom feed](../feeds/countries/se.xml)" in sweden


def test_the_open_data_page_gives_the_version_and_build_date(tiny):
    from buzzvalue import __version__

    page = render(tiny.load()).files["data.md"]
    assert f"Version {__version__}, built 2026-11-29" in page
    assert "[claim_tests.csv](data/claim_tests.csv) | one row per claim a use case tests" in page
