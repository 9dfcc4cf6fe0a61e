"""The `buzzvalue` command: parse arguments, run one subcommand, map the outcome to an exit code.

Exit codes: 0 success; 1 the input has errors (or warnings under --strict);
2 a usage error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, atomic, clock, placeholders
from .changed import GitProblem, changed_entries
from .diagnostics import Severity
from .loader import load_files
from .report import REPORTERS
from .rubric import RubricError
from .schemas import KIND_SCHEMAS, default_schema_dir, load_schemas, schema_dir_for
from .validate import KnowledgeBase, find_root, load


class UsageError(Exception):
    """The command line asks for something that cannot be done."""


class InputError(Exception):
    """The input (entries, schema, rubric) is not fit for the command."""


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


def changed_files(root: Path, base: str | None) -> list[Path]:
    """The entries changed on this branch (validate --changed), said on stderr."""
    try:
        changed = changed_entries(root, base)
    except GitProblem as exc:
        raise UsageError(str(exc)) from None
    count = len(changed.files)
    print(f"buzzvalue: {count} entr{'y' if count == 1 else 'ies'} changed against "
          f"{changed.base} (merge base {changed.merge_base[:12]})", file=sys.stderr)
    return list(changed.files)


def run_validate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.base is not None and not args.changed:
        raise UsageError("--base goes with --changed")
    if args.changed and args.paths:
        raise UsageError("give either PATH... or --changed, not both")
    root = resolve_root(args.root, args.paths[0] if args.paths else None)
    only = changed_files(root, args.base) if args.changed else selected_files(args.paths, root)
    kb = load(root, only=only, use_cache=args.use_cache)
    REPORTERS[args.format](kb.report, sys.stdout, time.perf_counter() - started, args.verbose)
    return 0 if kb.report.ok(strict=args.strict, strict_reviews=args.strict_reviews) else 1


def load_clean(args: argparse.Namespace) -> KnowledgeBase:
    """The knowledge base, or an InputError when it has errors (scores would mislead)."""
    kb = load(resolve_root(args.root))
    if kb.report.errors:
        first = next(d for d in kb.report.diagnostics if d.severity == Severity.ERROR)
        raise InputError(f"the knowledge base has {kb.report.errors} error(s), such as "
                         f"{first.path}:{first.line}:{first.col}: {first.code} {first.message}; "
                         "run 'buzzvalue validate' and fix them first")
    return kb


# --- score -----------------------------------------------------------------------------


def register_score(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("score", help="compute every technology's verdict",
                                 description="Compute value, buzz, confidence and verdict for "
                                             "every technology from its use cases.")
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="a readable table (default) or JSON with each derivation")
    add_root_option(parser)
    parser.set_defaults(handler=run_score)


def run_score(args: argparse.Namespace) -> int:
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


# --- graph -----------------------------------------------------------------------------


def register_graph(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("graph", help="print the knowledge graph",
                                 description="Print the knowledge graph as node-link JSON or "
                                             "GraphML.")
    parser.add_argument("--format", choices=("json", "graphml"), default="json",
                        help="node-link JSON (default) or GraphML")
    add_root_option(parser)
    parser.set_defaults(handler=run_graph)


def run_graph(args: argparse.Namespace) -> int:
    from . import export

    graph = load_clean(args).graph
    if args.format == "graphml":
        sys.stdout.write(export.graphml_text(graph))
    else:
        sys.stdout.write(export.dumps(export.graph_document(graph)))
    return 0


# --- export ----------------------------------------------------------------------------


def register_export(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("export", help="write the open-data files",
                                 description="Write kb.json, graph.json, graph.graphml, CSV "
                                             "tables, datapackage.json and the schemas.")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write into")
    add_root_option(parser)
    parser.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from . import export

    written = export.write(load_clean(args), args.out)
    print(f"Wrote {len(written)} files to {args.out}")
    return 0


# --- render ----------------------------------------------------------------------------


def register_render(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "render", help="write the site's generated pages to a folder",
        description="Write the generated pages (Markdown, inline SVG) and data files to a "
                    "folder, so that the site can be built without the MkDocs plugin.")
    parser.add_argument("--out", type=Path, required=True,
                        help="the folder to write into, such as a copy of docs/")
    parser.add_argument("--no-history", dest="history", action="store_false",
                        help="leave out the verdict history (read from git)")
    parser.add_argument("--site-url", default="",
                        help="the site's address, for absolute links in the feeds")
    parser.add_argument("--no-directory-urls", dest="directory_urls", action="store_false",
                        help="link pages as page.html rather than page/ (use_directory_urls: "
                             "false)")
    add_root_option(parser)
    parser.set_defaults(handler=run_render)


def run_render(args: argparse.Namespace) -> int:
    from .history import History, load_history
    from .render import render

    kb = load_clean(args)
    history = (load_history(kb.root, kb.schemas, kb.today) if args.history
               else History((), "history was left out (--no-history)"))
    pageset = render(kb, directory_urls=args.directory_urls, history=history,
                     site_url=args.site_url)
    for name, content in pageset.files.items():
        atomic.write_text(args.out / name, content)
    print(f"Wrote {len(pageset.files)} files to {args.out}")
    return 0


# --- new -------------------------------------------------------------------------------


def register_new(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "new", help="start a new entry from a template",
        description="Write entries/<technologies|use-cases>/<id>.md with every required field "
                    "and section. Each value to supply is a 'FILL IN' placeholder, which "
                    "'buzzvalue validate' reports (BV901) until it is replaced. Never "
                    "overwrites a file.")
    parser.add_argument("kind", choices=sorted(KIND_SCHEMAS), metavar="KIND",
                        help="technology or use-case")
    parser.add_argument("title", metavar="TITLE",
                        help="the entry's title; the id (and file name) is made from it")
    parser.add_argument("--country", metavar="XX",
                        help="use cases (required): the ISO 3166-1 alpha-2 country code, such "
                             "as NL; it starts the id (nl-...) and fills in the country")
    parser.add_argument("--technology", metavar="ID", action="append", default=[],
                        help="use cases (repeatable): the id of a technology it used; left "
                             "out, the template asks for it")
    parser.add_argument("--part-of", metavar="ID", action="append", default=[],
                        help="technologies (repeatable): the id of a broader technology")
    parser.add_argument("--id", dest="wanted_id", metavar="ID", default=None,
                        help="the id to use instead of one made from the title")
    add_root_option(parser)
    parser.set_defaults(handler=run_new)


def run_new(args: argparse.Namespace) -> int:
    from . import scaffold

    root = resolve_root(args.root)
    try:
        new = scaffold.draft(root, load_schemas(schema_dir_for(root)), args.kind, args.title,
                             today=clock.today(), country=args.country,
                             technologies=tuple(args.technology), part_of=tuple(args.part_of),
                             wanted_id=args.wanted_id)
        scaffold.write(new)
    except scaffold.DraftError as exc:
        raise UsageError(str(exc)) from None
    except scaffold.Taken as exc:
        raise InputError(str(exc)) from None
    (entry,) = load_files([new.path], root / "entries").entries
    print(scaffold.next_steps(entry.path, placeholders.check(entry)))
    return 0


# --- schema ----------------------------------------------------------------------------


def register_schema(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "schema", help="print an entry kind's JSON Schema",
        description="Print the JSON Schema of an entry kind. With --bundle the schema is "
                    "self-contained (every $ref inlined under $defs, no $id), for editors and "
                    "tools that cannot follow the relative $refs between the files in schema/.")
    parser.add_argument("kind", choices=sorted(KIND_SCHEMAS), metavar="KIND",
                        help="technology or use-case")
    parser.add_argument("--bundle", action="store_true",
                        help="inline every referenced definition (recommended for editors)")
    parser.add_argument("--out", type=Path, default=None,
                        help="write to this file instead of printing")
    add_root_option(parser)
    parser.set_defaults(handler=run_schema)


def run_schema(args: argparse.Namespace) -> int:
    root = args.root if args.root is not None else find_root(Path.cwd())
    schemas = load_schemas(schema_dir_for(root) if root else default_schema_dir())
    from .schemabundle import bundle

    document = (bundle(schemas, args.kind) if args.bundle
                else schemas.documents[KIND_SCHEMAS[args.kind]])
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        atomic.write_text(args.out, text)
        print(f"Wrote {args.out}", file=sys.stderr)
    return 0


REGISTRY: list[Callable[[argparse._SubParsersAction], None]] = [
    register_validate, register_new, register_score, register_graph, register_export,
    register_render, register_schema]


def run(argv: Sequence[str] | None = None) -> int:
    """Parse, then run; every expected failure becomes a message and an exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"buzzvalue: error: {exc}", file=sys.stderr)
        return 2
    except (InputError, RubricError) as exc:
        print(f"buzzvalue: error: {exc}", file=sys.stderr)
        return 1
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
