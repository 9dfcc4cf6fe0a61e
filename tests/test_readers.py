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
