"""Each rule, broken once in a tiny valid knowledge base, reported at the exact place."""

from __future__ import annotations

import pytest

from buzzvalue.core.diagnostics import ADVISORY

UC = "use-cases/xx-land-registry.md"
TECH = "technologies/ledger.md"
U, T = "xx-land-registry.md", "ledger.md"  # the file names a diagnostic shows

UNTESTED = (T, "BV403", 21, 9, "info", "no use case tests the claim 'tamper-evident'",
            "it counts as not substantiated in the buzz score until one does", "$.claims[0].id")
SECTIONS = "a use-case has these sections: '## What happened', '## Outcome', '## Lessons'"
NO_HTML = "write plain Markdown; the site renders entries without HTML"
NOT_LISTED = "the {0} '{1}' belongs to '{2}', which is not listed under 'technologies'"

# Each rule broken once: (file, text to replace, replacement, every diagnostic of the
# knowledge base as (file, code, line, col, severity, message, hint, json path), in report
# order). The whole list is compared: a missing, extra or repeated diagnostic fails.
CASES = [
    # schema
    ("BV101", UC, "organisation: Example Land Agency\n", "", [
        (U, "BV101", 3, 1, "error", "missing required field 'organisation'",
         "The public body that ran the deployment.", "$")]),
    ("BV102", UC, "organisation:", "colour: red\norganisation:", [
        (U, "BV102", 11, 1, "error", "unknown field 'colour'",
         "allowed here: id, kind, title, summary, technologies, jurisdiction, organisation, "
         "domain, period, stage, outcome, outcome_note, as_of, patterns, ruled_unlawful, tests, "
         "metrics, sources, reviewed, review_due", "$.colour")]),
    ("BV103", UC, "{start: 2017,", '{start: "2017",', [
        (U, "BV103", 13, 17, "error", "'start' should be a whole number, not text",
         "The year it started (or was announced).", "$.period.start")]),
    ("BV104-stage", UC, "stage: production", "stage: pilt", [
        (U, "BV104", 14, 8, "error",
         "'stage' 'pilt' is not one of: announced, pilot, production, scaled, discontinued",
         "did you mean 'pilot'?", "$.stage")]),
    ("BV104-domain", UC, 'domain: "01"', 'domain: "11"', [
        (U, "BV104", 12, 9, "error",
         "'domain' '11' is not one of: 01, 02, 03, 04, 05, 06, 07, 08, 09, 10",
         "A top-level division of the UN Classification of the Functions of Government "
         "(COFOG), written as its two-digit code.", "$.domain")]),
    ("BV105-url", UC, "    url: https://example.org/evaluation",
     "    url: htp://example.org/evaluation", [
         # the metric cited the source by its old address, which is gone now
         (U, "BV209", 26, 13, "error", "the metric's source is not among this entry's sources",
          "use the exact 'url' of one of the entries under 'sources'", "$.metrics[0].source"),
         (U, "BV105", 31, 10, "error",
          "'url' 'htp://example.org/evaluation' is not in the expected form",
          "An http:// or https:// address of a public page.", "$.sources[0].url")]),
    ("BV105-date", UC, 'reviewed: {date: "2026-11-01"', 'reviewed: {date: "2026-13-01"', [
        (U, "BV105", 34, 18, "error", "'date' '2026-13-01' is not in the expected form",
         "A calendar date written YYYY-MM-DD, in quotes.", "$.reviewed.date")]),
    ("BV106", UC, "tests:\n  - claim: ledger#tamper-evident\n    finding: supports\n"
                  "    note: The evaluation found no undetected change to anchored records.\n",
     "tests: []\n", [
         UNTESTED,  # the only test of the claim went with the list
         (U, "BV106", 19, 8, "error", "'tests': needs at least 1 item, has 0",
          "Which technology claims this deployment tests, and what it shows.", "$.tests")]),
    # identity and folders
    ("BV201", UC, "id: xx-land-registry", "id: xx-land-registri", [
        (U, "BV201", 3, 5, "error",
         "'id' is 'xx-land-registri' but the file is named 'xx-land-registry.md'",
         "rename the file to 'xx-land-registri.md' or write 'id: xx-land-registry'", "$.id")]),
    ("BV203", UC, "kind: use-case", "kind: technology", [
        (U, "BV203", 4, 7, "error",
         "'kind' is 'technology' but entries/use-cases/ holds 'use-case' entries",
         "write 'kind: use-case'", "$.kind")]),
    # references
    ("BV204-technologies", UC, "technologies: [ledger]", "technologies: [ledgr]", [
        (U, "BV204", 9, 16, "error", "no technology has the id 'ledgr'",
         "did you mean 'ledger'?", "$.technologies[0]"),
        (U, "BV213", 18, 12, "error",
         NOT_LISTED.format("use pattern", "ledger#land-registry", "ledger"),
         "add 'ledger' to 'technologies' or name another pattern", "$.patterns[0]"),
        (U, "BV207", 20, 12, "error",
         NOT_LISTED.format("claim", "ledger#tamper-evident", "ledger"),
         "add 'ledger' to 'technologies' or test another claim", "$.tests[0].claim")]),
    ("BV204-part-of", TECH, "part_of: [records]", "part_of: [record]", [
        (T, "BV204", 10, 11, "error", "no technology has the id 'record'",
         "did you mean 'records'?", "$.part_of[0]")]),
    ("BV204-alternatives", TECH, "    technology: records", "    technology: recrods", [
        (T, "BV204", 57, 17, "error", "no technology has the id 'recrods'",
         "did you mean 'records'?", "$.alternatives[0].technology")]),
    ("BV205-claim", UC, "claim: ledger#tamper-evident", "claim: ledger#tamper-proof", [
        UNTESTED,
        (U, "BV205", 20, 12, "error", "the technology 'ledger' has no claim 'tamper-proof'",
         "its claims are: tamper-evident, cuts-costs", "$.tests[0].claim")]),
    ("BV205-technology", UC, "claim: ledger#tamper-evident", "claim: ledgr#tamper-evident", [
        UNTESTED,
        (U, "BV205", 20, 12, "error",
         "the claim 'ledgr#tamper-evident' names an unknown technology 'ledgr'",
         "did you mean 'ledger'?", "$.tests[0].claim")]),
    ("BV206", TECH, "  - id: cuts-costs", "  - id: tamper-evident", [
        (T, "BV206", 31, 9, "error",
         "the claim id 'tamper-evident' is used twice in this technology",
         "give each claim its own id", "$.claims[1].id"),
        (T, "BV214", 49, 14, "error",
         "the pattern names the claim 'cuts-costs', which this technology does not have",
         "its claims are: tamper-evident", "$.patterns[1].claims[0]"),
        ("xx-ledger-payments.md", "BV205", 20, 12, "error",
         "the technology 'ledger' has no claim 'cuts-costs'",
         "its claims are: tamper-evident", "$.tests[0].claim")]),
    ("BV207", UC, "claim: ledger#tamper-evident", "claim: records#reliable", [
        UNTESTED,
        (U, "BV207", 20, 12, "error", NOT_LISTED.format("claim", "records#reliable", "records"),
         "add 'records' to 'technologies' or test another claim", "$.tests[0].claim")]),
    ("BV208", UC, "country: NO", "country: UK", [
        (U, "BV208", 10, 25, "error", "'UK' is not an ISO 3166-1 alpha-2 country code",
         "did you mean 'GB'?", "$.jurisdiction.country")]),
    ("BV209", UC, "    source: https://example.org/evaluation",
     "    source: https://example.org/elsewhere", [
         (U, "BV209", 26, 13, "error", "the metric's source is not among this entry's sources",
          "use the exact 'url' of one of the entries under 'sources'", "$.metrics[0].source")]),
    # dates
    ("BV210", UC, "{start: 2017, end: 2020}", "{start: 2021, end: 2020}", [
        (U, "BV210", 13, 28, "error", "the period ends (2020) before it starts (2021)",
         "swap the years, or correct one of them", "$.period.end")]),
    ("BV211", UC, "{start: 2017, end: 2020}", "{start: 2017, end: 2030}", [
        (U, "BV211", 13, 28, "error", "the period's end year 2030 is in the future",
         "record what has happened; leave out 'end' while it runs", "$.period.end")]),
    ("BV212", UC, 'date: "2021-05-03"', 'date: "2021-02-30"', [
        (U, "BV212", 30, 11, "error", "'2021-02-30' is not a real calendar date",
         "check the day and month", "$.sources[0].date")]),
    ("BV503", UC, "outcome: delivered\n", "outcome: delivered\nruled_unlawful: true\n", [
        (U, "BV503", 16, 17, "warning", "'ruled_unlawful' is true but no source has 'type: court'",
         "cite the judgment or regulator's decision itself among the sources, with "
         "'type: court'", "$.ruled_unlawful")]),
    # body
    ("BV301-typo", UC, "## Lessons\n", "## Lesons\n", [  # at the misspelt heading
        (U, "BV301", 46, 1, "error",
         "the body lacks the section '## Lessons': the heading '## Lesons' differs from it",
         "did you mean '## Lessons'? headings match exactly, case included; " + SECTIONS, "")]),
    ("BV301-missing", UC, "## Lessons\n", "## Conclusions\n", [  # nothing close: at the end
        (U, "BV301", 48, 1, "error", "the body lacks the section '## Lessons'", SECTIONS, "")]),
    ("BV302", UC, "(https://example.org/evaluation)", "(javascript:alert(1))", [
        (U, "BV302", 44, 22, "error", "the link 'javascript:alert(1' is not an http(s) address",
         "link only to public web pages with a full https:// address; other entries are "
         "linked through the front matter", "")]),
    ("BV303", UC, "See the [evaluation]", "See the <b>bold</b> [evaluation]", [
        (U, "BV303", 44, 9, "error", "raw HTML '<b>' is not allowed in an entry", NO_HTML, ""),
        (U, "BV303", 44, 16, "error", "raw HTML '</b>' is not allowed in an entry", NO_HTML, "")]),
    ("BV303-script", UC, "Institutional reform", "<script>alert(1)</script> Institutional reform", [
        (U, "BV303", 48, 1, "error", "raw HTML '<script>' is not allowed in an entry", NO_HTML,
         ""),
        (U, "BV303", 48, 17, "error", "raw HTML '</script>' is not allowed in an entry", NO_HTML,
         "")]),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_rule_reports_exactly_these_diagnostics(tiny, name, old, new, expected):
    tiny.mutate(name, old, new)
    assert tiny.seen() == expected


def test_a_repeated_diagnostic_fails_the_exact_comparison():
    """What the exact comparison above rests on: a list keeps a duplicate, a set drops it."""
    (one,) = CASES[3][4]
    assert [one, one] != [one]
    assert {one, one} == {one}


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
    assert tiny.seen() == [
        ("zz-copy.md", "BV105", 3, 5, "error",
         "'id' 'XX-Land-Registry' is not in the expected form",
         "Lower-case letters, digits and single hyphens, such as `blockchain` or `nl-syri`.",
         "$.id"),
        ("zz-copy.md", "BV201", 3, 5, "error",
         "'id' is 'XX-Land-Registry' but the file is named 'zz-copy.md'",
         "rename the file to 'XX-Land-Registry.md' or write 'id: zz-copy'", "$.id"),
        ("zz-copy.md", "BV202", 3, 5, "error",
         "the id 'XX-Land-Registry' is already used by kb/entries/use-cases/xx-land-registry.md",
         "ids are unique, ignoring case; choose another", "$.id")]


def test_entry_outside_known_folders(tiny):
    text = tiny.path(UC).read_text().replace("xx-land-registry", "xx-stray")
    tiny.write("misc/xx-stray.md", text)
    assert tiny.seen() == [
        ("xx-stray.md", "BV203", 3, 1, "error", "the entry is not in a known folder",
         "put it in one of: entries/technologies/, entries/use-cases/, entries/guides/", "$")]


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
    assert [(n, c, line, col) for n, c, line, col, *_ in tiny.seen()] == [
        ("xx-broken.md", "BV006", 3, 1), ("xx-land-registry.md", "BV104", 14, 8)]


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
