"""What every page of the site needs: the page set, addresses, and the render context
(the knowledge base, its lookups, and the small helpers that make links and labels)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.countries import country_name
from ..core.dates import overdue
from ..core.entry import Entry
from ..core.verdicts import DELIVERING_BUT_HYPED, INSUFFICIENT, OVERHYPED, PROVEN, UNPROVEN
from ..kb import KnowledgeBase
from ..model.history import History
from ..model.score import ClaimScore
from . import mdtext
from .mdtext import external, relative, stacked_table, table, text
from .prerender import Prerendered

CLAIM_LIST = 25  # use cases listed under a claim on the claims page, heaviest evidence first
ADMONITION = {PROVEN: "success", DELIVERING_BUT_HYPED: "info", OVERHYPED: "failure",
              UNPROVEN: "warning", INSUFFICIENT: "note"}
OUTCOME_ADMONITION = {"delivered": "success", "partly-delivered": "info", "no-effect": "note",
                      "not-delivered": "failure", "harmful": "danger", "unknown": "note"}


@dataclass(frozen=True)
class PageSet:
    """Everything the site adds to docs/: {site path: text}, and where each page's source is."""

    files: dict[str, str]
    edit: dict[str, str] = field(default_factory=dict)
    # The same pages lean, their generated tables and lists prerendered as HTML, for a build
    # that puts the HTML in after Python-Markdown has run (site/prerender.py; the plugin).
    lean: dict[str, Prerendered] = field(default_factory=dict)


def tech_page(tech_id: str) -> str:
    return f"technologies/{tech_id}.md"


def case_page(case_id: str) -> str:
    return f"use-cases/{case_id}.md"


def claim_anchor(tech_id: str, claim_id: str) -> str:
    return f"{tech_id}--{claim_id}"


class Context:
    """One knowledge base being rendered: the lookups and small helpers every page family
    uses. Page families are functions of a Context (site/technology.py and the others)."""

    def __init__(self, kb: KnowledgeBase, directory_urls: bool = True,
                 history: History | None = None, site_url: str = "") -> None:
        self.kb = kb
        self.directory_urls = directory_urls
        self.history = history or History((), "no history was asked for")
        self.site_url = site_url
        self.scores = kb.scores.technologies
        self.techs = {e.id: e for e in sorted(kb.technologies, key=lambda e: e.id)}
        self.cases = {e.id: e for e in sorted(kb.use_cases, key=lambda e: e.id)}
        self.known_pages = ({tech_page(t) for t in self.techs}
                            | {case_page(c) for c in self.cases})
        self.stages = kb.schemas.vocabulary("stage")
        self.outcomes = kb.schemas.vocabulary("outcome")
        self.domains = kb.schemas.vocabulary("domain")
        self.findings = kb.schemas.titles("finding")
        self.source_types = kb.schemas.titles("source_type")
        self.source_by = kb.schemas.titles("source_by")
        self.phases = kb.schemas.titles("hype_phase")
        self.risk_categories = kb.schemas.titles("risk_category")
        self.levels = kb.schemas.titles("jurisdiction_level")

    # --- small helpers ----------------------------------------------------------------

    def title(self, entry: Entry) -> str:
        return str(entry.data.get("title", entry.id))

    def tech_link(self, here: str, tech_id: str) -> str:
        entry = self.techs.get(tech_id)
        return mdtext.link(self.title(entry) if entry else tech_id,
                           relative(here, tech_page(tech_id)))

    def case_link(self, here: str, case_id: str) -> str:
        return mdtext.link(self.title(self.cases[case_id]), relative(here, case_page(case_id)))

    def claim_link(self, here: str, tech_id: str, claim: ClaimScore) -> str:
        target = relative(here, "claims.md") + "#" + claim_anchor(tech_id, claim.id)
        return mdtext.link(claim.text, target)

    def stage(self, value: object) -> str:
        return next((t.title for t in self.stages if t.value == value), str(value))

    def outcome(self, value: object) -> str:
        return next((t.title for t in self.outcomes if t.value == value), str(value))

    def domain(self, code: object) -> str:
        return next((f"{t.value} {t.title}" for t in self.domains if t.value == code), str(code))

    def country(self, entry: Entry) -> str:
        code = entry.data["jurisdiction"]["country"]
        return country_name(code) or code

    def period(self, entry: Entry) -> str:
        period = entry.data.get("period", {})
        start, end = period.get("start"), period.get("end")
        return f"{start}–{end}" if end and end != start else f"{start}" if end else f"{start}–"

    def cases_list(self, here: str, cases: Iterable[Entry], show: str) -> str:
        """A compact list for browse pages (one link a row: they list every use case)."""
        lines = []
        for case in cases:
            facts = [self.country(case), self.stage(case.data.get("stage")),
                     self.outcome(case.data.get("outcome"))]
            facts = [f for f in facts if f != show]  # the group heading says that one
            lines.append(f"- {self.case_link(here, case.id)} — {text(', '.join(facts))}")
        return "\n".join(lines)

    def cases_table(self, here: str, cases: Iterable[Entry]) -> str:
        rows = []
        for case in cases:
            techs = ", ".join(self.tech_link(here, t) for t in case.data.get("technologies", []))
            rows.append([self.case_link(here, case.id), text(self.country(case)), techs,
                         text(self.stage(case.data.get("stage"))),
                         text(self.outcome(case.data.get("outcome")))])
        return stacked_table(["Use case", "Country", "Technologies", "Stage", "Outcome"],
                             rows)

    def front(self, title: str, description: str = "", tags: Iterable[str] = (),
              *, listing: bool = False, boost: float | None = None,
              tag_links: dict[str, str] | None = None) -> str:
        """Front matter for a generated page: JSON strings are valid YAML. MkDocs and Material
        put these values into HTML unescaped, so they are escaped here. tag_links sends a tag
        to an entry's page (site path) instead of the Tags page (overrides/partials/tags.html)."""
        lines = ["---", f"title: {json.dumps(mdtext.attr(title), ensure_ascii=False)}"]
        if description:
            lines.append(f"description: {json.dumps(mdtext.attr(description), ensure_ascii=False)}")
        tag_list = sorted({mdtext.attr(t) for t in tags})
        if tag_list:
            lines.append("tags: " + json.dumps(tag_list, ensure_ascii=False))
        if tag_links:
            lines.append("tag_links: " + json.dumps(
                {mdtext.attr(k): v for k, v in sorted(tag_links.items())}, ensure_ascii=False))
        if listing:  # lists of entries repeat the entries' own pages: keep search to those
            lines.append("search:\n  exclude: true")
        elif boost:  # a page readers come looking for by name, such as a use-pattern brief
            lines.append(f"search:\n  boost: {boost:g}")
        return "\n".join([*lines, "---", ""])

    def figure(self, markup: str) -> str:
        return f'<div class="bv-figure" markdown="0">\n{markup}\n</div>'

    # --- entries ----------------------------------------------------------------------

    def overdue(self, data: dict) -> list[str]:
        due = data.get("review_due")
        if overdue(due, self.kb.today):
            return ['!!! warning "Review due"', "",
                    f"    This entry was due for review on {text(due)}: its sources may have "
                    "moved on.", ""]
        return []

    def source_line(self, source: dict) -> str:
        kind = self.source_types.get(source.get("type", ""), source.get("type", ""))
        by = source.get("by")
        who = f", {self.source_by.get(by, by).lower()}" if by else ""
        return (f"{external(source['title'], source['url'])} — {text(source.get('publisher'))}, "
                f"{text(source.get('date'))} ({text(kind)}{text(who)})")

    def review_line(self, data: dict) -> str:
        reviewed = data.get("reviewed", {})
        return (f"*Reviewed {text(reviewed.get('date'))} by {text(reviewed.get('by'))}; "
                f"next review due {text(data.get('review_due'))}.*")


def counted(counts: dict[str, int]) -> str:
    return table(["Type", "Count"], [[k, str(v)] for k, v in sorted(counts.items())], ["l", "r"])


def section(body: str, heading: str) -> str:
    """The text under ``## heading`` in an entry body, up to the next level-2 heading."""
    match = re.search(rf"^##[ \t]+{re.escape(heading)}[ \t]*\n(.*?)(?=^##[ \t]|\Z)", body,
                      re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""
