"""Diagnostics are values: what is wrong, where, and what to do about it."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How bad a finding is; errors fail a run, warnings fail it only under --strict."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, located at ``path:line:col`` (1-based)."""

    path: str
    line: int
    col: int
    code: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    hint: str | None = field(default=None, compare=False)
    json_path: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "json_path": self.json_path,
        }


# Findings about upkeep, not about correctness: under --strict they fail a run only when
# asked to (--strict-reviews), so a lapsed review date never blocks a contribution.
ADVISORY = frozenset({"BV501", "BV502", "BV503"})


def json_path_of(parts: Iterable[str | int]) -> str:
    """Render a path into the front matter as ``$.sources[0].url``."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@dataclass(frozen=True)
class Report:
    """Every diagnostic of a run, plus how many files were checked."""

    diagnostics: tuple[Diagnostic, ...]
    files_checked: int

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    def ok(self, strict: bool = False, strict_reviews: bool = False) -> bool:
        if self.errors:
            return False
        counted = [d for d in self.diagnostics if d.severity == Severity.WARNING
                   and (strict_reviews or d.code not in ADVISORY)]
        return not strict or not counted
