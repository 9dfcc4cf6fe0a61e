"""A technology's page: verdict, derivations, claims ledger, picture, history."""

from __future__ import annotations

from collections import defaultdict

from ..core.entry import Entry
from ..model.score import TechnologyScore
from . import cite, feeds, mdtext, svg, verdicts
from .context import Context, case_page, section, tech_page
from .mdtext import bullets, number, relative, sanitise, stacked_table, table, text
from .patterns import cite as cite_line
from .patterns import first_lesson, page_address, pattern_page

SCREEN_ONLY = '<div class="bv-screen-only" markdown="1">'
LESSONS_SHOWN = 3  # lessons on a technology page (and its printed brief): the heaviest cases'


def technology(ctx: Context, entry: Entry) -> str:
    """A technology's page. On screen: a summary and jump links, the verdict, then every
    derivation. In print a brief of one or two A4 pages: the verdict and count headline,
    claims with status, three lessons, alternatives, questions to ask, short references and
    the citation; the derivations, pictures and history are marked screen-only."""
    here = tech_page(entry.id)
    score = ctx.scores[entry.id]
    data = entry.data
    address = page_address(ctx, here)
    parts = [ctx.front(ctx.title(entry), str(data.get("summary", "")),
                        [f"Verdict: {score.verdict}"]),
             f"# {text(ctx.title(entry))}", "", *ctx.overdue(data),
             text(data.get("summary")), "",
             '<p class="bv-jump" markdown="1">**On this page:** [Verdict](#verdict) · '
             "[Claims](#claims-ledger) · [Lessons](#lessons) · "
             "[Questions to ask](#questions-to-ask) · [Use cases](#use-cases) · "
             "[How the value is computed](#value) · [Sources](#sources)</p>", "",
             '<span id="verdict"></span>', "",
             verdicts.banner(ctx, here, score.assessment, ctx.title(entry)), ""]
    aliases = data.get("aliases") or []
    if aliases:
        parts += [f"*Also called:* {', '.join(text(a) for a in aliases)}", ""]
    parents = data.get("part_of") or []
    if parents:
        parts += ["*Part of:* " + ", ".join(ctx.tech_link(here, p) for p in parents), ""]
    parts += [f'<p class="bv-print-only">This printed brief leaves out the derivations, '
              f"pictures, use-case table and history; they are online at {text(address)}.</p>",
              ""]
    parts += [SCREEN_ONLY, "", *ego_section(ctx, here, entry), "",
              sanitise(entry.body.strip()), "", *patterns_section(ctx, here, score),
              '<span id="value"></span>', "",
              *verdicts.value_section(ctx, here, score.assessment),
              *verdicts.robustness_section(ctx, here, score.assessment)]
    hype = entry.data.get("hype", {})
    parts += verdicts.buzz_section(ctx, score.assessment,
                                   ctx.phases.get(score.hype_phase or "", "unknown"),
                                   hype.get("as_of"), (score.open_claims, len(score.claims)))
    parts += ["</div>", ""]
    parts += claims_ledger(ctx, here, entry.id, score)
    parts += lessons_section(ctx, here, score)
    parts += [SCREEN_ONLY, "", "## Use cases", "",
              ctx.cases_table(here, sorted((ctx.cases[c.use_case] for c in score.contributions),
                                           key=lambda e: ctx.title(e).lower()))
              if score.contributions else "No use case yet.", ""]
    parts += protocol_section(ctx, entry, score)
    parts += risks(ctx, data)
    parts += ["</div>", ""]
    parts += alternatives(ctx, here, data)
    prerequisites = data.get("prerequisites") or []
    if prerequisites:
        parts += [SCREEN_ONLY, "", "## Prerequisites", "",
                  bullets(text(p) for p in prerequisites), "", "</div>", ""]
    parts += guides_section(ctx, here, entry)
    parts += ["## Questions to ask", "",
              "\n".join(f"{i}. {text(q)}" for i, q in enumerate(data.get("questions", []), 1)),
              ""]
    parts += tech_sources(ctx, data)
    parts += [SCREEN_ONLY, "", *timeline_section(ctx, entry), "</div>", ""]
    parts += [ctx.review_line(data), ""]
    parts += [f"Follow this technology's verdict and entry changes: [Atom feed]"
              f"({relative(here, feeds.tech_feed(entry.id))}).", ""]
    parts += cite.box(ctx, here, entry.id, ctx.title(entry), cite.reviewed_on(data))
    reviewed = (data.get("reviewed") or {}).get("date", "")
    parts += [cite_line(ctx, here, ctx.title(entry),
                        f"Reviewed {reviewed}, next review due {data.get('review_due')}")]
    return "\n".join(parts)


def ego_section(ctx: Context, here: str, entry: Entry) -> list[str]:
    """The ego graph and, next to it, the numbered list of every node's full name."""
    nodes = neighbours(ctx, here, entry)
    titles = {ctx.title(ctx.cases[c]): c for c in ctx.cases}
    items = []
    for i, node in enumerate(nodes, 1):
        if node.kind == "use-case" and node.label in titles:
            items.append(f"{i}. {ctx.case_link(here, titles[node.label])} — outcome: "
                         f"{text(ctx.outcome(node.colour_key))}")
        else:
            items.append(f"{i}. {text(node.label)} — related technology "
                         f"({text(node.colour_key)})")
    return [ctx.figure(svg.ego(ctx.title(entry), nodes, f"ego-{entry.id}")), "",
            f'<details class="bv-names" markdown="1"><summary>The {len(nodes)} numbered '
            "names in the picture</summary>", "", "\n".join(items), "", "</details>", ""]


def lessons_section(ctx: Context, here: str, score: TechnologyScore) -> list[str]:
    """The first lesson of each of the heaviest cases that record one."""
    lessons = []
    for c in sorted(score.contributions, key=lambda c: (-c.raw_weight, c.use_case)):
        case = ctx.cases.get(c.use_case)
        first = first_lesson(section(case.body, "Lessons")) if case else ""
        if first:
            lessons.append(f"{sanitise(first)} ({ctx.case_link(here, c.use_case)})")
        if len(lessons) == LESSONS_SHOWN:
            break
    if not lessons:
        return []
    return ["## Lessons", "", "From the most heavily evidenced use cases:", "",
            bullets(lessons), ""]


def timeline_section(ctx: Context, entry: Entry) -> list[str]:
    lines = ["## History", ""]
    if not ctx.history.available:
        return [*lines, f"History is unavailable: {text(ctx.history.unavailable)}.", ""]
    shown = [s for s in ctx.history.snapshots if entry.id in s.technologies]
    moments = [svg.Moment(s.date[:10], s.technologies[entry.id].value,
                          s.technologies[entry.id].buzz, s.technologies[entry.id].verdict)
               for s in shown]
    if not moments:
        return [*lines, "No earlier snapshot scores this technology yet.", ""]
    rows = [[text(s.date[:10]), text(s.subject), text(m.verdict), number(m.value),
             number(m.buzz), text(s.technologies[entry.id].tier), f"`{s.commit[:7]}`"]
            for s, m in zip(shown, moments, strict=True)]
    changes = relative(tech_page(entry.id), "changes.md")
    return [*lines, "Scores at each change to the entries or the rubric, computed by today's "
            f"code ([all changes]({changes})).",
            "", ctx.figure(svg.timeline(moments, ctx.title(entry), f"time-{entry.id}")),
            "", stacked_table(["Date", "What changed", "Verdict", "Value", "Buzz", "Tier",
                               "Commit"],
                      rows, ["l", "l", "l", "r", "r", "l", "l"]), ""]


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


def patterns_section(ctx: Context, here: str, score: TechnologyScore) -> list[str]:
    """Each use pattern with its own verdict: what a decision about one job rests on."""
    rows = []
    for p in score.patterns:
        a = p.assessment
        value = "–" if a.value is None else \
            f"{number(a.value, 0)} ({verdicts.interval(a.value_interval_90)})"
        link = relative(here, pattern_page(score.id, p.id))
        rows.append([f"**[{text(p.title)}]({link})**<br>{text(p.description)}",
                     f"{a.assessed} of {a.linked}", text(a.verdict),
                     text(a.tier), value, text(verdicts.strength_text(a.evidence_strength))])
    if not rows:
        return []
    return ["## Use patterns", "",
            "The jobs this technology has been applied to, each judged on its own cases by "
            "the same model, each with a printable brief. Most patterns have too few cases for "
            "a firm verdict; that is shown, not hidden.", "",
            stacked_table(["Pattern", "Cases (assessed of all)", "Verdict", "Tier",
                   "Value (90% interval)", "Evidence strength"], rows,
                  ["l", "r", "l", "l", "r", "l"]), ""]


def claims_ledger(ctx: Context, here: str, tech_id: str, score: TechnologyScore) -> list[str]:
    rows = []
    for claim in score.claims:
        counts = defaultdict(int)
        for test in claim.tests:
            counts[test.finding] += 1
        tested = ", ".join(f"{n} {ctx.findings.get(f, f).lower()}"
                           for f, n in sorted(counts.items())) or "not yet"
        rows.append([ctx.claim_link(here, tech_id, claim), text(claim.made_by),
                     f"**{text(claim.label)}**", f"{claim.support:.2f}",
                     f"{claim.against:.2f}", tested])
    return ["## Claims ledger", "",
            "What is promised, and what the use cases show (weights are evidence × stage; "
            "select a claim for the use cases that test it). A status that rests on one case, "
            "or only on media or advocates' sources, says so.", "",
            stacked_table(["Claim", "Made by", "Status", "For", "Against", "Findings"], rows,
                          ["l", "l", "l", "r", "r", "l"], "bv-ledger"), ""]  # print: no For/Against


def protocol_section(ctx: Context, entry: Entry, score: TechnologyScore) -> list[str]:
    """How the cases were found and chosen, PRISMA-style: a flow picture and the same counts
    as text, the criteria, the places searched and the queries."""
    protocol = entry.data.get("protocol")
    if not isinstance(protocol, dict):
        return ["## How the cases were found", "",
                "No search protocol is recorded for this technology yet, so how its cases "
                "were chosen cannot be judged.", ""]
    excluded = [x for x in protocol.get("excluded") or [] if isinstance(x, dict)]
    n_excluded = sum(int(x.get("count", 0)) for x in excluded)
    counts = (int(protocol.get("identified", 0)), int(protocol.get("screened", 0)), n_excluded,
              int(protocol.get("included", 0)))
    reasons = table(["Excluded", "Why"], [[str(x.get("count")), text(x.get("reason"))]
                                          for x in excluded], ["r", "l"]) if excluded else ""
    queries = "\n".join(f"- {text(q)}" for q in protocol.get("queries") or [])
    places = ", ".join(text(p) for p in protocol.get("sources_searched") or [])
    return ["## How the cases were found", "",
            ctx.figure(svg.prisma(*counts, score.assessment.assessed, f"prisma-{entry.id}")), "",
            f"Searched {text(protocol.get('searched'))}: {counts[0]} candidates identified, "
            f"{counts[1]} screened, {counts[2]} excluded with the reasons below, {counts[3]} "
            f"included ({score.assessment.assessed} of them assessed).", "",
            f"**Included when:** {text(protocol.get('inclusion'))}", "",
            *([text(protocol.get("note")), ""] if protocol.get("note") else []),
            reasons, "",
            f"**Places searched:** {places}.", "",
            '<details markdown="1"><summary>The queries, as typed</summary>', "",
            queries, "", "</details>", ""]


def guides_section(ctx: Context, here: str, entry: Entry) -> list[str]:
    """The decision guides that cover this technology: from its verdict to a decision."""
    guides = sorted((g for g in ctx.kb.entries if g.kind == "guide"
                     and entry.id in (g.data.get("technologies") or [])),
                    key=lambda g: (len(g.data.get("technologies") or []), g.id))
    if not guides:
        return []
    links = [f"[{text(g.data.get('title'))}]({relative(here, f'guides/{g.id}.md')})"
             for g in guides]
    return ["## Deciding about a project?", "",
            "A decision guide asks about your project and ties the answer to this evidence: "
            + "; ".join(links) + ".", ""]


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
