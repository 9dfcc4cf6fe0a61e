"""`buzzvalue score`: every technology's verdict, as a table or JSON."""

from __future__ import annotations

import argparse
import json

from .common import add_root_option, load_clean


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("score", help="compute every technology's verdict",
                                 description="Compute value, buzz, their intervals, the tier, "
                                             "evidence strength and verdict for every "
                                             "technology and use pattern from its use cases.")
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="a readable table (default) or JSON with each derivation")
    add_root_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    scores = load_clean(args).scores.technologies
    ordered = sorted(scores.values(), key=lambda s: s.id)
    if args.format == "json":
        print(json.dumps([s.to_dict() for s in ordered], indent=2, ensure_ascii=False))
        return 0
    rows = [("technology", "value (90%)", "buzz (90%)", "tier", "strength", "verdict",
             "delivered/assessed")]
    for s in ordered:
        a = s.assessment
        low, high = a.value_interval_90 or (0, 0)
        value = "-" if a.value is None else f"{a.value:.1f} ({low:.0f}-{high:.0f})"
        blow, bhigh = a.buzz_interval_90
        rows.append((s.id, value, f"{a.buzz:.1f} ({blow:.0f}-{bhigh:.0f})", a.tier,
                     f"{a.evidence_strength}/4", a.verdict, f"{a.positive}/{a.assessed}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0
