"""The knowledge graph: typed nodes and typed edges, built once from the loaded entries.

Node ids are ``type:key`` (``technology:blockchain``, ``claim:blockchain#cuts-costs``,
``use-case:nl-syri``, ``country:NL``, ``domain:10``, ``organisation:<name>``,
``source:<url>``). Every node has ``type`` and ``label``; every edge's key is its type.
All attributes are scalars, so the graph exports to GraphML as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx loads in 0.1 s; validation does not need it
    import networkx as nx

from ..core.countries import country_name
from ..core.entry import Entry
from ..load.schemas import Schemas


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


@dataclass(frozen=True, eq=False)
class GraphData:
    """The graph as plain dicts: what validation needs, quick to make. ``networkx()`` turns it
    into the MultiDiGraph that scores, pages and exports use; both hold the same nodes
    and edges."""

    nodes: dict[str, dict[str, object]]
    edges: dict[tuple[str, str, str], dict[str, object]]

    @functools.cached_property
    def _incoming(self) -> set[tuple[str, str]]:
        return {(v, kind) for _, v, kind in self.edges}

    def of_type(self, kind: str) -> list[str]:
        return sorted(n for n, attrs in self.nodes.items() if attrs["type"] == kind)

    def has_incoming(self, node: str, kind: str) -> bool:
        return (node, kind) in self._incoming

    def edges_of(self, kind: str) -> list[tuple[str, str]]:
        return [(u, v) for u, v, k in self.edges if k == kind]

    def networkx(self) -> nx.MultiDiGraph:
        import networkx

        graph = networkx.MultiDiGraph()
        graph.add_nodes_from(self.nodes.items())
        graph.add_edges_from((u, v, k, d) for (u, v, k), d in self.edges.items())
        return graph


def build(entries: Iterable[Entry], schemas: Schemas,
          evidence_order: Iterable[str]) -> nx.MultiDiGraph:
    """The knowledge graph of the entries, as a networkx MultiDiGraph."""
    return collect(entries, schemas, evidence_order).networkx()


def collect(entries: Iterable[Entry], schemas: Schemas, evidence_order: Iterable[str],
            *, full: bool = True) -> GraphData:
    """A graph of the entries; malformed parts are skipped (the validator reports them).

    ``full=False`` leaves out the nodes no graph rule looks at (countries, domains,
    organisations, sources): the same builder, the core of the same graph, in less time.
    """
    ordered = sorted(entries, key=lambda e: (e.kind or "", e.id))
    technologies = [e for e in ordered if e.kind == "technology"]
    builder = _Builder(tuple(evidence_order), schemas.titles("domain"), full,
                       {e.id for e in technologies})
    for entry in technologies:
        builder.technology(entry)
    for entry in technologies:
        builder.link_technology(entry)
    for entry in ordered:
        if entry.kind == "use-case":
            builder.use_case(entry)
    return GraphData(builder.nodes, builder.edges)


class _Builder:
    """Collects nodes and edges first (first write wins), then the graph is made in bulk."""

    def __init__(self, order: tuple[str, ...], domains: dict[str, str], full: bool,
                 known: set[str]) -> None:
        self.full = full
        self.order = order
        self.domains = domains
        self.known = known  # the ids of the technologies
        self.nodes: dict[str, dict[str, object]] = {}
        self.edges: dict[tuple[str, str, str], dict[str, object]] = {}

    def node(self, nid: str, **attrs: object) -> None:
        if nid not in self.nodes:
            self.nodes[nid] = _scalars(**attrs)

    def edge(self, u: str, v: str, kind: str, **attrs: object) -> None:
        if (u, v, kind) not in self.edges:
            self.edges[(u, v, kind)] = _scalars(type=kind, **attrs)

    def source(self, citing: str, source: dict) -> None:
        url = source.get("url")
        if not isinstance(url, str) or not self.full:
            return
        sid = node_id("source", url)
        self.node(sid, type="source", label=source.get("title"), url=url,
                  publisher=source.get("publisher"), date=source.get("date"),
                  source_type=source.get("type"))
        self.edge(citing, sid, "cites")

    def technology(self, entry: Entry) -> None:
        data = entry.data
        hype = data.get("hype") if isinstance(data.get("hype"), dict) else {}
        tid = node_id("technology", entry.id)
        self.node(tid, type="technology", label=data.get("title"), ref=entry.id,
                  path=entry.source, hype_phase=hype.get("phase"), hype_as_of=hype.get("as_of"))
        for claim in _dicts(data.get("claims")):
            if not isinstance(claim.get("id"), str):
                continue
            ref = f"{entry.id}#{claim['id']}"
            cid = node_id("claim", ref)
            self.node(cid, type="claim", label=claim.get("text"), ref=ref, technology=entry.id,
                      made_by=claim.get("made_by"))
            self.edge(cid, tid, "claim-of")
            if isinstance(claim.get("source"), dict):
                self.source(cid, claim["source"])
        for source in _dicts(hype.get("sources")):
            self.source(tid, source)

    def link_technology(self, entry: Entry) -> None:
        tid = node_id("technology", entry.id)
        for parent in _items(entry.data.get("part_of")):
            if parent in self.known:
                self.edge(tid, node_id("technology", parent), "part-of")
        for alternative in _dicts(entry.data.get("alternatives")):
            other = alternative.get("technology")
            if other in self.known:
                self.edge(tid, node_id("technology", other), "alternative-to",
                          label=alternative.get("name"))

    def use_case(self, entry: Entry) -> None:
        data = entry.data
        uid = node_id("use-case", entry.id)
        jurisdiction = data.get("jurisdiction")
        jurisdiction = jurisdiction if isinstance(jurisdiction, dict) else {}
        period = data.get("period") if isinstance(data.get("period"), dict) else {}
        sources = list(_dicts(data.get("sources")))
        if not self.full:  # the graph rules look at use cases' links, not their attributes
            self.nodes.setdefault(uid, {"type": "use-case", "ref": entry.id})
        else:
            self.node(uid, type="use-case", label=data.get("title"), ref=entry.id,
                      path=entry.source, stage=data.get("stage"), outcome=data.get("outcome"),
                      ruled_unlawful=bool(data.get("ruled_unlawful", False)),
                      country=jurisdiction.get("country"), level=jurisdiction.get("level"),
                      domain=data.get("domain"), period_start=period.get("start"),
                      period_end=period.get("end"),
                      evidence=strongest_source(sources, self.order))
        for tech in _items(data.get("technologies")):
            if tech in self.known:
                self.edge(uid, node_id("technology", tech), "uses")
        for test in _dicts(data.get("tests")):
            cid = node_id("claim", str(test.get("claim")))
            if cid in self.nodes:
                self.edge(uid, cid, "tests", finding=test.get("finding"))
        if self.full:
            self.context(uid, data, jurisdiction, sources)

    def context(self, uid: str, data: dict, jurisdiction: dict, sources: list[dict]) -> None:
        """Where, in which domain, by whom, and on what evidence."""
        country = jurisdiction.get("country")
        if isinstance(country, str):
            self.node(node_id("country", country), type="country",
                      label=country_name(country) or country, code=country)
            self.edge(uid, node_id("country", country), "in-country")
        domain = data.get("domain")
        if domain in self.domains:
            self.node(node_id("domain", domain), type="domain", label=self.domains[domain],
                      code=domain)
            self.edge(uid, node_id("domain", domain), "in-domain")
        organisation = data.get("organisation")
        if isinstance(organisation, str):
            self.node(node_id("organisation", organisation), type="organisation",
                      label=organisation)
            self.edge(uid, node_id("organisation", organisation), "by")
        for source in sources:
            self.source(uid, source)


def targets_of(graph: nx.MultiDiGraph, node: str, edge: str) -> list[str]:
    return sorted({v for _, v, k in graph.out_edges(node, keys=True) if k == edge})
