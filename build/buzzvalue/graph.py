"""The knowledge graph: typed nodes and typed edges, built once from the loaded entries.

Node ids are ``type:key`` (``technology:blockchain``, ``claim:blockchain#cuts-costs``,
``use-case:nl-syri``, ``country:NL``, ``domain:10``, ``organisation:<name>``,
``source:<url>``). Every node has ``type`` and ``label``; every edge's key is its type.
All attributes are scalars, so the graph exports to GraphML as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx

from .loader import Entry
from .rules import country_name
from .schemas import Schemas

EDGE_TYPES = ("uses", "tests", "claim-of", "in-domain", "in-country", "by", "cites", "part-of",
              "alternative-to")
NODE_TYPES = ("technology", "claim", "use-case", "country", "domain", "organisation", "source")


def node_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"


def _items(value: object) -> list:
    return value if isinstance(value, list) else []


def _dicts(value: object) -> Iterator[dict]:
    return (item for item in _items(value) if isinstance(item, dict))


def _scalars(**attrs: object) -> dict[str, object]:
    """Drop empty values: GraphML has no null."""
    return {k: v for k, v in attrs.items() if v is not None and not isinstance(v, (list, dict))}


def strongest_source(sources: Iterable[dict], order: Iterable[str]) -> str | None:
    """The first source type in ``order`` (strongest first) that the sources include."""
    types = {s.get("type") for s in sources}
    return next((t for t in order if t in types), None)


def build(entries: Iterable[Entry], schemas: Schemas,
          evidence_order: Iterable[str]) -> nx.MultiDiGraph:
    """A graph of the entries; malformed parts are skipped (the validator reports them)."""
    order = tuple(evidence_order)
    graph = nx.MultiDiGraph()
    ordered = sorted(entries, key=lambda e: (e.kind or "", e.id))
    technologies = [e for e in ordered if e.kind == "technology"]
    known = {e.id for e in technologies}
    for entry in technologies:
        _add_technology(graph, entry)
    for entry in technologies:
        _link_technology(graph, entry, known)
    domains = schemas.titles("domain")
    for entry in ordered:
        if entry.kind == "use-case":
            _add_use_case(graph, entry, known, domains, order)
    return graph


def _add_source(graph: nx.MultiDiGraph, citing: str, source: dict) -> None:
    url = source.get("url")
    if not isinstance(url, str):
        return
    sid = node_id("source", url)
    if sid not in graph:
        graph.add_node(sid, **_scalars(type="source", label=source.get("title"), url=url,
                                       publisher=source.get("publisher"),
                                       date=source.get("date"), source_type=source.get("type")))
    if not graph.has_edge(citing, sid, key="cites"):
        graph.add_edge(citing, sid, key="cites", type="cites")


def _add_technology(graph: nx.MultiDiGraph, entry: Entry) -> None:
    data = entry.data
    hype = data.get("hype") if isinstance(data.get("hype"), dict) else {}
    tid = node_id("technology", entry.id)
    graph.add_node(tid, **_scalars(type="technology", label=data.get("title"), ref=entry.id,
                                   path=entry.source, hype_phase=hype.get("phase"),
                                   hype_as_of=hype.get("as_of")))
    for claim in _dicts(data.get("claims")):
        if not isinstance(claim.get("id"), str):
            continue
        ref = f"{entry.id}#{claim['id']}"
        cid = node_id("claim", ref)
        graph.add_node(cid, **_scalars(type="claim", label=claim.get("text"), ref=ref,
                                       technology=entry.id, made_by=claim.get("made_by")))
        graph.add_edge(cid, tid, key="claim-of", type="claim-of")
        if isinstance(claim.get("source"), dict):
            _add_source(graph, cid, claim["source"])
    for source in _dicts(hype.get("sources")):
        _add_source(graph, tid, source)


def _link_technology(graph: nx.MultiDiGraph, entry: Entry, known: set[str]) -> None:
    tid = node_id("technology", entry.id)
    for parent in _items(entry.data.get("part_of")):
        if parent in known:
            graph.add_edge(tid, node_id("technology", parent), key="part-of", type="part-of")
    for alternative in _dicts(entry.data.get("alternatives")):
        other = alternative.get("technology")
        if other in known:
            graph.add_edge(tid, node_id("technology", other), key="alternative-to",
                           type="alternative-to", label=alternative.get("name"))


def _add_use_case(graph: nx.MultiDiGraph, entry: Entry, known: set[str],
                  domains: dict[str, str], order: tuple[str, ...]) -> None:
    data = entry.data
    uid = node_id("use-case", entry.id)
    jurisdiction = data.get("jurisdiction") if isinstance(data.get("jurisdiction"), dict) else {}
    period = data.get("period") if isinstance(data.get("period"), dict) else {}
    sources = list(_dicts(data.get("sources")))
    graph.add_node(uid, **_scalars(
        type="use-case", label=data.get("title"), ref=entry.id, path=entry.source,
        stage=data.get("stage"), outcome=data.get("outcome"),
        ruled_unlawful=bool(data.get("ruled_unlawful", False)),
        country=jurisdiction.get("country"), level=jurisdiction.get("level"),
        domain=data.get("domain"), period_start=period.get("start"),
        period_end=period.get("end"), evidence=strongest_source(sources, order)))
    for tech in _items(data.get("technologies")):
        if tech in known:
            graph.add_edge(uid, node_id("technology", tech), key="uses", type="uses")
    for test in _dicts(data.get("tests")):
        cid = node_id("claim", str(test.get("claim")))
        if cid in graph:
            graph.add_edge(uid, cid, key="tests", type="tests", finding=test.get("finding"))
    country = jurisdiction.get("country")
    if isinstance(country, str):
        graph.add_node(node_id("country", country), type="country",
                       label=country_name(country) or country, code=country)
        graph.add_edge(uid, node_id("country", country), key="in-country", type="in-country")
    domain = data.get("domain")
    if domain in domains:
        graph.add_node(node_id("domain", domain), type="domain", label=domains[domain],
                       code=domain)
        graph.add_edge(uid, node_id("domain", domain), key="in-domain", type="in-domain")
    organisation = data.get("organisation")
    if isinstance(organisation, str):
        oid = node_id("organisation", organisation)
        graph.add_node(oid, type="organisation", label=organisation)
        graph.add_edge(uid, oid, key="by", type="by")
    for source in sources:
        _add_source(graph, uid, source)


def of_type(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    return sorted(n for n, t in graph.nodes(data="type") if t == kind)


def sources_in(graph: nx.MultiDiGraph, node: str, edge: str) -> list[str]:
    """Nodes with an edge of type ``edge`` into ``node``, sorted."""
    return sorted({u for u, _, k in graph.in_edges(node, keys=True) if k == edge})


def targets_of(graph: nx.MultiDiGraph, node: str, edge: str) -> list[str]:
    return sorted({v for _, v, k in graph.out_edges(node, keys=True) if k == edge})
