"""Open-data exports: the knowledge base as JSON, the graph as node-link JSON and GraphML,
CSV tables with a Frictionless data package, and the schemas. Same input, same bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import networkx as nx

from .. import __version__
from ..core import atomic
from ..kb import KnowledgeBase
from ..model.graph import targets_of
from ..model.score import TechnologyScore
from ..model.verdict import Assessment

LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


def dumps(document: object) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def computed(score: TechnologyScore) -> dict:
    """The computed part of a technology: its assessment with the derivation, its claims
    and its use patterns (the same keys as `buzzvalue score --format json`)."""
    return {k: v for k, v in score.to_dict().items() if k not in ("id", "title")}


def kb_document(kb: KnowledgeBase) -> dict:
    scores = kb.scores.technologies
    technologies = [{**e.data, "path": e.path, "computed": computed(scores[e.id])}
                    for e in sorted(kb.technologies, key=lambda e: e.id) if e.id in scores]
    use_cases = []
    for entry in sorted(kb.use_cases, key=lambda e: e.id):
        node = kb.graph.nodes.get(f"use-case:{entry.id}", {})
        use_cases.append({**entry.data, "path": entry.path,
                          "computed": {"evidence": node.get("evidence")}})
    return {"generator": f"buzzvalue {__version__}", "technologies": technologies,
            "use_cases": use_cases}


def graph_document(graph: nx.MultiDiGraph) -> dict:
    return nx.node_link_data(graph, edges="edges")


def graphml_text(graph: nx.MultiDiGraph) -> str:
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


ASSESSMENT_COLUMNS = [
    ("value", "number", "Computed value, 0-100 (50: no net effect; empty when none is assessed)"),
    ("value_low_90", "number", "Lower end of value's 90% bootstrap interval"),
    ("value_high_90", "number", "Upper end of value's 90% bootstrap interval"),
    ("buzz", "number", "Computed buzz, 0-100"),
    ("buzz_low_90", "number", "Lower end of buzz's 90% bootstrap interval"),
    ("buzz_high_90", "number", "Upper end of buzz's 90% bootstrap interval"),
    ("verdict", "string", "Computed verdict"),
    ("tier", "string", "How far to trust it: firm, leaning, borderline, insufficient evidence"),
    ("stability", "number", "Share of resamples in the same quadrant, 0-1"),
    ("evidence_strength", "integer", "Evidence strength, 0-4 (GRADE-style)"),
    ("assessed", "integer", "Use cases that enter value"),
    ("delivered", "integer", "Assessed use cases that delivered or partly delivered"),
]


def assessment_cells(a: Assessment) -> list[object]:
    low, high = a.value_interval_90 or [None, None]
    return [a.value, low, high, a.buzz, *a.buzz_interval_90, a.verdict, a.tier, a.stability,
            a.evidence_strength, a.assessed, a.positive]


TABLES: dict[str, list[tuple[str, str, str]]] = {
    # name: [(column, Frictionless type, description)]
    "technologies": [
        ("id", "string", "Technology id (the entry's file name)"),
        ("title", "string", "Name"),
        *ASSESSMENT_COLUMNS,
        ("hype_phase", "string", "Hype-cycle phase"),
        ("use_cases", "integer", "Number of use cases that use it"),
        ("claims", "integer", "Number of claims"),
    ],
    "patterns": [
        ("ref", "string", "technology-id#pattern-id"),
        ("technology", "string", "Technology id"),
        ("title", "string", "The use pattern: the job the technology is applied to"),
        *ASSESSMENT_COLUMNS,
        ("use_cases", "integer", "Number of use cases of this pattern"),
    ],
    "use-cases": [
        ("id", "string", "Use case id"),
        ("title", "string", "Name of the deployment"),
        ("technologies", "string", "Technology ids, separated by ';'"),
        ("country", "string", "ISO 3166-1 alpha-2 country code"),
        ("level", "string", "Jurisdiction level"),
        ("organisation", "string", "Public body"),
        ("domain", "string", "COFOG division code"),
        ("period_start", "integer", "First year"),
        ("period_end", "integer", "Last year (empty while running)"),
        ("stage", "string", "Stage"),
        ("outcome", "string", "Outcome"),
        ("ruled_unlawful", "boolean", "Ruled unlawful by a court or regulator"),
        ("evidence", "string", "Strongest source type"),
    ],
    "claims": [
        ("ref", "string", "technology-id#claim-id"),
        ("technology", "string", "Technology id"),
        ("text", "string", "The claim"),
        ("made_by", "string", "Who makes it"),
        ("status", "string", "Computed status"),
        ("support", "number", "Evidence weight for"),
        ("against", "number", "Evidence weight against"),
        ("tests", "integer", "Number of use cases that test it"),
    ],
    "sources": [
        ("url", "string", "Address"),
        ("title", "string", "Title"),
        ("publisher", "string", "Publisher"),
        ("date", "string", "Publication date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("type", "string", "Source type"),
        ("cited_by", "string", "Ids of the citing entries and claims, separated by ';'"),
    ],
}


def table_rows(kb: KnowledgeBase) -> dict[str, list[list[object]]]:
    graph = kb.graph
    scores = kb.scores.technologies
    rows: dict[str, list[list[object]]] = {name: [] for name in TABLES}
    for tech in sorted(scores.values(), key=lambda s: s.id):
        rows["technologies"].append([tech.id, tech.title, *assessment_cells(tech.assessment),
                                     tech.hype_phase, len(tech.contributions),
                                     len(tech.claims)])
        for pattern in tech.patterns:
            rows["patterns"].append([pattern.ref, tech.id, pattern.title,
                                     *assessment_cells(pattern.assessment),
                                     len(pattern.use_cases)])
        for claim in tech.claims:
            rows["claims"].append([f"{tech.id}#{claim.id}", tech.id, claim.text, claim.made_by,
                                   claim.status, claim.support, claim.against,
                                   len(claim.tests)])
    for node, attrs in sorted(graph.nodes(data=True)):
        if attrs["type"] == "use-case":
            techs = ";".join(t.split(":", 1)[1] for t in targets_of(graph, node, "uses"))
            organisation = ";".join(graph.nodes[o]["label"] for o in targets_of(graph, node, "by"))
            rows["use-cases"].append([
                attrs["ref"], attrs.get("label"), techs, attrs.get("country"), attrs.get("level"),
                organisation, attrs.get("domain"), attrs.get("period_start"),
                attrs.get("period_end"), attrs.get("stage"), attrs.get("outcome"),
                "true" if attrs.get("ruled_unlawful") else "false", attrs.get("evidence")])
        elif attrs["type"] == "source":
            citing = sorted(graph.nodes[u].get("ref", u)
                            for u, _, k in graph.in_edges(node, keys=True) if k == "cites")
            rows["sources"].append([attrs["url"], attrs.get("label"), attrs.get("publisher"),
                                    attrs.get("date"), attrs.get("source_type"),
                                    ";".join(citing)])
    return rows


def datapackage() -> dict:
    resources = []
    for name, columns in TABLES.items():
        key = "url" if name == "sources" else "ref" if name in ("claims", "patterns") else "id"
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": c, "type": t, "description": d}
                                  for c, t, d in columns], "primaryKey": [key]},
        })
    return {"name": "buzz-vs-value", "title": "Buzz vs Value knowledge base",
            "description": "Technologies, real public-sector use cases, the claims they test "
                           "and the sources they cite, with computed verdicts.",
            "profile": "tabular-data-package", "licenses": [LICENSE], "resources": resources}


def files(kb: KnowledgeBase) -> dict[str, str]:
    """Every export, as {relative path: text}."""
    out = {
        "kb.json": dumps(kb_document(kb)),
        "graph.json": dumps(graph_document(kb.graph)),
        "graph.graphml": graphml_text(kb.graph),
        "datapackage.json": dumps(datapackage()),
    }
    rows = table_rows(kb)
    for name, columns in TABLES.items():
        out[f"{name}.csv"] = _csv([c for c, _, _ in columns], rows[name])
    for path in sorted(kb.schemas.directory.iterdir()):
        if path.suffix in (".json", ".yaml"):
            out[f"schema/{path.name}"] = path.read_text(encoding="utf-8")
    return out


def write(kb: KnowledgeBase, directory: Path) -> list[Path]:
    written = []
    for name, text in files(kb).items():
        target = directory / name
        atomic.write_text(target, text)
        written.append(target)
    return written
