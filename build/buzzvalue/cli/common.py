"""What several commands share: the --root option, finding the root, a clean load."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.diagnostics import Severity
from ..kb import KnowledgeBase, find_root, load
from .exitcodes import InputError, UsageError


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


def load_clean(args: argparse.Namespace) -> KnowledgeBase:
    """The knowledge base, or an InputError when it has errors (scores would mislead)."""
    kb = load(resolve_root(args.root))
    if kb.report.errors:
        first = next(d for d in kb.report.diagnostics if d.severity == Severity.ERROR)
        raise InputError(f"the knowledge base has {kb.report.errors} error(s), such as "
                         f"{first.path}:{first.line}:{first.col}: {first.code} {first.message}; "
                         "run 'buzzvalue validate' and fix them first")
    return kb
