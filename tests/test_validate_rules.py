"""Each rule, broken once in a tiny valid knowledge base, reported at the exact place."""

from __future__ import annotations

import pytest

from buzzvalue.core.diagnostics import ADVISORY

UC = "use-cases/xx-land-registry.md"
TECH = "technologies/ledger.md"

# (file, text to replace, replacement, code, line, col)
CASES = [
    # schema
    (UC, "organisation: Example Land Agency\n", "", "BV101", 3, 1),
    (UC, "organisation:", "colour: red\norganisation:", "BV102", 11, 1),
    (UC, "{start: 2017,", '{start: "2017",', "BV103", 13, 17),
    (UC, "stage: production", "stage: pilt", "BV104", 14, 8),
    (UC, "domain: \"01\"", "domain: \"11\"", "BV104", 12, 9),
    (UC, "    url: https://example.org/evaluation", "    url: htp://example.org/evaluation",
     "BV105", 31, 10),
    (UC, 'reviewed: {date: "2026-11-01"', 'reviewed: {date: "2026-13-01"', "BV105", 34, 18),
    (UC, "tests:\n  - claim: ledger#tamper-evident\n    finding: supports\n"
         "    note: The evaluation found no undetected change to anchored records.\n",
     "tests: []\n", "BV106", 19, 8),
    # identity and folders
    (UC, "id: xx-land-registry", "id: xx-land-registri", "BV201", 3, 5),
    (UC, "kind: use-case", "kind: technology", "BV203", 4, 7),
    # references
    (UC, "technologies: [ledger]", "technologies: [ledgr]", "BV204", 9, 16),
    (TECH, "part_of: [records]", "part_of: [record]", "BV204", 10, 11),
    (UC, "claim: ledger#tamper-evident", "claim: ledger#tamper-proof", "BV205", 20, 12),
    (UC, "claim: ledger#tamper-evident", "claim: ledgr#tamper-evident", "BV205", 20, 12),
    (TECH, "  - id: cuts-costs", "  - id: tamper-evident", "BV206", 31, 9),
    (UC, "claim: ledger#tamper-evident", "claim: records#reliable", "BV207", 20, 12),
    (UC, "country: NO", "country: UK", "BV208", 10, 25),
    (UC, "    source: https://example.org/evaluation",
     "    source: https://example.org/elsewhere", "BV209", 26, 13),
    # dates
    (UC, "{start: 2017, end: 2020}", "{start: 2021, end: 2020}", "BV210", 13, 28),
    (UC, "{start: 2017, end: 2020}", "{start: 2017, end: 2030}", "BV211", 13, 28),
    (UC, 'date: "2021-05-03"', 'date: "2021-02-30"', "BV212", 30, 11),
    (UC, "outcome: delivered\n", "outcome: delivered\nruled_unlawful: true\n", "BV503", 16, 17),
    # body
    (UC, "## Lessons\n", "## Lesons\n", "BV301", 46, 1),  # at the misspelt heading
    (UC, "## Lessons\n", "## Conclusions\n", "BV301", 48, 1),  # nothing close: at the end
    (UC, "(https://example.org/evaluation)", "(javascript:alert(1))", "BV302", 44, 22),
    (UC, "See the [evaluation]", "See the <b>bold</b> [evaluation]", "BV303", 44, 9),
    (UC, "Institutional reform", "<script>alert(1)</script> Institutional reform", "BV303",
     48, 1),
]


@pytest.mark.parametrize(("name", "old", "new", "code", "line", "col"), CASES,
                         ids=[f"{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_rule_reports_exact_place(tiny, name, old, new, code, line, col):
    tiny.mutate(name, old, new)
    assert (name.split("/")[1], code, line, col) in tiny.found()


def test_valid_fixture_is_clean(tiny):
    report = tiny.load().report
    assert report.diagnostics == ()
    assert report.files_checked == 5


def test_typo_in_field_name_suggests_the_right_one(tiny):
    tiny.mutate(UC, "organisation:", "organsation:")
    hints = {d.code: d.hint for d in tiny.load().report.diagnostics}
    assert hints["BV102"] == "did you mean 'organisation'?"


def test_wrong_vocabulary_value_suggests_the_closest(tiny):
    tiny.mutate(UC, "stage: production", "stage: pilt")
    (diagnostic,) = tiny.load().report.diagnostics
    assert diagnostic.message.startswith("'stage' 'pilt' is not one of: announced, pilot")
    assert diagnostic.hint == "did you mean 'pilot'?"
    assert diagnostic.json_path == "$.stage"


def test_duplicate_id_ignores_case(tiny):
    text = tiny.path(UC).read_text().replace("id: xx-land-registry", "id: XX-Land-Registry")
    tiny.write("use-cases/zz-copy.md", text)
    codes = {(n, c) for n, c, _, _ in tiny.found()}
    assert ("zz-copy.md", "BV202") in codes


def test_entry_outside_known_folders(tiny):
    text = tiny.path(UC).read_text().replace("xx-land-registry", "xx-stray")
    tiny.write("misc/xx-stray.md", text)
    assert ("xx-stray.md", "BV203", 3, 1) in tiny.found()


def test_country_written_no_stays_norway(tiny):
    (entry,) = [e for e in tiny.load().entries if e.id == "xx-land-registry"]
    assert entry.data["jurisdiction"]["country"] == "NO"


def test_missing_sections_point_at_the_end_and_list_the_order(tiny):
    tiny.mutate(UC, "## Outcome\n", "## Result\n")
    (diagnostic,) = tiny.load().report.diagnostics
    assert diagnostic.message == "the body lacks the section '## Outcome'"
    assert "'## What happened', '## Outcome', '## Lessons'" in diagnostic.hint


def test_html_and_links_inside_code_are_fine(tiny):
    tiny.mutate(UC, "Institutional reform", "Write `<b>` and\n\n```\n<i>[x](ftp://y)</i>\n```\n\nI")
    assert tiny.found() == set()


def test_a_broken_file_does_not_stop_the_others(tiny):
    tiny.write("use-cases/xx-broken.md", "---\nid: [unclosed\n---\n")
    tiny.mutate(UC, "stage: production", "stage: pilt")
    codes = {(n, c) for n, c, _, _ in tiny.found()}
    assert {("xx-broken.md", "BV006"), ("xx-land-registry.md", "BV104")} <= codes


def test_the_missing_section_hint_does_not_promise_an_order_that_is_not_checked(tiny):
    tiny.mutate(UC, "## Lessons\n", "## Lesons\n")
    (found,) = [d for d in tiny.load().report.diagnostics if d.code == "BV301"]
    assert "order" not in found.hint
    assert "a use-case has these sections: '## What happened'" in found.hint


def test_a_wrong_case_heading_gets_a_did_you_mean_at_its_own_line(tiny):
    tiny.mutate(UC, "## What happened\n", "## What Happened\n")
    (found,) = tiny.load().report.diagnostics
    assert (found.code, found.line, found.col) == ("BV301", 38, 1)
    assert found.message == ("the body lacks the section '## What happened': the heading "
                             "'## What Happened' differs from it")
    assert found.hint.startswith("did you mean '## What happened'?")


def test_a_heading_far_from_every_section_is_not_suggested(tiny):
    tiny.mutate(UC, "## Outcome\n", "## Budget\n")
    (found,) = tiny.load().report.diagnostics
    assert (found.line, found.message) == (48, "the body lacks the section '## Outcome'")
    assert "did you mean" not in found.hint


def copy_as(tiny, new_id: str, country: str) -> str:
    """The use case copied under another id and country; its file name."""
    text = (tiny.path(UC).read_text().replace("id: xx-land-registry", f"id: {new_id}")
            .replace("country: NO", f"country: {country}"))
    tiny.write(f"use-cases/{new_id}.md", text)
    return f"{new_id}.md"


def test_an_id_prefix_of_another_country_is_reported_at_the_id(tiny):
    name = copy_as(tiny, "es-land-registry", "PT")
    assert tiny.found() == {(name, "BV220", 3, 5)}
    (found,) = tiny.load().report.diagnostics
    assert found.message == ("the id 'es-land-registry' does not start with 'pt-', the code "
                             "of its country PT (Portugal)")
    assert found.hint.startswith("rename the file and the id to 'pt-land-registry'")


@pytest.mark.parametrize(("new_id", "country", "expected"), [
    ("pt-land-registry", "PT", set()),
    ("eu-land-registry", "EU", set()),
    ("es-land-registry", "EU", {("es-land-registry.md", "BV220", 3, 5)}),
    ("eu-land-registry", "ES", {("eu-land-registry.md", "BV220", 3, 5)}),
    ("land-registry-pt", "PT", {("land-registry-pt.md", "BV220", 3, 5)}),
    ("zz-land-registry", "PT", set()),  # user-assigned codes are for examples
])
def test_the_id_prefix_follows_the_country(tiny, new_id, country, expected):
    copy_as(tiny, new_id, country)
    assert tiny.found() == expected


def test_ruled_unlawful_needs_a_court_source_and_a_court_source_satisfies_it(tiny):
    tiny.mutate(UC, "outcome: delivered\n", "outcome: delivered\nruled_unlawful: true\n")
    assert tiny.found() == {("xx-land-registry.md", "BV503", 16, 17)}
    (found,) = tiny.load().report.diagnostics
    assert found.severity.name == "WARNING" and found.code in ADVISORY
    tiny.mutate(UC, "    type: audit\n", "    type: court\n")
    assert tiny.found() == set()


@pytest.mark.parametrize(("written", "hint"), [
    ("02/12/2018", 'write it as YYYY-MM-DD: "2018-12-02" or "2018-02-12" (check in the source '
                   "which is the day)"),
    ("25.12.2018", 'write it as YYYY-MM-DD: "2018-12-25"'),
])
def test_a_day_first_date_gets_one_clear_message(tiny, written, hint):
    tiny.mutate(UC, 'date: "2021-05-03"', f'date: "{written}"')
    (found,) = tiny.load().report.diagnostics
    assert (found.code, found.line, found.col) == ("BV105", 30, 11)
    assert found.message == f"'date' '{written}' is not an ISO date (year first)"
    assert found.hint == hint
