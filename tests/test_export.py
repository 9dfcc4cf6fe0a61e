"""Every export read back by its real consumer; the same input gives the same bytes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import networkx as nx
import pytest
from conftest import FIXTURES, TODAY

from buzzvalue import __version__
from buzzvalue.export import opendata as export
from buzzvalue.kb import load


@pytest.fixture
def exported(tiny, tmp_path):
    """The tiny knowledge base exported in-process (so a mutant of the export shows)."""
    kb = tiny.load()
    out = tmp_path / "out"
    written = export.write(kb, out)
    assert sorted(written) == sorted(out / name for name in export.files(kb))
    return kb, out


def test_the_export_command_writes_the_same_files(tiny, tmp_path, monkeypatch):
    out = tmp_path / "cli"
    result = subprocess.run([sys.executable, "-m", "buzzvalue", "export", "--out", str(out)],
                            cwd=tiny.root, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1795910400"})  # TODAY
    assert result.returncode == 0, result.stderr
    monkeypatch.chdir(tiny.root)  # where the command ran: paths are shown relative to it
    expected = export.files(load(tiny.root, today=TODAY))
    assert result.stdout == f"Wrote {len(expected)} files to {out}\n"
    assert {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in out.rglob("*") if p.is_file()} == expected


def test_names_list_the_exports_in_order_without_making_them(tiny, monkeypatch):
    kb = tiny.load()
    expected = list(export.files(kb))
    monkeypatch.setattr(export, "kb_document", lambda kb: pytest.fail("made kb.json"))
    assert export.names(kb) == expected


def test_exports_are_written_one_at_a_time(tiny, tmp_path, monkeypatch):
    """write() holds one export's text at a time: each file is on disk before the next is
    made (the site build writes them in a worker while pages are made)."""
    kb = tiny.load()
    out = tmp_path / "out"
    made = []
    real = export.graphml_text

    def graphml(graph):
        made.append(sorted(p.name for p in out.iterdir()))
        return real(graph)
    monkeypatch.setattr(export, "graphml_text", graphml)
    export.write(kb, out)
    assert made == [["graph.json", "kb.json"]]


def edges_of(graph: nx.MultiDiGraph) -> set:
    return {(u, v, k, tuple(sorted((a, b) for a, b in d.items() if a != "id")))
            for u, v, k, d in graph.edges(keys=True, data=True)}


def test_node_link_json_reads_back_into_an_equal_graph(exported):
    kb, out = exported
    graph = nx.node_link_graph(json.loads((out / "graph.json").read_text()), edges="edges")
    assert dict(graph.nodes(data=True)) == dict(kb.graph.nodes(data=True))
    assert edges_of(graph) == edges_of(kb.graph)
    assert graph.is_multigraph() and graph.is_directed()


def test_graphml_reads_back_into_an_equal_graph(exported):
    kb, out = exported
    graph = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert dict(graph.nodes(data=True)) == dict(kb.graph.nodes(data=True))
    assert edges_of(graph) == edges_of(kb.graph)


def test_csv_tables_match_the_data_package(exported):
    _, out = exported
    package = json.loads((out / "datapackage.json").read_text())
    for resource in package["resources"]:
        with open(out / resource["path"], newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert list(rows[0]) == [f["name"] for f in resource["schema"]["fields"]]
        keys = [tuple(r[k] for k in resource["schema"]["primaryKey"]) for r in rows]
        assert len(keys) == len(set(keys))
    with open(out / "technologies.csv", newline="", encoding="utf-8") as handle:
        technologies = {r["id"]: r for r in csv.DictReader(handle)}
    assert technologies["ledger"]["value"] == "62.5"


def test_data_package_is_valid_frictionless(exported):
    frictionless = pytest.importorskip("frictionless")
    _, out = exported
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_kb_json_carries_entries_with_computed_derivations(exported):
    _, out = exported
    document = json.loads((out / "kb.json").read_text())
    ledger = next(t for t in document["technologies"] if t["id"] == "ledger")
    computed = ledger["computed"]
    assert (computed["value"], computed["tier"], computed["value_interval_90"]) == (
        62.5, "insufficient evidence", [25.0, 100.0])
    assert [(u["use_case"], u["weight"], u["outcome_value"]) for u in computed["contributions"]
            ] == [("xx-land-registry", 0.8, 2), ("xx-ledger-payments", 0.8, -1)]
    assert {c["id"]: c["label"] for c in computed["claims"]} == {
        "tamper-evident": "substantiated (one case)", "cuts-costs": "refuted (one case)"}
    assert computed["patterns"]["land-registry"]["value"] == 100.0
    assert {u["id"] for u in document["use_cases"]} == {
        "xx-land-registry", "xx-ledger-payments", "xx-records-archive"}
    assert (out / "schema" / "use-case.schema.json").is_file()
    assert (out / "schema" / "scoring.yaml").is_file()


def test_same_input_same_bytes(tiny):
    first = export.files(tiny.load())
    second = export.files(tiny.load())
    assert first == second


def test_exports_refuse_a_broken_knowledge_base(tiny, tmp_path):
    tiny.mutate("use-cases/xx-land-registry.md", "stage: production", "stage: pilt")
    result = subprocess.run([sys.executable, "-m", "buzzvalue", "export", "--out",
                             str(tmp_path / "o")], cwd=tiny.root, capture_output=True, text=True)
    assert result.returncode == 1
    assert "has 1 error(s), such as entries/use-cases/xx-land-registry.md:14:8: BV104" in (
        result.stderr)
    assert not (tmp_path / "o").exists()


def test_score_command_prints_every_verdict(tiny):
    result = subprocess.run([sys.executable, "-m", "buzzvalue", "score"], cwd=tiny.root,
                            capture_output=True, text=True)
    assert result.returncode == 0
    header, ledger_row = result.stdout.splitlines()[:2]
    assert header.split()[:3] == ["technology", "value", "(90%)"]
    assert ledger_row.split()[:4] == ["ledger", "62.5", "(25-100)", "34.0"]
    as_json = subprocess.run([sys.executable, "-m", "buzzvalue", "score", "--format", "json"],
                             cwd=tiny.root, capture_output=True, text=True)
    ledger = json.loads(as_json.stdout)[0]
    assert ledger["contributions"][0]["use_case"] == "xx-land-registry"


def test_graph_command_prints_graphml_networkx_reads(tiny):
    result = subprocess.run([sys.executable, "-m", "buzzvalue", "graph", "--format", "graphml"],
                            cwd=tiny.root, capture_output=True, text=True, check=True)
    import io

    graph = nx.read_graphml(io.BytesIO(result.stdout.encode()), force_multigraph=True)
    assert edges_of(graph) == edges_of(tiny.load().graph)


def read_csv(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_claim_tests_rebuild_each_claims_count_and_carry_weights(exported):
    kb, out = exported
    tests = read_csv(out / "claim_tests.csv")
    assert {(t["use_case"], t["claim"], t["finding"]) for t in tests} == {
        ("xx-land-registry", "ledger#tamper-evident", "supports"),
        ("xx-ledger-payments", "ledger#cuts-costs", "contradicts"),
        ("xx-records-archive", "records#reliable", "supports")}
    for claim in read_csv(out / "claims.csv"):
        assert int(claim["tests"]) == sum(t["claim"] == claim["ref"] for t in tests)
    registry = next(t for t in tests if t["use_case"] == "xx-land-registry")
    assert float(registry["weight"]) == kb.scores.use_cases["xx-land-registry"].raw_weight
    assert registry["note"] == "The evaluation found no undetected change to anchored records."
    assert registry["page"] == "use-cases/xx-land-registry/"


def test_metrics_link_to_their_use_case_and_citation(exported):
    _, out = exported
    metrics = read_csv(out / "metrics.csv")
    assert metrics == [{"id": "xx-land-registry#metric-1", "use_case": "xx-land-registry",
                        "measure": "Titles anchored", "value": "1.5 million",
                        "source_url": "https://example.org/evaluation",
                        "source": "xx-land-registry#source-1",
                        "page": "use-cases/xx-land-registry/"}]


def test_each_citation_keeps_its_own_row_and_claims_link_through_a_table(tiny, tmp_path):
    # The same address cited by two entries under two titles: both titles are kept.
    tiny.mutate("use-cases/xx-ledger-payments.md", 'url: "https://example.org/news"',
                'url: "https://example.org/evaluation"')
    rows = read_rows(tiny, tmp_path)
    sources = {r["id"]: r for r in rows["sources"]}
    assert sources["xx-ledger-payments#source-2"]["title"] == "Example news report"
    assert sources["xx-land-registry#source-1"]["title"] == (
        "Example evaluation of the land registry")
    assert sources["xx-ledger-payments#source-2"]["url"] == (
        sources["xx-land-registry#source-1"]["url"])
    assert sources["ledger#source-1"]["technology"] == "ledger"
    assert sources["ledger#source-1"]["hype"] == "true"
    assert "cited_by" not in rows["sources"][0]
    links = {(r["claim"], r["source"]) for r in rows["claim_sources"]}
    assert ("ledger#tamper-evident", "ledger#source-2") in links
    assert all(sources[s]["technology"] == c.split("#")[0] for c, s in links)


def read_rows(tiny, tmp_path) -> dict[str, list[dict[str, str]]]:
    out = tmp_path / "rows"
    export.write(tiny.load(), out)
    return {p.stem: read_csv(p) for p in out.glob("*.csv")}


def test_every_row_carries_an_id_and_its_page(exported):
    _, out = exported
    package = json.loads((out / "datapackage.json").read_text())
    for resource in package["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert resource["schema"]["primaryKey"], resource["name"]
        if resource["name"] != "claim-sources":  # a link table: both ends have pages
            assert "page" in names, resource["name"]


def test_foreign_keys_are_declared_and_enforced(exported):
    frictionless = pytest.importorskip("frictionless")
    _, out = exported
    package = json.loads((out / "datapackage.json").read_text())
    tests = next(r for r in package["resources"] if r["name"] == "claim-tests")
    assert {"fields": "claim", "reference": {"resource": "claims", "fields": "ref"}} in (
        tests["schema"]["foreignKeys"])
    text = (out / "claim_tests.csv").read_text()
    (out / "claim_tests.csv").write_text(text.replace("ledger#cuts-costs", "ledger#no-such"))
    report = frictionless.validate(str(out / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e[2] for e in report.flatten(["rowNumber", "fieldName", "type"])}


def test_the_export_carries_the_version_and_the_build_date(tiny, tmp_path):
    from buzzvalue import __version__

    out = tmp_path / "dated"
    subprocess.run([sys.executable, "-m", "buzzvalue", "export", "--out", str(out)],
                   cwd=tiny.root, check=True, capture_output=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": "1764374400"})  # 2025-11-29
    package = json.loads((out / "datapackage.json").read_text())
    document = json.loads((out / "kb.json").read_text())
    assert (package["version"], package["created"]) == (__version__, "2025-11-29T00:00:00Z")
    assert (document["version"], document["built"]) == (__version__, "2025-11-29T00:00:00Z")


def test_similar_cases_are_in_the_export_as_on_the_pages(exported):
    kb, out = exported
    similar = read_csv(out / "similar_cases.csv")
    assert [(s["use_case"], s["rank"], s["similar"]) for s in similar
            if s["use_case"] == "xx-land-registry"] == [
        ("xx-land-registry", "1", "xx-ledger-payments")]
    row = similar[0]
    assert row["reason"] == kb.similar[row["use_case"]][0].reason
    document = json.loads((out / "kb.json").read_text())
    registry = next(u for u in document["use_cases"] if u["id"] == "xx-land-registry")
    assert registry["computed"]["similar"][0]["use_case"] == "xx-ledger-payments"


def test_every_page_in_the_open_data_exists_on_the_site(repo_site):
    missing = set()
    for path in (repo_site / "data").glob("*.csv"):
        for row in read_csv(path):
            if row.get("page"):
                page = row["page"].split("#", 1)[0]
                if not (repo_site / page / "index.html").is_file():
                    missing.add(f"{path.name}: {row['page']}")
    assert missing == set()


# --- what each column means: a tiny knowledge base with known values, the exact rows out ---

PAYMENTS = "use-cases/xx-ledger-payments.md"


@pytest.fixture
def known(tiny):
    """The tiny knowledge base with a third ledger case (a pilot that partly delivered), the
    payments pilot ruled unlawful (citing the ruling) and the archive only announced (so
    records has no value). Outcome values: delivered 2, partly delivered 1, not delivered
    -1; three cases under the 25% cap count equally."""
    trial = (tiny.path(PAYMENTS).read_text()
             .replace("xx-ledger-payments", "xx-ledger-trial")
             .replace("title: Example payments pilot", "title: Example ledger trial")
             .replace("Example City Council", "Example Town Council")
             .replace("stage: discontinued", "stage: pilot")
             .replace("outcome: not-delivered", "outcome: partly-delivered")
             .replace("country: SE", "country: FI")
             .replace('as_of: "2026-11-01"', 'as_of: "2020-06-01"')
             .replace("period: {start: 2018, end: 2019}", "period: {start: 2019}"))
    tiny.write("use-cases/xx-ledger-trial.md", trial)
    tiny.mutate(PAYMENTS, "stage: discontinued", "stage: discontinued\nruled_unlawful: true")
    tiny.mutate(PAYMENTS, "sources:\n", 'sources:\n  - {title: Example ruling, publisher: '
                'Example Court, date: "2019-10-01", url: "https://example.org/ruling", '
                "type: court, by: independent}\n")
    tiny.mutate("use-cases/xx-records-archive.md", "stage: scaled", "stage: announced")
    kb = tiny.load()
    assert kb.report.diagnostics == ()
    return kb


def table(kb, name: str) -> list[dict[str, str]]:
    """A CSV file of the export, read back as its consumers read it."""
    return list(csv.DictReader(io.StringIO(export.files(kb)[name])))


ASSESSMENT = ["value", "value_low_90", "value_high_90", "buzz", "buzz_low_90",
              "buzz_high_90", "verdict", "tier", "stability", "evidence_strength", "assessed",
              "delivered"]


def test_technologies_csv_columns_mean_what_their_names_say(known):
    rows = table(known, "technologies.csv")
    # ledger: value 50 + 25 x (2 - 1 + 1) / 3 = 66.7; buzz: one claim of two refuted
    # (0.5 x 50 = 25) + one case of three a pilot (0.3 x 100 / 3 = 10) + trough
    # (0.2 x 45 = 9) = 44. The intervals and the stability come from the seeded bootstrap.
    assert rows == [
        {"id": "ledger", "title": "Shared Ledger",
         "value": "66.7", "value_low_90": "50.0", "value_high_90": "87.5",
         "buzz": "44.0", "buzz_low_90": "34.0", "buzz_high_90": "79.0",
         "verdict": "insufficient evidence", "tier": "insufficient evidence",
         "stability": "0.582", "evidence_strength": "1", "assessed": "3", "delivered": "2",
         "hype_phase": "trough", "use_cases": "3", "claims": "2",
         "page": "technologies/ledger/"},
        # records: its one case is announced, so nothing is assessed and value is empty;
        # buzz: its claim unsubstantiated (50) + all cases immature (30) + plateau
        # (0.2 x 10 = 2) = 82
        {"id": "records", "title": "Records System",
         "value": "", "value_low_90": "", "value_high_90": "",
         "buzz": "82.0", "buzz_low_90": "82.0", "buzz_high_90": "82.0",
         "verdict": "insufficient evidence", "tier": "insufficient evidence",
         "stability": "", "evidence_strength": "0", "assessed": "0", "delivered": "0",
         "hype_phase": "plateau", "use_cases": "1", "claims": "1",
         "page": "technologies/records/"},
    ]
    a = known.scores.technologies["ledger"].assessment
    assert [rows[0][c] for c in ASSESSMENT] == [str(v) for v in (
        a.value, *a.value_interval_90, a.buzz, *a.buzz_interval_90, a.verdict, a.tier,
        a.stability, a.evidence_strength, a.assessed, a.positive)]


def test_patterns_csv_columns_mean_what_their_names_say(known):
    rows = table(known, "patterns.csv")
    # payments: (-1 + 1) / 2 -> 50; buzz: its claim refuted (50) + one pilot of two (15)
    # + trough (9) = 74. Land registry: one delivered case -> 100; buzz 0 + 0 + 9.
    assert rows == [
        {"ref": "ledger#land-registry", "technology": "ledger", "title": "Land registries",
         "value": "100.0", "value_low_90": "100.0", "value_high_90": "100.0",
         "buzz": "9.0", "buzz_low_90": "9.0", "buzz_high_90": "9.0",
         "verdict": "insufficient evidence", "tier": "insufficient evidence",
         "stability": "1.0", "evidence_strength": "1", "assessed": "1", "delivered": "1",
         "use_cases": "1", "page": "patterns/ledger/land-registry/"},
        {"ref": "ledger#payments", "technology": "ledger", "title": "Payments",
         "value": "50.0", "value_low_90": "25.0", "value_high_90": "75.0",
         "buzz": "74.0", "buzz_low_90": "59.0", "buzz_high_90": "89.0",
         "verdict": "insufficient evidence", "tier": "insufficient evidence",
         "stability": "0.761", "evidence_strength": "0", "assessed": "2", "delivered": "1",
         "use_cases": "2", "page": "patterns/ledger/payments/"},
        {"ref": "records#registers", "technology": "records", "title": "Public registers",
         "value": "", "value_low_90": "", "value_high_90": "",
         "buzz": "82.0", "buzz_low_90": "82.0", "buzz_high_90": "82.0",
         "verdict": "insufficient evidence", "tier": "insufficient evidence",
         "stability": "", "evidence_strength": "0", "assessed": "0", "delivered": "0",
         "use_cases": "1", "page": "patterns/records/registers/"},
    ]


def test_use_cases_csv_says_which_case_was_ruled_unlawful(known):
    rows = table(known, "use-cases.csv")
    assert {r["id"]: r["ruled_unlawful"] for r in rows} == {
        "xx-land-registry": "false", "xx-ledger-payments": "true", "xx-ledger-trial": "false",
        "xx-records-archive": "false"}
    assert rows[1] == {
        "id": "xx-ledger-payments", "title": "Example payments pilot on a shared ledger",
        "technologies": "ledger", "country": "SE", "level": "local",
        "organisation": "Example City Council", "domain": "04", "period_start": "2018",
        "period_end": "2019", "stage": "discontinued", "outcome": "not-delivered",
        "ruled_unlawful": "true", "evidence": "audit", "page": "use-cases/xx-ledger-payments/"}
    assert rows[2] == {
        "id": "xx-ledger-trial", "title": "Example ledger trial on a shared ledger",
        "technologies": "ledger", "country": "FI", "level": "local",
        "organisation": "Example Town Council", "domain": "04", "period_start": "2019",
        "period_end": "", "stage": "pilot", "outcome": "partly-delivered",
        "ruled_unlawful": "false", "evidence": "audit", "page": "use-cases/xx-ledger-trial/"}
    # the site's filtered download: the same cells, as strings, by id
    assert export.use_case_rows(known) == {r["id"]: list(r.values()) for r in rows}


def test_claims_csv_counts_the_weight_for_and_against(known):
    # cuts-costs: contradicted by the payments case (0.8 = audit 1.0 x discontinued 0.8)
    # and the trial (1.0 x pilot 0.4); reliable: supported by an announced case only
    # (official 0.6 x announced 0.1 = 0.06), too little to substantiate it.
    assert [(r["ref"], r["technology"], r["made_by"], r["status"], r["support"],
             r["against"], r["tests"], r["page"]) for r in table(known, "claims.csv")] == [
        ("ledger#tamper-evident", "ledger", "Vendors", "substantiated", "0.8", "0.0", "1",
         "claims/#ledger--tamper-evident"),
        ("ledger#cuts-costs", "ledger", "A national strategy", "refuted", "0.0", "1.2", "2",
         "claims/#ledger--cuts-costs"),
        ("records#reliable", "records", "Practitioners", "inconclusive", "0.06", "0.0", "1",
         "claims/#records--reliable"),
    ]
    assert table(known, "claims.csv")[0]["text"] == (
        "Records kept on a shared ledger cannot be changed unnoticed.")


def test_claim_tests_csv_carries_each_cases_weight(known):
    assert [(r["use_case"], r["claim"], r["finding"], r["weight"])
            for r in table(known, "claim_tests.csv")] == [
        ("xx-land-registry", "ledger#tamper-evident", "supports", "0.8"),
        ("xx-ledger-payments", "ledger#cuts-costs", "contradicts", "0.8"),
        ("xx-ledger-trial", "ledger#cuts-costs", "contradicts", "0.4"),
        ("xx-records-archive", "records#reliable", "supports", "0.06"),
    ]


def test_sources_csv_numbers_each_entrys_citations_as_its_page_does(known):
    rows = table(known, "sources.csv")
    assert [(r["id"], r["use_case"], r["technology"], r["url"], r["type"], r["by"],
             r["hype"], r["page"]) for r in rows] == [
        ("ledger#source-1", "", "ledger", "https://example.org/hype", "media", "", "true",
         "technologies/ledger/"),
        ("ledger#source-2", "", "ledger", "https://example.org/brochure", "media", "vendor",
         "false", "technologies/ledger/"),
        ("ledger#source-3", "", "ledger", "https://example.org/strategy", "official", "",
         "false", "technologies/ledger/"),
        ("records#source-1", "", "records", "https://example.org/plateau", "media", "",
         "true", "technologies/records/"),
        ("records#source-2", "", "records", "https://example.org/guide", "official", "",
         "false", "technologies/records/"),
        ("xx-land-registry#source-1", "xx-land-registry", "", "https://example.org/evaluation",
         "audit", "independent", "false", "use-cases/xx-land-registry/"),
        ("xx-ledger-payments#source-1", "xx-ledger-payments", "", "https://example.org/ruling",
         "court", "independent", "false", "use-cases/xx-ledger-payments/"),
        ("xx-ledger-payments#source-2", "xx-ledger-payments", "", "https://example.org/audit",
         "audit", "independent", "false", "use-cases/xx-ledger-payments/"),
        ("xx-ledger-payments#source-3", "xx-ledger-payments", "", "https://example.org/news",
         "media", "independent", "false", "use-cases/xx-ledger-payments/"),
        ("xx-ledger-trial#source-1", "xx-ledger-trial", "", "https://example.org/audit",
         "audit", "independent", "false", "use-cases/xx-ledger-trial/"),
        ("xx-ledger-trial#source-2", "xx-ledger-trial", "", "https://example.org/news",
         "media", "independent", "false", "use-cases/xx-ledger-trial/"),
        ("xx-records-archive#source-1", "xx-records-archive", "", "https://example.org/report",
         "official", "implementer", "false", "use-cases/xx-records-archive/"),
    ]
    assert {k: rows[6][k] for k in ("title", "publisher", "date")} == {
        "title": "Example ruling", "publisher": "Example Court", "date": "2019-10-01"}
    assert table(known, "claim_sources.csv") == [
        {"claim": "ledger#cuts-costs", "source": "ledger#source-3"},
        {"claim": "ledger#tamper-evident", "source": "ledger#source-2"},
        {"claim": "records#reliable", "source": "records#source-2"}]


def test_similar_cases_csv_ranks_by_what_the_cases_share(known):
    assert [(r["use_case"], r["rank"], r["similar"], r["score"])
            for r in table(known, "similar_cases.csv")] == [
        ("xx-land-registry", "1", "xx-ledger-payments", "2.0"),
        ("xx-land-registry", "2", "xx-ledger-trial", "2.0"),
        # a claim (3) + a use pattern (3) + a technology (2) + domain (1) + level (0.5)
        ("xx-ledger-payments", "1", "xx-ledger-trial", "9.5"),
        ("xx-ledger-payments", "2", "xx-land-registry", "2.0"),
        ("xx-ledger-trial", "1", "xx-ledger-payments", "9.5"),
        ("xx-ledger-trial", "2", "xx-land-registry", "2.0"),
    ]
    assert table(known, "similar_cases.csv")[2]["reason"] == (
        "also tests 'A shared ledger lowers the cost of keeping a register'; same use pattern "
        "'Payments'; also uses Shared Ledger; same domain; same level")


def test_a_claim_citing_the_hype_source_shares_its_number(tiny):
    # cited in page order: the hype source, tamper-evident's (the same address), cuts-costs'
    tiny.mutate("technologies/ledger.md", "url: https://example.org/brochure",
                "url: https://example.org/hype")
    rows = table(tiny.load(), "sources.csv")
    assert [(r["id"], r["url"], r["title"], r["hype"]) for r in rows[:3]] == [
        ("ledger#source-1", "https://example.org/hype", "Example hype placement", "true"),
        ("ledger#source-2", "https://example.org/strategy", "Example strategy", "false"),
        ("records#source-1", "https://example.org/plateau", "Example placement", "true")]
    assert table(tiny.load(), "claim_sources.csv")[:2] == [
        {"claim": "ledger#cuts-costs", "source": "ledger#source-2"},
        {"claim": "ledger#tamper-evident", "source": "ledger#source-1"}]


def test_a_metric_names_the_first_citation_of_its_address_or_none(tiny):
    registry = "use-cases/xx-land-registry.md"
    tiny.mutate(registry, "    type: audit\n    by: independent\n",
                "    type: audit\n    by: independent\n"
                "  - {title: The same evaluation again, publisher: Example National Audit "
                'Office, date: "2021-05-03", url: "https://example.org/evaluation", '
                "type: audit, by: independent}\n"
                "  - {title: A press release, publisher: Example Land Agency, "
                'date: "2021-05-04", url: "https://example.org/press", type: official, '
                "by: implementer}\n")
    tiny.mutate(registry, "    source: https://example.org/evaluation\n",
                "    source: https://example.org/evaluation\n"
                "  - {measure: Staff, value: '12', source: 'https://example.org/press'}\n"
                "  - {measure: Cost, value: '3', source: 'https://example.org/uncited'}\n")
    tiny.mutate(registry, "    note: The evaluation found no undetected change",
                '    note: "The evaluation   found\\n no undetected change')
    tiny.mutate(registry, "anchored records.\nmetrics", 'anchored records."\nmetrics')
    kb = tiny.load()
    assert [(r["id"], r["measure"], r["value"], r["source_url"], r["source"])
            for r in table(kb, "metrics.csv")] == [
        ("xx-land-registry#metric-1", "Titles anchored", "1.5 million",
         "https://example.org/evaluation", "xx-land-registry#source-1"),
        ("xx-land-registry#metric-2", "Staff", "12", "https://example.org/press",
         "xx-land-registry#source-3"),
        ("xx-land-registry#metric-3", "Cost", "3", "https://example.org/uncited", ""),
    ]
    assert [r["id"] for r in table(kb, "sources.csv") if r["use_case"] == "xx-land-registry"
            ] == [f"xx-land-registry#source-{i}" for i in (1, 2, 3)]
    assert table(kb, "claim_tests.csv")[0]["note"] == (
        "The evaluation found no undetected change to anchored records.")


# --- the files, the data package and kb.json, exactly -------------------------------------

CSV_FILES = ["claim_sources.csv", "claim_tests.csv", "claims.csv", "metrics.csv",
             "patterns.csv", "similar_cases.csv", "sources.csv", "technologies.csv",
             "use-cases.csv"]


def test_the_export_is_these_files_with_the_schemas_json_and_yaml_only(tiny):
    shutil.copytree(FIXTURES.parents[1] / "schema", tiny.root / "schema")
    (tiny.root / "schema" / "notes.txt").write_text("not exported\n")
    (tiny.root / "schema" / "README.md").write_text("not exported\n")
    files = export.files(tiny.load())
    assert sorted(files) == sorted([
        *CSV_FILES, "datapackage.json", "graph.graphml", "graph.json", "kb.json",
        "schema/common.schema.json", "schema/guide.schema.json", "schema/scoring.yaml",
        "schema/technology.schema.json", "schema/use-case.schema.json",
        "schema/vocabularies.schema.json"])
    assert files["schema/scoring.yaml"] == (tiny.root / "schema" / "scoring.yaml").read_text()
    assert all(text.endswith("\n") for text in files.values())


def test_the_data_package_describes_each_table(tiny):
    kb = tiny.load()
    package = json.loads(export.files(kb)["datapackage.json"])
    assert {k: v for k, v in package.items() if k != "resources"} == {
        "name": "buzz-vs-value", "title": "Buzz vs Value knowledge base",
        "description": "Technologies, real public-sector use cases, the claims they test and "
                       "the sources they cite, with computed verdicts.",
        "version": __version__, "created": "2026-11-29T00:00:00Z",
        "profile": "tabular-data-package",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}]}
    resources = {r["name"]: r for r in package["resources"]}
    assert [(r["name"], r["path"]) for r in package["resources"]] == [
        ("technologies", "technologies.csv"), ("patterns", "patterns.csv"),
        ("use-cases", "use-cases.csv"), ("claims", "claims.csv"), ("sources", "sources.csv"),
        ("claim-sources", "claim_sources.csv"), ("claim-tests", "claim_tests.csv"),
        ("metrics", "metrics.csv"), ("similar-cases", "similar_cases.csv")]
    assert resources["claim-sources"] == {
        "name": "claim-sources", "path": "claim_sources.csv", "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {
            "fields": [
                {"name": "claim", "type": "string",
                 "description": "Claim (technology-id#claim-id)"},
                {"name": "source", "type": "string",
                 "description": "The citation (sources.id) that shows the claim is made"}],
            "primaryKey": ["claim", "source"],
            "foreignKeys": [
                {"fields": "claim", "reference": {"resource": "claims", "fields": "ref"}},
                {"fields": "source", "reference": {"resource": "sources", "fields": "id"}}]}}
    assert "foreignKeys" not in resources["technologies"]["schema"]
    assert "foreignKeys" not in resources["use-cases"]["schema"]
    assert [(f["name"], f["type"]) for f in resources["technologies"]["schema"]["fields"]][
        2:9] == [("value", "number"), ("value_low_90", "number"), ("value_high_90", "number"),
                 ("buzz", "number"), ("buzz_low_90", "number"), ("buzz_high_90", "number"),
                 ("verdict", "string")]
    assert {name: r["schema"]["primaryKey"] for name, r in resources.items()} == export.KEYS


def test_kb_json_holds_each_entry_with_its_path_page_and_computed_part(tiny):
    tiny.mutate("technologies/ledger.md", "title: Shared Ledger", "title: Shared Ledger (é)")
    kb = tiny.load()
    text = export.files(kb)["kb.json"]
    assert '"title": "Shared Ledger (é)"' in text  # UTF-8 as it is, not \\u escapes
    assert text.startswith('{\n  "built": "2026-11-29T00:00:00Z",\n  "generator": ')
    document = json.loads(text)
    assert {k: document[k] for k in ("built", "generator", "version")} == {
        "built": "2026-11-29T00:00:00Z", "generator": f"buzzvalue {__version__}",
        "version": __version__}
    ledger, records = (next(e for e in kb.technologies if e.id == tid)
                       for tid in ("ledger", "records"))
    score = kb.scores.technologies["ledger"].to_dict()
    assert document["technologies"][0] == json.loads(json.dumps({
        **ledger.data, "path": ledger.path,
        "computed": {k: v for k, v in score.items() if k not in ("id", "title")}}))
    assert [t["id"] for t in document["technologies"]] == ["ledger", "records"]
    assert "title" not in document["technologies"][0]["computed"]
    assert "id" not in document["technologies"][1]["computed"]
    assert document["technologies"][1]["path"] == records.path
    assert [(u["id"], u["page"], u["computed"]) for u in document["use_cases"]] == [
        ("xx-land-registry", "use-cases/xx-land-registry/",
         {"evidence": "audit", "similar": [
             {"use_case": "xx-ledger-payments", "score": 2.0,
              "reason": "also uses Shared Ledger (é)"}]}),
        ("xx-ledger-payments", "use-cases/xx-ledger-payments/",
         {"evidence": "audit", "similar": [
             {"use_case": "xx-land-registry", "score": 2.0,
              "reason": "also uses Shared Ledger (é)"}]}),
        ("xx-records-archive", "use-cases/xx-records-archive/",
         {"evidence": "official", "similar": []}),
    ]
    registry = next(e for e in kb.use_cases if e.id == "xx-land-registry")
    assert document["use_cases"][0]["path"] == registry.path
    assert document["use_cases"][0]["outcome"] == "delivered"


def test_the_graph_files_end_with_a_newline_and_read_back(tiny):
    kb = tiny.load()
    files = export.files(kb)
    assert files["graph.graphml"].endswith("</graphml>\n")
    assert json.loads(files["graph.json"]) == json.loads(export.dumps(
        nx.node_link_data(kb.graph, edges="edges")))


def test_a_case_using_two_technologies_lists_both(tiny):
    tiny.mutate("use-cases/xx-land-registry.md", "technologies: [ledger]",
                "technologies: [ledger, records]")
    rows = table(tiny.load(), "use-cases.csv")
    assert [(r["id"], r["technologies"]) for r in rows] == [
        ("xx-land-registry", "ledger;records"), ("xx-ledger-payments", "ledger"),
        ("xx-records-archive", "records")]


def test_citations_of_a_technology_without_hype_or_with_odd_claims(tiny):
    # Not valid entries (the export command refuses them), but the tables never crash on
    # them: no hype block, a claim without a source, a claim without an id.
    tiny.mutate("technologies/records.md", "hype:\n  phase: plateau\n  as_of: 2020\n  sources:\n"
                '    - {title: Example placement, publisher: Example Analyst, date: "2020", '
                'url: "https://example.org/plateau", type: media}\n', "")
    tiny.mutate("technologies/ledger.md", "  - id: cuts-costs\n", "  - name: no id\n")
    tiny.mutate("technologies/ledger.md", "    made_by: Vendors\n    source:\n",
                "    made_by: Vendors\n    sourced:\n")
    kb = tiny.load()
    assert [(r["id"], r["url"], r["hype"]) for r in table(kb, "sources.csv")][:3] == [
        ("ledger#source-1", "https://example.org/hype", "true"),
        ("ledger#source-2", "https://example.org/strategy", "false"),
        ("records#source-1", "https://example.org/guide", "false")]
    assert table(kb, "claim_sources.csv") == [
        {"claim": "records#reliable", "source": "records#source-1"}]


def test_a_claim_test_without_a_note_has_an_empty_note(tiny):
    tiny.mutate("use-cases/xx-records-archive.md",
                "    note: The report found the records complete and available.\n", "")
    rows = table(tiny.load(), "claim_tests.csv")
    assert [(r["use_case"], r["note"]) for r in rows][2] == ("xx-records-archive", "")


def test_rows_follow_the_ids_not_the_file_names(tiny):
    # Each file named unlike its id (an error the validator reports); the export still
    # orders every table and kb.json by id.
    for old, new in (("technologies/ledger.md", "technologies/zz-ledger.md"),
                     ("use-cases/xx-land-registry.md", "use-cases/zz-land-registry.md")):
        tiny.path(old).rename(tiny.path(new))
    kb = tiny.load()
    document = json.loads(export.files(kb)["kb.json"])
    assert [t["id"] for t in document["technologies"]] == ["ledger", "records"]
    assert [u["id"] for u in document["use_cases"]] == [
        "xx-land-registry", "xx-ledger-payments", "xx-records-archive"]
    assert [r["id"] for r in table(kb, "sources.csv")][:4] == [
        "ledger#source-1", "ledger#source-2", "ledger#source-3", "records#source-1"]
    assert [r["use_case"] for r in table(kb, "claim_tests.csv")] == [
        "xx-land-registry", "xx-ledger-payments", "xx-records-archive"]


def test_a_technology_id_is_listed_whole_even_with_a_colon(tiny):
    # 'rec:ords' breaks the id pattern (the validator says so); its graph node is
    # 'technology:rec:ords', and the row still names the technology in full.
    tiny.mutate("technologies/records.md", "id: records", "id: 'rec:ords'")
    tiny.mutate("use-cases/xx-records-archive.md", "technologies: [records]",
                "technologies: ['rec:ords']")
    rows = table(tiny.load(), "use-cases.csv")
    assert [(r["id"], r["technologies"]) for r in rows][2] == ("xx-records-archive", "rec:ords")


def test_a_page_address_splits_a_ref_at_its_first_hash(tiny):
    # '#' in a claim or pattern id breaks the id pattern (the validator says so); the
    # technology is what comes before the first '#'.
    tiny.mutate("technologies/ledger.md", "  - id: cuts-costs", "  - id: 'cuts#costs'")
    tiny.mutate("technologies/ledger.md", "  - id: payments", "  - id: 'pay#ments'")
    kb = tiny.load()
    assert [(r["ref"], r["page"]) for r in table(kb, "claims.csv")][1] == (
        "ledger#cuts#costs", "claims/#ledger--cuts#costs")
    assert [(r["ref"], r["page"]) for r in table(kb, "patterns.csv")][1] == (
        "ledger#pay#ments", "patterns/ledger/pay#ments/")
