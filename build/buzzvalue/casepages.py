"""A use case's page: outcome, facts, claims tested, the entry's own text, sources."""

from __future__ import annotations

from . import body, mdtext
from .loader import Entry
from .mdtext import relative, table, text
from .sitebase import OUTCOME_ADMONITION, SiteBase, case_page


class UseCasePages(SiteBase):
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
