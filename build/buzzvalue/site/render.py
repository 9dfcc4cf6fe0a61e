"""The site as data: a pure function from the knowledge base to {site path: content}.

Pages are plain Markdown with Material's documented extensions (admonitions, tables,
attribute lists); pictures are inline SVG made here; the open-data exports ride along
under data/. `buzzvalue render --out DIR` writes this set (`render`) to disk. The MkDocs
plugin asks for `site_build` instead: the same pages, lean with their blocks prerendered,
made on several cores, and the exports written to a folder (by a worker process, while
MkDocs reads the pages) rather than held in memory. Each family of pages has its own module
of functions over one render Context; this one puts them together.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..export import opendata
from ..kb import KnowledgeBase
from ..model.changes import all_changes
from ..model.history import History
from . import about, explore, feeds, guides, indexes, methodology, patterns, technology, usecase
from .context import Context, PageSet, case_page, tech_page
from .prerender import Prerendered, prerender_all, prerender_parts

__all__ = ["PageSet", "SiteBuild", "render", "site_build"]

# A piece of the page set: the pages it makes that are known before it runs (its .md
# pages, which other pages may link to) and the function that makes them, {path: text}.
Job = tuple[tuple[str, ...], Callable[[], dict[str, str]]]


def _one(path: str, make: Callable[..., str], *args: object) -> Job:
    return (path,), lambda: {path: make(*args)}


def _jobs(ctx: Context, data_names: Sequence[str]) -> tuple[list[Job], dict[str, str]]:
    """Every page and file of the site but the exports, in the page set's order, and each
    entry page's source (for its edit link)."""
    kb, site_url = ctx.kb, ctx.site_url
    changes = all_changes(ctx.history)
    jobs: list[Job] = [
        _one("changes.md", about.changes_page, ctx, changes),
        _one("reviews.md", about.reviews_page, ctx),
        _one("feed.xml", feeds.atom, changes, site_url),
        _one("feed.json", feeds.json_feed, changes, site_url),
        _one("index.md", indexes.home, ctx),
        _one("technologies/index.md", indexes.technologies_index, ctx),
        _one("use-cases/index.md", indexes.use_cases_index, ctx),
        _one("use-cases/by-year.md", indexes.use_cases_index, ctx, "year"),
        _one("use-cases/by-outcome.md", indexes.use_cases_index, ctx, "outcome"),
        _one("browse/domains.md", indexes.browse_domains, ctx),
        _one("browse/countries.md", indexes.browse_countries, ctx),
        _one("browse/stages.md", indexes.browse_stages, ctx),
        _one("browse/outcomes.md", indexes.browse_outcomes, ctx),
        _one("lessons.md", indexes.lessons, ctx),
        _one("claims.md", indexes.claims_page, ctx),
        _one("methodology.md", methodology.methodology, ctx),
        _one("graph.md", explore.graph_page, ctx),
        _one("data.md", indexes.data_page, ctx, [n[len("data/"):] for n in data_names]),
        _one("tags.md", indexes.tags_page, ctx),
        _one("patterns/index.md", patterns.patterns_index, ctx),
    ]
    edit: dict[str, str] = {}
    for entry in ctx.techs.values():
        jobs.append(_one(tech_page(entry.id), technology.technology, ctx, entry))
        edit[tech_page(entry.id)] = entry.source
        for pattern in ctx.scores[entry.id].patterns:
            page = patterns.pattern_page(entry.id, pattern.id)
            jobs.append(_one(page, patterns.brief, ctx, entry, ctx.scores[entry.id], pattern))
            edit[page] = entry.source
    guide_entries = sorted((e for e in kb.entries if e.kind == "guide"), key=lambda e: e.id)
    jobs.append(_one("guides/index.md", guides.guides_index, ctx, guide_entries))
    if guide_entries:
        evidence = guides.guide_evidence(ctx)
        for entry in guide_entries:
            page = guides.guide_page_path(entry.id)
            jobs.append(_one(page, guides.guide_page, ctx, entry, evidence))
            edit[page] = entry.source
    for entry in ctx.cases.values():
        jobs.append(_one(case_page(entry.id), usecase.use_case, ctx, entry))
        edit[case_page(entry.id)] = entry.source
    jobs.append(((), lambda: feeds.topic_feeds(ctx, changes)))  # .xml files only
    return jobs, edit


def _data_names(kb: KnowledgeBase) -> list[str]:
    return [f"data/{name}" for name in opendata.names(kb)]


def render(kb: KnowledgeBase, directory_urls: bool = True, history: History | None = None,
           site_url: str = "") -> PageSet:
    """The whole site for a knowledge base without errors (and its history, if given)."""
    ctx = Context(kb, directory_urls, history, site_url)
    data = {f"data/{name}": content for name, content in opendata.files(kb).items()}
    jobs, edit = _jobs(ctx, list(data))
    files: dict[str, str] = {}
    for _, make in jobs:
        files.update(make())
    # For the MkDocs plugin: each page lean, its generated tables and lists prerendered as
    # HTML to put in after Python-Markdown has run (exact, or left as Markdown).
    done = prerender_all({p: t for p, t in files.items() if p.endswith(".md")}, directory_urls)
    lean = {page: parts for page, parts in done.items() if parts.blocks}
    files.update(data)
    return PageSet(files, edit, lean)


@dataclass
class SiteBuild:
    """The site for a build that reads pages lean (the MkDocs plugin): every page and file
    but the exports as Prerendered (``lean`` to read, ``fill`` to put the blocks in; a page
    with no blocks, and a feed, is its own text), in the page set's order; each entry
    page's source; and the exports as files already on disk, or being written (``finish``
    waits for them; call it before reading them)."""

    pages: dict[str, Prerendered]
    edit: dict[str, str]
    data: dict[str, Path]  # site path -> the file under the data folder
    _pending: Future | None = field(default=None, repr=False)
    _pool: ProcessPoolExecutor | None = field(default=None, repr=False)

    def finish(self) -> None:
        """Wait for the exports; raise what writing them raised."""
        pending, pool = self._pending, self._pool
        self._pending = self._pool = None
        try:
            if pending is not None:
                pending.result()
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)


# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_FROM = 2000
SITE_WIDE = 20  # the pages _jobs lists first, each over the whole knowledge base

# What the worker processes inherit (they are forked, so nothing is pickled on the way in):
# the jobs, the known pages, how links look; the knowledge base and where its exports go.
_WORK: tuple[list[Job], frozenset[str], bool, KnowledgeBase, Path] | None = None


def _made(jobs: list[Job], known: frozenset[str], directory_urls: bool,
          indexes: Sequence[int]) -> list[tuple[str, Prerendered]]:
    out = []
    for index in indexes:
        for path, text in jobs[index][1]().items():
            out.append((path, prerender_parts(path, text, known, directory_urls)
                        if path.endswith(".md") else Prerendered(text)))
    return out


def _made_here(indexes: Sequence[int]) -> list[tuple[str, Prerendered]]:
    assert _WORK is not None, "a worker process must be forked after _WORK is set"
    return _made(*_WORK[:3], indexes)


def _export_here() -> None:
    assert _WORK is not None, "a worker process must be forked after _WORK is set"
    opendata.write(*_WORK[3:])


def _fork() -> multiprocessing.context.BaseContext | None:
    """Worker processes that inherit the loaded knowledge base, where the platform forks."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def site_build(kb: KnowledgeBase, data_dir: Path, directory_urls: bool = True,
               history: History | None = None, site_url: str = "",
               workers: int | None = None) -> SiteBuild:
    """The site for a build that reads pages lean (see SiteBuild), the exports written under
    ``data_dir``. Its pages are `render`'s, each as `prerender_parts` makes it; with many
    pages, pages and exports are made in forked worker processes (each page is a pure
    function of the knowledge base), and the exports are still being written on return."""
    global _WORK
    ctx = Context(kb, directory_urls, history, site_url)
    names = _data_names(kb)
    jobs, edit = _jobs(ctx, names)
    data = {name: data_dir / name[len("data/"):] for name in names}
    known = frozenset(p for paths, _ in jobs for p in paths if p.endswith(".md"))
    workers = workers if workers is not None else (os.cpu_count() or 1)
    context = _fork()
    if workers < 2 or len(jobs) < PARALLEL_FROM or context is None:
        opendata.write(kb, data_dir)
        pages = dict(_made(jobs, known, directory_urls, range(len(jobs))))
        return SiteBuild(pages, edit, data)
    kb.graph, kb.similar  # noqa: B018  what pages and exports share: made once, inherited
    _WORK = (jobs, known, directory_urls, kb, data_dir)
    # One pool, forked at once before it starts any thread: a worker writes the exports
    # while the others make the pages; the site-wide pages (first, the heaviest) one a
    # chunk, then chunks small enough to share out evenly.
    pool = ProcessPoolExecutor(max_workers=workers + 1, mp_context=context)
    try:
        pending = pool.submit(_export_here)
        size = max(1, len(jobs) // (workers * 16))
        chunks = [range(i, i + 1) for i in range(min(SITE_WIDE, len(jobs)))]
        chunks += [range(i, min(i + size, len(jobs))) for i in range(SITE_WIDE, len(jobs), size)]
        made = list(pool.map(_made_here, chunks))
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        _WORK = None
    pages = {path: page for chunk in made for path, page in chunk}
    return SiteBuild(pages, edit, data, pending, pool)
