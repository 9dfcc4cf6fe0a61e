"""Rules on the graph as a whole: part_of cycles, technologies and claims with no evidence."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.diagnostics import Diagnostic, Severity, json_path_of
from ..core.entry import Entry, string_items
from ..model.graph import GraphData, node_id
from .locate import Locator


def cycles(edges: list[tuple[str, str]]) -> list[list[str]]:
    """Every cycle among the edges, in the direction of its links and starting at its
    smallest node, in a stable order."""
    if not edges or not _has_cycle(edges):
        return []
    import networkx  # only when there is a cycle to list (it loads in 0.3 s)

    found = []
    for cycle in networkx.simple_cycles(networkx.DiGraph(edges)):
        start = cycle.index(min(cycle))
        found.append(cycle[start:] + cycle[:start])
    return sorted(found)


def check(graph: GraphData, entries: Iterable[Entry], only: set[str] | None = None,
          locate: Locator | None = None) -> list[Diagnostic]:
    locate = locate or Locator()
    entries = list(entries)
    by_id = {e.id: e for e in entries if e.kind == "technology"}
    cases = [e for e in entries if e.kind == "use-case"]
    named = {p for e in cases for p in string_items(e.data.get("patterns"))}
    linked: dict[str, int] = {}
    for case in cases:
        for tech in set(string_items(case.data.get("technologies"))):
            linked[tech] = linked.get(tech, 0) + 1
    found: list[Diagnostic] = []

    def report(entry: Entry, path: tuple, code: str, severity: Severity, message: str,
               hint: str) -> None:
        if only is None or entry.path in only:
            line, col = locate.where(entry, *path)
            found.append(Diagnostic(entry.path, line, col, code, severity, message, hint,
                                    json_path_of(path)))

    for cycle in cycles(graph.edges_of("part-of")):
        names = [n.split(":", 1)[1] for n in cycle]
        for position, name in enumerate(names):
            entry = by_id[name]
            # at the link that closes the cycle: this technology's part_of the next one
            index = entry.data["part_of"].index(names[(position + 1) % len(names)])
            report(entry, ("part_of", index), "BV401", Severity.ERROR,
                   f"'part_of' makes a cycle: {' -> '.join([*names, names[0]])}",
                   "a technology cannot be part of itself; remove one link of the cycle")
    for tid in graph.of_type("technology"):
        entry = by_id[str(graph.nodes[tid]["ref"])]
        if not graph.has_incoming(tid, "uses"):
            report(entry, ("id",), "BV402", Severity.WARNING,
                   "no use case uses this technology yet, so its verdict cannot be computed",
                   "add use cases that list it under 'technologies'")
        patterns = entry.data.get("patterns")
        for index, pattern in enumerate(patterns if isinstance(patterns, list) else []):
            if isinstance(pattern, dict) and isinstance(pattern.get("id"), str) \
                    and f"{entry.id}#{pattern['id']}" not in named:
                report(entry, ("patterns", index, "id"), "BV404", Severity.WARNING,
                       f"no use case names the pattern '{pattern['id']}'",
                       f"add '{entry.id}#{pattern['id']}' to the 'patterns' of the use cases "
                       "that do this job, or remove the pattern")
        included = (entry.data.get("protocol") or {}).get("included") \
            if isinstance(entry.data.get("protocol"), dict) else None
        uses = linked.get(entry.id, 0)
        if isinstance(included, int) and included != uses:
            report(entry, ("protocol", "included"), "BV405", Severity.WARNING,
                   f"the protocol includes {included} use cases, but {uses} use this "
                   "technology", "update the protocol's counts when you add or remove a case")
        claims = entry.data.get("claims")
        for index, claim in enumerate(claims if isinstance(claims, list) else []):
            if not isinstance(claim, dict):
                continue
            cid = node_id("claim", f"{entry.id}#{claim.get('id')}")
            if cid in graph.nodes and not graph.has_incoming(cid, "tests"):
                report(entry, ("claims", index, "id"), "BV403", Severity.INFO,
                       f"no use case tests the claim '{claim.get('id')}'",
                       "it counts as not substantiated in the buzz score until one does")
    return found


def _has_cycle(edges: list[tuple[str, str]]) -> bool:
    """Whether the directed edges close a cycle: a depth-first search, without recursion."""
    after: dict[str, list[str]] = {}
    for u, v in edges:
        after.setdefault(u, []).append(v)
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for start in after:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(after.get(start, ())))]
        while stack:
            node, following = stack[-1]
            nxt = next(following, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return True
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(after.get(nxt, ()))))
    return False
