"""Reader features on the pages: similar cases, the filterable list, "Cite this", topic feeds."""

from __future__ import annotations

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
