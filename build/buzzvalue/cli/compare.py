"""`buzzvalue compare`: the verdicts two `buzzvalue score --format json` outputs differ in.

A pull request's job summary shows it: the scores of the base branch and of the head,
compared technology by technology, as a Markdown table ("blockchain: borderline (weak) ->
leaning (firm)").
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from .exitcodes import InputError

NONE = "—"  # the technology is not in that side's scores


@dataclass(frozen=True)
class VerdictChange:
    id: str
    title: str
    before: str  # "verdict (tier)", or NONE
    after: str


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("compare", help="the verdicts two score files differ in",
                                 description="Compare two outputs of 'buzzvalue score --format "
                                             "json' (before, after) and print the technologies "
                                             "whose verdict or tier changed, as a Markdown "
                                             "table.")
    parser.add_argument("before", type=Path, help="score JSON of the base, such as main")
    parser.add_argument("after", type=Path, help="score JSON of the change")
    parser.set_defaults(handler=run)


def read_scores(path: Path) -> dict[str, dict]:
    """A score file's technologies by id; InputError when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not JSON ({exc}); make it with 'buzzvalue score --format "
                         "json'") from None
    if not isinstance(data, list) or not all(
            isinstance(t, dict) and isinstance(t.get("id"), str) for t in data):
        raise InputError(f"{path}: not the output of 'buzzvalue score --format json' (a list "
                         "of technologies, each with an id)")
    return {t["id"]: t for t in data}


def label(score: dict | None) -> str:
    if score is None:
        return NONE
    return f"{score.get('verdict', '?')} ({score.get('tier', '?')})"


def changes(before: dict[str, dict], after: dict[str, dict]) -> list[VerdictChange]:
    """The technologies whose verdict or tier differs, added or removed ones included."""
    found = []
    for tid in sorted(before.keys() | after.keys()):
        old, new = label(before.get(tid)), label(after.get(tid))
        if old != new:
            title = (after.get(tid) or before.get(tid) or {}).get("title", tid)
            found.append(VerdictChange(tid, str(title), old, new))
    return found


def markdown(found: list[VerdictChange]) -> str:
    lines = ["### Verdict changes", ""]
    if not found:
        return "\n".join([*lines, "No technology's verdict or tier changes.", ""])
    lines += ["| technology | before: verdict (tier) | after |", "|---|---|---|"]
    lines += [f"| {c.id} | {c.before} | {c.after} |" for c in found]
    return "\n".join([*lines, ""])


def run(args: argparse.Namespace) -> int:
    print(markdown(changes(read_scores(args.before), read_scores(args.after))), end="")
    return 0
