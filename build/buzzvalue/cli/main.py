"""The `buzzvalue` command: parse the arguments, run one subcommand, and turn the outcome
into an exit code (the mapping is in exitcodes.py; each subcommand has its own module)."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from .. import __version__
from ..core.errors import BuzzvalueError
from . import compare, export, graph, guide, links, new, render, schema, score, validate
from .exitcodes import BUG, FAILED, INTERRUPTED, exit_code

# in the order --help lists
COMMANDS = (validate, new, score, guide, compare, links, graph, export, render, schema)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="buzzvalue",
        description="Validate, score, export and render the Buzz vs Value knowledge base.")
    parser.add_argument("--version", action="version", version=f"buzzvalue {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(commands)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Parse, then run; every expected failure becomes a message and an exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except BuzzvalueError as exc:
        print(f"buzzvalue: error: {exc}", file=sys.stderr)
        return exit_code(exc)
    except KeyboardInterrupt:
        print("buzzvalue: interrupted", file=sys.stderr)
        return INTERRUPTED


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except BrokenPipeError:
        return FAILED
    except Exception:  # a bug: show it, and ask for a report
        traceback.print_exc()
        print("\nbuzzvalue: this is a bug in buzzvalue, not in your entries; please report it "
              "with the traceback above.", file=sys.stderr)
        return BUG


if __name__ == "__main__":
    sys.exit(main())
