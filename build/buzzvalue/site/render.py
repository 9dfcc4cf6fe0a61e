"""The site as data: a pure function from the knowledge base to {site path: content}.

Pages are plain Markdown with Material's documented extensions (admonitions, tables,
attribute lists); pictures are inline SVG made here; the open-data exports ride along
under data/. The MkDocs plugin adds this set to a build as generated files, and
`buzzvalue render --out DIR` writes the same set to disk. Each family of pages has
its own module of functions over one render Context; this one puts them together.
"""

from __future__ import annotations

from ..export import opendata
from ..kb import KnowledgeBase
from ..model.changes import all_changes
from ..model.history import History
from . import about, explore, feeds, guides, indexes, methodology, patterns, technology, usecase
from .context import Context, PageSet, case_page, tech_page
from .prerender import prerender_all

__all__ = ["PageSet", "render"]


def render(kb: KnowledgeBase, directory_urls: bool = True, history: History | None = None,
           site_url: str = "") -> PageSet:
    """The whole site for a knowledge base without errors (and its history, if given)."""
    ctx = Context(kb, directory_urls, history, site_url)
    data = {f"data/{name}": content for name, content in opendata.files(kb).items()}
    changes = all_changes(ctx.history)
    files: dict[str, str] = {
        "changes.md": about.changes_page(ctx, changes),
        "reviews.md": about.reviews_page(ctx),
        "feed.xml": feeds.atom(changes, site_url),
        "feed.json": feeds.json_feed(changes, site_url),
        "index.md": indexes.home(ctx),
        "technologies/index.md": indexes.technologies_index(ctx),
        "use-cases/index.md": indexes.use_cases_index(ctx),
        "use-cases/by-year.md": indexes.use_cases_index(ctx, "year"),
        "use-cases/by-outcome.md": indexes.use_cases_index(ctx, "outcome"),
        "browse/domains.md": indexes.browse_domains(ctx),
        "browse/countries.md": indexes.browse_countries(ctx),
        "browse/stages.md": indexes.browse_stages(ctx),
        "browse/outcomes.md": indexes.browse_outcomes(ctx),
        "lessons.md": indexes.lessons(ctx),
        "claims.md": indexes.claims_page(ctx),
        "methodology.md": methodology.methodology(ctx),
        "graph.md": explore.graph_page(ctx),
        "data.md": indexes.data_page(ctx, (n[len("data/"):] for n in data)),
        "tags.md": indexes.tags_page(ctx),
        "patterns/index.md": patterns.patterns_index(ctx),
    }
    edit: dict[str, str] = {}
    for entry in ctx.techs.values():
        files[tech_page(entry.id)] = technology.technology(ctx, entry)
        edit[tech_page(entry.id)] = entry.source
        for pattern in ctx.scores[entry.id].patterns:
            page = patterns.pattern_page(entry.id, pattern.id)
            files[page] = patterns.brief(ctx, entry, ctx.scores[entry.id], pattern)
            edit[page] = entry.source
    guide_entries = sorted((e for e in kb.entries if e.kind == "guide"), key=lambda e: e.id)
    files["guides/index.md"] = guides.guides_index(ctx, guide_entries)
    if guide_entries:
        evidence = guides.guide_evidence(ctx)
        for entry in guide_entries:
            page = guides.guide_page_path(entry.id)
            files[page] = guides.guide_page(ctx, entry, evidence)
            edit[page] = entry.source
    for entry in ctx.cases.values():
        files[case_page(entry.id)] = usecase.use_case(ctx, entry)
        edit[case_page(entry.id)] = entry.source
    files.update(feeds.topic_feeds(ctx, changes))
    # For the MkDocs plugin: each page lean, its generated tables and lists prerendered as
    # HTML to put in after Python-Markdown has run (exact, or left as Markdown).
    done = prerender_all({p: t for p, t in files.items() if p.endswith(".md")}, directory_urls)
    lean = {page: parts for page, parts in done.items() if parts.blocks}
    files.update(data)
    return PageSet(files, edit, lean)
