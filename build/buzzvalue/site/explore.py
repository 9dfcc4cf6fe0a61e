"""The graph page: the knowledge graph as something to explore. A picture of every
technology with its claims (marked by status) and its use cases (marked by outcome), each
mark a link; the same as text, a list per technology; and the graph's counts."""

from __future__ import annotations

from collections import defaultdict

from ..model.score import TechnologyScore, by_strength
from . import mdtext, svg
from .context import Context, case_page, claim_anchor, counted, tech_page
from .mdtext import bullets, text

HERE = "graph.md"


def graph_page(ctx: Context) -> str:
    scores = sorted(ctx.scores.values(), key=lambda s: s.title.lower())
    rows = [svg.Row(s.title, mdtext.href(HERE, tech_page(s.id), ctx.directory_urls),
                    claim_marks(ctx, s), case_marks(ctx, s)) for s in scores]
    parts = [ctx.front("Explore the graph", "Every technology with its claims and use cases: "
                                            "the knowledge graph behind the verdicts."),
             "# Explore the graph", "",
             "Every entry is a node in one graph; the scores, the pages and the open data are "
             "all made from it. Below, each technology with the claims made for it (marked by "
             "what the evidence says) and its use cases (marked by outcome). Select a mark for "
             "its page; point at it for its name. The same follows as text, technology by "
             "technology. Download the whole graph as [node-link JSON](data/graph.json) or "
             "[GraphML](data/graph.graphml) (opens in Gephi).", "",
             ctx.figure(svg.overview(rows, "overview")), "",
             "## Technology by technology", ""]
    for score in scores:
        parts += text_equivalent(ctx, score)
    counts: dict[str, int] = defaultdict(int)
    for _, kind in ctx.kb.graph.nodes(data="type"):
        counts[kind] += 1
    edges: dict[str, int] = defaultdict(int)
    for _, _, key in ctx.kb.graph.edges(keys=True):
        edges[key] += 1
    parts += ["## The graph in numbers", "", "### Nodes", "", counted(counts), "",
              "### Edges", "", counted(edges), ""]
    return "\n".join(parts)


def claim_marks(ctx: Context, score: TechnologyScore) -> list[svg.Mark]:
    claims = mdtext.href(HERE, "claims.md", ctx.directory_urls)
    return [svg.Mark(c.text, c.status, f"{claims}#{claim_anchor(score.id, c.id)}")
            for c in by_strength(score.claims)]


def case_marks(ctx: Context, score: TechnologyScore) -> list[svg.Mark]:
    order = {t.value: i for i, t in enumerate(ctx.outcomes)}
    cases = sorted(score.contributions,
                   key=lambda c: (order.get(c.outcome, len(order)), c.title.lower()))
    return [svg.Mark(c.title, c.outcome,
                     mdtext.href(HERE, case_page(c.use_case), ctx.directory_urls))
            for c in cases]


def text_equivalent(ctx: Context, score: TechnologyScore) -> list[str]:
    """One technology's claims by status and cases by outcome, folded under its name."""
    claims = by_strength(score.claims)
    lines = [f'<details class="bv-tech" markdown="1"><summary>{text(score.title)}: '
             f"{len(claims)} claim{'s' * (len(claims) != 1)}, {len(score.contributions)} use "
             f"case{'s' * (len(score.contributions) != 1)} · {text(score.verdict)}</summary>",
             "", f"[The {text(score.title)} page]({mdtext.relative(HERE, tech_page(score.id))})"
             " has the verdict and its derivation.", "", "**Claims:**", "",
             bullets(f"{ctx.claim_link(HERE, score.id, c)}: {text(c.label)}" for c in claims)
             if claims else "None recorded.", ""]
    by_outcome: dict[str, list[str]] = defaultdict(list)
    for c in score.contributions:
        by_outcome[c.outcome].append(ctx.case_link(HERE, c.use_case))
    lines += ["**Use cases by outcome:**", ""]
    for outcome in ctx.outcomes:
        cases = sorted(by_outcome.get(outcome.value, []), key=str.lower)
        if cases:
            lines.append(f"- {text(outcome.title)} ({len(cases)}): {'; '.join(cases)}")
    return [*lines, "", "</details>", ""]
