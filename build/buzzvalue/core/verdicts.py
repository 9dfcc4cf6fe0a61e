"""The verdicts, typed once: the scores compute them, the pages colour and explain them."""

from __future__ import annotations

PROVEN = "proven"
DELIVERING_BUT_HYPED = "delivering but hyped"
OVERHYPED = "overhyped"
UNPROVEN = "unproven"
INSUFFICIENT = "insufficient evidence"

VERDICTS = (PROVEN, DELIVERING_BUT_HYPED, OVERHYPED, UNPROVEN, INSUFFICIENT)
