"""Use-pattern briefs: what a public body deciding about one job (blockchain for a land
registry, a chatbot answering citizens) needs on one or two printed pages, every figure
read from the model; and the index of patterns."""

from __future__ import annotations

from ..core.entry import Entry
from ..core.verdicts import INSUFFICIENT
from ..model.score import PatternScore, TechnologyScore, by_strength
from .context import Context, section, tech_page
from .mdtext import bullets, number, relative, sanitise, stacked_table, table, text
from .verdicts import count_headline, interval, sentence, strength_text

LESSONS_SHOWN = 6     # lessons quoted in a brief: the heaviest cases' first lesson each
SOURCES_SHOWN = 8     # short references in a brief (all are on the cases' pages)


def pattern_page(tech_id: str, pattern_id: str) -> str:
    return f"patterns/{tech_id}/{pattern_id}.md"


def bottom_line(tech: TechnologyScore, pattern: PatternScore) -> list[str]:
    """Three sentences generated from the computed figures, never typed in."""
    a, t = pattern.assessment, tech.assessment
    if a.tier == INSUFFICIENT:
        first = (f"There is too little evidence for a verdict on this job alone: "
                 f"{a.assessed} assessed deployment{'s' * (a.assessed != 1)}, "
                 f"{a.with_independent} with an independent source. Across all its uses, "
                 f"{tech.title} is rated {t.verdict} ({t.tier}).")
    else:
        first = (f"{sentence(a)} for this job: value {number(a.value, 0)} of 100 (90% "
                 f"interval {interval(a.value_interval_90)}), a verdict of {a.verdict} that "
                 f"is {a.tier}, with evidence strength {a.evidence_strength} of 4.")
    second = count_headline(a).replace("**", "")
    statuses = [c.status for c in pattern.claim_scores]
    counted = {s: statuses.count(s) for s in ("substantiated", "refuted", "contested",
                                              "inconclusive", "untested") if s in statuses}
    third = (f"Of the {len(statuses)} promise{'s' * (len(statuses) != 1)} that matter here, "
             + ", ".join(f"{n} {s}" for s, n in counted.items())
             + " on these deployments." if statuses else
             "No claim is tied to this pattern yet.")
    return [first, second, third]


def brief(ctx: Context, tech_entry: Entry, tech: TechnologyScore,
          pattern: PatternScore) -> str:
    here = pattern_page(tech.id, pattern.id)
    a = pattern.assessment
    data = tech_entry.data
    cases = [ctx.cases[u] for u in pattern.use_cases if u in ctx.cases]
    weights = {c.use_case: c for c in a.contributions}
    title = f"{pattern.title}: {tech.title}"
    aliases = ", ".join(text(x) for x in pattern.aliases)
    parts = [ctx.front(title, pattern.description, [tech.title, "Use pattern"], boost=5),
             f"# {text(title)}", "",
             f"*A brief on one job: {text(pattern.description)}*"
             + (f" Also searched as: {aliases}." if aliases else ""), "",
             '!!! abstract "Bottom line"', "",
             "    " + " ".join(text(line) for line in bottom_line(tech, pattern)), "",
             "## Verdict", "",
             f"**{text(a.verdict)}** · tier **{text(a.tier)}** · evidence strength "
             f"{text(strength_text(a.evidence_strength))}", "",
             f"Value {number(a.value, 0)}/100 (90% interval {interval(a.value_interval_90)}); "
             f"buzz {number(a.buzz, 0)}/100 (90% interval {interval(a.buzz_interval_90)}). "
             f"{count_headline(a)} The whole technology: *{text(tech.verdict)}* "
             f"({text(tech.tier)}), see [{text(tech.title)}]"
             f"({relative(here, tech_page(tech.id))}).", ""]
    claims = by_strength(pattern.claim_scores)
    if claims:
        rows = [[text(c.text), f"**{text(c.label)}**", f"{c.support:.2f}", f"{c.against:.2f}"]
                for c in claims]
        parts += ["## The promises that matter", "",
                  table(["Claim", "Status on these cases", "For", "Against"], rows,
                        ["l", "l", "r", "r"]), ""]
    if cases:
        rows = []
        for case in sorted(cases, key=lambda c: (-weights[c.id].raw_weight, c.id)):
            w = weights[case.id]
            evidence = (f"{ctx.source_types.get(w.evidence, w.evidence)}, "
                        f"{ctx.source_by.get(w.evidence_by, w.evidence_by).lower()}"
                        if w.evidence else "none")
            rows.append([ctx.case_link(here, case.id), text(ctx.country(case)),
                         text(ctx.stage(case.data.get("stage"))),
                         text(ctx.outcome(case.data.get("outcome"))), text(evidence),
                         text(ctx.period(case))])
        parts += ["## Comparable deployments", "",
                  stacked_table(["Deployment", "Country", "Stage", "Outcome",
                                 "Strongest evidence",
                         "Years"], rows), ""]
        lessons = []
        for case in sorted(cases, key=lambda c: (-weights[c.id].raw_weight, c.id)):
            first = first_lesson(section(case.body, "Lessons"))
            if first:
                lessons.append(f"{sanitise(first)} ({ctx.case_link(here, case.id)})")
            if len(lessons) == LESSONS_SHOWN:
                break
        if lessons:
            parts += ["## Lessons from these deployments", "", bullets(lessons), ""]
    questions = data.get("questions") or []
    if questions:
        parts += ["## Questions to ask", "",
                  "\n".join(f"{i}. {text(q)}" for i, q in enumerate(questions, 1)), ""]
    alternatives = [alt for alt in data.get("alternatives") or [] if isinstance(alt, dict)]
    if alternatives:
        parts += ["## Alternatives", "",
                  table(["Alternative", "Prefer it when"],
                        [[text(alt.get("name")), text(alt.get("prefer_when"))]
                         for alt in alternatives]), ""]
    parts += short_references(ctx, cases)
    parts += brief_citation(ctx, here, title, cases, tech_entry)
    parts += [print_footer(ctx, here, title, cases, tech_entry)]
    return "\n".join(parts)


def first_lesson(lessons: str) -> str:
    """The first lesson: the first bullet with its continuation lines, or the first
    paragraph."""
    lines: list[str] = []
    for line in lessons.splitlines():
        stripped = line.strip()
        if stripped.startswith(("- ", "* ")):
            if lines:
                break
            lines.append(stripped[2:].strip())
        elif lines and stripped:
            lines.append(stripped)
        elif lines:
            break
    if lines:
        return " ".join(lines)
    return " ".join(lessons.split("\n\n", 1)[0].split())


def short_references(ctx: Context, cases: list[Entry]) -> list[str]:
    seen: dict[str, dict] = {}
    for case in cases:
        for source in case.data.get("sources") or []:
            if isinstance(source, dict) and source.get("url") not in seen:
                seen[source["url"]] = source
    if not seen:
        return []
    ranked = sorted(seen.values(), key=lambda s: (s.get("type") == "media", s.get("date", "")),
                    reverse=False)
    shown = ranked[:SOURCES_SHOWN]
    lines = [f"{i}. {text(s.get('publisher'))} ({text(s.get('date'))}): "
             f"[{text(s.get('title'))}]({s['url']})" for i, s in enumerate(shown, 1)]
    more = len(seen) - len(shown)
    return ["## Sources", "", "\n".join(lines), "",
            *([f"{more} more on the deployments' own pages.", ""] if more > 0 else [])]


def print_footer(ctx: Context, here: str, title: str, cases: list[Entry],
                 tech_entry: Entry) -> str:
    """What a printed brief carries at its foot: where it lives, how current it is, and how
    to cite it. Shown on screen too, as the page's last line."""
    reviewed = max([str((c.data.get("reviewed") or {}).get("date", "")) for c in cases]
                   + [str((tech_entry.data.get("reviewed") or {}).get("date", ""))])
    return cite(ctx, here, title, f"Evidence reviewed up to {reviewed}")


def page_address(ctx: Context, here: str) -> str:
    """The page's address: absolute when the site's URL is configured."""
    path = "" if here == "index.md" else here.removesuffix("index.md").removesuffix(".md")
    path = path if not path or path.endswith("/") else path + "/"
    return ctx.site_url.rstrip("/") + "/" + path if ctx.site_url else path or "./"


def cite(ctx: Context, here: str, title: str, reviewed: str) -> str:
    """The citation line: the page's address, how current it is and how to cite it; a
    page's last line on screen and its footer in print."""
    url = page_address(ctx, here)
    return (f'<div class="bv-cite" markdown="1">\n\n*Buzz vs Value, "{text(title)}", '
            f"{text(url)}. {text(reviewed)}; figures computed "
            f"{text(ctx.kb.today.isoformat())}. Cite as: Buzz vs Value editors, "
            f'"{text(title)}", Buzz vs Value, {text(ctx.kb.today.year)}, {text(url)}.*\n\n'
            "</div>\n")


def brief_citation(ctx: Context, here: str, title: str, cases: list[Entry],
                   tech_entry: Entry) -> list[str]:
    """The "Cite this" box (screen only; print has the footer), dated by the newest review."""
    from . import cite  # cite.py sits beside this module; imported here to keep it additive

    reviewed = max([cite.reviewed_on(c.data) for c in cases] + [cite.reviewed_on(tech_entry.data)])
    key = here.removeprefix("patterns/").removesuffix(".md").replace("/", "-")
    return cite.box(ctx, here, f"pattern-{key}", title, reviewed)


def patterns_index(ctx: Context) -> str:
    here = "patterns/index.md"
    parts = [ctx.front("Use patterns", "Each technology applied to one kind of job, with its "
                                       "own computed verdict and a printable brief."),
             "# Use patterns", "",
             "Decisions are about a job, not a technology: a blockchain for a land registry, a "
             "chatbot for citizens' questions. Each pattern below is judged on its own "
             "deployments by the same model as the technologies; most have too few for a "
             "firm verdict, and say so. Each links to a brief that prints on one or two "
             "pages.", ""]
    for tech in sorted(ctx.scores.values(), key=lambda s: s.title.lower()):
        if not tech.patterns:
            continue
        rows = [[f"[{text(p.title)}]({relative(here, pattern_page(tech.id, p.id))})",
                 f"{p.assessment.assessed} of {p.assessment.linked}", text(p.assessment.verdict),
                 text(p.assessment.tier), number(p.assessment.value, 0)]
                for p in tech.patterns]
        parts += [f"## {ctx.tech_link(here, tech.id)}", "",
                  table(["Pattern", "Assessed of all", "Verdict", "Tier", "Value"], rows,
                        ["l", "r", "l", "l", "r"]), ""]
    return "\n".join(parts)


def most_evidence(ctx: Context, here: str, limit: int = 8) -> str:
    """The patterns with the most assessed deployments, for the home page."""
    ranked = sorted(((p, t) for t in ctx.scores.values() for p in t.patterns),
                    key=lambda pt: (-pt[0].assessment.assessed, pt[1].id, pt[0].id))[:limit]
    rows = [[f"[{text(p.title)}]({relative(here, pattern_page(t.id, p.id))})",
             ctx.tech_link(here, t.id), f"{p.assessment.assessed}",
             f"**{text(p.assessment.verdict)}**", text(p.assessment.tier)] for p, t in ranked]
    return stacked_table(["Use pattern", "Technology", "Assessed", "Verdict", "Tier"], rows,
                 ["l", "l", "r", "l", "l"])

