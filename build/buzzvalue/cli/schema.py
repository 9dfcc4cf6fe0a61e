"""`buzzvalue schema`: print an entry kind's JSON Schema, optionally self-contained."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core import atomic
from ..kb import find_root
from ..load.schemas import KIND_SCHEMAS, default_schema_dir, load_schemas, schema_dir_for
from .common import add_root_option


def register(commands: argparse._SubParsersAction) -> None:
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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = args.root if args.root is not None else find_root(Path.cwd())
    schemas = load_schemas(schema_dir_for(root) if root else default_schema_dir())
    from ..export.schemabundle import bundle

    document = (bundle(schemas, args.kind) if args.bundle
                else schemas.documents[KIND_SCHEMAS[args.kind]])
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        atomic.write_text(args.out, text)
        print(f"Wrote {args.out}", file=sys.stderr)
    return 0
