"""`buzzvalue new`: start a new entry from a template (the text is in scaffold.py)."""

from __future__ import annotations

import argparse
import sys

from ..check import placeholders
from ..core import clock
from ..load.files import load
from ..load.schemas import load_schemas, schema_dir_for
from .common import add_root_option, resolve_root
from .exitcodes import InputError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "new", help="start a new entry from a template",
        description="Write entries/<technologies|use-cases>/<id>.md with every required field "
                    "and section. Each value to supply is a 'FILL IN' placeholder, which "
                    "'buzzvalue validate' reports (BV901) until it is replaced. Never "
                    "overwrites a file.")
    parser.add_argument("kind", choices=("technology", "use-case"), metavar="KIND",
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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from . import scaffold

    root = resolve_root(args.root)
    new = scaffold.draft(root, load_schemas(schema_dir_for(root)), args.kind, args.title,
                         today=clock.today(), country=args.country,
                         technologies=tuple(args.technology), part_of=tuple(args.part_of),
                         wanted_id=args.wanted_id)
    for d in new.problems:  # a technology file that cannot be read: its claims are not offered
        print(f"buzzvalue: warning: {d.path}:{d.line}:{d.col}: {d.code} {d.message}; its claims "
              "are not listed in the new entry", file=sys.stderr)
    scaffold.write(new)
    written = load(new.path, root / "entries")
    if written.entry is None:
        raise InputError(f"{written.path} was written but cannot be read back: "
                         f"{written.problem.message if written.problem else 'unknown reason'}")
    print(scaffold.next_steps(written.path, placeholders.check(written.entry)))
    return 0
