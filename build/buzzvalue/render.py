"""The site as data: a pure function from the knowledge base to {site path: content}.

Pages are plain Markdown with Material's documented extensions (admonitions, tables,
attribute lists); pictures are inline SVG made here; the open-data exports ride along
under data/. The MkDocs plugin adds this set to a build as generated files, and
`buzzvalue render --out DIR` writes the same set to disk. Each family of pages has
its own module; this one puts them together.
"""

from __future__ import annotations

from . import export, feeds
from .aboutpages import AboutPages
from .casepages import UseCasePages
from .changes import all_changes
from .history import History
from .indexpages import IndexPages
from .sitebase import PageSet, case_page, tech_page
from .techpages import TechnologyPages
from .validate import KnowledgeBase

__all__ = ["PageSet", "Site", "render"]


class Site(TechnologyPages, UseCasePages, IndexPages, AboutPages):
    """Renders one knowledge base."""

    def render(self) -> PageSet:
        data = {f"data/{name}": content for name, content in export.files(self.kb).items()}
        changes = all_changes(self.history)
        files: dict[str, str] = {
            "changes.md": self.changes_page(changes),
            "reviews.md": self.reviews_page(),
            "feed.xml": feeds.atom(changes, self.site_url),
            "feed.json": feeds.json_feed(changes, self.site_url),
            "index.md": self.home(),
            "technologies/index.md": self.technologies_index(),
            "use-cases/index.md": self.use_cases_index(),
            "browse/domains.md": self.browse_domains(),
            "browse/countries.md": self.browse_countries(),
            "browse/stages.md": self.browse_stages(),
            "browse/outcomes.md": self.browse_outcomes(),
            "lessons.md": self.lessons(),
            "claims.md": self.claims_page(),
            "methodology.md": self.methodology(),
            "graph.md": self.graph_page(),
            "data.md": self.data_page(n[len("data/"):] for n in data),
            "tags.md": self.tags_page(),
        }
        edit: dict[str, str] = {}
        for entry in self.techs.values():
            files[tech_page(entry.id)] = self.technology(entry)
            edit[tech_page(entry.id)] = entry.source
        for entry in self.cases.values():
            files[case_page(entry.id)] = self.use_case(entry)
            edit[case_page(entry.id)] = entry.source
        files.update(data)
        return PageSet(files, edit)


def render(kb: KnowledgeBase, directory_urls: bool = True, history: History | None = None,
           site_url: str = "") -> PageSet:
    """The whole site for a knowledge base without errors (and its history, if given)."""
    return Site(kb, directory_urls, history, site_url).render()
