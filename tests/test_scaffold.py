"""`buzzvalue new`: a fresh entry fails only with BV901, and the diagnostics lead to a valid one."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from buzzvalue.cli.scaffold import slugify, technology_hint

UC = "use-cases/xx-land-registry.md"

# What a contributor would write for each placeholder, by the JSON path that BV901 reports.
# The test looks up the answer; where to write it comes from the diagnostic alone.
USE_CASE_ANSWERS = {
    "$.summary": '"A made-up national benefits office that paid benefits through a shared '
                 'ledger, stopped after an evaluation."',
    "$.jurisdiction.level": "national",
    "$.organisation": "Example Benefits Office",
    "$.domain": '"10"',
    "$.period.start": "2019",
    "$.stage": "discontinued",
    "$.outcome": "not-delivered",
    "$.outcome_note": "Stopped after the evaluation found running costs twice the old ones.",
    "$.patterns[0]": "ledger#payments",
    "$.tests[0].claim": "ledger#cuts-costs",
    "$.tests[0].finding": "contradicts",
    "$.tests[0].note": "The evaluation found running costs twice those of the old system.",
    "$.sources[0].title": "Example evaluation of the benefits ledger",
    "$.sources[0].publisher": "Example Evaluation Institute",
    "$.sources[0].date": '"2021-03"',
    "$.sources[0].url": "https://example.org/benefits-evaluation",
    "$.sources[0].type": "evaluation",
    "$.reviewed.by": "Test Editor",
}

TECHNOLOGY_ANSWERS = {
    "$.summary": '"A made-up technology for tests: chat assistants that answer questions from '
                 'a body of documents."',
    "$.hype.phase": "peak",
    "$.hype.as_of": "2024",
    "$.claims[0].id": "answers-correctly",
    "$.claims[0].text": "The assistant answers citizens' questions correctly.",
    "$.claims[0].made_by": "Vendors",
    "$.patterns[0].id": "citizen-questions",
    "$.patterns[0].title": "Answering citizens' questions",
    "$.patterns[0].description": "Chat assistants that answer citizens about services.",
    "$.patterns[0].claims[0]": "answers-correctly",
    "$.risks[0].category": "accountability",
    "$.risks[0].text": "Wrong answers that nobody can trace back to a source.",
    "$.alternatives[0].name": "A searchable list of questions and answers",
    "$.alternatives[0].prefer_when": "The questions are few and change rarely.",
    "$.questions[0]": "Who checks the answers, and how often?",
    "$.questions[1]": "What happens when an answer is wrong?",
    "$.questions[2]": "Which documents may it answer from?",
    "$.reviewed.by": "Test Editor",
}
SOURCE_ANSWERS = {"title": "Example source", "publisher": "Example Publisher",
                  "date": '"2024"', "url": "https://example.org/source", "type": "media",
                  "by": "independent"}


def buzzvalue(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "buzzvalue", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def diagnostics(root: Path, *paths: str) -> list[dict]:
    result = buzzvalue("validate", "--format", "json", *paths, cwd=root)
    return json.loads(result.stdout)["diagnostics"]


def answer_for(json_path: str, answers: dict[str, str]) -> str:
    if json_path in answers:
        return answers[json_path]
    source_field = re.search(r"\.(\w+)$", json_path)
    assert source_field and "source" in json_path, f"no answer for {json_path}"
    return SOURCE_ANSWERS[source_field.group(1)]


def replace_at(line: str, col: int, value: str) -> str:
    """Replace the placeholder that starts at ``col``: a quoted value, or the rest of the line."""
    start = col - 1
    assert line[start:].lstrip('"').startswith("FILL IN"), line
    end = line.index('"', start + 1) + 1 if line[start] == '"' else len(line)
    return line[:start] + value + line[end:]


def follow_the_diagnostics(root: Path, shown: str, answers: dict[str, str]) -> int:
    """Replace each placeholder where BV901 says it is; return how many there were."""
    found = diagnostics(root, shown)
    todo = [d for d in found if d["code"] == "BV901"]
    assert [d for d in found if d["severity"] == "error" and d["code"] != "BV901"] == []
    path = root / shown
    lines = path.read_text(encoding="utf-8").split("\n")
    for d in todo:
        value = answer_for(d["json_path"], answers) if d["json_path"] else "Some prose."
        lines[d["line"] - 1] = replace_at(lines[d["line"] - 1], d["col"], value)
    path.write_text("\n".join(lines), encoding="utf-8")
    return len(todo)


def test_a_newcomer_gets_from_new_use_case_to_a_valid_entry_by_the_diagnostics_alone(tiny):
    made = buzzvalue("new", "use-case", "Example benefits ledger", "--country", "SE",
                     "--technology", "ledger", cwd=tiny.root)
    assert made.returncode == 0, made.stderr
    shown = "entries/use-cases/se-example-benefits-ledger.md"
    assert made.stdout.startswith(f"Created {shown}\n")
    assert f"Then run: buzzvalue validate {shown}" in made.stdout

    # 19 values (with a source's `by`), 3 sections
    assert follow_the_diagnostics(tiny.root, shown, USE_CASE_ANSWERS) == 22

    final = buzzvalue("validate", shown, cwd=tiny.root)
    assert final.returncode == 0, final.stdout
    assert final.stdout.startswith("Checked 1 file: 0 errors, 0 warnings")
    assert buzzvalue("validate", "--strict", cwd=tiny.root).returncode == 0


def test_a_new_technology_becomes_valid_the_same_way(tiny):
    made = buzzvalue("new", "technology", "Chat Assistants", "--part-of", "records",
                     cwd=tiny.root)
    assert made.returncode == 0, made.stderr
    shown = "entries/technologies/chat-assistants.md"
    assert follow_the_diagnostics(tiny.root, shown, TECHNOLOGY_ANSWERS) == 32

    final = buzzvalue("validate", shown, cwd=tiny.root)
    assert final.returncode == 0, final.stdout
    # a technology nobody uses yet is a warning, not an error
    assert "warning BV402" in final.stdout


def test_a_fresh_entry_reports_every_placeholder_at_its_own_line_and_column(tiny):
    buzzvalue("new", "use-case", "Example", "--country", "NO", cwd=tiny.root)
    shown = "entries/use-cases/no-example.md"
    lines = (tiny.root / shown).read_text(encoding="utf-8").split("\n")
    found = diagnostics(tiny.root, shown)

    assert {d["code"] for d in found} == {"BV901"}
    for d in found:
        assert lines[d["line"] - 1][d["col"] - 1:].lstrip('"').startswith("FILL IN: ")
    placeholders = [n for n, line in enumerate(lines, 1)
                    if "FILL IN" in line and not line.lstrip().startswith("#")]
    assert sorted(d["line"] for d in found) == placeholders
    assert found[0]["message"] == "'summary' is not filled in yet"
    assert found[0]["hint"] == ("replace the value with one or two sentences on who did what, "
                                "and what came of it")


def test_placeholders_stand_in_for_the_technologies_when_none_are_given(tiny):
    buzzvalue("new", "use-case", "Example", "--country", "NO", cwd=tiny.root)
    paths = [d["json_path"] for d in diagnostics(tiny.root, "entries/use-cases/no-example.md")]
    assert "$.technologies[0]" in paths


def test_the_file_has_every_required_section_as_a_heading(tiny):
    buzzvalue("new", "technology", "Chat Assistants", cwd=tiny.root)
    text = tiny.path("technologies/chat-assistants.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, re.MULTILINE) == [
        "What it is", "Where it delivers", "Where it falls short", "Before you commit"]


def test_it_refuses_to_overwrite(tiny):
    before = tiny.path(UC).read_text(encoding="utf-8")
    result = buzzvalue("new", "use-case", "Land registry", "--country", "XX", "--id",
                       "xx-land-registry", cwd=tiny.root)
    assert result.returncode == 2  # XX is no country: refused before looking at the file

    result = buzzvalue("new", "use-case", "Land registry", "--country", "NO", "--id",
                       "xx-land-registry", cwd=tiny.root)
    assert result.returncode == 1
    assert result.stderr == (
        "buzzvalue: error: entries/use-cases/xx-land-registry.md already exists; 'buzzvalue "
        "new' never overwrites an entry: edit that file, or choose another title or --id\n")
    assert tiny.path(UC).read_text(encoding="utf-8") == before


def test_it_refuses_an_id_another_entry_has_ignoring_case(tiny):
    result = buzzvalue("new", "technology", "Ledger", cwd=tiny.root)
    assert result.returncode == 1
    assert "already exists" in result.stderr

    result = buzzvalue("new", "technology", "XX Land Registry", cwd=tiny.root)
    assert result.returncode == 1
    assert result.stderr == (
        "buzzvalue: error: the id 'xx-land-registry' is already used by "
        "entries/use-cases/xx-land-registry.md; ids are unique, ignoring case: choose "
        "another title or --id\n")
    assert not tiny.path("technologies/xx-land-registry.md").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["use-case", "Example"], "a use case needs the country it ran in: pass --country"),
    (["use-case", "Example", "--country", "UK"],
     "'UK' is not an ISO 3166-1 alpha-2 country code (the United Kingdom is GB)"),
    (["use-case", "Example", "--country", "NO", "--technology", "ledgr"],
     "--technology: no technology has the id 'ledgr'; did you mean 'ledger'?"),
    (["use-case", "Example", "--country", "NO", "--technology", "ai"],
     "--technology: no technology has the id 'ai'; the technology ids are: ledger, records"),
    (["technology", "Example", "--technology", "ledger"], "--technology is for use cases"),
    (["technology", "???"], "cannot make an id from the title '???'"),
    (["technology", "Example", "--id", "Not An Id"], "'Not An Id' is not an id"),
])
def test_usage_mistakes_exit_two_with_a_message(tiny, args, message):
    result = buzzvalue("new", *args, cwd=tiny.root)
    assert result.returncode == 2
    assert result.stderr.startswith(f"buzzvalue: error: {message}")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tiny.root.rglob("*.md")) == [
        "ledger.md", "records.md", "xx-land-registry.md", "xx-ledger-payments.md",
        "xx-records-archive.md"]


def test_a_use_case_id_starts_with_its_country_once(tiny):
    buzzvalue("new", "use-case", "NO Tax Robot", "--country", "no", cwd=tiny.root)
    buzzvalue("new", "use-case", "Tax Robot", "--country", "SE", cwd=tiny.root)
    assert tiny.path("use-cases/no-tax-robot.md").exists()
    assert tiny.path("use-cases/se-tax-robot.md").exists()


@pytest.mark.parametrize(("title", "slug"), [
    ("Shared Ledger", "shared-ledger"),
    ("Zürich's digital twin (2024)", "zurich-s-digital-twin-2024"),
    ("  Robotic   process automation -- RPA ", "robotic-process-automation-rpa"),
    ("a" * 50 + " " + "b" * 50, "a" * 50),
])
def test_slugs(title, slug):
    assert slugify(title) == slug


def test_a_placeholder_in_any_entry_is_reported_instead_of_the_errors_it_causes(tiny):
    tiny.mutate(UC, "country: NO", 'country: "FILL IN: the country code"')
    tiny.mutate(UC, "stage: production", "stage: pilt")
    assert tiny.found() == {("xx-land-registry.md", "BV901", 10, 25),
                            ("xx-land-registry.md", "BV104", 14, 8)}


def test_a_prompt_left_in_the_body_is_reported_at_its_line(tiny):
    tiny.mutate(UC, "Institutional reform", "FILL IN: what another body should take from it\n\n"
                "Institutional reform")
    (diagnostic,) = tiny.load().report.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("BV901", 48, 1)
    assert diagnostic.message == "the section '## Lessons' is not filled in yet"


REAL_IDS = ["artificial-intelligence", "blockchain", "generative-ai", "internet-of-things",
            "machine-learning", "robotic-process-automation"]


@pytest.mark.parametrize(("value", "hint"), [
    ("ai", "did you mean 'artificial-intelligence' or 'generative-ai'?"),
    ("iot", "did you mean 'internet-of-things'?"),
    ("RPA", "did you mean 'robotic-process-automation'?"),
    ("blokchain", "did you mean 'blockchain'?"),
    ("quantum", "the technology ids are: " + ", ".join(REAL_IDS)),
])
def test_an_unknown_technology_id_gets_close_ids_or_every_id(value, hint):
    assert technology_hint(value, REAL_IDS) == hint


def test_the_template_lists_each_claims_text_and_each_patterns_title(tiny):
    result = buzzvalue("new", "use-case", "Deeds", "--country", "NO", "--technology", "ledger",
                       cwd=tiny.root)
    assert result.returncode == 0, result.stderr
    text = tiny.path("use-cases/no-deeds.md").read_text(encoding="utf-8")
    assert ("  # ledger#tamper-evident: Records kept on a shared ledger cannot be changed "
            "unnoticed.") in text
    assert "  # ledger#land-registry: Land registries" in text
