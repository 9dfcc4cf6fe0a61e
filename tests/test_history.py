"""Verdict history from git, the changes page and the feeds, on a repository of three commits."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tarfile

import feedparser
import pytest
from conftest import FIXTURES

from buzzvalue.kb import load
from buzzvalue.model.changes import all_changes
from buzzvalue.model.history import History, load_history
from buzzvalue.site.render import render

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
PAYMENTS = "entries/use-cases/xx-ledger-payments.md"


def git(root, *args, date="2026-01-01T10:00:00+00:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """Commit 1: the tiny knowledge base. 2: a finding flips. 3: two more ledger use cases,
    enough (four assessed) for a verdict."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURES / "valid", root)
    shutil.copytree(FIXTURES.parents[1] / "schema", root / "schema")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "First entries", date="2026-01-01T10:00:00+00:00")
    payments = root / PAYMENTS
    payments.write_text(payments.read_text().replace("finding: contradicts", "finding: supports"))
    git(root, "commit", "-qam", "Payments pilot: the audit supports the cost claim",
        date="2026-02-01T10:00:00+00:00")
    third = payments.read_text().replace("xx-ledger-payments", "xx-ledger-third").replace(
        "stage: discontinued", "stage: pilot").replace("outcome: not-delivered",
                                                       "outcome: partly-delivered")
    fourth = payments.read_text().replace("xx-ledger-payments", "xx-ledger-fourth").replace(
        "stage: discontinued", "stage: scaled").replace("outcome: not-delivered",
                                                        "outcome: no-effect")
    (root / "entries" / "use-cases" / "xx-ledger-third.md").write_text(third)
    (root / "entries" / "use-cases" / "xx-ledger-fourth.md").write_text(fourth)
    git(root, "add", ".")
    git(root, "commit", "-qm", "Two more ledger use cases", date="2026-03-01T10:00:00+00:00")
    return root


def test_history_has_a_snapshot_per_commit_scored_by_todays_code(repo):
    kb = load(repo, today=dt.date(2026, 11, 29))
    history = load_history(repo, kb.schemas, kb.today)
    assert history.available
    assert [s.subject for s in history.snapshots] == [
        "First entries", "Payments pilot: the audit supports the cost claim",
        "Two more ledger use cases"]
    ledger = [s.technologies["ledger"] for s in history.snapshots]
    assert [p.verdict for p in ledger] == ["insufficient evidence", "insufficient evidence",
                                          "proven"]
    assert [p.claims["cuts-costs"] for p in ledger] == ["refuted", "substantiated",
                                                       "substantiated"]
    now = kb.scores.technologies["ledger"]
    assert (ledger[-1].value, ledger[-1].buzz, ledger[-1].verdict, ledger[-1].tier) == (
        now.value, now.buzz, now.verdict, now.tier)
    assert [p.tier for p in ledger][:2] == ["insufficient evidence"] * 2


def test_changes_newest_first(repo):
    kb = load(repo)
    changes = all_changes(load_history(repo, kb.schemas, kb.today))
    tier = load(repo).scores.technologies["ledger"].tier
    newest = [(c.date[:10], c.kind, c.title) for c in changes[:4]]
    assert newest == [
        ("2026-03-01", "verdict", f"Shared Ledger: proven ({tier})"),
        ("2026-03-01", "new", "New: Example payments pilot on a shared ledger"),
        ("2026-03-01", "new", "New: Example payments pilot on a shared ledger"),
        ("2026-02-01", "claim", "Shared Ledger: claim 'cuts-costs' is substantiated"),
    ]
    kinds = {(c.date[:10], c.kind) for c in changes}
    assert {("2026-03-01", "verdict"), ("2026-03-01", "new"), ("2026-02-01", "claim"),
            ("2026-02-01", "updated"), ("2026-01-01", "new")} <= kinds
    assert [c.date for c in changes] == sorted((c.date for c in changes), reverse=True)


def test_feeds_parse_and_keep_stable_ids(repo):
    kb = load(repo)
    pages = render(kb, history=load_history(repo, kb.schemas, kb.today),
                   site_url="https://example.org/bv/").files
    atom = feedparser.parse(pages["feed.xml"])
    assert atom.bozo == 0, atom.get("bozo_exception")
    assert atom.version == "atom10"
    assert atom.entries[0].title.startswith("Shared Ledger: proven (")
    assert atom.entries[0].link == "https://example.org/bv/technologies/ledger/"
    assert atom.entries[0].id.startswith("urn:uuid:")
    again = render(load(repo), history=load_history(repo, kb.schemas, kb.today),
                   site_url="https://example.org/bv/").files
    assert again["feed.xml"] == pages["feed.xml"]
    document = json.loads(pages["feed.json"])
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    ids = [item["id"] for item in document["items"]]
    assert len(ids) == len(set(ids)) and ids == [e.id for e in atom.entries]
    assert all(dt.datetime.fromisoformat(i["date_published"]) for i in document["items"])


def test_pages_show_the_timeline_and_the_changes(repo):
    kb = load(repo)
    pages = render(kb, history=load_history(repo, kb.schemas, kb.today)).files
    ledger = pages["technologies/ledger.md"]
    assert "## History" in ledger and "value and buzz over time" in ledger
    # Four use cases count equally under the 25% cap: 50 + 25 x (2 - 1 + 1 + 0) / 4 = 62.5.
    # Both claims substantiated (0), one case of four a pilot (0.3 x 25 = 7.5), trough
    # 45 x 0.2 = 9: buzz 16.5.
    tier = kb.scores.technologies["ledger"].tier
    # a row reads date, what changed, verdict, then the figures; the commit comes last
    rows = re.sub(r'<span class="bv-k">[^<]*</span>', "", ledger)  # phones' cell labels
    assert (f"| 2026-03-01 | Two more ledger use cases | proven | 62.5 | 16.5 | {tier} | `"
            in rows)
    changes = pages["changes.md"]
    assert changes.index("## 2026-03-01") < changes.index("## 2026-02-01")
    assert f"**verdict** [Shared Ledger: proven ({tier})](technologies/ledger.md)" in changes


def test_without_git_history_the_page_says_so(repo, tmp_path):
    tarball = tmp_path / "kb.tar"
    with tarfile.open(tarball, "w") as tar:
        tar.add(repo / "entries", "entries")
        tar.add(repo / "schema", "schema")
    unpacked = tmp_path / "unpacked"
    with tarfile.open(tarball) as tar:
        tar.extractall(unpacked, filter="data")
    kb = load(unpacked)
    history = load_history(unpacked, kb.schemas, kb.today)
    assert not history.available
    pages = render(kb, history=history).files
    assert "History is unavailable: this copy of the knowledge base is not a git repository." \
        in pages["technologies/ledger.md"]
    assert feedparser.parse(pages["feed.xml"]).bozo == 0


def test_shallow_clone_has_no_history(repo, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
                   check=True, capture_output=True)
    kb = load(clone)
    assert load_history(clone, kb.schemas, kb.today).unavailable == (
        "this is a shallow clone, without the earlier commits")


def test_history_keys_its_cache_by_the_clock_so_source_date_epoch_counts(repo, monkeypatch):
    from buzzvalue.core import clock
    from buzzvalue.load.cache import key_for

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01: not this year
    kb = load(repo, today=dt.date(2026, 11, 29))
    load_history(repo, kb.schemas)  # no date given: the clock's, not the system's
    stored = json.loads((repo / ".cache" / "buzzvalue" / "history.json").read_text())
    assert stored["key"] == key_for(kb.schemas, clock.today())
    assert clock.today().year == 2020


# --- each commit is scored with its own rubric; the cache of snapshots honours its key ----

SCORING = "schema/scoring.yaml"


@pytest.fixture
def rubric_repo(tmp_path):
    """Commit 1: the rubric alone (no entries yet). 2: the tiny knowledge base. 3: the rubric
    counts 20 points per outcome point instead of 25. 4: a README (not watched)."""
    root = tmp_path / "kb"
    root.mkdir()
    shutil.copytree(FIXTURES.parents[1] / "schema", root / "schema")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Rubric first", date="2026-01-01T10:00:00+00:00")
    shutil.copytree(FIXTURES / "valid" / "entries", root / "entries")
    git(root, "add", ".")
    git(root, "commit", "-qm", "First entries", date="2026-02-01T10:00:00+00:00")
    rubric = root / SCORING
    assert "  per_point: 25\n" in rubric.read_text()
    rubric.write_text(rubric.read_text().replace("  per_point: 25\n", "  per_point: 20\n"))
    git(root, "commit", "-qam", "Twenty points per outcome point",
        date="2026-03-01T10:00:00+00:00")
    (root / "README.md").write_text("A knowledge base.\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "Readme", date="2026-04-01T10:00:00+00:00")
    return root


def values(history) -> list[tuple[str, float | None, float | None]]:
    return [(s.subject, s.technologies["ledger"].value, s.technologies["records"].value)
            for s in history.snapshots]


def test_each_commit_is_scored_with_the_rubric_of_that_commit(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))  # today's rubric: 20 points
    history = load_history(rubric_repo, kb.schemas, kb.today)
    # ledger: mean outcome (2 - 1) / 2 = 0.5; records: one case, partly delivered (1).
    # Under the first rubric 50 + 25 x 0.5 = 62.5 and 50 + 25 = 75; under the second
    # 50 + 20 x 0.5 = 60 and 50 + 20 = 70. The commit with no entries has no snapshot.
    assert values(history) == [("First entries", 62.5, 75.0),
                               ("Twenty points per outcome point", 60.0, 70.0)]
    assert kb.scores.technologies["ledger"].value == 60.0


def test_a_snapshot_records_its_commit_entries_and_titles(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    first = load_history(rubric_repo, kb.schemas, kb.today).snapshots[0]
    head = subprocess.run(["git", "rev-parse", "HEAD~2"], cwd=rubric_repo, check=True,
                          capture_output=True, text=True).stdout.strip()
    listing = subprocess.run(["git", "ls-tree", "-r", "HEAD~2", "--", "entries"],
                             cwd=rubric_repo, check=True, capture_output=True, text=True)
    blobs = {line.split("\t")[1]: line.split()[2] for line in listing.stdout.splitlines()}
    assert (first.commit, first.date, first.subject) == (
        head, "2026-02-01T10:00:00+00:00", "First entries")
    assert first.entries == blobs
    assert sorted(blobs) == [
        "entries/technologies/ledger.md", "entries/technologies/records.md",
        "entries/use-cases/xx-land-registry.md", "entries/use-cases/xx-ledger-payments.md",
        "entries/use-cases/xx-records-archive.md"]
    assert first.titles == {
        "entries/technologies/ledger.md": "Shared Ledger",
        "entries/technologies/records.md": "Records System",
        "entries/use-cases/xx-land-registry.md": "Example land registry on a shared ledger",
        "entries/use-cases/xx-ledger-payments.md": "Example payments pilot on a shared ledger",
        "entries/use-cases/xx-records-archive.md": "Example regional archive database"}
    ledger = first.technologies["ledger"]
    now = load(rubric_repo, today=dt.date(2026, 11, 29))  # scored again: same figures
    assert (ledger.buzz, ledger.verdict, ledger.tier, ledger.claims) == (
        now.scores.technologies["ledger"].buzz, "insufficient evidence",
        "insufficient evidence", {"tamper-evident": "substantiated", "cuts-costs": "refuted"})


def test_a_commit_whose_rubric_cannot_be_read_has_no_snapshot(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    rubric = rubric_repo / SCORING
    good = rubric.read_text()
    rubric.write_text(good.replace("  per_point: 20\n", "  per_point: many\n"))
    git(rubric_repo, "commit", "-qam", "A broken rubric", date="2026-05-01T10:00:00+00:00")
    rubric.write_text(good)
    git(rubric_repo, "commit", "-qam", "The rubric mended", date="2026-06-01T10:00:00+00:00")
    history = load_history(rubric_repo, kb.schemas, kb.today)
    assert [s.subject for s in history.snapshots] == [
        "First entries", "Twenty points per outcome point", "The rubric mended"]


STORE = ".cache/buzzvalue/history.json"


def tamper(root, subject: str, value: float) -> None:
    """Change the ledger's value in the stored snapshot of the commit with this subject."""
    store = root / STORE
    document = json.loads(store.read_text())
    for snapshot in document["snapshots"].values():
        if snapshot and snapshot["subject"] == subject:
            snapshot["technologies"]["ledger"]["value"] = value
    store.write_text(json.dumps(document))


def test_the_history_cache_is_read_back_as_it_was_written(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    computed = load_history(rubric_repo, kb.schemas, kb.today)
    document = json.loads((rubric_repo / STORE).read_text())
    from buzzvalue.load.cache import key_for

    assert document["key"] == key_for(kb.schemas, kb.today)
    rubric_only = subprocess.run(["git", "rev-parse", "HEAD~3"], cwd=rubric_repo, check=True,
                                 capture_output=True, text=True).stdout.strip()
    # every watched commit is kept; the one without entries as null, to skip it next time
    assert {c: s is None for c, s in document["snapshots"].items()} == {
        rubric_only: True, **{s.commit: False for s in computed.snapshots}}
    assert load_history(rubric_repo, kb.schemas, kb.today) == computed


def test_the_history_cache_answers_under_the_same_key(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    load_history(rubric_repo, kb.schemas, kb.today)
    tamper(rubric_repo, "First entries", 1.0)
    store = rubric_repo / STORE
    document = json.loads(store.read_text())
    # a commit without entries read first does not stop the reading of the others
    document["snapshots"] = {"0" * 40: None, **document["snapshots"]}
    store.write_text(json.dumps(document))
    again = load_history(rubric_repo, kb.schemas, dt.date(2026, 1, 1))  # the same year
    assert values(again)[0] == ("First entries", 1.0, 75.0)  # not scored again


def test_the_history_cache_is_not_used_in_another_year(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    load_history(rubric_repo, kb.schemas, kb.today)
    tamper(rubric_repo, "First entries", 1.0)
    again = load_history(rubric_repo, kb.schemas, dt.date(2027, 1, 1))
    assert values(again)[0] == ("First entries", 62.5, 75.0)


def test_the_history_cache_is_not_used_when_todays_rubric_changes(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    load_history(rubric_repo, kb.schemas, kb.today)
    tamper(rubric_repo, "First entries", 1.0)
    with open(rubric_repo / SCORING, "a", encoding="utf-8") as rubric:
        rubric.write("# an edit not yet committed\n")
    again = load_history(rubric_repo, kb.schemas, kb.today)
    assert values(again)[0] == ("First entries", 62.5, 75.0)


def test_a_history_cache_under_another_key_is_ignored(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    load_history(rubric_repo, kb.schemas, kb.today)
    tamper(rubric_repo, "First entries", 1.0)
    store = rubric_repo / STORE
    document = json.loads(store.read_text())
    store.write_text(json.dumps({**document, "key": "another key"}))
    again = load_history(rubric_repo, kb.schemas, kb.today)
    assert values(again)[0] == ("First entries", 62.5, 75.0)


@pytest.mark.parametrize("content", ["", "not json", "[]"])
def test_an_unreadable_history_cache_is_scored_again(rubric_repo, content):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    (rubric_repo / STORE).write_text(content)
    assert values(load_history(rubric_repo, kb.schemas, kb.today))[0] == (
        "First entries", 62.5, 75.0)


def test_a_read_only_cache_folder_still_gives_the_history(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29), use_cache=False)
    (rubric_repo / ".cache").write_text("a file where the folder should be")
    assert len(load_history(rubric_repo, kb.schemas, kb.today).snapshots) == 2


def test_without_git_there_is_no_history(repo, monkeypatch):
    kb = load(repo)
    monkeypatch.setenv("PATH", "")
    assert load_history(repo, kb.schemas, kb.today) == History((), "git is not installed here")


def test_outside_a_repository_there_is_no_history(tmp_path):
    from buzzvalue.load.schemas import default_schema_dir, load_schemas

    history = load_history(tmp_path, load_schemas(default_schema_dir()), dt.date(2026, 11, 29))
    assert history == History((), "this copy of the knowledge base is not a git repository")
    assert not history.available


def test_a_stored_snapshot_without_titles_has_none(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    load_history(rubric_repo, kb.schemas, kb.today)
    store = rubric_repo / STORE
    document = json.loads(store.read_text())
    for snapshot in document["snapshots"].values():
        if snapshot:
            del snapshot["titles"]  # as written before titles were kept
    store.write_text(json.dumps(document))
    history = load_history(rubric_repo, kb.schemas, kb.today)
    assert [s.titles for s in history.snapshots] == [{}, {}]


def test_a_stored_history_with_the_key_but_no_snapshots_is_scored_again(rubric_repo):
    from buzzvalue.load.cache import key_for

    kb = load(rubric_repo, today=dt.date(2026, 11, 29), use_cache=False)
    (rubric_repo / ".cache" / "buzzvalue").mkdir(parents=True)
    (rubric_repo / STORE).write_text(json.dumps({"key": key_for(kb.schemas, kb.today)}))
    assert values(load_history(rubric_repo, kb.schemas, kb.today)) == [
        ("First entries", 62.5, 75.0), ("Twenty points per outcome point", 60.0, 70.0)]


def test_a_commit_that_deletes_the_rubric_has_no_snapshot(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    git(rubric_repo, "rm", "-q", SCORING)
    git(rubric_repo, "commit", "-qm", "No rubric", date="2026-05-01T10:00:00+00:00")
    history = load_history(rubric_repo, kb.schemas, kb.today)
    assert [s.subject for s in history.snapshots] == [
        "First entries", "Twenty points per outcome point"]


def test_an_entry_without_a_title_is_named_by_its_id(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    archive = rubric_repo / "entries" / "use-cases" / "xx-records-archive.md"
    archive.write_text(archive.read_text().replace(
        "title: Example regional archive database\n", ""))
    git(rubric_repo, "commit", "-qam", "Untitled", date="2026-05-01T10:00:00+00:00")
    last = load_history(rubric_repo, kb.schemas, kb.today).snapshots[-1]
    assert (last.subject, last.titles["entries/use-cases/xx-records-archive.md"]) == (
        "Untitled", "xx-records-archive")


def test_the_history_is_read_from_the_commits_not_the_working_tree(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29), use_cache=False)
    shutil.rmtree(rubric_repo / "entries")  # deleted here, not committed
    history = load_history(rubric_repo, kb.schemas, kb.today)
    assert [s.subject for s in history.snapshots] == [
        "First entries", "Twenty points per outcome point"]


def test_a_subject_may_hold_any_character(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    archive = rubric_repo / "entries" / "use-cases" / "xx-records-archive.md"
    archive.write_text(archive.read_text().replace("Plan for data cleaning.", "Plan ahead."))
    git(rubric_repo, "commit", "-qam", "Lessons\x1fshortened: a:b",
        date="2026-05-01T10:00:00+00:00")
    last = load_history(rubric_repo, kb.schemas, kb.today).snapshots[-1]
    assert (last.date, last.subject) == ("2026-05-01T10:00:00+00:00",
                                         "Lessons\x1fshortened: a:b")


def test_a_commit_with_links_out_of_the_tree_is_scored_without_them(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29), use_cache=False)
    cases = rubric_repo / "entries" / "use-cases"
    os.symlink("/etc/passwd", cases / "xx-absolute.md")
    os.symlink("../../../../outside.md", cases / "xx-relative.md")
    git(rubric_repo, "add", ".")
    git(rubric_repo, "commit", "-qm", "Links out", date="2026-05-01T10:00:00+00:00")
    history = load_history(rubric_repo, kb.schemas, kb.today)
    assert values(history)[-1] == ("Links out", 60.0, 70.0)
    assert sorted(history.snapshots[-1].titles) == sorted(history.snapshots[-2].titles)


def test_a_commit_without_a_message_has_an_empty_subject(rubric_repo):
    kb = load(rubric_repo, today=dt.date(2026, 11, 29))
    archive = rubric_repo / "entries" / "use-cases" / "xx-records-archive.md"
    archive.write_text(archive.read_text().replace("Plan for data cleaning.", "Plan ahead."))
    git(rubric_repo, "commit", "-qa", "--allow-empty-message", "-m", "",
        date="2026-05-01T10:00:00+00:00")
    last = load_history(rubric_repo, kb.schemas, kb.today).snapshots[-1]
    assert (last.date, last.subject) == ("2026-05-01T10:00:00+00:00", "")


def test_commits_recall_each_others_assessments_and_give_the_same_history(repo, monkeypatch):
    """Scoring the history keeps each assessment under its inputs and the commit's rubric:
    a commit that changes one case computes only that case's groups, and the history is
    the one computed from scratch."""
    from buzzvalue.model import score as score_module

    kb = load(repo, today=dt.date(2026, 11, 29))
    computed: list[str] = []
    real = score_module.assess
    monkeypatch.setattr(score_module, "assess",
                        lambda group, *a, **k: computed.append(group) or real(group, *a, **k))
    history = load_history(repo, kb.schemas, kb.today)
    # Commit 1 scores all five groups; commit 2 changes one ledger case of the payments
    # pattern; commit 3 adds two ledger cases to it.
    assert computed == ["ledger", "ledger#land-registry", "ledger#payments", "records",
                        "records#registers", "ledger", "ledger#payments", "ledger",
                        "ledger#payments"]
    (repo / ".cache" / "buzzvalue" / "history.json").unlink()
    computed.clear()
    again = load_history(repo, kb.schemas, kb.today)
    assert computed == []  # every commit's assessments recalled
    assert again == history
    for path in (repo / ".cache").rglob("*.marshal"):
        path.unlink()
    (repo / ".cache" / "buzzvalue" / "history.json").unlink()
    assert load_history(repo, kb.schemas, kb.today) == history
