"""`buzzvalue render`: write the site's generated pages to a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core import atomic
from .common import add_root_option, load_clean


def register(commands: argparse._SubParsersAction) -> None:
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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..model.history import History, load_history
    from ..site.render import render

    kb = load_clean(args)
    history = (load_history(kb.root, kb.schemas, kb.today) if args.history
               else History((), "history was left out (--no-history)"))
    pageset = render(kb, directory_urls=args.directory_urls, history=history,
                     site_url=args.site_url)
    for name, content in pageset.files.items():
        atomic.write_text(args.out / name, content)
    print(f"Wrote {len(pageset.files)} files to {args.out}")
    return 0
