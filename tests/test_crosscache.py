"""The result of the rules across entries is kept between validation runs (cross.marshal),
under a key made of everything those rules read. A warm run after an edit that changes
nothing they read takes it from there; any change they could see makes them run again.
Either way the report is the one an uncached load gives."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY

from buzzvalue.check import locate, rules
from buzzvalue.kb import load, validate

LEDGER_CASE = "use-cases/xx-ledger-payments.md"


def everything(report) -> tuple[list, int]:
    return [d.to_dict() for d in report.diagnostics], report.files_checked


@pytest.fixture
def runs(monkeypatch) -> list[str]:
    """Records each run of the rules across entries."""
    seen: list[str] = []
    real = rules.Rules.run

    def counted(self, only=None):
        seen.append("ran")
        return real(self, only)
    monkeypatch.setattr(rules.Rules, "run", counted)
    return seen


def same_as_uncached(root, today=TODAY, runs: list | None = None) -> tuple[list, int]:
    """Validate with the cache, check it against an uncached load, and give the report.
    With ``runs``, whether the validation ran the rules across entries is appended to it."""
    before = len(runs) if runs is not None else 0
    cached = everything(validate(root, today=today))
    if runs is not None:
        runs.append("validate ran the rules" if len(runs) > before else "reused")
    assert cached == everything(load(root, today=today, use_cache=False).report)
    return cached


def codes(report: tuple[list, int]) -> list[tuple[str, str]]:
    return [(d["path"].rsplit("/", 1)[-1], d["code"]) for d in report[0]]


def verdicts(runs: list[str]) -> list[str]:
    return [r for r in runs if r != "ran"]


def test_an_edit_no_rule_across_entries_reads_reuses_their_result(tiny, runs):
    same_as_uncached(tiny.root, runs=runs)
    same_as_uncached(tiny.root, runs=runs)
    tiny.mutate(LEDGER_CASE, "title: Example payments pilot", "title: Example payments trial")
    same_as_uncached(tiny.root, runs=runs)
    assert verdicts(runs) == ["validate ran the rules", "reused", "reused"]


def test_an_edit_that_adds_an_own_problem_is_reported_from_the_reused_result(tiny, runs):
    same_as_uncached(tiny.root, runs=runs)
    # in place of the title line: no line moves, so no anchor either
    tiny.mutate(LEDGER_CASE, "title: Example payments pilot on a shared ledger", "colour: red")
    report = same_as_uncached(tiny.root, runs=runs)
    assert ("xx-ledger-payments.md", "BV102") in codes(report)
    assert verdicts(runs) == ["validate ran the rules", "reused"]


def test_a_changed_reference_runs_the_rules_again(tiny, runs):
    same_as_uncached(tiny.root, runs=runs)
    tiny.mutate(LEDGER_CASE, "technologies: [ledger]", "technologies: [ledger, nosuch]")
    report = same_as_uncached(tiny.root, runs=runs)
    assert ("xx-ledger-payments.md", "BV204") in codes(report)
    assert verdicts(runs) == ["validate ran the rules", "validate ran the rules"]


def test_a_renamed_id_runs_the_rules_again(tiny, runs):
    same_as_uncached(tiny.root)
    tiny.mutate("technologies/ledger.md", "id: ledger", "id: ledger-two")
    report = same_as_uncached(tiny.root)
    assert ("ledger.md", "BV201") in codes(report)
    assert ("xx-ledger-payments.md", "BV204") in codes(report)


def test_a_deleted_file_runs_the_rules_again(tiny):
    same_as_uncached(tiny.root)
    tiny.path("technologies/ledger.md").unlink()
    report = same_as_uncached(tiny.root)
    assert ("xx-ledger-payments.md", "BV204") in codes(report)


def test_an_added_file_runs_the_rules_again(tiny):
    same_as_uncached(tiny.root)
    copy = tiny.path(LEDGER_CASE).read_text(encoding="utf-8")
    tiny.write("use-cases/xx-ledger-payments-copy.md", copy)
    report = same_as_uncached(tiny.root)
    assert ("xx-ledger-payments.md", "BV202") in codes(report)  # the copy sorts first


def test_another_day_runs_the_rules_again(tiny, runs):
    """A review falls due with the date alone: no file changes."""
    same_as_uncached(tiny.root, runs=runs)
    report = same_as_uncached(tiny.root, today=dt.date(2027, 11, 2), runs=runs)
    assert ("xx-ledger-payments.md", "BV501") in codes(report)
    assert "BV501" not in {c for _, c in codes(same_as_uncached(tiny.root, runs=runs))}
    assert verdicts(runs) == ["validate ran the rules"] * 3


def test_another_working_directory_runs_the_rules_again(tiny, monkeypatch):
    """Paths are shown relative to the working directory: the stored ones would be wrong."""
    tiny.mutate(LEDGER_CASE, "technologies: [ledger]", "technologies: [nosuch]")
    from_parent = everything(validate(tiny.root, today=TODAY))
    monkeypatch.chdir(tiny.root)
    from_root = everything(validate(tiny.root, today=TODAY))
    assert from_root == everything(load(tiny.root, today=TODAY, use_cache=False).report)
    assert from_root != from_parent  # the same findings, shown with other paths
    assert ("entries/use-cases/xx-ledger-payments.md", "BV204") in {
        (d["path"], d["code"]) for d in from_root[0]}


def test_named_files_neither_use_nor_replace_the_stored_result(tiny, runs):
    same_as_uncached(tiny.root, runs=runs)
    tiny.mutate(LEDGER_CASE, "technologies: [ledger]", "technologies: [ledger, nosuch]")
    named = validate(tiny.root, only=[tiny.path(LEDGER_CASE)], today=TODAY)
    assert [d.code for d in named.diagnostics] == ["BV204"]
    tiny.mutate(LEDGER_CASE, "technologies: [ledger, nosuch]", "technologies: [ledger]")
    assert same_as_uncached(tiny.root, runs=runs)[0] == []
    assert verdicts(runs) == ["validate ran the rules", "reused"]


def test_a_position_read_again_from_a_file_ties_the_result_to_its_bytes(tiny, monkeypatch):
    """With no anchors kept, every position the rules report is read again from the file;
    moving a line then changes that position but no light record, and must be seen."""
    monkeypatch.setattr(locate, "anchor_paths", lambda data: [])
    later = dt.date(2027, 11, 2)  # the ledger case's review is overdue (BV501)
    first = same_as_uncached(tiny.root, today=later)
    tiny.mutate(LEDGER_CASE, "title: Example payments pilot on a shared ledger\n", "")
    tiny.mutate(LEDGER_CASE, 'review_due: "2027-11-01"\n',
                'review_due: "2027-11-01"\ntitle: Example payments pilot on a shared ledger\n')
    second = same_as_uncached(tiny.root, today=later)
    line = {d["path"].rsplit("/", 1)[-1]: d["line"] for d in second[0] if d["code"] == "BV501"}
    assert line["xx-ledger-payments.md"] == 26  # one line up
    assert first != second


@pytest.mark.parametrize("store", ["cross.marshal", "light.marshal", "files.marshal",
                                   "entries.marshal"])
@pytest.mark.parametrize("damage", ["delete", "garble"])
def test_a_missing_or_broken_store_only_costs_time(tiny, store, damage):
    same_as_uncached(tiny.root)
    path = tiny.root / ".cache" / "buzzvalue" / store
    assert path.is_file()
    if damage == "delete":
        path.unlink()
    else:
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    tiny.mutate(LEDGER_CASE, "technologies: [ledger]", "technologies: [ledger, nosuch]")
    report = same_as_uncached(tiny.root)
    assert ("xx-ledger-payments.md", "BV204") in codes(report)
    assert same_as_uncached(tiny.root) == report


def test_a_copy_of_the_knowledge_base_with_its_cache_shows_its_own_paths(tiny):
    import shutil

    tiny.mutate(LEDGER_CASE, "technologies: [ledger]", "technologies: [nosuch]")
    same_as_uncached(tiny.root)
    copy = tiny.root.parent / "copy"
    shutil.copytree(tiny.root, copy)  # .cache/ too
    report = same_as_uncached(copy)
    assert {d["path"].split("/")[0] for d in report[0]} == {"copy"}


def test_a_full_load_reuses_the_result_and_keeps_whole_entries(tiny, runs):
    """`score`, the site and the exports load whole entries; the rules across entries give
    them the diagnostics validation stored, and validation reuses what a load stored."""
    tiny.mutate(LEDGER_CASE, "title: Example payments pilot", "title: FILL IN")
    validated = everything(validate(tiny.root, today=TODAY))
    assert runs == ["ran"]
    loaded = load(tiny.root, today=TODAY)
    assert runs == ["ran"]
    assert everything(loaded.report) == validated
    assert {e.id for e in loaded.entries} >= {"xx-ledger-payments", "ledger", "records"}
    assert all(e.body for e in loaded.entries)
    tiny.mutate(LEDGER_CASE, "title: FILL IN", "title: Example payments pilot\nfoo: bar")
    tiny.mutate("use-cases/xx-land-registry.md", "patterns: [ledger#land-registry]",
                "patterns: [ledger#no-such-pattern]")
    loaded = load(tiny.root, today=TODAY)
    assert runs == ["ran", "ran"]
    assert codes(everything(loaded.report)) == [("ledger.md", "BV404"),  # pattern with no case
                                                ("xx-land-registry.md", "BV213"),
                                                ("xx-ledger-payments.md", "BV102")]
    assert everything(validate(tiny.root, today=TODAY)) == everything(loaded.report)
    assert runs == ["ran", "ran"]
    assert everything(loaded.report) == everything(load(tiny.root, today=TODAY,
                                                        use_cache=False).report)
