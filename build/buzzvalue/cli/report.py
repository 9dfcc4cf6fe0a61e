"""Reporters: turn a Report into text for people, JSON for tools, or GitHub annotations."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import TextIO

from ..core.diagnostics import Diagnostic, Report, Severity


def _visible(report: Report, verbose: bool) -> list[Diagnostic]:
    return [d for d in report.diagnostics if verbose or d.severity > Severity.INFO]


def summary(report: Report, seconds: float) -> str:
    infos = report.count(Severity.INFO)
    notes = f", {infos} note{'s' * (infos != 1)}" if infos else ""
    return (f"Checked {report.files_checked} file{'s' * (report.files_checked != 1)}: "
            f"{report.errors} error{'s' * (report.errors != 1)}, "
            f"{report.warnings} warning{'s' * (report.warnings != 1)}{notes} "
            f"in {seconds:.2f} s")


def text(report: Report, out: TextIO, seconds: float, verbose: bool) -> None:
    for d in _visible(report, verbose):
        out.write(f"{d.path}:{d.line}:{d.col}: {d.severity} {d.code} {d.message}\n")
        if d.hint:
            out.write(f"    hint: {d.hint}\n")
    out.write(summary(report, seconds) + "\n")


def brief(report: Report, out: TextIO, seconds: float, verbose: bool) -> None:
    """The errors, then the counts: what `make site` says before it builds."""
    for d in report.diagnostics:
        if d.severity == Severity.ERROR:
            out.write(f"{d.path}:{d.line}:{d.col}: {d.severity} {d.code} {d.message}\n")
    out.write(summary(report, seconds) + " (buzzvalue validate lists the warnings)\n"
              if report.warnings else summary(report, seconds) + "\n")


def as_json(report: Report, out: TextIO, seconds: float, verbose: bool) -> None:
    document = {
        "ok": report.errors == 0,
        "files_checked": report.files_checked,
        "errors": report.errors,
        "warnings": report.warnings,
        "diagnostics": [d.to_dict() for d in _visible(report, verbose)],
    }
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(report: Report, out: TextIO, seconds: float, verbose: bool) -> None:
    """Workflow commands, plus the full list in the step summary (GitHub shows 10 annotations)."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    shown = _visible(report, verbose)
    for d in shown:
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        out.write(f"::{level[d.severity]} file={_escape(d.path, prop=True)},line={d.line},"
                  f"col={d.col},title={d.code}::{_escape(message)}\n")
    out.write(summary(report, seconds) + "\n")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as handle:
            handle.write(markdown_summary(report, shown, seconds))


def markdown_summary(report: Report, shown: list[Diagnostic], seconds: float) -> str:
    lines = [f"### buzzvalue validate\n\n{summary(report, seconds)}\n"]
    if shown:
        lines.append("\n| where | severity | rule | message |\n|---|---|---|---|")
        for d in shown:
            message = (d.message + (f" — {d.hint}" if d.hint else "")).replace("|", "\\|")
            lines.append(f"| `{d.path}:{d.line}:{d.col}` | {d.severity} | {d.code} | {message} |")
    return "\n".join(lines) + "\n"


Reporter = Callable[[Report, TextIO, float, bool], None]
REPORTERS: dict[str, Reporter] = {"text": text, "json": as_json, "github": github,
                                   "summary": brief}
