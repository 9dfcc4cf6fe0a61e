"""The `buzzvalue` command: parse arguments, run one subcommand, map the outcome to an exit code.

Exit codes: 0 success; 1 the input has errors (or warnings under --strict);
2 a usage error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .report import REPORTERS
from .validate import find_root, load


class UsageError(Exception):
    """The command line asks for something that cannot be done."""


Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="buzzvalue",
        description="Validate, score, export and render the Buzz vs Value knowledge base.")
    parser.add_argument("--version", action="version", version=f"buzzvalue {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in REGISTRY:
        register(commands)
    return parser


def add_root_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=None,
                        help="the knowledge base folder (the one holding entries/); "
                             "found from the working directory when left out")


def resolve_root(root: Path | None, near: Path | None = None) -> Path:
    if root is not None:
        if not (root / "entries").is_dir():
            raise UsageError(f"{root} has no entries/ folder")
        return root
    found = find_root(near or Path.cwd())
    if found is None:
        raise UsageError("no entries/ folder here or above; run inside a knowledge base "
                         "or pass --root")
    return found


# --- validate --------------------------------------------------------------------------


def register_validate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("validate", help="check entries and report every problem",
                                 description="Check every entry and report every problem at "
                                             "file:line:col.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders to check (default: entries/)")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="output format (default: text)")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="also show notes (severity info)")
    add_root_option(parser)
    parser.set_defaults(handler=run_validate)


def selected_files(paths: Sequence[Path], root: Path) -> list[Path] | None:
    """The files named on the command line; None means the whole knowledge base."""
    if not paths:
        return None
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir():
            if path.resolve() in ((root / "entries").resolve(), root.resolve()):
                return None
            files.extend(p for p in sorted(path.rglob("*")) if p.is_file())
        else:
            files.append(path)
    return files


def run_validate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    root = resolve_root(args.root, args.paths[0] if args.paths else None)
    kb = load(root, only=selected_files(args.paths, root))
    REPORTERS[args.format](kb.report, sys.stdout, time.perf_counter() - started, args.verbose)
    return 0 if kb.report.ok(strict=args.strict) else 1


REGISTRY: list[Callable[[argparse._SubParsersAction], None]] = [register_validate]


def run(argv: Sequence[str] | None = None) -> int:
    """Parse, then run; every expected failure becomes a message and an exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"buzzvalue: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("buzzvalue: interrupted", file=sys.stderr)
        return 130


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except BrokenPipeError:
        return 1
    except Exception:  # a bug: show it, and ask for a report
        traceback.print_exc()
        print("\nbuzzvalue: this is a bug in buzzvalue, not in your entries; please report it "
              "with the traceback above.", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
