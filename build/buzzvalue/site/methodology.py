"""The methodology page, generated from schema/scoring.yaml so that it always says what the
code does, with a worked example that the model itself computes when the site is built."""

from __future__ import annotations

from ..core.verdicts import (
    BORDERLINE,
    DELIVERING_BUT_HYPED,
    FIRM,
    INSUFFICIENT,
    LEANING,
    OVERHYPED,
    PROVEN,
    UNPROVEN,
)
from ..model.rubric import Rubric
from ..model.verdict import Assessment, CaseRecord, SourceRecord, assess
from .context import Context
from .mdtext import bullets, number, table, text
from .verdicts import count_headline, interval, sentence, signed, strength_text


def example_cases(rubric: Rubric) -> list[CaseRecord]:
    """The rubric's illustrative cases (`worked_example`), as the model reads cases."""
    return [CaseRecord(str(c["id"]), str(c["title"]), str(c["stage"]), str(c["outcome"]),
                       (SourceRecord(str(c["source"]["type"]), str(c["source"]["by"]),
                                     str(c["source"]["date"])),))
            for c in rubric.worked_example]


def methodology(ctx: Context) -> str:
    rubric = ctx.kb.rubric
    vocab = ctx.kb.schemas.vocabulary
    outcomes = [[text(t.title), f"{rubric.outcome_value[t.value]:+g}"
                 if t.value in rubric.outcome_value else "not scored",
                 text(t.description)] for t in vocab("outcome")]
    types = [t for t in vocab("source_type")]
    bys = [t for t in vocab("source_by")]
    matrix = [[text(t.title), f"{rubric.evidence_weight[t.value]:g}",
               *(f"{min(rubric.evidence_weight[t.value], rubric.author_cap[b.value]):g}"
                 for b in bys)] for t in types]
    stages = [[text(t.title), f"{rubric.stage_weight[t.value]:g}", text(t.description)]
              for t in vocab("stage")]
    phases = [[text(t.title), f"{rubric.phase_score[t.value]:g}", text(t.description)]
              for t in vocab("hype_phase")]
    starts = [[f"at least {need}", str(level)] for need, level in rubric.strength_start]
    wording = [[str(level), text(rubric.wording["delivers"][level]),
                text(rubric.wording["does not deliver"][level])]
               for level in sorted(rubric.wording["delivers"], reverse=True)]
    cap = round(100 * rubric.case_cap)
    example = assess("methodology-example", example_cases(rubric), [], None, rubric,
                     ctx.kb.today.year)
    return "\n".join([
        ctx.front("Methodology", "How value, buzz, tiers, robustness and evidence strength "
                                 "are computed."),
        "# Methodology", "",
        "Every number on this site is computed by the same code from the entries and the "
        "rubric in `schema/scoring.yaml`. This page is generated from that file, so it always "
        "says what the code does. The model borrows from evidence synthesis: GRADE (how "
        "certain the evidence is, and the words used for it), the EEF Toolkit and What Works "
        "Clearinghouse (effect kept apart from strength of evidence), Cochrane (sensitivity "
        "analysis), the OECD/JRC handbook on composite indicators (uncertainty analysis) and "
        "the fragility index.", "",
        "## 1. Outcomes, on a symmetric scale", "",
        "Each use case records what its sources show the deployment achieved. The scale is "
        f"symmetric, so a technology that half delivers and half fails lands on the centre "
        f"line ({rubric.value_centre:g}), not above it.", "",
        table(["Outcome", "Score", "Meaning"], outcomes, ["l", "r", "l"]), "",
        "## 2. How much a source counts", "",
        "Each source answers two questions: what kind of document it is, and who wrote it "
        "relative to the deployment. Its weight is the weight of its kind, capped by who "
        "wrote it: an agency's own evaluation counts no more than its official word, a "
        "vendor's material hardly at all.", "",
        table(["Kind of document", "Weight", *(f"by {text(b.title.lower())}" for b in bys)],
              matrix, ["l", "r", *("r" for _ in bys)]), "",
        "## 3. How much a case counts", "",
        "A case's weight = the weight of its strongest source × the weight of its stage. "
        f"No single case may carry more than {cap}% of a technology's total weight: heavier "
        "cases are capped (and with four cases or fewer, they count equally).", "",
        table(["Stage", "Weight", "Meaning"], stages, ["l", "r", "l"]), "",
        "Cases that were only " + ", ".join(rubric.value_excluded_stages)
        + (", or whose only evidence comes from the vendor," if rubric.exclude_vendor_only
           else "")
        + " do not enter value; they still count for buzz. Unknown outcomes are not scored: "
        "they show as gaps in coverage.", "",
        "## 4. Value", "",
        f"Value = {rubric.value_centre:g} + {rubric.value_per_point:g} × the weighted mean "
        f"outcome score. It runs from 0 (every case harmful) to 100 (every case delivered); "
        f"{rubric.value_centre:g} means no net effect. A technology **delivers** when its "
        f"value is above {rubric.value_line:g}. Values are rounded to one decimal before any "
        "comparison, so floating-point noise never decides a verdict.", "",
        "## 5. The count headline", "",
        "Next to the value, each verdict says in how many assessed deployments the "
        "technology delivered or partly delivered, and how many of those were independently "
        "evaluated (an independent " + ", ".join(rubric.count_independent_types) + " source). "
        f"The {round(100 * rubric.count_interval)}% interval for that share is a Jeffreys "
        "interval (the quantiles of a Beta(k + ½, n − k + ½) distribution).", "",
        "## 6. Buzz", "",
        f"Buzz = 100 × ({rubric.buzz_unsubstantiated_share:g} × the share of claims not "
        f"substantiated + {rubric.buzz_immature_share:g} × the share of cases that never got "
        "past " + " or ".join(rubric.buzz_immature_stages) + f") + {rubric.buzz_phase_share:g}"
        " × the hype phase's score. Buzz rests on what can be observed; the cited hype phase "
        f"weighs at most {rubric.buzz_phase_share:g}. A technology is **hyped** when its buzz "
        f"is {rubric.buzz_line:g} or more.", "",
        table(["Hype phase", "Score", "Meaning"], phases, ["l", "r", "l"]), "",
        "## 7. The verdict", "",
        table(["Value", f"buzz below {rubric.buzz_line:g}", f"buzz {rubric.buzz_line:g} or more"],
              [[f"above {rubric.value_line:g}", PROVEN, DELIVERING_BUT_HYPED],
               [f"{rubric.value_line:g} or below", UNPROVEN, OVERHYPED]]), "",
        "## 8. How far to trust it: the tier", "",
        f"The use cases are redrawn {rubric.resamples:,} times with replacement (a bootstrap, "
        "seeded from the content, so the same entries always give the same figures). This "
        "gives 80% and 90% intervals for value and buzz, and the **stability**: the share of "
        "redraws that land in the same quadrant.", "",
        bullets([
            f"**{FIRM}**: stability at least {rubric.tier_firm:g}, and the 90% value interval "
            "does not reach across the value line;",
            f"**{LEANING}**: stability at least {rubric.tier_leaning:g};",
            f"**{BORDERLINE}**: otherwise;",
            f"**{INSUFFICIENT}**: fewer than {rubric.tier_minimum_assessed} assessed cases, "
            f"or fewer than {rubric.tier_minimum_independent} with an independent source. "
            "The verdict then reads *insufficient evidence*."]), "",
        "## 9. What it hangs on: robustness", "",
        bullets([
            "**Leave one out**: each assessed case is removed in turn; the page names the "
            "case whose removal moves value most, and any whose removal changes the verdict.",
            "**Fragility**: the fewest one-step recodings of single cases' outcomes (for "
            "example delivered → partly delivered) that take value across the line, and how "
            "many extra cases of median weight at the opposite outcome would do the same.",
            f"**Sensitivity**: {rubric.sensitivity_runs:,} runs that vary every weight by "
            f"±{round(100 * rubric.sensitivity_spread)}%, leave pilots in or out, and score "
            f"unknown outcomes of discontinued cases as {rubric.sensitivity_unknown_value:+g}"
            "; the page gives the share of runs with the same verdict and value's 5–95% "
            "range."]), "",
        "## 10. Evidence strength, 0 to 4", "",
        "Strength starts from the number of assessed cases with an independent "
        + ", ".join(rubric.strength_finding_types) + " finding:", "",
        table(["Such cases", "Starting strength"], starts, ["l", "r"]), "",
        "It goes down one level for each of these concerns (never below 0):", "",
        bullets([
            f"**self-reported**: more than {round(100 * rubric.strength_self_share)}% of the "
            "weight rests on the implementer's or vendor's own material;",
            f"**inconsistent**: at least {round(100 * rubric.strength_inconsistent_share)}% of "
            f"cases score +1 or more and at least "
            f"{round(100 * rubric.strength_inconsistent_share)}% score −1 or less;",
            f"**imprecise**: the 80% value interval reaches across the line, or fewer than "
            f"{rubric.strength_min_assessed} cases are assessed;",
            f"**stale**: less than {round(100 * rubric.strength_recent_share)}% of the weight "
            f"is dated within {rubric.strength_stale_years} years."]), "",
        "The verdict's sentence uses wording by strength, after GRADE "
        "(\"On this evidence, it …\"):", "",
        table(["Strength", "Value above the line", "Value at or below the line"], wording,
              ["r", "l", "l"]), "",
        "## 11. Claims", "",
        bullets([
            f"**substantiated**: weight for at least {rubric.claim_minimum_mass:g}, and at "
            f"least {rubric.claim_ratio:g} × the weight against;",
            f"**refuted**: weight against at least {rubric.claim_minimum_mass:g}, and at least "
            f"{rubric.claim_ratio:g} × the weight for;",
            "**contested**: evidence on both sides, and neither settles it;",
            "**inconclusive**: tested, but only by inconclusive findings or by too little "
            "one-sided weight;",
            "**untested**: no use case tests it."]), "",
        "A status that rests on a single case, or only on "
        + ", ".join(rubric.claim_weak_types) + " or " + ", ".join(rubric.claim_weak_by)
        + " sources, says so: for example *refuted (one media report)*.", "",
        *(worked_example(example) if rubric.worked_example else []), "",
        "## Limits", "",
        bullets(["Each technology's protocol says where its cases were searched for and how "
                 "they were chosen. Failures produce audits and court rulings, so they are "
                 "easier to find than quiet successes; the protocol counts what was left out "
                 "and why.",
                 "A use case counts for the technologies it lists directly; a broader "
                 "technology (artificial intelligence) does not inherit the use cases of its "
                 "parts (machine learning).",
                 "The rubric's weights are choices; the sensitivity analysis shows how much "
                 "each verdict depends on them, and every change to the rubric shows in the "
                 "history."]), ""])


def worked_example(a: Assessment) -> list[str]:
    rows = [[text(c.title), text(c.outcome), signed(c.outcome_value)
             if c.outcome_value is not None else "–",
             f"{c.evidence_weight:g} × {c.stage_weight:g} = {c.raw_weight:.2f}",
             f"{c.weight:.2f}"] for c in a.contributions]
    loo, frag, sens = a.leave_one_out or {}, a.fragility or {}, a.sensitivity or {}
    titles = {c.use_case: c.title for c in a.contributions}
    return [
        "## A worked example", "",
        "Five illustrative deployments (not real cases), computed by the code above when "
        "this page was built:", "",
        table(["Case", "Outcome", "Score", "Weight (source × stage)", "After the cap"], rows,
              ["l", "l", "r", "r", "r"]), "",
        bullets([
            f"Value = 50 + 25 × ({a.weighted_sum:.2f} / {a.total_weight:.2f}) = "
            f"**{number(a.value, 1)}**, 90% interval {interval(a.value_interval_90)}.",
            count_headline(a),
            f"Stability {round(100 * (a.stability or 0))}% → tier **{a.tier}**; verdict "
            f"*{a.verdict}* (the example lists no claims, so all of its claims count as not "
            f"substantiated and its buzz is {number(a.buzz, 0)}).",
            f"Evidence strength {text(strength_text(a.evidence_strength))}: "
            + text("; ".join(a.strength_reasons)) + ".",
            f"In words: \"{text(sentence(a))}\".",
            f"Leaving out {text(titles.get(loo.get('most_influential'), '–'))} moves value "
            f"most ({number(loo.get('largest_shift'), 1)} points)"
            + ("; removing " + ", ".join(text(titles[u]) for u in loo.get("flipping_cases", []))
               + " would each change the verdict." if loo.get("flips") else "."),
            f"Fragility: {frag.get('recodings')} one-step recoding(s) flip the value side; "
            f"{frag.get('extra_cases')} extra {frag.get('extra_outcome')} case(s) would too.",
            f"Sensitivity: {round(100 * sens.get('same_verdict', 0))}% of "
            f"{sens.get('runs', 0):,} runs give the same verdict."]),
    ]
