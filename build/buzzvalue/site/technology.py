"""A technology's page: verdict, derivations, claims ledger, picture, history."""

from __future__ import annotations

from collections import defaultdict

from ..core.entry import Entry
from ..model.score import TechnologyScore, buzz_terms
from . import mdtext, svg
from .context import ADMONITION, Context, case_page, tech_page
from .mdtext import bullets, number, relative, sanitise, table, text


def technology(ctx: Context, entry: Entry) -> str:
    here = tech_page(entry.id)
    score = ctx.scores[entry.id]
    data = entry.data
    parts = [ctx.front(ctx.title(entry), str(data.get("summary", "")),
                        [f"Verdict: {score.verdict}"]),
             f"# {text(ctx.title(entry))}", "", *ctx.overdue(data),
             verdict_banner(ctx, here, score), "",
             text(data.get("summary")), ""]
    aliases = data.get("aliases") or []
    if aliases:
        parts += [f"*Also called:* {', '.join(text(a) for a in aliases)}", ""]
    parents = data.get("part_of") or []
    if parents:
        parts += ["*Part of:* " + ", ".join(ctx.tech_link(here, p) for p in parents), ""]
    parts += [ctx.figure(svg.ego(ctx.title(entry), neighbours(ctx, here, entry),
                                  f"ego-{entry.id}")), ""]
    parts += [sanitise(entry.body.strip()), ""]
    parts += value_section(ctx, here, score)
    parts += buzz_section(ctx, here, entry, score)
    parts += claims_ledger(ctx, here, entry.id, score)
    parts += ["## Use cases", "",
              ctx.cases_table(here, (ctx.cases[c.use_case] for c in score.contributions))
              if score.contributions else "No use case yet.", ""]
    parts += risks(ctx, data) + alternatives(ctx, here, data)
    prerequisites = data.get("prerequisites") or []
    if prerequisites:
        parts += ["## Prerequisites", "", bullets(text(p) for p in prerequisites), ""]
    parts += ["## Questions to ask", "",
              "\n".join(f"{i}. {text(q)}" for i, q in enumerate(data.get("questions", []), 1)),
              ""]
    parts += tech_sources(ctx, data)
    parts += timeline_section(ctx, entry)
    parts += [ctx.review_line(data), ""]
    return "\n".join(parts)


def timeline_section(ctx: Context, entry: Entry) -> list[str]:
    lines = ["## History", ""]
    if not ctx.history.available:
        return [*lines, f"History is unavailable: {text(ctx.history.unavailable)}.", ""]
    shown = [s for s in ctx.history.snapshots if entry.id in s.technologies]
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
            "", ctx.figure(svg.timeline(moments, ctx.title(entry), f"time-{entry.id}")),
            "", table(["Date", "Commit", "Value", "Buzz", "Verdict"], rows,
                      ["l", "l", "r", "r", "l"]), ""]


def verdict_banner(ctx: Context, here: str, score: TechnologyScore) -> str:
    kind = ADMONITION.get(score.verdict, "note")
    head = (f'!!! {kind} "Verdict: {score.verdict} — value {number(score.value, 0)}/100, '
            f'buzz {number(score.buzz, 0)}/100"')
    explanation = (f"Computed from {len(score.contributions)} use case"
                   f"{'s' * (len(score.contributions) != 1)} (evidence mass "
                   f"{score.evidence_mass:.2f}, confidence {score.confidence_label}, "
                   f"{score.confidence:.2f}). No one typed this verdict in: see "
                   f"[how it is computed]({relative(here, 'methodology.md')}).")
    return f"{head}\n\n    {explanation}"


def neighbours(ctx: Context, here: str, entry: Entry) -> list[svg.Neighbour]:
    score = ctx.scores[entry.id]
    out = [svg.Neighbour(c.title, "use-case", c.outcome,
                         mdtext.href(here, case_page(c.use_case), ctx.directory_urls))
           for c in score.contributions]
    related: dict[str, str] = {}
    for parent in entry.data.get("part_of") or []:
        related[parent] = "part of"
    for alt in entry.data.get("alternatives") or []:
        if alt.get("technology"):
            related.setdefault(alt["technology"], "alternative")
    for other in ctx.techs.values():
        if entry.id in (other.data.get("part_of") or []):
            related.setdefault(other.id, "includes")
    out += [svg.Neighbour(ctx.title(ctx.techs[t]), "technology", relation,
                          mdtext.href(here, tech_page(t), ctx.directory_urls))
            for t, relation in sorted(related.items()) if t in ctx.techs]
    return out


def value_section(ctx: Context, here: str, score: TechnologyScore) -> list[str]:
    rows = []
    for c in score.contributions:
        rows.append([ctx.case_link(here, c.use_case), text(ctx.stage(c.stage)),
                     text(ctx.outcome(c.outcome)),
                     text(ctx.source_types.get(c.evidence, c.evidence or "none")),
                     f"{c.evidence_weight:g} × {c.stage_weight:g} = {c.weight:.2f}",
                     "counts for confidence only" if c.outcome_value is None
                     else f"{c.outcome_value:+g}"])
    weighted, total = score.weighted_outcome
    lines = [f"## Value: {number(score.value, 1)} / 100", ""]
    if score.valued:
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


def buzz_section(ctx: Context, here: str, entry: Entry, score: TechnologyScore) -> list[str]:
    rubric = ctx.kb.rubric
    hype = entry.data.get("hype", {})
    phase = ctx.phases.get(score.hype_phase or "", "unknown")
    from_phase, from_claims = buzz_terms(score, rubric)
    return [
        f"## Buzz: {number(score.buzz, 1)} / 100", "",
        f"- Hype phase: **{text(phase)}** (as of {text(hype.get('as_of'))}), scoring "
        f"{score.phase_score:g}; × {rubric.phase_share:g} = {from_phase:.1f}",
        f"- Claims not substantiated: {score.open_claims} of {len(score.claims)} "
        f"({score.unsubstantiated_share * 100:.0f}%); × {rubric.claims_share:g} = "
        f"{from_claims:.1f}", ""]


def claims_ledger(ctx: Context, here: str, tech_id: str, score: TechnologyScore) -> list[str]:
    rows = []
    for claim in score.claims:
        counts = defaultdict(int)
        for test in claim.tests:
            counts[test.finding] += 1
        tested = ", ".join(f"{n} {ctx.findings.get(f, f).lower()}"
                           for f, n in sorted(counts.items())) or "not yet"
        rows.append([ctx.claim_link(here, tech_id, claim), text(claim.made_by),
                     f"**{claim.status}**", f"{claim.support:.2f}", f"{claim.against:.2f}",
                     tested])
    return ["## Claims ledger", "",
            "What is promised, and what the use cases show (weights are evidence × stage; "
            "select a claim for the use cases that test it).", "",
            table(["Claim", "Made by", "Status", "For", "Against", "Findings"], rows,
                  ["l", "l", "l", "r", "r", "l"]), ""]


def risks(ctx: Context, data: dict) -> list[str]:
    by_category: dict[str, list[str]] = defaultdict(list)
    for risk in data.get("risks", []):
        by_category[risk["category"]].append(text(risk["text"]))
    rows = [[text(ctx.risk_categories.get(cat, cat)), "<br>".join(items)]
            for cat, items in sorted(by_category.items())]
    return ["## Risks", "", table(["Category", "Risk"], rows), ""] if rows else []


def alternatives(ctx: Context, here: str, data: dict) -> list[str]:
    rows = []
    for alt in data.get("alternatives") or []:
        name = text(alt["name"])
        if alt.get("technology") in ctx.techs:
            name += f" ({ctx.tech_link(here, alt['technology'])})"
        rows.append([name, text(alt["prefer_when"])])
    return ["## Alternatives", "", table(["Alternative", "Prefer it when"], rows), ""] \
        if rows else []


def tech_sources(ctx: Context, data: dict) -> list[str]:
    seen: dict[str, dict] = {}
    for source in data.get("hype", {}).get("sources", []):
        seen.setdefault(source["url"], source)
    for claim in data.get("claims", []):
        seen.setdefault(claim["source"]["url"], claim["source"])
    return ["## Sources", "",
            "\n".join(f"{i}. {ctx.source_line(s)}" for i, s in enumerate(seen.values(), 1)),
            ""]
