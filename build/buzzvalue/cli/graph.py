"""`buzzvalue graph`: the knowledge graph as node-link JSON or GraphML."""

from __future__ import annotations

import argparse
import sys

from .common import add_root_option, load_clean


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("graph", help="print the knowledge graph",
                                 description="Print the knowledge graph as node-link JSON or "
                                             "GraphML.")
    parser.add_argument("--format", choices=("json", "graphml"), default="json",
                        help="node-link JSON (default) or GraphML")
    add_root_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..export import opendata

    graph = load_clean(args).graph
    if args.format == "graphml":
        sys.stdout.write(opendata.graphml_text(graph))
    else:
        sys.stdout.write(opendata.dumps(opendata.graph_document(graph)))
    return 0
