"""`buzzvalue score`: every technology's verdict, as a table or JSON."""

from __future__ import annotations

import argparse
import json

from .common import add_root_option, load_clean


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("score", help="compute every technology's verdict",
                                 description="Compute value, buzz, confidence and verdict for "
                                             "every technology from its use cases.")
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
    rows = [("technology", "value", "buzz", "confidence", "verdict", "use cases")]
    rows += [(s.id, "-" if s.value is None else f"{s.value:.1f}", f"{s.buzz:.1f}",
              f"{s.confidence:.2f} {s.confidence_label}", s.verdict, str(len(s.contributions)))
             for s in ordered]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0
