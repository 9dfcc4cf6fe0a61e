"""'Did you mean ...?' suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(value: object, choices: Iterable[str]) -> str | None:
    """Suggest the closest choice to ``value``, or None when nothing is close."""
    if not isinstance(value, str):
        return None
    pool = list(choices)
    lowered = {c.lower(): c for c in pool}
    if value.lower() in lowered:
        return f"did you mean '{lowered[value.lower()]}'?"
    close = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None
