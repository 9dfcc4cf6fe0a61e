"""Pages about the site itself: the methodology, what changed, reviews due."""

from __future__ import annotations

from ..core.dates import overdue
from ..core.verdicts import DELIVERING_BUT_HYPED, INSUFFICIENT, OVERHYPED, PROVEN, UNPROVEN
from ..model.changes import Change
from . import mdtext
from .context import Context, case_page, tech_page
from .mdtext import bullets, relative, table, text


def methodology(ctx: Context) -> str:
    rubric = ctx.kb.rubric
    vocab = ctx.kb.schemas.vocabulary
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
        ctx.front("Methodology", "How value, buzz, confidence and verdicts are computed."),
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
        f"with a known outcome, the verdict is *{INSUFFICIENT}*.", "",
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
              [[f"value ≥ {rubric.value_line:g}", PROVEN, DELIVERING_BUT_HYPED],
               [f"value < {rubric.value_line:g}", UNPROVEN, OVERHYPED]]), "",
        "## Limits", "",
        bullets(["Cases are chosen because they are documented, not at random; failures "
                 "produce audits and court rulings, so they are over-represented.",
                 "A use case counts for the technologies it lists directly; a broader "
                 "technology (artificial intelligence) does not inherit the use cases of "
                 "its parts (machine learning).",
                 "The rubric is a starting point, tuned by maintainers in the open; every "
                 "change to it changes verdicts and shows in the history."]), ""])


def changes_page(ctx: Context, changes: list[Change]) -> str:
    here = "changes.md"
    parts = [ctx.front("What changed", "Verdict changes, claim status changes and new or "
                                        "updated entries, newest first.", listing=True),
             "# What changed", "",
             "Verdict changes, claim status changes and new or updated entries, newest "
             "first, from the repository's history. Follow them as a feed: "
             "[Atom](feed.xml) or [JSON Feed](feed.json).", ""]
    if not ctx.history.available:
        return "\n".join([*parts, f"History is unavailable: "
                                  f"{text(ctx.history.unavailable)}.", ""])
    current = None
    for change in changes:
        day = change.date[:10]
        if day != current:
            parts += ["", f"## {day}", ""]
            current = day
        target = relative(here, change.page) if change.page in ctx.known_pages else None
        label = mdtext.link(change.title, target) if target else text(change.title)
        parts.append(f"- **{change.kind}** {label}: {text(change.text)}")
    return "\n".join([*parts, ""])


def reviews_page(ctx: Context) -> str:
    here = "reviews.md"
    today = ctx.kb.today.isoformat()
    rows = []
    for entry in sorted((*ctx.techs.values(), *ctx.cases.values()),
                        key=lambda e: (str(e.data.get("review_due")), e.id)):
        due = str(entry.data.get("review_due"))
        page = tech_page(entry.id) if entry.kind == "technology" else case_page(entry.id)
        reviewed = entry.data.get("reviewed", {})
        late = "**overdue**" if overdue(due, ctx.kb.today) else ""
        rows.append([mdtext.link(ctx.title(entry), relative(here, page)), text(due), late,
                     text(reviewed.get("date")), text(reviewed.get("by"))])
    count = sum(1 for r in rows if r[2])
    return "\n".join([ctx.front("Reviews due", "Entries whose review is due, for "
                                                 "maintainers.", listing=True),
                       "# Reviews due", "",
                       f"For maintainers: every entry by review date, soonest first. "
                       f"{count} overdue as of {today}. The validator warns of overdue "
                       "reviews (BV501).", "",
                       table(["Entry", "Review due", "", "Last reviewed", "By"], rows), ""])
