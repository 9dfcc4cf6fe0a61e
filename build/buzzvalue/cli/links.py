"""`buzzvalue links`: check that every cited address still answers.

Dead links (4xx, 5xx, a host that does not resolve or refuses), silent ones (a timeout) and
moved ones (a redirect to another host) are reported at their `url:` line, in the formats
of `buzzvalue validate`, with an archived copy to look for. Answers are cached with their
dates under .cache/buzzvalue/links.json and reused for --max-age days.
"""

from __future__ import annotations

import argparse
import sys
import time

from ..check import linkcache
from ..check.linkprobe import HostLimiter, probe_all
from ..check.links import citations, diagnostics
from ..core.clock import today
from ..core.diagnostics import Report
from ..kb import load
from .common import add_root_option, resolve_root
from .exitcodes import UsageError
from .report import REPORTERS


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("links", help="check that every cited address still answers",
                                 description="Check every cited URL (the 'url:' fields) and "
                                             "report dead or moved ones at file:line:col.")
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text",
                        help="output format (default: text)")
    parser.add_argument("--strict", action="store_true",
                        help="fail on warnings too (timeouts, moves to another host)")
    parser.add_argument("--timeout", type=float, default=15.0, metavar="SECONDS",
                        help="how long to wait for each answer (default: 15)")
    parser.add_argument("--retries", type=int, default=2,
                        help="tries again after a timeout, refusal or 5xx (default: 2)")
    parser.add_argument("--workers", type=int, default=16,
                        help="addresses checked at the same time (default: 16)")
    parser.add_argument("--per-host", type=float, default=1.0, metavar="SECONDS",
                        help="at least this long between two requests to one host "
                             "(default: 1)")
    parser.add_argument("--max-age", type=int, default=7, metavar="DAYS",
                        help="reuse cached answers younger than this (default: 7)")
    parser.add_argument("--no-cache", dest="use_cache", action="store_false",
                        help="check every address again, ignoring the cache")
    add_root_option(parser)
    parser.set_defaults(handler=run)


def _check_numbers(args: argparse.Namespace) -> None:
    for name, value, low in (("--timeout", args.timeout, 0.001), ("--retries", args.retries, 0),
                             ("--workers", args.workers, 1), ("--per-host", args.per_host, 0),
                             ("--max-age", args.max_age, 0)):
        if value < low:
            raise UsageError(f"{name} {value} is too small (at least {low:g})")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    _check_numbers(args)
    root = resolve_root(args.root)
    kb = load(root)
    cited = citations(kb.entries)
    date = today()
    cached = linkcache.fresh(linkcache.read(root), date, args.max_age) if args.use_cache else {}
    wanted = [c.url for c in cited if c.url not in cached]
    probes = {**cached, **probe_all(wanted, date.isoformat(), timeout=args.timeout,
                                    retries=args.retries, workers=args.workers,
                                    limiter=HostLimiter(args.per_host))}
    if args.use_cache:
        linkcache.write(root, probes)
    urls = {c.url for c in cited}
    print(f"buzzvalue: {len(urls)} cited address{'es' * (len(urls) != 1)}, "
          f"{len(urls & set(cached))} answered from the cache of the last {args.max_age} days",
          file=sys.stderr)
    report = Report(tuple(diagnostics(cited, probes)), len({c.entry.path for c in cited}))
    REPORTERS[args.format](report, sys.stdout, time.perf_counter() - started, False)
    return 0 if report.ok(strict=args.strict) else 1
