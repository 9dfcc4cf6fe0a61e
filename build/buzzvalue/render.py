"""The site as data: a pure function from the knowledge base to {site path: content}.

Pages are plain Markdown with Material's documented extensions (admonitions, tables,
attribute lists); pictures are inline SVG made here; the open-data exports ride along
under data/. The MkDocs plugin adds this set to a build as generated files, and
`buzzvalue render --out DIR` writes the same set to disk.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import body, export, feeds, mdtext, svg
from .changes import Change, all_changes
from .history import History
from .loader import Entry
from .mdtext import bullets, external, number, relative, table, text
from .rules import country_name
from .score import ClaimScore, TechnologyScore
from .validate import KnowledgeBase

NEGATIVE_OUTCOMES = ("not-delivered", "harmful")
CLAIM_LIST = 25  # use cases listed under a claim on the claims page, heaviest evidence first
ADMONITION = {"proven": "success", "delivering but hyped": "info", "overhyped": "failure",
              "unproven": "warning", "insufficient evidence": "note"}
OUTCOME_ADMONITION = {"delivered": "success", "mixed": "info", "not-delivered": "failure",
                      "harmful": "danger", "unknown": "note"}


@dataclass(frozen=True)
class PageSet:
    """Everything the site adds to docs/: {site path: text}, and where each page's source is."""

    files: dict[str, str]
    edit: dict[str, str] = field(default_factory=dict)

    @property
    def pages(self) -> dict[str, str]:
        return {k: v for k, v in self.files.items() if k.endswith(".md")}


def tech_page(tech_id: str) -> str:
    return f"technologies/{tech_id}.md"


def case_page(case_id: str) -> str:
    return f"use-cases/{case_id}.md"


def claim_anchor(tech_id: str, claim_id: str) -> str:
    return f"{tech_id}--{claim_id}"


class Site:
    """Renders one knowledge base; holds the lookups every page needs."""

    def __init__(self, kb: KnowledgeBase, directory_urls: bool = True,
                 history: History | None = None, site_url: str = "") -> None:
        self.kb = kb
        self.directory_urls = directory_urls
        self.history = history or History((), "no history was asked for")
        self.site_url = site_url
        self.scores = kb.scores.technologies
        self.techs = {e.id: e for e in sorted(kb.technologies, key=lambda e: e.id)}
        self.cases = {e.id: e for e in sorted(kb.use_cases, key=lambda e: e.id)}
        self.stages = kb.schemas.vocabulary("stage")
        self.outcomes = kb.schemas.vocabulary("outcome")
        self.domains = kb.schemas.vocabulary("domain")
        self.findings = kb.schemas.titles("finding")
        self.source_types = kb.schemas.titles("source_type")
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
        return table(["Use case", "Country", "Technologies", "Stage", "Outcome"], rows)

    def front(self, title: str, description: str = "", tags: Iterable[str] = (),
              *, listing: bool = False) -> str:
        """Front matter for a generated page: JSON strings are valid YAML. MkDocs and Material
        put these values into HTML unescaped, so they are escaped here."""
        lines = ["---", f"title: {json.dumps(mdtext.attr(title), ensure_ascii=False)}"]
        if description:
            lines.append(f"description: {json.dumps(mdtext.attr(description), ensure_ascii=False)}")
        tag_list = sorted({mdtext.attr(t) for t in tags})
        if tag_list:
            lines.append("tags: " + json.dumps(tag_list, ensure_ascii=False))
        if listing:  # lists of entries repeat the entries' own pages: keep search to those
            lines.append("search:\n  exclude: true")
        return "\n".join([*lines, "---", ""])

    def figure(self, markup: str) -> str:
        return f'<div class="bv-figure" markdown="0">\n{markup}\n</div>'

    # --- technology -------------------------------------------------------------------

    def technology(self, entry: Entry) -> str:
        here = tech_page(entry.id)
        score = self.scores[entry.id]
        data = entry.data
        parts = [self.front(self.title(entry), str(data.get("summary", "")),
                            [f"Verdict: {score.verdict}"]),
                 f"# {text(self.title(entry))}", "", *self.overdue(data),
                 self.verdict_banner(here, score), "",
                 text(data.get("summary")), ""]
        aliases = data.get("aliases") or []
        if aliases:
            parts += [f"*Also called:* {', '.join(text(a) for a in aliases)}", ""]
        parents = data.get("part_of") or []
        if parents:
            parts += ["*Part of:* " + ", ".join(self.tech_link(here, p) for p in parents), ""]
        parts += [self.figure(svg.ego(self.title(entry), self.neighbours(here, entry),
                                      f"ego-{entry.id}")), ""]
        parts += [body.sanitise(entry.body.strip()), ""]
        parts += self.value_section(here, score)
        parts += self.buzz_section(here, entry, score)
        parts += self.claims_ledger(here, entry.id, score)
        parts += ["## Use cases", "",
                  self.cases_table(here, (self.cases[c.use_case] for c in score.contributions))
                  if score.contributions else "No use case yet.", ""]
        parts += self.risks(data) + self.alternatives(here, data)
        prerequisites = data.get("prerequisites") or []
        if prerequisites:
            parts += ["## Prerequisites", "", bullets(text(p) for p in prerequisites), ""]
        parts += ["## Questions to ask", "",
                  "\n".join(f"{i}. {text(q)}" for i, q in enumerate(data.get("questions", []), 1)),
                  ""]
        parts += self.tech_sources(data)
        parts += self.timeline_section(entry)
        parts += [self.review_line(data), ""]
        return "\n".join(parts)

    def timeline_section(self, entry: Entry) -> list[str]:
        lines = ["## History", ""]
        if not self.history.available:
            return [*lines, f"History is unavailable: {text(self.history.unavailable)}.", ""]
        shown = [s for s in self.history.snapshots if entry.id in s.technologies]
        moments = [svg.Moment(f"{s.date[5:10]} {s.commit[:7]}", s.technologies[entry.id].value,
                              s.technologies[entry.id].buzz, s.technologies[entry.id].verdict)
                   for s in shown]
        if not moments:
            return [*lines, "No earlier snapshot scores this technology yet.", ""]
        rows = [[text(s.date[:10]), f"`{s.commit[:7]}` {text(s.subject)}", number(m.value),
                 number(m.buzz), text(m.verdict)] for s, m in zip(shown, moments, strict=True)]
        changes = relative(tech_page(entry.id), "changes.md")
        return [*lines, "Scores at each commit that changed the entries or the rubric, "
                f"computed by today's code ([all changes]({changes})).",
                "", self.figure(svg.timeline(moments, self.title(entry), f"time-{entry.id}")),
                "", table(["Date", "Commit", "Value", "Buzz", "Verdict"], rows,
                          ["l", "l", "r", "r", "l"]), ""]

    def overdue(self, data: dict) -> list[str]:
        due = data.get("review_due")
        if isinstance(due, str) and due < self.kb.today.isoformat():
            return ['!!! warning "Review due"', "",
                    f"    This entry was due for review on {text(due)}: its sources may have "
                    "moved on.", ""]
        return []

    def verdict_banner(self, here: str, score: TechnologyScore) -> str:
        kind = ADMONITION.get(score.verdict, "note")
        head = (f'!!! {kind} "Verdict: {score.verdict} — value {number(score.value, 0)}/100, '
                f'buzz {number(score.buzz, 0)}/100"')
        explanation = (f"Computed from {len(score.contributions)} use case"
                       f"{'s' * (len(score.contributions) != 1)} (evidence mass "
                       f"{score.evidence_mass:.2f}, confidence {score.confidence_label}, "
                       f"{score.confidence:.2f}). No one typed this verdict in: see "
                       f"[how it is computed]({relative(here, 'methodology.md')}).")
        return f"{head}\n\n    {explanation}"

    def neighbours(self, here: str, entry: Entry) -> list[svg.Neighbour]:
        score = self.scores[entry.id]
        out = [svg.Neighbour(c.title, "use-case", c.outcome,
                             mdtext.href(here, case_page(c.use_case), self.directory_urls))
               for c in score.contributions]
        related: dict[str, str] = {}
        for parent in entry.data.get("part_of") or []:
            related[parent] = "part of"
        for alt in entry.data.get("alternatives") or []:
            if alt.get("technology"):
                related.setdefault(alt["technology"], "alternative")
        for other in self.techs.values():
            if entry.id in (other.data.get("part_of") or []):
                related.setdefault(other.id, "includes")
        out += [svg.Neighbour(self.title(self.techs[t]), "technology", relation,
                              mdtext.href(here, tech_page(t), self.directory_urls))
                for t, relation in sorted(related.items()) if t in self.techs]
        return out

    def value_section(self, here: str, score: TechnologyScore) -> list[str]:
        rows = []
        for c in score.contributions:
            rows.append([self.case_link(here, c.use_case), text(self.stage(c.stage)),
                         text(self.outcome(c.outcome)),
                         text(self.source_types.get(c.evidence, c.evidence or "none")),
                         f"{c.evidence_weight:g} × {c.stage_weight:g} = {c.weight:.2f}",
                         "counts for confidence only" if c.outcome_value is None
                         else f"{c.outcome_value:+g}"])
        valued = [c for c in score.contributions if c.outcome_value is not None and c.weight > 0]
        total = sum(c.weight for c in valued)
        lines = [f"## Value: {number(score.value, 1)} / 100", ""]
        if valued:
            weighted = sum(c.weight * c.outcome_value for c in valued)
            lines += [f"Weighted mean outcome = {weighted:.3f} / {total:.2f} = "
                      f"{weighted / total:+.3f}, mapped from [−1, 1] to 0–100: "
                      f"**{number(score.value, 1)}**.", ""]
        else:
            lines += ["No use case with a known outcome yet, so no value can be computed.", ""]
        if rows:
            lines += [table(["Use case", "Stage", "Outcome", "Strongest evidence",
                             "Weight (evidence × stage)", "Outcome value"], rows,
                            ["l", "l", "l", "l", "r", "r"]), ""]
        return lines

    def buzz_section(self, here: str, entry: Entry, score: TechnologyScore) -> list[str]:
        rubric = self.kb.rubric
        hype = entry.data.get("hype", {})
        phase = self.phases.get(score.hype_phase or "", "unknown")
        open_claims = sum(c.status != "substantiated" for c in score.claims)
        return [
            f"## Buzz: {number(score.buzz, 1)} / 100", "",
            f"- Hype phase: **{text(phase)}** (as of {text(hype.get('as_of'))}), scoring "
            f"{score.phase_score:g}; × {rubric.phase_share:g} = "
            f"{rubric.phase_share * score.phase_score:.1f}",
            f"- Claims not substantiated: {open_claims} of {len(score.claims)} "
            f"({score.unsubstantiated_share * 100:.0f}%); × {rubric.claims_share:g} = "
            f"{rubric.claims_share * 100 * score.unsubstantiated_share:.1f}", ""]

    def claims_ledger(self, here: str, tech_id: str, score: TechnologyScore) -> list[str]:
        rows = []
        for claim in score.claims:
            counts = defaultdict(int)
            for test in claim.tests:
                counts[test.finding] += 1
            tested = ", ".join(f"{n} {self.findings.get(f, f).lower()}"
                               for f, n in sorted(counts.items())) or "not yet"
            rows.append([self.claim_link(here, tech_id, claim), text(claim.made_by),
                         f"**{claim.status}**", f"{claim.support:.2f}", f"{claim.against:.2f}",
                         tested])
        return ["## Claims ledger", "",
                "What is promised, and what the use cases show (weights are evidence × stage; "
                "select a claim for the use cases that test it).", "",
                table(["Claim", "Made by", "Status", "For", "Against", "Findings"], rows,
                      ["l", "l", "l", "r", "r", "l"]), ""]

    def risks(self, data: dict) -> list[str]:
        by_category: dict[str, list[str]] = defaultdict(list)
        for risk in data.get("risks", []):
            by_category[risk["category"]].append(text(risk["text"]))
        rows = [[text(self.risk_categories.get(cat, cat)), "<br>".join(items)]
                for cat, items in sorted(by_category.items())]
        return ["## Risks", "", table(["Category", "Risk"], rows), ""] if rows else []

    def alternatives(self, here: str, data: dict) -> list[str]:
        rows = []
        for alt in data.get("alternatives") or []:
            name = text(alt["name"])
            if alt.get("technology") in self.techs:
                name += f" ({self.tech_link(here, alt['technology'])})"
            rows.append([name, text(alt["prefer_when"])])
        return ["## Alternatives", "", table(["Alternative", "Prefer it when"], rows), ""] \
            if rows else []

    def source_line(self, source: dict) -> str:
        kind = self.source_types.get(source.get("type", ""), source.get("type", ""))
        return (f"{external(source['title'], source['url'])} — {text(source.get('publisher'))}, "
                f"{text(source.get('date'))} ({text(kind)})")

    def tech_sources(self, data: dict) -> list[str]:
        seen: dict[str, dict] = {}
        for source in data.get("hype", {}).get("sources", []):
            seen.setdefault(source["url"], source)
        for claim in data.get("claims", []):
            seen.setdefault(claim["source"]["url"], claim["source"])
        return ["## Sources", "",
                "\n".join(f"{i}. {self.source_line(s)}" for i, s in enumerate(seen.values(), 1)),
                ""]

    def review_line(self, data: dict) -> str:
        reviewed = data.get("reviewed", {})
        return (f"*Reviewed {text(reviewed.get('date'))} by {text(reviewed.get('by'))}; "
                f"next review due {text(data.get('review_due'))}.*")

    # --- use case ---------------------------------------------------------------------

    def use_case(self, entry: Entry) -> str:
        here = case_page(entry.id)
        data = entry.data
        node = self.kb.graph.nodes[f"use-case:{entry.id}"]
        outcome, stage = data.get("outcome"), data.get("stage")
        flags = " · ruled unlawful" if data.get("ruled_unlawful") else ""
        techs = data.get("technologies", [])
        tags = [self.title(self.techs[t]) for t in techs if t in self.techs]
        tags += [f"Outcome: {self.outcome(outcome)}", self.country(entry)]
        jurisdiction = data["jurisdiction"]
        where = f"{self.country(entry)} ({self.levels.get(jurisdiction['level'], '')}"
        where += f", {jurisdiction['place']})" if jurisdiction.get("place") else ")"
        rubric = self.kb.rubric
        evidence = node.get("evidence", "")
        ew, sw = rubric.evidence_weight.get(evidence, 0.0), rubric.stage_weight.get(stage, 0.0)
        facts = [
            ["Technologies", ", ".join(self.tech_link(here, t) for t in techs)],
            ["Where", text(where)],
            ["Organisation", text(data.get("organisation"))],
            ["Domain", mdtext.link(self.domain(data.get("domain")),
                                   relative(here, "browse/domains.md")
                                   + f"#domain-{data.get('domain')}")],
            ["Period", text(self.period(entry))],
            ["Stage", text(self.stage(stage))],
            ["Outcome", text(self.outcome(outcome)) + (" (ruled unlawful)" if flags else "")],
            ["Evidence weight", f"{text(self.source_types.get(evidence, 'none'))} {ew:g} × "
                                f"stage {sw:g} = **{ew * sw:.2f}**"],
        ]
        parts = [self.front(self.title(entry), str(data.get("summary", "")), tags),
                 f"# {text(self.title(entry))}", "", *self.overdue(data),
                 f'!!! {OUTCOME_ADMONITION.get(outcome, "note")} "Outcome: '
                 f'{self.outcome(outcome)} · stage: {self.stage(stage)}{flags}"', "",
                 f"    {text(data.get('summary'))}", "",
                 table(["Fact", "Detail"], facts), "",
                 "## Claims tested", "", self.tests_table(here, data), "",
                 body.sanitise(entry.body.strip()), ""]
        metrics = data.get("metrics") or []
        sources = data.get("sources", [])
        numbers = {s["url"]: i for i, s in enumerate(sources, 1)}
        if metrics:
            rows = [[text(m["measure"]), text(m["value"]), f"[{numbers.get(m['source'], '?')}]"
                     f"(#sources)"] for m in metrics]
            parts += ["## Metrics", "", table(["Measure", "Value", "Source"], rows), ""]
        parts += ["## Sources", "",
                  "\n".join(f"{i}. {self.source_line(s)}" for i, s in enumerate(sources, 1)), "",
                  self.review_line(data), ""]
        return "\n".join(parts)

    def tests_table(self, here: str, data: dict) -> str:
        rows = []
        for test in data.get("tests", []):
            tech_id, claim_id = test["claim"].split("#", 1)
            score = self.scores.get(tech_id)
            claim = next((c for c in score.claims if c.id == claim_id), None) if score else None
            label = self.claim_link(here, tech_id, claim) if claim else text(test["claim"])
            rows.append([label, f"**{text(self.findings.get(test['finding'], test['finding']))}**",
                         text(test.get("note"))])
        return table(["Claim", "Finding", "Why"], rows)

    # --- index pages -------------------------------------------------------------------

    def points(self, here: str) -> list[svg.Point]:
        return [svg.Point(s.title, s.value, s.buzz, s.verdict, s.confidence,
                          mdtext.href(here, tech_page(s.id), self.directory_urls))
                for s in self.scores.values()]

    def verdict_table(self, here: str) -> str:
        rows = [[self.tech_link(here, s.id), f"**{s.verdict}**", number(s.value), number(s.buzz),
                 f"{s.confidence_label} ({s.confidence:.2f})", str(len(s.contributions))]
                for s in sorted(self.scores.values(), key=lambda s: s.id)]
        return table(["Technology", "Verdict", "Value", "Buzz", "Confidence", "Use cases"], rows,
                     ["l", "l", "r", "r", "l", "r"])

    def home(self) -> str:
        here = "index.md"
        rubric = self.kb.rubric
        cases = list(self.cases.values())
        negative = sum(1 for c in cases if c.data.get("outcome") in NEGATIVE_OUTCOMES
                       or c.data.get("stage") == "discontinued")
        countries = {c.data["jurisdiction"]["country"] for c in cases}
        return "\n".join([
            self.front("Buzz vs Value", "Which public-sector technologies deliver evidenced "
                                        "value, and which are mostly buzz."),
            "# Buzz vs Value", "",
            "Which technologies deliver evidenced value to public services, and which are mostly "
            "buzz? Every verdict here is **computed** from real, cited deployments: "
            f"{len(cases)} use cases in {len(countries)} countries, {negative} of them failures, "
            "cancellations or harmful systems. No verdict is typed in by hand.", "",
            self.figure(svg.matrix(self.points(here), rubric.value_line, rubric.buzz_line)), "",
            "Across: value, the evidence-weighted outcome of the use cases. Up: buzz, the hype "
            "phase and the share of promises no use case substantiates. Hollow points have too "
            "little evidence for a verdict. Select a technology to see its derivation.", "",
            "## Verdicts", "", self.verdict_table(here), "",
            "## Start here", "",
            bullets([f"[Lessons]({relative(here, 'lessons.md')}): discontinued, harmful and "
                     "unlawful deployments, and what they teach",
                     f"[Claims]({relative(here, 'claims.md')}): every promise and what the "
                     "evidence says of it",
                     f"[Methodology]({relative(here, 'methodology.md')}): how value, buzz and "
                     "verdicts are computed",
                     f"[Open data]({relative(here, 'data.md')}): everything as JSON, CSV and "
                     "GraphML"]), ""])

    def technologies_index(self) -> str:
        here = "technologies/index.md"
        rows = []
        for entry in self.techs.values():
            rows.append([self.tech_link(here, entry.id), text(entry.data.get("summary"))])
        return "\n".join([self.front("Technologies"), "# Technologies", "",
                          self.verdict_table(here), "", "## What each one is", "",
                          table(["Technology", "Summary"], rows), ""])

    def use_cases_index(self) -> str:
        here = "use-cases/index.md"
        return "\n".join([self.front("Use cases", listing=True), "# Use cases", "",
                          f"{len(self.cases)} real public-sector deployments, each cited. Browse "
                          f"them [by domain]({relative(here, 'browse/domains.md')}), "
                          f"[country]({relative(here, 'browse/countries.md')}), "
                          f"[stage]({relative(here, 'browse/stages.md')}) or "
                          f"[outcome]({relative(here, 'browse/outcomes.md')}).", "",
                          self.cases_table(here, self.cases.values()), ""])

    def grouped(self, here: str, title: str, intro: str,
                groups: list[tuple[str, str, list[Entry]]], shown: Callable[[Entry], str]) -> str:
        parts = [self.front(title, listing=True), f"# {title}", "", intro, ""]
        for anchor, heading, cases in groups:
            if cases:
                parts += [f"## {text(heading)} {{#{anchor}}}", "",
                          f"{len(cases)} use case{'s' * (len(cases) != 1)}.", "",
                          self.cases_list(here, cases, shown(cases[0])), ""]
        return "\n".join(parts)

    def by(self, key: Callable[[Entry], object]) -> dict[object, list[Entry]]:
        groups: dict[object, list[Entry]] = defaultdict(list)
        for case in self.cases.values():
            groups[key(case)].append(case)
        return groups

    def browse_domains(self) -> str:
        groups = self.by(lambda c: c.data.get("domain"))
        return self.grouped("browse/domains.md", "Use cases by domain",
                            "Public-service domains are the ten divisions of the UN "
                            "Classification of the Functions of Government (COFOG).",
                            [(f"domain-{t.value}", f"{t.value} {t.title}", groups.get(t.value, []))
                             for t in self.domains], lambda c: "")

    def browse_countries(self) -> str:
        groups = self.by(lambda c: c.data["jurisdiction"]["country"])
        ordered = sorted(groups, key=lambda code: country_name(str(code)) or str(code))
        return self.grouped("browse/countries.md", "Use cases by country",
                            f"{len(groups)} countries (ISO 3166-1).",
                            [(f"country-{str(code).lower()}", country_name(str(code)) or str(code),
                              groups[code]) for code in ordered], self.country)

    def browse_stages(self) -> str:
        groups = self.by(lambda c: c.data.get("stage"))
        return self.grouped("browse/stages.md", "Use cases by stage", "How far each got.",
                            [(f"stage-{t.value}", t.title, groups.get(t.value, []))
                             for t in self.stages],
                            lambda c: self.stage(c.data.get("stage")))

    def browse_outcomes(self) -> str:
        groups = self.by(lambda c: c.data.get("outcome"))
        return self.grouped("browse/outcomes.md", "Use cases by outcome",
                            "What each delivered, as its sources show.",
                            [(f"outcome-{t.value}", t.title, groups.get(t.value, []))
                             for t in self.outcomes],
                            lambda c: self.outcome(c.data.get("outcome")))

    def lessons(self) -> str:
        here = "lessons.md"
        groups = [
            ("Ruled unlawful", [c for c in self.cases.values() if c.data.get("ruled_unlawful")]),
            ("Harmful", [c for c in self.cases.values() if c.data.get("outcome") == "harmful"
                         and not c.data.get("ruled_unlawful")]),
            ("Discontinued", [c for c in self.cases.values() if c.data.get("stage") ==
                              "discontinued" and c.data.get("outcome") != "harmful"
                              and not c.data.get("ruled_unlawful")]),
            ("Not delivered", [c for c in self.cases.values() if c.data.get("outcome") ==
                               "not-delivered" and c.data.get("stage") != "discontinued"]),
        ]
        parts = [self.front("Lessons", "Discontinued, harmful and unlawful deployments.",
                            listing=True),
                 "# Lessons from failures", "",
                 "Failures, cancellations and unlawful systems are evidence too. Each entry "
                 "below links to its sources.", ""]
        for heading, cases in groups:
            if not cases:
                continue
            parts += [f"## {heading}", ""]
            for case in cases:
                lesson = body.sanitise(section(case.body, "Lessons"))
                parts += [f"### {self.case_link(here, case.id)}", "",
                          f"*{text(self.country(case))}, {text(self.period(case))}.* "
                          f"{text(case.data.get('summary'))}", ""]
                if lesson:
                    parts += [lesson, ""]
        return "\n".join(parts)

    def claims_page(self) -> str:
        here = "claims.md"
        parts = [self.front("Claims", "Every claim and what the evidence says of it.",
                            listing=True),
                 "# Claims", "",
                 "What vendors, strategies and the press promise, and the status the evidence "
                 "gives each claim. Statuses are computed (see the "
                 f"[methodology]({relative(here, 'methodology.md')})).", ""]
        for tech_id, score in sorted(self.scores.items()):
            parts += [f"## {self.tech_link(here, tech_id)}", ""]
            for claim in score.claims:
                parts += [f"### {text(claim.text)} {{#{claim_anchor(tech_id, claim.id)}}}", "",
                          f"**{claim.status}** · for {claim.support:.2f} · against "
                          f"{claim.against:.2f} · made by {text(claim.made_by)}", ""]
                shown = sorted(claim.tests, key=lambda t: (-t.weight, t.use_case))[:CLAIM_LIST]
                if shown:
                    parts += [bullets(f"{self.case_link(here, t.use_case)}: {text(t.finding)} "
                                      f"(weight {t.weight:.2f})" for t in shown), ""]
                if len(claim.tests) > len(shown):
                    parts += [f"…and {len(claim.tests) - len(shown)} more, lighter-weight use "
                              f"cases: see {self.tech_link(here, tech_id)}.", ""]
                if not claim.tests:
                    parts += ["No use case tests it yet.", ""]
        return "\n".join(parts)

    def methodology(self) -> str:
        rubric = self.kb.rubric
        vocab = self.kb.schemas.vocabulary
        weights = [[text(t.title), f"{rubric.evidence_weight[t.value]:g}", text(t.description)]
                   for t in vocab("source_type")]
        stages = [[text(t.title), f"{rubric.stage_weight[t.value]:g}", text(t.description)]
                  for t in vocab("stage")]
        outcomes = [[text(t.title), f"{rubric.outcome_value[t.value]:+g}"
                     if t.value in rubric.outcome_value else "confidence only",
                     text(t.description)] for t in vocab("outcome")]
        phases = [[text(t.title), f"{rubric.phase_score[t.value]:g}", text(t.description)]
                  for t in vocab("hype_phase")]
        labels = ", ".join(f"{name} from {floor:g}" for name, floor in
                           sorted(rubric.confidence_labels.items(), key=lambda kv: -kv[1]))
        return "\n".join([
            self.front("Methodology", "How value, buzz, confidence and verdicts are computed."),
            "# Methodology", "",
            "Every number on this site is computed by the same code from the entries and the "
            "rubric in `schema/scoring.yaml`; this page is generated from that file, so it "
            "always says what the code does.", "",
            "## Evidence weight of a use case", "",
            "A use case counts as much as the strongest type among its sources, times the "
            "weight of its stage.", "",
            table(["Source type", "Weight", "Meaning"], weights, ["l", "r", "l"]), "",
            table(["Stage", "Weight", "Meaning"], stages, ["l", "r", "l"]), "",
            "## Value", "",
            "Value is the weighted mean of the outcome values of a technology's use cases "
            "(weights: evidence × stage), mapped from [−1, +1] to 0–100.", "",
            table(["Outcome", "Value", "Meaning"], outcomes, ["l", "r", "l"]), "",
            "## Confidence", "",
            f"Evidence mass is the sum of the weights of all the use cases of a technology. "
            f"Confidence = mass / (mass + {rubric.half_mass:g}); labels: {labels}. With a mass "
            f"below {rubric.minimum_mass:g} or fewer than {rubric.minimum_use_cases} use cases "
            "with a known outcome, the verdict is *insufficient evidence*.", "",
            "## Claim status", "",
            bullets([
                f"**substantiated**: weight for ≥ {rubric.claim_minimum_mass:g} and ≥ "
                f"{rubric.claim_ratio:g} × weight against",
                f"**refuted**: weight against ≥ {rubric.claim_minimum_mass:g} and ≥ "
                f"{rubric.claim_ratio:g} × weight for",
                "**contested**: tested, but neither side outweighs the other (inconclusive "
                "findings make a claim tested without moving either side)",
                "**untested**: no use case tests it"]), "",
            "## Buzz", "",
            f"Buzz = {rubric.phase_share:g} × the hype phase's score + "
            f"{rubric.claims_share:g} × 100 × the share of claims not substantiated.", "",
            table(["Hype phase", "Score", "Meaning"], phases, ["l", "r", "l"]), "",
            "## Verdict", "",
            f"The verdict is the quadrant of (value, buzz), split at value "
            f"{rubric.value_line:g} and buzz {rubric.buzz_line:g}:", "",
            table(["Value", f"buzz < {rubric.buzz_line:g}", f"buzz ≥ {rubric.buzz_line:g}"],
                  [[f"value ≥ {rubric.value_line:g}", "proven", "delivering but hyped"],
                   [f"value < {rubric.value_line:g}", "unproven", "overhyped"]]), "",
            "## Limits", "",
            bullets(["Cases are chosen because they are documented, not at random; failures "
                     "produce audits and court rulings, so they are over-represented.",
                     "A use case counts for the technologies it lists directly; a broader "
                     "technology (artificial intelligence) does not inherit the use cases of "
                     "its parts (machine learning).",
                     "The rubric is a starting point, tuned by maintainers in the open; every "
                     "change to it changes verdicts and shows in the history."]), ""])

    def graph_page(self) -> str:
        counts = defaultdict(int)
        for _, kind in self.kb.graph.nodes(data="type"):
            counts[kind] += 1
        edges = defaultdict(int)
        for _, _, key in self.kb.graph.edges(keys=True):
            edges[key] += 1
        return "\n".join([
            self.front("Graph", "The knowledge graph behind the verdicts."), "# The graph", "",
            "Every entry is a node in one graph; the scores, the pages and the open data are "
            "all made from it. Download it as [node-link JSON](data/graph.json) or "
            "[GraphML](data/graph.graphml) (opens in Gephi).", "",
            "## Nodes", "", counted(counts), "", "## Edges", "", counted(edges), ""])

    def data_page(self, names: Iterable[str]) -> str:
        described = {
            "kb.json": "every entry with its computed fields and derivations",
            "graph.json": "the knowledge graph, node-link JSON (networkx)",
            "graph.graphml": "the knowledge graph, GraphML (Gephi, yEd)",
            "datapackage.json": "a Frictionless data package describing the CSV tables",
            "technologies.csv": "one row per technology, with its verdict",
            "use-cases.csv": "one row per use case",
            "claims.csv": "one row per claim, with its status",
            "sources.csv": "one row per cited source",
        }
        rows = [[f"[{name}](data/{name})", described.get(name, "JSON Schema / rubric")]
                for name in names]
        return "\n".join([self.front("Open data"), "# Open data", "",
                          "Everything on this site, as files. The same input always gives the "
                          "same bytes. Licence: CC BY 4.0.", "",
                          table(["File", "What it holds"], rows), ""])

    def changes_page(self, changes: list[Change]) -> str:
        here = "changes.md"
        parts = [self.front("What changed", "Verdict changes, claim status changes and new or "
                                            "updated entries, newest first.", listing=True),
                 "# What changed", "",
                 "Verdict changes, claim status changes and new or updated entries, newest "
                 "first, from the repository's history. Follow them as a feed: "
                 "[Atom](feed.xml) or [JSON Feed](feed.json).", ""]
        if not self.history.available:
            return "\n".join([*parts, f"History is unavailable: "
                                      f"{text(self.history.unavailable)}.", ""])
        current = None
        for change in changes:
            day = change.date[:10]
            if day != current:
                parts += ["", f"## {day}", ""]
                current = day
            target = relative(here, change.page) if change.page in self.known_pages else None
            label = mdtext.link(change.title, target) if target else text(change.title)
            parts.append(f"- **{change.kind}** {label}: {text(change.text)}")
        return "\n".join([*parts, ""])

    def reviews_page(self) -> str:
        here = "reviews.md"
        today = self.kb.today.isoformat()
        rows = []
        for entry in sorted((*self.techs.values(), *self.cases.values()),
                            key=lambda e: (str(e.data.get("review_due")), e.id)):
            due = str(entry.data.get("review_due"))
            page = tech_page(entry.id) if entry.kind == "technology" else case_page(entry.id)
            reviewed = entry.data.get("reviewed", {})
            rows.append([mdtext.link(self.title(entry), relative(here, page)), text(due),
                         "**overdue**" if due < today else "", text(reviewed.get("date")),
                         text(reviewed.get("by"))])
        overdue = sum(1 for r in rows if r[2])
        return "\n".join([self.front("Reviews due", "Entries whose review is due, for "
                                                     "maintainers.", listing=True),
                           "# Reviews due", "",
                           f"For maintainers: every entry by review date, soonest first. "
                           f"{overdue} overdue as of {today}. The validator warns of overdue "
                           "reviews (BV501).", "",
                           table(["Entry", "Review due", "", "Last reviewed", "By"], rows), ""])

    def tags_page(self) -> str:
        return "\n".join([self.front("Tags"), "# Tags", "", "<!-- material/tags -->", ""])

    def render(self) -> PageSet:
        data = {f"data/{name}": content for name, content in export.files(self.kb).items()}
        changes = all_changes(self.history)
        self.known_pages = ({tech_page(t) for t in self.techs}
                            | {case_page(c) for c in self.cases})
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


def counted(counts: dict[str, int]) -> str:
    return table(["Type", "Count"], [[k, str(v)] for k, v in sorted(counts.items())], ["l", "r"])


def section(body: str, heading: str) -> str:
    """The text under ``## heading`` in an entry body, up to the next level-2 heading."""
    match = re.search(rf"^##[ \t]+{re.escape(heading)}[ \t]*\n(.*?)(?=^##[ \t]|\Z)", body,
                      re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def render(kb: KnowledgeBase, directory_urls: bool = True, history: History | None = None,
           site_url: str = "") -> PageSet:
    """The whole site for a knowledge base without errors (and its history, if given)."""
    return Site(kb, directory_urls, history, site_url).render()
