"""`buzzvalue export`: write the open-data files."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import add_root_option, load_clean


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help="write the open-data files",
                                 description="Write kb.json, graph.json, graph.graphml, CSV "
                                             "tables, datapackage.json and the schemas.")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write into")
    add_root_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..export import opendata

    written = opendata.write(load_clean(args), args.out)
    print(f"Wrote {len(written)} files to {args.out}")
    return 0
