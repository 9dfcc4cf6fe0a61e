"""Pages that list entries: home, indexes, browse pages, lessons, claims, graph, data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from .. import __version__
from ..core.countries import country_name
from ..core.entry import Entry
from ..model.score import by_strength
from ..model.stats import is_negative
from . import feeds, filters, mdtext, patterns, svg, verdicts
from .context import CLAIM_LIST, Context, claim_anchor, section, tech_page
from .mdtext import bullets, number, relative, sanitise, stacked_table, table, text


def points(ctx: Context, here: str) -> list[svg.Point]:
    return [svg.Point(s.title, s.value, s.buzz, s.verdict, s.tier,
                      s.assessment.value_interval_90, s.assessment.buzz_interval_90,
                      mdtext.href(here, tech_page(s.id), ctx.directory_urls))
            for s in ctx.scores.values()]


def verdict_table(ctx: Context, here: str) -> str:
    rows = []
    for s in sorted(ctx.scores.values(), key=lambda s: s.title.lower()):
        a = s.assessment
        value = "–" if a.value is None else \
            f"{number(a.value)} ({verdicts.interval(a.value_interval_90)})"
        rows.append([ctx.tech_link(here, s.id), f"**{s.verdict}**", text(s.tier), value,
                     f"{number(a.buzz)} ({verdicts.interval(a.buzz_interval_90)})",
                     text(verdicts.strength_text(a.evidence_strength)),
                     f"{a.positive} of {a.assessed}"])
    return stacked_table(["Technology", "Verdict", "Tier", "Value (90% interval)",
                          "Buzz (90% interval)", "Evidence strength", "Delivered of assessed"],
                         rows, ["l", "l", "l", "r", "r", "l", "r"])


def home(ctx: Context) -> str:
    here = "index.md"
    rubric = ctx.kb.rubric
    cases = list(ctx.cases.values())
    negative = sum(1 for c in cases if is_negative(c.data))
    countries = {c.data["jurisdiction"]["country"] for c in cases}
    return "\n".join([
        ctx.front("Buzz vs Value", "Which public-sector technologies deliver evidenced "
                                    "value, and which are mostly buzz."),
        "# Buzz vs Value", "",
        "Which technologies deliver evidenced value to public services, and which are mostly "
        "buzz? Every verdict here is **computed** from real, cited deployments: "
        f"{len(cases)} use cases in {len(countries)} countries, {negative} of them failures, "
        "cancellations or harmful systems. No verdict is typed in by hand.", "",
        ctx.figure(svg.matrix(points(ctx, here), rubric.value_line, rubric.buzz_line)), "",
        "Across: value, the evidence-weighted outcome of the use cases (50 means no net "
        "effect). Up: buzz, the share of promises no use case substantiates, of cases that "
        "never got past a pilot, and the hype phase. The bars show each 90% interval. The "
        "marker says how far to trust the verdict: a filled disc is firm, a ring with a "
        "centre dot leaning, a plain ring borderline, a dashed ring insufficient evidence. "
        "Select a technology to see its derivation.", "",
        "## Verdicts", "", verdict_table(ctx, here), "",
        "## Use patterns with the most evidence", "",
        "Decisions are about a job, not a technology. These patterns have the most assessed "
        f"deployments; [all patterns]({relative(here, 'patterns/index.md')}) have a "
        "printable brief.", "",
        patterns.most_evidence(ctx, here), "",
        "## Start here", "",
        bullets([f"[Decision guides]({relative(here, 'guides/index.md')}): should we use "
                 "blockchain, AI, sensors or software robots for this job? A guided "
                 "assessment backed by the evidence",
                 f"[Lessons]({relative(here, 'lessons.md')}): discontinued, harmful and "
                 "unlawful deployments, and what they teach",
                 f"[Claims]({relative(here, 'claims.md')}): every promise and what the "
                 "evidence says of it",
                 f"[Methodology]({relative(here, 'methodology.md')}): how value, buzz and "
                 "verdicts are computed",
                 f"[Open data]({relative(here, 'data.md')}): everything as JSON, CSV and "
                 "GraphML"]), ""])


def technologies_index(ctx: Context) -> str:
    here = "technologies/index.md"
    rows = []
    for entry in sorted(ctx.techs.values(), key=lambda e: ctx.title(e).lower()):
        rows.append([ctx.tech_link(here, entry.id), text(entry.data.get("summary"))])
    return "\n".join([ctx.front("Technologies"), "# Technologies", "",
                      verdict_table(ctx, here), "", "## What each one is", "",
                      table(["Technology", "Summary"], rows), ""])


USE_CASE_ORDERS = {"name": "use-cases/index.md", "year": "use-cases/by-year.md",
                   "outcome": "use-cases/by-outcome.md"}


def use_cases_index(ctx: Context, order: str = "name") -> str:
    """Every use case, sorted by name, or in sections by year started or by outcome: three
    pages, so sorting needs no script."""
    here = USE_CASE_ORDERS[order]
    sorts = " · ".join(f"**by {name}**" if name == order else
                       f"[by {name}]({relative(here, page)})"
                       for name, page in USE_CASE_ORDERS.items())
    parts = [ctx.front("Use cases" if order == "name" else f"Use cases by {order}",
                       listing=True),
             "# Use cases" if order == "name" else f"# Use cases by {order}", "",
             f"{len(ctx.cases)} real public-sector deployments, each cited. Browse "
             f"them [by domain]({relative(here, 'browse/domains.md')}), "
             f"[country]({relative(here, 'browse/countries.md')}), "
             f"[stage]({relative(here, 'browse/stages.md')}) or "
             f"[outcome]({relative(here, 'browse/outcomes.md')}).", "",
             f'<p class="bv-sort" markdown="1">Sorted: {sorts}</p>', ""]
    by_name = sorted(ctx.cases.values(), key=lambda e: ctx.title(e).lower())
    if order == "name":
        return "\n".join([*parts, filters.filterable_list(ctx, here), ""])
    if order == "year":
        groups: dict[str, list[Entry]] = defaultdict(list)
        for case in by_name:
            groups[str(case.data.get("period", {}).get("start", "unknown"))[:4]].append(case)
        sections = [(year, groups[year]) for year in sorted(groups, reverse=True)]
    else:
        sections = [(t.title, [c for c in by_name if c.data.get("outcome") == t.value])
                    for t in ctx.outcomes]
    for heading, cases in sections:
        if cases:
            parts += [f"## {text(heading)}", "",
                      f"{len(cases)} use case{'s' * (len(cases) != 1)}.", "",
                      ctx.cases_table(here, cases), ""]
    return "\n".join(parts)


def grouped(ctx: Context, here: str, title: str, intro: str,
            groups: list[tuple[str, str, list[Entry]]], shown: Callable[[Entry], str],
            note: Callable[[list[Entry]], str] = lambda cases: "") -> str:
    parts = [ctx.front(title, listing=True), f"# {title}", "", intro, ""]
    for anchor, heading, cases in groups:
        if cases:
            parts += [f"## {text(heading)} {{#{anchor}}}", "",
                      f"{len(cases)} use case{'s' * (len(cases) != 1)}.{note(cases)}", "",
                      ctx.cases_list(here, cases, shown(cases[0])), ""]
    return "\n".join(parts)


def by(ctx: Context, key: Callable[[Entry], object]) -> dict[object, list[Entry]]:
    groups: dict[object, list[Entry]] = defaultdict(list)
    for case in sorted(ctx.cases.values(), key=lambda e: ctx.title(e).lower()):
        groups[key(case)].append(case)
    return groups


def browse_domains(ctx: Context) -> str:
    groups = by(ctx, lambda c: c.data.get("domain"))
    return grouped(ctx, "browse/domains.md", "Use cases by domain",
                        "Public-service domains are the ten divisions of the UN "
                        "Classification of the Functions of Government (COFOG).",
                        [(f"domain-{t.value}", f"{t.value} {t.title}", groups.get(t.value, []))
                         for t in ctx.domains], lambda c: "")


def browse_countries(ctx: Context) -> str:
    groups = by(ctx, lambda c: c.data["jurisdiction"]["country"])
    ordered = sorted(groups, key=lambda code: country_name(str(code)) or str(code))
    return grouped(ctx, "browse/countries.md", "Use cases by country",
                        f"{len(groups)} countries (ISO 3166-1).",
                        [(f"country-{str(code).lower()}", country_name(str(code)) or str(code),
                          groups[code]) for code in ordered], ctx.country,
                        lambda cases: feed_note(cases[0].data["jurisdiction"]["country"]))


def feed_note(code: str) -> str:
    """The link to a country's feed, after its count on the countries page."""
    here = "browse/countries.md"
    return f" Follow their changes: [Atom feed]({relative(here, feeds.country_feed(code))})."


def browse_stages(ctx: Context) -> str:
    groups = by(ctx, lambda c: c.data.get("stage"))
    return grouped(ctx, "browse/stages.md", "Use cases by stage", "How far each got.",
                        [(f"stage-{t.value}", t.title, groups.get(t.value, []))
                         for t in ctx.stages],
                        lambda c: ctx.stage(c.data.get("stage")))


def browse_outcomes(ctx: Context) -> str:
    groups = by(ctx, lambda c: c.data.get("outcome"))
    return grouped(ctx, "browse/outcomes.md", "Use cases by outcome",
                        "What each delivered, as its sources show.",
                        [(f"outcome-{t.value}", t.title, groups.get(t.value, []))
                         for t in ctx.outcomes],
                        lambda c: ctx.outcome(c.data.get("outcome")))


def lessons(ctx: Context) -> str:
    here = "lessons.md"
    groups = [
        ("Ruled unlawful", [c for c in ctx.cases.values() if c.data.get("ruled_unlawful")]),
        ("Harmful", [c for c in ctx.cases.values() if c.data.get("outcome") == "harmful"
                     and not c.data.get("ruled_unlawful")]),
        ("Discontinued", [c for c in ctx.cases.values() if c.data.get("stage") ==
                          "discontinued" and c.data.get("outcome") != "harmful"
                          and not c.data.get("ruled_unlawful")]),
        ("Not delivered", [c for c in ctx.cases.values() if c.data.get("outcome") ==
                           "not-delivered" and c.data.get("stage") != "discontinued"]),
    ]
    parts = [ctx.front("Lessons", "Discontinued, harmful and unlawful deployments.",
                        listing=True),
             "# Lessons from failures", "",
             "Failures, cancellations and unlawful systems are evidence too. Each entry "
             "below links to its sources.", ""]
    for heading, cases in groups:
        if not cases:
            continue
        parts += [f"## {heading}", ""]
        for case in cases:
            lesson = sanitise(section(case.body, "Lessons"))
            parts += [f"### {ctx.case_link(here, case.id)}", "",
                      f"*{text(ctx.country(case))}, {text(ctx.period(case))}.* "
                      f"{text(case.data.get('summary'))}", ""]
            if lesson:
                parts += [lesson, ""]
    return "\n".join(parts)


def claims_page(ctx: Context) -> str:
    here = "claims.md"
    parts = [ctx.front("Claims", "Every claim and what the evidence says of it.",
                        listing=True),
             "# Claims", "",
             "What vendors, strategies and the press promise, and the status the evidence "
             "gives each claim. Statuses are computed (see the "
             f"[methodology]({relative(here, 'methodology.md')})).", ""]
    for tech_id, score in sorted(ctx.scores.items(), key=lambda kv: kv[1].title.lower()):
        parts += [f"## {ctx.tech_link(here, tech_id)}", "",
                  "Strongest first: statuses resting on more evidence come first.", ""]
        for claim in by_strength(score.claims):
            parts += [f"### {text(claim.text)} {{#{claim_anchor(tech_id, claim.id)}}}", "",
                      f"**{text(claim.label)}** · for {claim.support:.2f} · against "
                      f"{claim.against:.2f} · made by {text(claim.made_by)}", ""]
            shown = sorted(claim.tests, key=lambda t: (-t.weight, t.use_case))[:CLAIM_LIST]
            if shown:
                parts += [bullets(f"{ctx.case_link(here, t.use_case)}: {text(t.finding)} "
                                  f"(weight {t.weight:.2f})" for t in shown), ""]
            if len(claim.tests) > len(shown):
                parts += [f"…and {len(claim.tests) - len(shown)} more, lighter-weight use "
                          f"cases: see {ctx.tech_link(here, tech_id)}.", ""]
            if not claim.tests:
                parts += ["No use case tests it yet.", ""]
    return "\n".join(parts)


def data_page(ctx: Context, names: Iterable[str]) -> str:
    described = {
        "kb.json": "every entry with its computed fields and derivations",
        "graph.json": "the knowledge graph, node-link JSON (networkx)",
        "graph.graphml": "the knowledge graph, GraphML (Gephi, yEd)",
        "datapackage.json": "a Frictionless data package describing the CSV tables",
        "technologies.csv": "one row per technology, with its verdict",
        "use-cases.csv": "one row per use case",
        "claims.csv": "one row per claim, with its status",
        "sources.csv": "one row per source as each entry cites it (its own id and title)",
        "claim_sources.csv": "which citation shows each claim is made (claim, source)",
        "claim_tests.csv": "one row per claim a use case tests: finding, note and the "
                           "case's weight, enough to rebuild each claim's status",
        "metrics.csv": "one row per figure a use case reports, with its source",
        "similar_cases.csv": "up to five similar use cases for each, with the reason",
    }
    rows = [[f"[{name}](data/{name})", described.get(name, "JSON Schema / rubric")]
            for name in names]
    return "\n".join([ctx.front("Open data"), "# Open data", "",
                      "Everything on this site, as files. The same input always gives the "
                      "same bytes. Licence: CC BY 4.0.", "", data_version(ctx), "",
                      table(["File", "What it holds"], rows), ""])


def data_version(ctx: Context) -> str:
    return (f"Version {text(__version__)}, built {text(ctx.kb.today.isoformat())} (both also "
            "in `datapackage.json` and `kb.json`). Every row carries its entry's id and its "
            "page on this site; the use-case list can be filtered and downloaded as CSV.")


def tags_page(ctx: Context) -> str:
    return "\n".join([ctx.front("Tags"), "# Tags", "", "<!-- material/tags -->", ""])

