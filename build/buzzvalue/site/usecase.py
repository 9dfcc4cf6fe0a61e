"""A use case's page: outcome, facts, claims tested, the entry's own text, sources."""

from __future__ import annotations

from ..core.entry import Entry
from ..model.verdict import CaseWeight
from . import cite, mdtext, similar
from .context import OUTCOME_ADMONITION, Context, case_page, tech_page
from .mdtext import relative, sanitise, table, text
from .patterns import cite as cite_line
from .patterns import pattern_page


def use_case(ctx: Context, entry: Entry) -> str:
    here = case_page(entry.id)
    data = entry.data
    outcome, stage = data.get("outcome"), data.get("stage")
    flags = " · ruled unlawful" if data.get("ruled_unlawful") else ""
    techs = data.get("technologies", [])
    tags = [ctx.title(ctx.techs[t]) for t in techs if t in ctx.techs]
    tags += [f"Outcome: {ctx.outcome(outcome)}", ctx.country(entry)]
    jurisdiction = data["jurisdiction"]
    where = f"{ctx.country(entry)} ({ctx.levels.get(jurisdiction['level'], '')}"
    where += f", {jurisdiction['place']})" if jurisdiction.get("place") else ")"
    weight = ctx.kb.scores.use_cases[entry.id]
    facts = [
        ["Technologies", ", ".join(ctx.tech_link(here, t) for t in techs)],
        ["Where", text(where)],
        ["Organisation", text(data.get("organisation"))],
        ["Domain", mdtext.link(ctx.domain(data.get("domain")),
                               relative(here, "browse/domains.md")
                               + f"#domain-{data.get('domain')}")],
        ["Period", text(ctx.period(entry))],
        ["Stage", text(ctx.stage(stage))],
        ["Outcome", text(ctx.outcome(outcome)) + (" (ruled unlawful)" if flags else "")
         + (f": {text(data.get('outcome_note'))}" if data.get("outcome_note") else "")],
        ["Reading current to", text(data.get("as_of"))],
        ["Evidence weight", evidence_weight(ctx, weight)],
    ]
    patterns = [p for p in data.get("patterns") or [] if isinstance(p, str)]
    if patterns:
        facts.insert(1, ["Use patterns", ", ".join(pattern_label(ctx, here, p) for p in patterns)])
    links = {ctx.title(ctx.techs[t]): mdtext.page_url(tech_page(t), ctx.directory_urls)
             for t in techs if t in ctx.techs}  # technology chips lead to the technology
    parts = [ctx.front(ctx.title(entry), str(data.get("summary", "")), tags, tag_links=links),
             f"# {text(ctx.title(entry))}", "", *ctx.overdue(data),
             f'!!! {OUTCOME_ADMONITION.get(outcome, "note")} "Outcome: '
             f'{ctx.outcome(outcome)} · stage: {ctx.stage(stage)}{flags}"', "",
             f"    {text(data.get('summary'))}", "",
             table(["Fact", "Detail"], facts), "",
             "## Claims tested", "", tests_table(ctx, here, data), "",
             sanitise(entry.body.strip()), ""]
    metrics = data.get("metrics") or []
    sources = data.get("sources", [])
    numbers = {s["url"]: i for i, s in enumerate(sources, 1)}
    if metrics:
        rows = [[text(m["measure"]), text(m["value"]), f"[{numbers.get(m['source'], '?')}]"
                 f"(#sources)"] for m in metrics]
        parts += ["## Metrics", "", table(["Measure", "Value", "Source"], rows), ""]
    parts += similar.section(ctx, here, entry)
    parts += ["## Sources", "",
              "\n".join(f"{i}. {ctx.source_line(s)}" for i, s in enumerate(sources, 1)), "",
              ctx.review_line(data), "",
              cite_line(ctx, here, ctx.title(entry),
                        f"Reviewed {(data.get('reviewed') or {}).get('date')}")]
    parts += cite.box(ctx, here, entry.id, ctx.title(entry), cite.reviewed_on(data))
    return "\n".join(parts)


def evidence_weight(ctx: Context, weight: CaseWeight) -> str:
    if not weight.evidence:
        return "none"
    by = ctx.source_by.get(weight.evidence_by, weight.evidence_by).lower()
    line = (f"{text(ctx.source_types.get(weight.evidence, weight.evidence))} by {text(by)} "
            f"{weight.evidence_weight:g} × stage {weight.stage_weight:g} = "
            f"**{weight.raw_weight:.2f}**")
    if weight.excluded_because:
        line += f" (does not enter value: {text(weight.excluded_because)})"
    return line


def pattern_label(ctx: Context, here: str, ref: str) -> str:
    tech_id, _, pattern_id = ref.partition("#")
    score = ctx.scores.get(tech_id)
    pattern = next((p for p in score.patterns if p.id == pattern_id), None) if score else None
    if pattern is None:
        return text(ref)
    return mdtext.link(f"{pattern.title} ({ctx.title(ctx.techs[tech_id])})",
                       relative(here, pattern_page(tech_id, pattern_id)))


def tests_table(ctx: Context, here: str, data: dict) -> str:
    rows = []
    for test in data.get("tests", []):
        tech_id, claim_id = test["claim"].split("#", 1)
        score = ctx.scores.get(tech_id)
        claim = next((c for c in score.claims if c.id == claim_id), None) if score else None
        label = ctx.claim_link(here, tech_id, claim) if claim else text(test["claim"])
        rows.append([label, f"**{text(ctx.findings.get(test['finding'], test['finding']))}**",
                     text(test.get("note"))])
    return table(["Claim", "Finding", "Why"], rows)
