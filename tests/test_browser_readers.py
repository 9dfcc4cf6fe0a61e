"""Reader features in a real browser: the use-case filters (a shared address, the count, the
filtered CSV download, keyboard, no JavaScript) and the "Cite this" box, axe clean."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from test_browser import browser, server, visit  # noqa: F401 (fixtures, shared)


def open_data(site) -> tuple[str, dict[str, str], dict[str, dict[str, str]]]:
    """use-cases.csv from the open data: its header line, each row's line by id, and each
    row's cells by id."""
    text = (site / "data" / "use-cases.csv").read_text(encoding="utf-8")
    lines = text.splitlines(True)  # no cell holds a line break
    cells = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert len(lines) == len(cells) + 1
    return lines[0], dict(zip(cells, lines[1:], strict=True)), cells


def shown_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "#bv-cases tbody tr:not([hidden])", "rows => rows.map(r => JSON.parse(r.dataset.csv)[0])")


def test_a_shared_address_opens_filtered_with_the_count(visit, repo_site):
    _, rows, cells = open_data(repo_site)
    wanted = sorted(i for i, c in cells.items()
                    if c["country"] == "NL" and c["outcome"] == "harmful")
    assert wanted  # the knowledge base has Dutch harmful cases to show
    v = visit()
    page = v.open("use-cases/?country=NL&outcome=harmful")
    assert page.locator("#bv-filter-form").is_visible()
    assert page.locator("#bv-f-country").input_value() == "NL"
    assert page.locator("#bv-f-outcome").input_value() == "harmful"
    assert shown_ids(page) == wanted
    assert page.locator("#bv-count").inner_text() == f"{len(wanted)} of {len(rows)} use cases"
    assert v.errors == [] and v.foreign == []


def test_the_download_holds_exactly_the_visible_rows(visit, repo_site):
    header, rows, cells = open_data(repo_site)
    v = visit()
    page = v.open("use-cases/?technology=machine-learning&year=2019")
    shown = shown_ids(page)
    assert 0 < len(shown) < len(rows)
    with page.expect_download() as download:
        page.locator("#bv-csv").click()
    assert download.value.suggested_filename == "use-cases-filtered.csv"
    text = Path(download.value.path()).read_bytes().decode("utf-8")
    assert text == header + "".join(rows[i] for i in shown)
    this_year = dt.date.today().year
    wanted = [i for i, c in cells.items() if "machine-learning" in c["technologies"].split(";")
              and int(c["period_start"]) <= 2019 <= int(c["period_end"] or this_year)]
    assert sorted(shown) == sorted(wanted)  # the list is in name order, the CSV in id order


def test_filters_work_from_the_keyboard_and_keep_the_address(visit):
    v = visit()
    page = v.open("use-cases/")
    total = len(shown_ids(page))
    page.locator("#bv-f-outcome").focus()
    page.keyboard.press("ArrowDown")  # the first outcome that has cases
    outcome = page.locator("#bv-f-outcome").input_value()
    assert outcome
    assert f"outcome={outcome}" in page.url
    assert 0 < len(shown_ids(page)) < total
    page.keyboard.press("Tab")  # on to the next filter, then to "Clear filters"
    page.locator("#bv-filter-clear").focus()
    page.keyboard.press("Enter")
    assert len(shown_ids(page)) == total
    assert "?" not in page.url
    assert page.locator("#bv-count").inner_text() == f"{total} of {total} use cases"


def test_an_unknown_filter_value_is_ignored_and_case_does_not_matter(visit):
    v = visit()
    page = v.open("use-cases/?country=nl&stage=nonsense")
    assert page.locator("#bv-f-country").input_value() == "NL"
    assert page.locator("#bv-f-stage").input_value() == ""
    assert page.url.endswith("use-cases/?country=NL")


def test_without_javascript_the_whole_list_reads(browser, server, repo_site):
    _, rows, _ = open_data(repo_site)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "use-cases/?country=NL")
    assert page.locator("#bv-cases tbody tr").count() == len(rows)
    assert page.locator("#bv-cases tbody tr:visible").count() == len(rows)
    assert not page.locator("#bv-filter-form").is_visible()
    assert page.locator("#bv-csv").get_attribute("href") == "../data/use-cases.csv"
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["use-cases/?country=NL&outcome=harmful",
                                  "technologies/blockchain/", "use-cases/nl-syri/",
                                  "patterns/blockchain/land-registry/",
                                  "browse/countries/"])
def test_reader_features_are_axe_clean(visit, scheme, path):
    """The filters, and the "Cite this" box opened (with its two code blocks)."""
    from axe_playwright_python.sync_playwright import Axe

    v = visit(scheme)
    page = v.open(path)
    if "?" not in path and "browse" not in path:
        box = page.locator("details.bv-citebox")
        box.locator("summary").click()  # opens from the keyboard's target too
        assert box.locator("pre code").count() == 2
        assert box.get_attribute("open") is not None
    results = Axe().run(page)
    serious = [(x["id"], x["impact"], [n["target"] for n in x["nodes"]][:3])
               for x in results.response["violations"] if x["impact"] in ("serious", "critical")]
    assert serious == []
