"""The use-case list with filters: an HTML table whose rows carry what the filters read.

The whole list is in the HTML, so it reads without JavaScript. The site's own small script
(docs/javascripts/filters.js) shows the form, hides the rows that do not match, keeps the
filter in the query string (``use-cases/?country=NL&outcome=harmful``), counts what is
shown, and builds the "download these as CSV" file from the rows' own use-cases.csv cells.
"""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from collections.abc import Iterable

from ..core.countries import country_name
from ..export import opendata
from .context import Context, case_page, tech_page
from .mdtext import attr, href, page_url

# Query-string name, label, and the use-cases.csv column the filter reads.
FACETS = (("technology", "Technology", "technologies"), ("country", "Country", "country"),
          ("level", "Level", "level"), ("domain", "Domain", "domain"),
          ("stage", "Stage", "stage"), ("outcome", "Outcome", "outcome"),
          ("evidence", "Strongest evidence", "evidence"), ("year", "Year", ""))
COLUMNS = [c for c, _, _ in opendata.TABLES["use-cases"]]
CSV_NAME = "use-cases-filtered.csv"


def _options(name: str, label: str, choices: Iterable[tuple[str, str]],
             counts: Counter[str]) -> str:
    options = ['<option value="">Any</option>']
    options += [f'<option value="{attr(value)}">{attr(title)} ({counts[value]})</option>'
                for value, title in choices if counts[value]]
    return (f'<div class="bv-filter-field"><label for="bv-f-{name}">{label}</label>'
            f'<select id="bv-f-{name}" name="{name}">{"".join(options)}</select></div>')


def _years(cells: dict[str, str], this_year: int) -> range:
    start = int(cells["period_start"]) if cells["period_start"].isdigit() else this_year
    end = int(cells["period_end"]) if cells["period_end"].isdigit() else this_year
    return range(start, max(start, end) + 1)


def filter_form(ctx: Context, rows: dict[str, dict[str, str]]) -> str:
    """The filter controls, one select per facet, each option with how many cases it has.
    Hidden until the script runs: without it they would do nothing."""
    counts: dict[str, Counter[str]] = {name: Counter() for name, _, _ in FACETS}
    year = ctx.kb.today.year
    for cells in rows.values():
        for name, _, column in FACETS:
            values = (cells[column].split(";") if name == "technology" else [cells[column]]) \
                if column else [str(y) for y in _years(cells, year)]
            counts[name].update(v for v in values if v)
    choices: dict[str, list[tuple[str, str]]] = {
        "technology": sorted(((t, ctx.title(e)) for t, e in ctx.techs.items()),
                             key=lambda c: c[1].lower()),
        "country": sorted(((c, country_name(c) or c) for c in counts["country"]),
                          key=lambda c: c[1]),
        "level": list(ctx.levels.items()),
        "domain": [(t.value, f"{t.value} {t.title}") for t in ctx.domains],
        "stage": [(t.value, t.title) for t in ctx.stages],
        "outcome": [(t.value, t.title) for t in ctx.outcomes],
        "evidence": [(t, ctx.source_types.get(t, t)) for t in ctx.kb.rubric.evidence_order],
        "year": [(y, y) for y in sorted(counts["year"], reverse=True)],
    }
    fields = "".join(_options(name, label, choices[name], counts[name])
                     for name, label, _ in FACETS)
    return ('<form class="bv-filter-form" id="bv-filter-form" hidden '
            'aria-label="Filter the use cases">'
            f'{fields}<div class="bv-filter-field bv-filter-clear">'
            '<button type="button" id="bv-filter-clear">Clear filters</button>'
            "</div></form>")


def _link(address: str, label: str) -> str:
    return f'<a href="{attr(address)}">{attr(label)}</a>'


def _row(ctx: Context, here: str, case_id: str, cells: dict[str, str]) -> str:
    case = ctx.cases[case_id]
    year = ctx.kb.today.year
    years = _years(cells, year)
    techs = ", ".join(_link(href(here, tech_page(t), ctx.directory_urls), ctx.title(ctx.techs[t]))
                      for t in cells["technologies"].split(";") if t in ctx.techs)
    data = {"technology": " ".join(cells["technologies"].split(";")),
            "country": cells["country"], "level": cells["level"], "domain": cells["domain"],
            "stage": cells["stage"], "outcome": cells["outcome"],
            "evidence": cells["evidence"], "start": str(years.start),
            "end": str(years.stop - 1),
            "csv": json.dumps([cells[c] for c in COLUMNS], ensure_ascii=False,
                              separators=(",", ":"))}
    attributes = " ".join(f'data-{k}="{attr(v)}"' for k, v in data.items())
    link = _link(href(here, case_page(case_id), ctx.directory_urls), ctx.title(case))
    return (f"<tr {attributes}><td>{link}</td><td>{attr(ctx.country(case))}</td>"
            f"<td>{techs}</td><td>{attr(ctx.stage(cells['stage']))}</td>"
            f"<td>{attr(ctx.outcome(cells['outcome']))}</td>"
            f"<td>{attr(ctx.period(case))}</td></tr>")


def asset(from_page: str, path: str, directory_urls: bool = True) -> str:
    """An address for raw HTML from a page to a file that is not a page (data, feeds)."""
    here = page_url(from_page, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    return posixpath.relpath(path, base.rstrip("/") or ".")


def filterable_list(ctx: Context, here: str) -> str:
    """The form, the count with the download link, and the table of every use case."""
    rows = {uid: dict(zip(COLUMNS, cells, strict=True))
            for uid, cells in opendata.use_case_rows(ctx.kb).items() if uid in ctx.cases}
    # Readers scan by name, not by id (an id starts with a country code).
    rows = dict(sorted(rows.items(), key=lambda kv: (ctx.title(ctx.cases[kv[0]]).lower(),
                                                     kv[0])))
    total = len(rows)
    csv_link = asset(here, "data/use-cases.csv", ctx.directory_urls)
    status = (f'<p class="bv-filter-status"><span id="bv-count" role="status">{total} of '
              f'{total} use cases</span> · <a id="bv-csv" href="{csv_link}" '
              'download="use-cases.csv">Download these as CSV</a> '
              '(the same columns as the open data)</p>')
    header = "".join(f'<th scope="col">{h}</th>' for h in
                     ("Use case", "Country", "Technologies", "Stage", "Outcome", "Years"))
    body = "\n".join(_row(ctx, here, uid, cells) for uid, cells in rows.items())
    return "\n".join([
        f'<div class="bv-filters" id="bv-filters" data-total="{total}">',
        filter_form(ctx, rows), status,
        f'<table id="bv-cases" data-csv-header="{attr(json.dumps(COLUMNS))}" '
        f'data-csv-name="{CSV_NAME}">',
        f"<thead><tr>{header}</tr></thead>", "<tbody>", body, "</tbody></table>", "</div>", ""])
