"""Similar use cases: for each use case, the few others that share most with it, and why.

Computed from the entries alone, the way the graph links them: claims both cases test,
use patterns and technologies both use, and the same domain, country and jurisdiction
level. Each shared thing adds its weight; the highest totals win, ties go by id, so the
same entries always give the same lists. Used by the use-case pages and the open data.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.entry import Entry

LIMIT = 5          # similar cases listed for each use case
MINIMUM = 2.0      # a pair must share at least this much (a technology, or domain and country)
WEIGHTS = {"claim": 3.0, "pattern": 3.0, "technology": 2.0, "domain": 1.0, "country": 1.0,
           "level": 0.5}
MAX_PLACE = WEIGHTS["domain"] + WEIGHTS["country"] + WEIGHTS["level"]
CLAIMS_NAMED = 1   # shared claims named in a reason; the rest are counted
SHORT = 60         # a claim named in a reason is cut to about this many characters


@dataclass(frozen=True)
class Similar:
    """One use case similar to another: how much they share, and what, in words."""

    use_case: str
    other: str
    score: float
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        """The reasons as one line: "also tests 'removes human bias'; same domain"."""
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class _Case:
    id: str
    claims: frozenset[str]
    patterns: frozenset[str]
    technologies: frozenset[str]
    domain: str
    country: str
    level: str


def _strings(value: object) -> frozenset[str]:
    return frozenset(v for v in value if isinstance(v, str)) if isinstance(value, list) \
        else frozenset()


def _case(entry: Entry) -> _Case:
    data = entry.data
    tests = data.get("tests") if isinstance(data.get("tests"), list) else []
    claims = frozenset(str(t["claim"]) for t in tests if isinstance(t, dict) and "claim" in t)
    where = data.get("jurisdiction") if isinstance(data.get("jurisdiction"), dict) else {}
    return _Case(entry.id, claims, _strings(data.get("patterns")),
                 _strings(data.get("technologies")), str(data.get("domain") or ""),
                 str(where.get("country") or ""), str(where.get("level") or ""))


def _names(entries: Iterable[Entry]) -> dict[str, str]:
    """Display names of technologies, claims and use patterns, by id or reference."""
    names: dict[str, str] = {}
    for entry in entries:
        if entry.kind != "technology":
            continue
        names[entry.id] = str(entry.data.get("title", entry.id))
        for key in ("claims", "patterns"):
            items = entry.data.get(key)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    label = item.get("text") if key == "claims" else item.get("title")
                    names[f"{entry.id}#{item['id']}"] = " ".join(str(label or item["id"]).split())
    return names


def _short(text: str) -> str:
    """A claim cut at a word boundary, so a reason stays one readable line."""
    text = text.rstrip(".")
    if len(text) <= SHORT:
        return text
    return text[:SHORT].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _place(a: _Case, b: _Case) -> float:
    """What the same domain, country and level add."""
    return (WEIGHTS["domain"] * (bool(a.domain) and a.domain == b.domain)
            + WEIGHTS["country"] * (bool(a.country) and a.country == b.country)
            + WEIGHTS["level"] * (bool(a.level) and a.level == b.level))


def score_pair(a: _Case, b: _Case) -> float:
    """How much two cases share (the index in similar_cases adds up the same)."""
    return (WEIGHTS["claim"] * len(a.claims & b.claims)
            + WEIGHTS["pattern"] * len(a.patterns & b.patterns)
            + WEIGHTS["technology"] * len(a.technologies & b.technologies) + _place(a, b))


def reasons(a: _Case, b: _Case, names: dict[str, str]) -> tuple[str, ...]:
    """What two cases share, most telling first."""
    out: list[str] = []
    claims = sorted(a.claims & b.claims)
    named = [f"'{_short(names.get(c, c))}'" for c in claims[:CLAIMS_NAMED]]
    if claims:
        more = len(claims) - len(named)
        out.append("also tests " + " and ".join(named)
                   + (f" and {more} more claim{'s' * (more != 1)}" if more else ""))
    out += [f"same use pattern '{names.get(p, p)}'" for p in sorted(a.patterns & b.patterns)]
    techs = sorted(names.get(t, t) for t in a.technologies & b.technologies)
    if techs:
        out.append("also uses " + ", ".join(techs))
    for kind in ("domain", "country", "level"):
        if getattr(a, kind) and getattr(a, kind) == getattr(b, kind):
            out.append(f"same {kind}")
    return tuple(out)


def similar_cases(entries: Iterable[Entry], limit: int = LIMIT) -> dict[str, tuple[Similar, ...]]:
    """Up to ``limit`` similar use cases for every use case, most similar first."""
    entries = list(entries)
    cases = {c.id: c for c in sorted((_case(e) for e in entries if e.kind == "use-case"),
                                     key=lambda c: c.id)}
    names = _names(entries)
    # Candidates share a claim, a use pattern, a technology, or domain and country: an index
    # of each keeps this near-linear instead of comparing every pair.
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case in cases.values():
        keys = [("claim", c) for c in case.claims] + [("pattern", p) for p in case.patterns]
        keys += [("technology", t) for t in case.technologies]
        if case.domain and case.country:
            keys.append(("place", f"{case.domain}/{case.country}"))
        for key in keys:
            index[key].append(case.id)
    out: dict[str, tuple[Similar, ...]] = {}
    for case in cases.values():
        # What the shared claims, patterns and technologies add, counted through the index;
        # then domain, country and level for those candidates alone.
        shared: dict[str, float] = defaultdict(float)
        for kind, values in (("claim", case.claims), ("pattern", case.patterns),
                             ("technology", case.technologies)):
            for value in values:
                for other in index.get((kind, value), ()):
                    shared[other] += WEIGHTS[kind]
        for other in index.get(("place", f"{case.domain}/{case.country}"), ()):
            shared.setdefault(other, 0.0)
        shared.pop(case.id, None)
        if len(shared) > limit:  # place adds at most MAX_PLACE: skip who cannot catch up
            floor = heapq.nlargest(limit, shared.values())[-1] - MAX_PLACE
            shared = {o: total for o, total in shared.items() if total >= floor}
        scored = ((total + _place(case, cases[o]), o) for o, total in shared.items())
        best = heapq.nsmallest(limit, ((-s, o) for s, o in scored if s >= MINIMUM))
        out[case.id] = tuple(Similar(case.id, o, -s, reasons(case, cases[o], names))
                             for s, o in best)
    return out
