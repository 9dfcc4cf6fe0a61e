"""Rules at their edges, each in the tiny knowledge base with an explicit `today`: the
future-year and stale-story thresholds, overdue reviews, `~` as null, code in bodies (skipped
by the body checks), links and markup, schema wording, references to patterns and claims,
and ids that follow their country. Every diagnostic of the knowledge base is compared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import TODAY as TODAY_

from buzzvalue.load import strictyaml

UC, TECH, REC = ("use-cases/xx-land-registry.md", "technologies/ledger.md",
                 "technologies/records.md")
U, T = "xx-land-registry.md", "ledger.md"
NOT_HTTP = ("link only to public web pages with a full https:// address; other entries are "
            "linked through the front matter")
NO_HTML = "write plain Markdown; the site renders entries without HTML"
PLAIN = "write plain text; fields are shown exactly as written"
LESSONS = "Institutional reform did most of the work."  # the last body line, line 48


def link(line: int, col: int, target: str) -> tuple:
    return (U, "BV302", line, col, "error", f"the link '{target}' is not an http(s) address",
            NOT_HTTP, "")


def html(line: int, col: int, tag: str) -> tuple:
    return (U, "BV303", line, col, "error", f"raw HTML '{tag}' is not allowed in an entry",
            NO_HTML, "")


# --- dates against today -------------------------------------------------------------------

FUTURE_END = (U, "BV211", 13, 28, "error", "the period's end year 2020 is in the future",
              "record what has happened; leave out 'end' while it runs", "$.period.end")


@pytest.mark.parametrize(("today", "expected"), [
    # xx-land-registry ends in 2020 and xx-ledger-payments in 2019: on 31 December 2019 the
    # year 2019 is not in the future yet (>, not >=), 2020 is
    (dt.date(2019, 12, 31), [FUTURE_END]),
    (dt.date(2020, 1, 1), []),
])
def test_a_period_year_is_in_the_future_only_after_this_year(tiny, today, expected):
    assert tiny.seen(today) == expected


def test_a_start_year_in_the_future_is_reported_at_the_start(tiny):
    tiny.mutate(UC, "{start: 2017, end: 2020}", "{start: 2020}")
    assert tiny.seen(dt.date(2019, 6, 1)) == [
        (U, "BV211", 13, 17, "error", "the period's start year 2020 is in the future",
         "record what has happened; leave out 'end' while it runs", "$.period.start")]


def stale(reference: str) -> tuple:
    return (U, "BV502", 17, 8, "warning", "the newest source is from 2021, more than 3 years "
            f"before {reference}, yet the deployment is still 'production'",
            "search for what happened since and cite it, or change the stage", "$.as_of")


@pytest.mark.parametrize(("as_of", "today", "expected"), [
    ("2024-12-31", dt.date(2026, 11, 29), []),  # 2024 - 2021 = 3: not more than 3 years
    ("2025-01-01", dt.date(2026, 11, 29), [stale("2025-01-01")]),  # 4 years
    ("2025-01-01", dt.date(2024, 12, 31), []),  # read before its as_of: today counts
    ("2026-01-01", dt.date(2025, 3, 1), [stale("2025-03-01")]),  # the earlier of the two
])
def test_a_running_deployment_with_old_sources_is_stale_after_three_years(
        tiny, as_of, today, expected):
    tiny.mutate(UC, 'as_of: "2021-06-01"', f'as_of: "{as_of}"')
    assert tiny.seen(today) == expected


def test_a_stopped_deployment_is_never_stale(tiny):
    tiny.mutate(UC, 'as_of: "2021-06-01"', 'as_of: "2026-01-01"')
    tiny.mutate(UC, "stage: production", "stage: discontinued")
    assert tiny.seen() == []


def test_a_pilot_is_stale_like_production(tiny):
    tiny.mutate(UC, 'as_of: "2021-06-01"', 'as_of: "2026-01-01"')
    tiny.mutate(UC, "stage: production", "stage: pilot")
    assert [d[:4] for d in tiny.seen()] == [(U, "BV502", 17, 8)]


def test_the_newest_of_several_sources_counts(tiny):
    # sources from 2021 and 2023; read on 2026-01-01: 2026 - 2023 = 3 years, not stale
    tiny.mutate(UC, 'as_of: "2021-06-01"', 'as_of: "2026-01-01"')
    tiny.mutate(UC, "sources:\n", "sources:\n  - {title: Example follow-up, publisher: Example, "
                'date: "2023-02", url: "https://example.org/later", type: media, '
                "by: independent}\n")
    assert tiny.seen() == []


def overdue(name: str, line: int) -> tuple:
    return (name, "BV501", line, 13, "warning", "the review was due on 2027-11-01",
            "check the entry against new evidence and sources, then update 'reviewed' and "
            "'review_due'", "$.review_due")


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2027, 11, 1), []),  # due today is not overdue
    (dt.date(2027, 11, 2), [overdue("ledger.md", 64), overdue("records.md", 32),
                            overdue(U, 35), overdue("xx-ledger-payments.md", 27),
                            overdue("xx-records-archive.md", 26)]),
])
def test_a_review_is_overdue_the_day_after_it_is_due(tiny, today, expected):
    assert tiny.seen(today) == expected


# --- ~ is null -----------------------------------------------------------------------------

def test_the_strict_reader_reads_tilde_and_null_as_null_and_quoted_tilde_as_text():
    data = strictyaml.parse("a: ~\nb: null\nc: '~'\nd:\ne: Null\nf: NULL\n").data
    assert data == {"a": None, "b": None, "c": "~", "d": None, "e": "Null", "f": "NULL"}


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("{start: 2017, end: 2020}", "{start: 2017, end: ~}", [
        (U, "BV103", 13, 28, "error", "'end' should be a whole number, not empty",
         "The year it ended, or the year of the latest evidence for a running deployment.",
         "$.period.end")]),
    ("organisation: Example Land Agency", "organisation: ~", [
        (U, "BV103", 11, 15, "error", "'organisation' should be text, not empty",
         "put the value in quotes", "$.organisation")]),
    ("organisation: Example Land Agency", "organisation: '~'", [
        (U, "BV106", 11, 15, "error", "'organisation': needs at least 2 characters, has 1",
         "The public body that ran the deployment.", "$.organisation")]),
])
def test_tilde_is_an_empty_value_in_an_entry(tiny, old, new, expected):
    tiny.mutate(UC, old, new)
    assert tiny.seen() == expected


# --- the body: code is skipped, links and markup are checked -------------------------------

@pytest.mark.parametrize("code", [
    "Text.\n\n    <b>[x](ftp://y)</b> <ftp://z>\n\tj <i> [y]: ftp://w\n\nMore.",  # indented
    "```\n<b>[x](ftp://y)</b>\n```",
    "   ~~~\n```\n<b>\n~~~\n",  # a fence ends only at its own marker
])
def test_html_and_links_in_code_blocks_are_not_checked(tiny, code):
    tiny.mutate(UC, LESSONS, code)
    assert tiny.seen() == []


def test_checks_resume_after_a_closed_fence(tiny):
    tiny.mutate(UC, LESSONS, "```\n<b>\n```\n<i> and [x](ftp://y)\n")
    assert tiny.seen() == [html(51, 1, "<i>"), link(51, 13, "ftp://y")]


def test_an_unclosed_fence_hides_the_rest_of_the_body(tiny):
    tiny.mutate(UC, "## Outcome\n", "```\n## Outcome\n")
    assert tiny.seen() == [  # at the last line, which the fence line moved down to 49
        (U, "BV301", 49, 1, "error", "the body lacks the section '## Outcome'",
         "a use-case has these sections: '## What happened', '## Outcome', '## Lessons'", ""),
        (U, "BV301", 49, 1, "error", "the body lacks the section '## Lessons'",
         "a use-case has these sections: '## What happened', '## Outcome', '## Lessons'", "")]


def test_a_heading_in_an_indented_code_block_is_no_section(tiny):
    tiny.mutate(UC, "## Lessons\n", "    ## Lessons\n")
    assert tiny.seen() == [
        (U, "BV301", 48, 1, "error", "the body lacks the section '## Lessons'",
         "a use-case has these sections: '## What happened', '## Outcome', '## Lessons'", "")]


def test_four_spaces_before_a_fence_make_code_not_a_fence(tiny):
    tiny.mutate(UC, LESSONS, "    ```\n<b>\n")
    assert tiny.seen() == [html(49, 1, "<b>")]


@pytest.mark.parametrize(("text", "expected"), [
    ("[x]: ftp://example.org/x\n   [y]: <javascript:alert(1)>\n",  # reported once, not twice
     [link(48, 6, "ftp://example.org/x"), link(49, 10, "javascript:alert(1)")]),
    ("<ftp://example.org/x> and <https://example.org/y> and <mailto:a@b>",
     [link(48, 2, "ftp://example.org/x"), link(48, 56, "mailto:a@b")]),
    ("![a](data:image/png;base64,xx)", [link(48, 6, "data:image/png;base64,xx")]),
    ("[a](http://) [b](HTTPS://EXAMPLE.ORG) [c]( https://example.org/z)",
     [link(48, 5, "http://")]),
    ("[a](ftp://" + "x" * 100 + ") <span " + "y" * 60 + ">",
     [link(48, 5, "ftp://" + "x" * 74), html(48, 113, "<span " + "y" * 34)]),
    ("<!-- hi --> <?php x ?> <!DOCTYPE html>",
     [html(48, 1, "<!--"), html(48, 13, "<?"), html(48, 24, "<!D")]),
    ("`<b>` ``[x](ftp://y)`` and <i>", [html(48, 28, "<i>")]),
    ("<br/> and </p>", [html(48, 1, "<br/>"), html(48, 11, "</p>")]),
], ids=["definitions", "autolinks", "image", "http-needs-more", "cut-short", "comments",
        "code-spans", "void-and-closing"])
def test_links_and_html_in_the_body(tiny, text, expected):
    tiny.mutate(UC, LESSONS, text)
    assert tiny.seen() == expected


def test_a_heading_with_closing_hashes_is_its_section(tiny):
    tiny.mutate(UC, "## Lessons\n", "##   Lessons ##\n")
    assert tiny.seen() == []


# --- schema wording ------------------------------------------------------------------------

TITLE = "title: Example land registry on a shared ledger"
NAME = "The deployment's name as its sources give it."


@pytest.mark.parametrize(("old", "new", "expected"), [
    (TITLE, "title: 123", [(U, "BV103", 5, 8, "error", "'title' should be text, not a whole "
                            "number", "put the value in quotes", "$.title")]),
    (TITLE, "title: 1.5", [(U, "BV103", 5, 8, "error", "'title' should be text, not a number",
                            "put the value in quotes", "$.title")]),
    (TITLE, "title: true", [(U, "BV103", 5, 8, "error", "'title' should be text, not true or "
                             "false", "put the value in quotes", "$.title")]),
    (TITLE, "title: [a, b]", [(U, "BV103", 5, 8, "error", "'title' should be text, not a list",
                               NAME, "$.title")]),
    (TITLE, "title: {a: b}", [(U, "BV103", 5, 8, "error", "'title' should be text, not a "
                               "mapping of fields", NAME, "$.title")]),
    ("jurisdiction: {country: NO, level: national}", "jurisdiction: Norway", [
        (U, "BV103", 10, 15, "error", "'jurisdiction' should be a mapping of fields, not text",
         "Where the deployment ran.", "$.jurisdiction")]),
    (TITLE, "title: Ex", [(U, "BV106", 5, 8, "error", "'title': needs at least 3 characters, "
                           "has 2", NAME, "$.title")]),
    (TITLE, "title: " + "x" * 201, [(U, "BV106", 5, 8, "error", "'title': allows at most 200 "
                                     "characters, has 201", NAME, "$.title")]),
    ("technologies: [ledger]", "technologies: [ledger, ledger]", [
        (U, "BV106", 9, 15, "error", "'technologies': lists the same item twice",
         "Ids of the technologies the deployment used (files in entries/technologies/).",
         "$.technologies")]),
    ("{start: 2017,", "{start: 1949,", [
        (U, "BV106", 13, 17, "error", "'start': 1949 is less than the minimum of 1950",
         "The year it started (or was announced).", "$.period.start")]),
    ("outcome: delivered", "outcome: mixed", [
        (U, "BV104", 15, 10, "error", "'outcome' 'mixed' is not one of: delivered, "
         "partly-delivered, no-effect, not-delivered, harmful, unknown",
         "'mixed' was split in two: write 'partly-delivered' (a net positive, short of what was "
         "claimed) or 'no-effect' (no net effect, or results that point both ways), and say why "
         "in 'outcome_note'", "$.outcome")]),
    ("outcome: delivered", "outcome: deliverd", [
        (U, "BV104", 15, 10, "error", "'outcome' 'deliverd' is not one of: delivered, "
         "partly-delivered, no-effect, not-delivered, harmful, unknown",
         "did you mean 'delivered'?", "$.outcome")]),
    ("    type: audit", "    type: audt", [
        (U, "BV104", 32, 11, "error", "'type' 'audt' is not one of: evaluation, audit, court, "
         "academic, official, media", "did you mean 'audit'?", "$.sources[0].type")]),
    ("{country: NO, level: national}", "{country: NO}", [
        (U, "BV101", 10, 1, "error", "missing required field 'level' in $.jurisdiction", None,
         "$.jurisdiction")]),
    ("{country: NO, level: national}", "{country: NO, level: national, city: Oslo}", [
        (U, "BV102", 10, 46, "error", "unknown field 'city' in $.jurisdiction",
         "allowed here: country, level, place", "$.jurisdiction.city")]),
    ('date: "2021-05-03"', 'date: "31/31/2021"', [
        (U, "BV105", 30, 11, "error", "'date' '31/31/2021' is not an ISO date (year first)",
         "write the date as YYYY-MM-DD, as the source gives it", "$.sources[0].date")]),
    ('date: "2021-05-03"', 'date: "12/25/2021"', [
        (U, "BV105", 30, 11, "error", "'date' '12/25/2021' is not an ISO date (year first)",
         'write it as YYYY-MM-DD: "2021-12-25"', "$.sources[0].date")]),
    ('date: "2021-05-03"', 'date: "02-02-2021"', [
        (U, "BV105", 30, 11, "error", "'date' '02-02-2021' is not an ISO date (year first)",
         'write it as YYYY-MM-DD: "2021-02-02"', "$.sources[0].date")]),
], ids=["int", "float", "bool", "list", "mapping", "text-for-mapping", "short", "long",
        "twice", "minimum", "retired", "typo", "nested-vocabulary", "nested-missing",
        "nested-unknown", "no-reading", "month-first", "same-both-ways"])
def test_schema_errors_are_worded_for_a_person(tiny, old, new, expected):
    tiny.mutate(UC, old, new)
    assert tiny.seen() == expected


# --- front-matter rules --------------------------------------------------------------------

PATTERN = "patterns: [ledger#land-registry]"
UNNAMED = (T, "BV404", 41, 9, "warning", "no use case names the pattern 'land-registry'",
           "add 'ledger#land-registry' to the 'patterns' of the use cases that do this job, or "
           "remove the pattern", "$.patterns[0].id")


@pytest.mark.parametrize(("name", "old", "new", "expected"), [
    (UC, TITLE, "title: Example <b>land</b> registry", [
        (U, "BV304", 5, 8, "error", "title contains markup or a script address ('<b>')", PLAIN,
         "$.title")]),
    (UC, "organisation: Example Land Agency", "organisation: Example onclick= Agency", [
        (U, "BV304", 11, 15, "error", "organisation contains markup or a script address "
         "('onclick=')", PLAIN, "$.organisation")]),
    (UC, "organisation: Example Land Agency", "organisation: see data:text/html,hi", [
        (U, "BV304", 11, 15, "error", "organisation contains markup or a script address "
         "('data:text/html,')", PLAIN, "$.organisation")]),
    (UC, "organisation: Example Land Agency", "organisation: VBScript :x", [
        (U, "BV304", 11, 15, "error", "organisation contains markup or a script address "
         "('VBScript :')", PLAIN, "$.organisation")]),
    (UC, "organisation: Example Land Agency", "organisation: Example " + "<" + "x" * 40 + ">", [
        (U, "BV304", 11, 15, "error", "organisation contains markup or a script address "
         "('<" + "x" * 29 + "')", PLAIN, "$.organisation")]),
    (UC, PATTERN, "patterns: [ledgr#land-registry]", [
        UNNAMED, (U, "BV213", 18, 12, "error", "the use pattern 'ledgr#land-registry' names an "
                  "unknown technology 'ledgr'", "did you mean 'ledger'?", "$.patterns[0]")]),
    (UC, PATTERN, "patterns: [ledger#land-registri]", [
        UNNAMED, (U, "BV213", 18, 12, "error", "the technology 'ledger' has no use pattern "
                  "'land-registri'", "did you mean 'land-registry'?", "$.patterns[0]")]),
    (UC, PATTERN, "patterns: [ledger#zzz]", [
        UNNAMED, (U, "BV213", 18, 12, "error", "the technology 'ledger' has no use pattern "
                  "'zzz'", "its patterns are: land-registry, payments", "$.patterns[0]")]),
    (UC, PATTERN, "patterns: [ledger#land-registry, records#registers]", [
        (U, "BV213", 18, 34, "error", "the use pattern 'records#registers' belongs to "
         "'records', which is not listed under 'technologies'",
         "add 'records' to 'technologies' or name another pattern", "$.patterns[1]")]),
    (TECH, "  - id: payments", "  - id: land-registry", [
        (T, "BV215", 46, 9, "error", "the pattern id 'land-registry' is used twice in this "
         "technology", "give each pattern its own id", "$.patterns[1].id"),
        ("xx-ledger-payments.md", "BV213", 18, 12, "error", "the technology 'ledger' has no use "
         "pattern 'payments'", "its patterns are: land-registry", "$.patterns[0]")]),
    (TECH, "claims: [cuts-costs]", "claims: [cuts-cost]", [
        (T, "BV214", 49, 14, "error", "the pattern names the claim 'cuts-cost', which this "
         "technology does not have", "did you mean 'cuts-costs'?", "$.patterns[1].claims[0]")]),
    (REC, "claims: [reliable]", "claims: [zzz]", [
        ("records.md", "BV214", 23, 14, "error", "the pattern names the claim 'zzz', which this "
         "technology does not have", "its claims are: reliable", "$.patterns[0].claims[0]")]),
    (UC, "country: NO", "country: EL", [
        (U, "BV208", 10, 25, "error", "'EL' is not an ISO 3166-1 alpha-2 country code",
         "did you mean 'GR'?", "$.jurisdiction.country")]),
    (UC, "country: NO", "country: QQ", [
        (U, "BV208", 10, 25, "error", "'QQ' is not an ISO 3166-1 alpha-2 country code",
         "look the code up in ISO 3166-1 (Norway is NO, the United Kingdom GB)",
         "$.jurisdiction.country")]),
], ids=["markup-tag", "markup-handler", "markup-data", "markup-vbscript", "markup-cut-short",
        "pattern-unknown-technology", "pattern-close", "pattern-far", "pattern-not-listed",
        "pattern-id-twice", "pattern-claim-close", "pattern-claim-far", "country-EL",
        "country-unknown"])
def test_front_matter_rules(tiny, name, old, new, expected):
    tiny.mutate(name, old, new)
    assert tiny.seen() == expected


def prefix_error(file_id: str, code: str, country: str, renamed: str) -> tuple:
    return (f"{file_id}.md", "BV220", 3, 5, "error", f"the id '{file_id}' does not start with "
            f"'{code}-', the code of its country {code.upper()} ({country})",
            f"rename the file and the id to '{renamed}', or correct 'jurisdiction.country'",
            "$.id")


@pytest.mark.parametrize(("new_id", "expected"), [
    ("qm-land-registry", []),  # QM-QZ, XA-XZ, AA and ZZ are user-assigned: free for examples
    ("qz-land-registry", []),
    ("xa-land-registry", []),
    ("aa-land-registry", []),
    ("ql-land-registry", [prefix_error("ql-land-registry", "pt", "Portugal",
                                       "pt-ql-land-registry")]),
    ("ab-land-registry", [prefix_error("ab-land-registry", "pt", "Portugal",
                                       "pt-ab-land-registry")]),
    ("zy-land-registry", [prefix_error("zy-land-registry", "pt", "Portugal",
                                       "pt-zy-land-registry")]),
    ("x-land-registry", [prefix_error("x-land-registry", "pt", "Portugal",
                                      "pt-x-land-registry")]),
    ("es-land-registry", [prefix_error("es-land-registry", "pt", "Portugal",
                                       "pt-land-registry")]),
    ("landregistry", [prefix_error("landregistry", "pt", "Portugal", "pt-landregistry")]),
])
def test_an_id_starts_with_its_country_unless_user_assigned(tiny, new_id, expected):
    text = (tiny.path(UC).read_text().replace("id: xx-land-registry", f"id: {new_id}")
            .replace("country: NO", "country: PT"))
    tiny.path(UC).unlink()
    tiny.write(f"use-cases/{new_id}.md", text)
    assert tiny.seen() == expected


# --- edges found by mutation testing -------------------------------------------------------

def test_a_missing_section_is_reported_at_the_last_line_even_when_it_is_only_capitals(tiny):
    tiny.mutate(UC, "## Lessons\n", "## Conclusions\n")
    tiny.mutate(UC, LESSONS, f"{LESSONS}\n\nXX")
    (found,) = tiny.seen()
    assert found[:4] == (U, "BV301", 50, 1)  # the body's last line, the one with "XX"


def test_a_claim_reference_with_two_hashes_names_a_claim_that_does_not_exist(tiny):
    tiny.mutate(UC, "claim: ledger#tamper-evident", "claim: ledger#tamper#evident")
    assert [(f[0], f[1], f[5]) for f in tiny.seen()] == [
        (T, "BV403", "no use case tests the claim 'tamper-evident'"),
        (U, "BV105", "'claim' 'ledger#tamper#evident' is not in the expected form"),
        (U, "BV205", "the technology 'ledger' has no claim 'tamper#evident'")]


def test_claims_written_as_null_are_a_schema_error_and_nothing_else(tiny):
    text = tiny.path(REC).read_text()
    start, end = text.index("claims:"), text.index("\n---", text.index("claims:"))
    tiny.write(REC, text[:start] + "claims: ~" + text[end:])
    assert {(f[0], f[1]) for f in tiny.seen()} >= {("records.md", "BV103")}


def test_reference_rules_check_the_named_file_even_after_files_not_named(tiny):
    # validating some files only: an earlier file outside the selection is skipped, not an
    # end to the checks
    tiny.mutate("use-cases/xx-records-archive.md", "technologies: [records]",
                "technologies: [recrds]")
    tiny.mutate(UC, "technologies: [ledger]", "technologies: [ledgr]")
    from buzzvalue.kb import load

    named = tiny.path("use-cases/xx-records-archive.md")
    kb = load(tiny.root, only=[named], today=TODAY_)
    assert [(Path(d.path).name, d.code) for d in kb.report.diagnostics] == [
        ("xx-records-archive.md", "BV204"), ("xx-records-archive.md", "BV213"),
        ("xx-records-archive.md", "BV207")]


def test_a_knowledge_bases_own_schema_may_use_enum_and_closed_objects(tiny):
    # A knowledge base may carry its own schema/: an `enum` is worded like the shipped
    # vocabularies (which use oneOf), and a closed object without properties allows nothing.
    import json
    import shutil

    from buzzvalue.load.schemas import default_schema_dir

    shutil.copytree(default_schema_dir(), tiny.root / "schema")
    path = tiny.root / "schema" / "use-case.schema.json"
    schema = json.loads(path.read_text())
    schema["properties"]["colour"] = {"enum": ["red", "blue"], "description": "A colour."}
    schema["properties"]["extra"] = {"type": "object", "additionalProperties": False}
    path.write_text(json.dumps(schema))
    tiny.mutate(UC, "organisation:", "colour: rd\nextra: {shade: 1}\norganisation:")
    assert tiny.seen() == [
        (U, "BV104", 11, 9, "error", "'colour' 'rd' is not one of: red, blue",
         "did you mean 'red'?", "$.colour"),
        (U, "BV102", 12, 9, "error", "unknown field 'shade' in $.extra",
         "no fields are allowed here",
         "$.extra.shade")]


@pytest.mark.parametrize(("old", "new", "line", "col", "json_path"), [
    ('date: "2019-07"', 'date: "2019-02-30"', 17, 13, "$.hype.sources[0].date"),
    ('date: "2018"', 'date: "2018-02-30"', 27, 13, "$.claims[0].source.date"),
])
def test_a_date_that_is_not_in_the_calendar_is_found_in_hype_and_claim_sources(
        tiny, old, new, line, col, json_path):
    tiny.mutate(TECH, old, new)
    assert tiny.seen() == [(T, "BV212", line, col, "error",
                            "'2019-02-30' is not a real calendar date" if "2019" in new
                            else "'2018-02-30' is not a real calendar date",
                            "check the day and month", json_path)]
