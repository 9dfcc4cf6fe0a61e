"""`buzzvalue validate`: check entries and report every problem at file:line:col."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ..kb import validate
from ..load.changed import changed_entries
from .common import add_root_option, resolve_root
from .exitcodes import UsageError
from .report import REPORTERS


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("validate", help="check entries and report every problem",
                                 description="Check every entry and report every problem at "
                                             "file:line:col.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders to check (default: entries/)")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="output format (default: text)")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--strict-reviews", action="store_true",
                        help="with --strict, fail on overdue reviews (BV501) too")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="also show notes (severity info)")
    parser.add_argument("--no-cache", dest="use_cache", action="store_false",
                        help="re-read every file instead of using .cache/buzzvalue/")
    parser.add_argument("--changed", action="store_true",
                        help="check only the entries changed against the main branch (git "
                             "merge base) plus untracked ones; references still resolve "
                             "against the whole knowledge base")
    parser.add_argument("--base", metavar="REF", default=None,
                        help="with --changed: compare with REF instead of main (or origin/main)")
    add_root_option(parser)
    parser.set_defaults(handler=run)


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


def changed_files(root: Path, base: str | None) -> list[Path]:
    """The entries changed on this branch (validate --changed), said on stderr."""
    changed = changed_entries(root, base)  # GitProblem: a usage error (exitcodes.py)
    count = len(changed.files)
    lead = f"buzzvalue: {changed.why}: " if changed.why else "buzzvalue: "
    gone = (f"; {changed.deleted} deleted entr{'y' if changed.deleted == 1 else 'ies'} left "
            "out" if changed.deleted else "")
    print(f"{lead}{count} entr{'y' if count == 1 else 'ies'} changed against {changed.base} "
          f"(merge base {changed.merge_base[:12]}; checked {changed.range}{gone})",
          file=sys.stderr)
    return list(changed.files)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.base is not None and not args.changed:
        raise UsageError("--base goes with --changed")
    if args.changed and args.paths:
        raise UsageError("give either PATH... or --changed, not both")
    root = resolve_root(args.root, args.paths[0] if args.paths else None)
    only = changed_files(root, args.base) if args.changed else selected_files(args.paths, root)
    report = validate(root, only=only, use_cache=args.use_cache)
    REPORTERS[args.format](report, sys.stdout, time.perf_counter() - started, args.verbose)
    return 0 if report.ok(strict=args.strict, strict_reviews=args.strict_reviews) else 1
