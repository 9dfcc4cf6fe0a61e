"""Open-data exports: the knowledge base as JSON, the graph as node-link JSON and GraphML,
CSV tables with a Frictionless data package, and the schemas. Same input, same bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import networkx as nx

from .. import __version__
from ..core import atomic
from ..core.entry import Entry
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
        similar = [{"use_case": s.other, "score": s.score, "reason": s.reason}
                   for s in kb.similar.get(entry.id, ())]
        use_cases.append({**entry.data, "path": entry.path, "page": case_page(entry.id),
                          "computed": {"evidence": node.get("evidence"), "similar": similar}})
    return {"generator": f"buzzvalue {__version__}", "version": __version__,
            "built": built(kb), "technologies": technologies, "use_cases": use_cases}


def built(kb: KnowledgeBase) -> str:
    """The build date: the knowledge base's clock (SOURCE_DATE_EPOCH when set), at midnight
    UTC, so two builds of one tree on one day give the same bytes."""
    return f"{kb.today.isoformat()}T00:00:00Z"


# --- where each entry lives on the site (MkDocs directory URLs, relative to the site root;
# the same addresses as site/context.py's pages) ---------------------------------------

def tech_page(tech_id: str) -> str:
    return f"technologies/{tech_id}/"


def case_page(case_id: str) -> str:
    return f"use-cases/{case_id}/"


def claim_page(ref: str) -> str:
    tech_id, _, claim_id = ref.partition("#")
    return f"claims/#{tech_id}--{claim_id}"


def pattern_page(ref: str) -> str:
    tech_id, _, pattern_id = ref.partition("#")
    return f"patterns/{tech_id}/{pattern_id}/"


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


PAGE = ("page", "string", "The row's page on the site, relative to the site's root")

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
        PAGE,
    ],
    "patterns": [
        ("ref", "string", "technology-id#pattern-id"),
        ("technology", "string", "Technology id"),
        ("title", "string", "The use pattern: the job the technology is applied to"),
        *ASSESSMENT_COLUMNS,
        ("use_cases", "integer", "Number of use cases of this pattern"),
        PAGE,
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
        PAGE,
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
        PAGE,
    ],
    "sources": [
        ("id", "string", "This citation: the citing entry's id, '#source-' and its number on "
                         "the entry's page"),
        ("use_case", "string", "The citing use case (empty when a technology cites it)"),
        ("technology", "string", "The citing technology (empty when a use case cites it)"),
        ("url", "string", "Address"),
        ("title", "string", "Title, as the citing entry gives it"),
        ("publisher", "string", "Publisher"),
        ("date", "string", "Publication date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("type", "string", "Source type"),
        ("by", "string", "Who wrote it, relative to the deployment"),
        ("hype", "boolean", "Cited for the technology's hype phase"),
        PAGE,
    ],
    "claim-sources": [
        ("claim", "string", "Claim (technology-id#claim-id)"),
        ("source", "string", "The citation (sources.id) that shows the claim is made"),
    ],
    "claim-tests": [
        ("use_case", "string", "Use case id"),
        ("claim", "string", "Claim it tests (technology-id#claim-id)"),
        ("finding", "string", "What the use case shows of the claim"),
        ("note", "string", "Why, in the editors' words"),
        ("weight", "number", "The use case's evidence weight (evidence x stage)"),
        PAGE,
    ],
    "metrics": [
        ("id", "string", "The use case's id, '#metric-' and the metric's number"),
        ("use_case", "string", "Use case id"),
        ("measure", "string", "What was measured"),
        ("value", "string", "The figure, as the source gives it"),
        ("source_url", "string", "Address of the source that gives it"),
        ("source", "string", "The citation (sources.id) that gives it"),
        PAGE,
    ],
    "similar-cases": [
        ("use_case", "string", "Use case id"),
        ("rank", "integer", "1 for the most similar"),
        ("similar", "string", "The similar use case's id"),
        ("score", "number", "How much they share (3 a claim or use pattern, 2 a technology, "
                            "1 domain or country, 0.5 level)"),
        ("reason", "string", "What they share, in words"),
        PAGE,
    ],
}

# Files keep the names readers asked for; Frictionless resource names take no underscore.
PATHS = {"claim-sources": "claim_sources.csv", "claim-tests": "claim_tests.csv",
         "similar-cases": "similar_cases.csv"}

KEYS: dict[str, list[str]] = {
    "technologies": ["id"], "patterns": ["ref"], "use-cases": ["id"], "claims": ["ref"],
    "sources": ["id"], "claim-sources": ["claim", "source"], "claim-tests": ["use_case", "claim"],
    "metrics": ["id"], "similar-cases": ["use_case", "rank"],
}

# (resource, field) -> (referenced resource, its key)
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "patterns": [("technology", "technologies", "id")],
    "claims": [("technology", "technologies", "id")],
    "sources": [("use_case", "use-cases", "id"), ("technology", "technologies", "id")],
    "claim-sources": [("claim", "claims", "ref"), ("source", "sources", "id")],
    "claim-tests": [("use_case", "use-cases", "id"), ("claim", "claims", "ref")],
    "metrics": [("use_case", "use-cases", "id"), ("source", "sources", "id")],
    "similar-cases": [("use_case", "use-cases", "id"), ("similar", "use-cases", "id")],
}


def path_of(name: str) -> str:
    return PATHS.get(name, f"{name}.csv")


def table_rows(kb: KnowledgeBase) -> dict[str, list[list[object]]]:
    graph = kb.graph
    scores = kb.scores.technologies
    rows: dict[str, list[list[object]]] = {name: [] for name in TABLES}
    for tech in sorted(scores.values(), key=lambda s: s.id):
        rows["technologies"].append([tech.id, tech.title, *assessment_cells(tech.assessment),
                                     tech.hype_phase, len(tech.contributions),
                                     len(tech.claims), tech_page(tech.id)])
        for pattern in tech.patterns:
            rows["patterns"].append([pattern.ref, tech.id, pattern.title,
                                     *assessment_cells(pattern.assessment),
                                     len(pattern.use_cases), pattern_page(pattern.ref)])
        for claim in tech.claims:
            rows["claims"].append([claim.ref, tech.id, claim.text, claim.made_by,
                                   claim.status, claim.support, claim.against,
                                   len(claim.tests), claim_page(claim.ref)])
    for node, attrs in sorted(graph.nodes(data=True)):
        if attrs["type"] == "use-case":
            rows["use-cases"].append(use_case_row(graph, node, attrs))
    for entry in sorted(kb.technologies, key=lambda e: e.id):
        tech_rows(entry, rows)
    for entry in sorted(kb.use_cases, key=lambda e: e.id):
        case_rows(kb, entry, rows)
    return rows


def use_case_row(graph: nx.MultiDiGraph, node: str, attrs: dict) -> list[object]:
    """A use case as a row of use-cases.csv (the site's filtered download has the same)."""
    techs = ";".join(t.split(":", 1)[1] for t in targets_of(graph, node, "uses"))
    organisation = ";".join(graph.nodes[o]["label"] for o in targets_of(graph, node, "by"))
    return [attrs["ref"], attrs.get("label"), techs, attrs.get("country"), attrs.get("level"),
            organisation, attrs.get("domain"), attrs.get("period_start"),
            attrs.get("period_end"), attrs.get("stage"), attrs.get("outcome"),
            "true" if attrs.get("ruled_unlawful") else "false", attrs.get("evidence"),
            case_page(attrs["ref"])]


def use_case_rows(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Each use case's row of use-cases.csv as the strings the CSV holds, by id."""
    rows = {}
    for node, attrs in sorted(kb.graph.nodes(data=True)):
        if attrs["type"] == "use-case":
            rows[str(attrs["ref"])] = ["" if v is None else str(v)
                                       for v in use_case_row(kb.graph, node, attrs)]
    return rows


def _dicts(value: object) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _source_cells(source: dict) -> list[object]:
    return [source.get("url"), source.get("title"), source.get("publisher"),
            source.get("date"), source.get("type"), source.get("by")]


def tech_rows(entry: Entry, rows: dict[str, list[list[object]]]) -> None:
    """A technology's citations, numbered as its page lists them (hype sources first, then
    each claim's source; one number per address), and which claim each backs."""
    hype = entry.data.get("hype") if isinstance(entry.data.get("hype"), dict) else {}
    hype_urls = {s.get("url") for s in _dicts(hype.get("sources"))}
    numbers: dict[str, str] = {}
    claims = _dicts(entry.data.get("claims"))
    cited = _dicts(hype.get("sources")) + [c["source"] for c in claims
                                           if isinstance(c.get("source"), dict)]
    for source in cited:
        url = str(source.get("url"))
        if url in numbers:
            continue
        numbers[url] = f"{entry.id}#source-{len(numbers) + 1}"
        rows["sources"].append([numbers[url], None, entry.id, *_source_cells(source),
                                "true" if url in hype_urls else "false", tech_page(entry.id)])
    links = {(f"{entry.id}#{c['id']}", numbers[str(c["source"].get("url"))]) for c in claims
             if isinstance(c.get("source"), dict) and isinstance(c.get("id"), str)}
    rows["claim-sources"] += [list(link) for link in sorted(links)]


def case_rows(kb: KnowledgeBase, entry: Entry, rows: dict[str, list[list[object]]]) -> None:
    """A use case's citations, claim tests, metrics and similar cases."""
    page = case_page(entry.id)
    numbers: dict[str, str] = {}
    for i, source in enumerate(_dicts(entry.data.get("sources")), 1):
        numbers.setdefault(str(source.get("url")), f"{entry.id}#source-{i}")
        rows["sources"].append([f"{entry.id}#source-{i}", entry.id, None,
                                *_source_cells(source), "false", page])
    weight = kb.scores.use_cases[entry.id].raw_weight if entry.id in kb.scores.use_cases \
        else None
    for test in _dicts(entry.data.get("tests")):
        note = " ".join(str(test.get("note") or "").split()) or None
        rows["claim-tests"].append([entry.id, test.get("claim"), test.get("finding"), note,
                                    weight, page])
    for i, metric in enumerate(_dicts(entry.data.get("metrics")), 1):
        rows["metrics"].append([f"{entry.id}#metric-{i}", entry.id, metric.get("measure"),
                                metric.get("value"), metric.get("source"),
                                numbers.get(str(metric.get("source"))), page])
    for rank, similar in enumerate(kb.similar.get(entry.id, ()), 1):
        rows["similar-cases"].append([entry.id, rank, similar.other, similar.score,
                                      similar.reason, page])


def datapackage(kb: KnowledgeBase) -> dict:
    resources = []
    for name, columns in TABLES.items():
        schema: dict[str, object] = {
            "fields": [{"name": c, "type": t, "description": d} for c, t, d in columns],
            "primaryKey": KEYS[name]}
        if name in FOREIGN_KEYS:
            schema["foreignKeys"] = [
                {"fields": field, "reference": {"resource": target, "fields": key}}
                for field, target, key in FOREIGN_KEYS[name]]
        resources.append({
            "name": name, "path": path_of(name), "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema,
        })
    return {"name": "buzz-vs-value", "title": "Buzz vs Value knowledge base",
            "description": "Technologies, real public-sector use cases, the claims they test "
                           "and the sources they cite, with computed verdicts.",
            "version": __version__, "created": built(kb),
            "profile": "tabular-data-package", "licenses": [LICENSE], "resources": resources}


def _schema_files(kb: KnowledgeBase) -> list[Path]:
    return [p for p in sorted(kb.schemas.directory.iterdir()) if p.suffix in (".json", ".yaml")]


def names(kb: KnowledgeBase) -> list[str]:
    """The exports' relative paths, in the order ``files`` gives them, without making them."""
    return (["kb.json", "graph.json", "graph.graphml", "datapackage.json"]
            + [path_of(name) for name in TABLES]
            + [f"schema/{path.name}" for path in _schema_files(kb)])


def each(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """Every export as (relative path, text), one at a time (as ``names`` lists them), so a
    writer holds one file's text, not all of them."""
    yield "kb.json", dumps(kb_document(kb))
    yield "graph.json", dumps(graph_document(kb.graph))
    yield "graph.graphml", graphml_text(kb.graph)
    yield "datapackage.json", dumps(datapackage(kb))
    rows = table_rows(kb)
    for name, columns in TABLES.items():
        yield path_of(name), _csv([c for c, _, _ in columns], rows.pop(name))
    for path in _schema_files(kb):
        yield f"schema/{path.name}", path.read_text(encoding="utf-8")


def files(kb: KnowledgeBase) -> dict[str, str]:
    """Every export, as {relative path: text}."""
    return dict(each(kb))


def write(kb: KnowledgeBase, directory: Path) -> list[Path]:
    """Every export written under ``directory``, one file at a time."""
    written = []
    for name, text in each(kb):
        target = directory / name
        atomic.write_text(target, text)
        written.append(target)
    return written
