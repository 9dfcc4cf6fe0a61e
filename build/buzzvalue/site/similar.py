"""The "similar use cases" list on a use case's page (computed in model/similar.py)."""

from __future__ import annotations

from ..core.entry import Entry
from .context import Context
from .mdtext import bullets, text


def section(ctx: Context, here: str, entry: Entry) -> list[str]:
    """Up to five use cases that share most with this one, each with what they share."""
    found = [s for s in ctx.kb.similar.get(entry.id, ()) if s.other in ctx.cases]
    if not found:
        return []
    items = [f"{ctx.case_link(here, s.other)} ({text(ctx.country(ctx.cases[s.other]))}, "
             f"{text(ctx.outcome(ctx.cases[s.other].data.get('outcome')).lower())}): "
             f"{text(s.reason)}" for s in found]
    return ["## Similar use cases", "",
            "The use cases that share most with this one: claims tested, use patterns, "
            "technologies, domain, country and level.", "", bullets(items), ""]
