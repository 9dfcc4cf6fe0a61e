"""Every export read back by its real consumer; the same input gives the same bytes."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import networkx as nx
import pytest

from buzzvalue.export import opendata as export


@pytest.fixture
def exported(tiny, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "buzzvalue", "export", "--out", str(out)],
                            cwd=tiny.root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return tiny.load(), out


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
