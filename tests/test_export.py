"""Every export read back by its real consumer; the same input gives the same bytes."""

from __future__ import annotations

import csv
import json
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
