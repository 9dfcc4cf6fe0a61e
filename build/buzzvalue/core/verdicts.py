"""The verdicts, typed once: the scores compute them, the pages colour and explain them."""

from __future__ import annotations

PROVEN = "proven"
DELIVERING_BUT_HYPED = "delivering but hyped"
OVERHYPED = "overhyped"
UNPROVEN = "unproven"
INSUFFICIENT = "insufficient evidence"

VERDICTS = (PROVEN, DELIVERING_BUT_HYPED, OVERHYPED, UNPROVEN, INSUFFICIENT)

# How far a verdict can be trusted (the model's tier): a firm verdict holds in at least 90%
# of resamples with its interval clear of the line; too few assessed cases is insufficient.
FIRM = "firm"
LEANING = "leaning"
BORDERLINE = "borderline"

TIERS = (FIRM, LEANING, BORDERLINE, INSUFFICIENT)
