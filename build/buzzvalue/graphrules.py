"""Rules on the graph as a whole: part_of cycles, technologies and claims with no evidence."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from .diagnostics import Diagnostic, Severity, json_path_of
from .graph import node_id, of_type, sources_in
from .loader import Entry


def check(graph: nx.MultiDiGraph, entries: Iterable[Entry],
          only: set[str] | None = None) -> list[Diagnostic]:
    by_id = {e.id: e for e in entries if e.kind == "technology"}
    found: list[Diagnostic] = []

    def report(entry: Entry, path: tuple, code: str, severity: Severity, message: str,
               hint: str) -> None:
        if only is None or entry.path in only:
            line, col = entry.where(*path)
            found.append(Diagnostic(entry.path, line, col, code, severity, message, hint,
                                    json_path_of(path)))

    part_of = nx.DiGraph((u, v) for u, v, k in graph.edges(keys=True) if k == "part-of")
    for cycle in sorted(sorted(c) for c in nx.simple_cycles(part_of)):
        names = [n.split(":", 1)[1] for n in cycle]
        for name in names:
            entry = by_id[name]
            parents = entry.data["part_of"]
            index = next(i for i, p in enumerate(parents) if p in names)
            report(entry, ("part_of", index), "BV401", Severity.ERROR,
                   f"'part_of' makes a cycle: {' -> '.join([*names, names[0]])}",
                   "a technology cannot be part of itself; remove one link of the cycle")
    for tid in of_type(graph, "technology"):
        entry = by_id[graph.nodes[tid]["ref"]]
        if not sources_in(graph, tid, "uses"):
            report(entry, ("id",), "BV402", Severity.WARNING,
                   "no use case uses this technology yet, so its verdict cannot be computed",
                   "add use cases that list it under 'technologies'")
        claims = entry.data.get("claims")
        for index, claim in enumerate(claims if isinstance(claims, list) else []):
            if not isinstance(claim, dict):
                continue
            cid = node_id("claim", f"{entry.id}#{claim.get('id')}")
            if cid in graph and not sources_in(graph, cid, "tests"):
                report(entry, ("claims", index, "id"), "BV403", Severity.INFO,
                       f"no use case tests the claim '{claim.get('id')}'",
                       "it counts as not substantiated in the buzz score until one does")
    return found
