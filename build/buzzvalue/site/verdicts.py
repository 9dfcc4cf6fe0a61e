"""How a computed assessment reads: the banner, the count headline, the robustness line and
the sections that show the derivation. Shared by technology pages, pattern briefs and the
home page; every figure is read from the model's Assessment, never recomputed."""

from __future__ import annotations

from ..core.verdicts import INSUFFICIENT
from ..model.rubric import Rubric
from ..model.verdict import Assessment
from .context import ADMONITION, Context
from .mdtext import number, relative, stacked_table, text

STRENGTH_WORDS = {4: "high", 3: "moderate", 2: "low", 1: "very low", 0: "very low"}


def strength_text(strength: int) -> str:
    """Evidence strength in words and as a bar that does not rely on colour: "2 of 4 (low)
    ■■□□"."""
    bar = "■" * strength + "□" * (4 - strength)
    return f"{strength} of 4 ({STRENGTH_WORDS.get(strength, '?')}) {bar}"


def signed(x: float) -> str:
    """+2, 0, −1: with a real minus sign."""
    return f"{x:+g}".replace("-", "−") if x else "0"


def interval(iv: list[float] | None) -> str:
    return "–" if not iv else f"{number(iv[0], 0)}–{number(iv[1], 0)}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def sentence(a: Assessment) -> str:
    """The GRADE-style verdict in words: "On this evidence, it probably delivers"."""
    return f"On this evidence, it {a.wording}"


def count_headline(a: Assessment) -> str:
    """"Delivered or partly delivered in 7 of 12 assessed deployments (2 of 4 independently
    evaluated); 90% interval for the share: 33–78%"."""
    if not a.assessed:
        return "No deployment with a known outcome has been assessed yet."
    low, high = a.delivered_share_interval_90 or [0.0, 1.0]
    return (f"Delivered or partly delivered in **{a.positive} of {a.assessed}** assessed "
            f"deployments ({a.independent_positive} of {a.independent_assessed} "
            f"independently evaluated); 90% interval for the share: "
            f"{round(100 * low)}–{round(100 * high)}%.")


def robustness_line(a: Assessment, titles: dict[str, str]) -> str:
    """"Stable in 93% of resamples; removing Estonia's KSI would move value by 6; 3 recodings
    would flip it; ..."."""
    if a.stability is None or a.leave_one_out is None or a.fragility is None:
        return "Too few assessed cases to test how robust the verdict is."
    loo, frag, sens = a.leave_one_out, a.fragility, a.sensitivity or {}
    parts = [f"stable in {round(100 * a.stability)}% of resamples"]
    influential = loo.get("most_influential")
    if influential:
        parts.append(f"removing {titles.get(influential, influential)} would move value by "
                     f"{number(loo['largest_shift'], 0)}")
    if loo.get("flips"):
        parts.append(f"removing any of {plural(len(loo['flipping_cases']), 'case')} would "
                     "change the verdict")
    if frag.get("recodings"):
        parts.append(f"{plural(frag['recodings'], 'one-step recoding')} of outcomes would "
                     "flip the value side")
    if frag.get("extra_cases"):
        parts.append(f"so would {frag['extra_cases']} more {frag['extra_outcome']} "
                     f"case{'s' * (frag['extra_cases'] != 1)} of median weight")
    if sens.get("same_verdict") is not None:
        parts.append(f"{round(100 * sens['same_verdict'])}% of rubric variations give the same "
                     "verdict")
    line = "; ".join(parts)
    return line[:1].upper() + line[1:] + "."


def insufficient_reason(a: Assessment, rubric: Rubric) -> str:
    return (f"Too little evidence for a verdict: {a.assessed} assessed "
            f"case{'s' * (a.assessed != 1)} (at least {rubric.tier_minimum_assessed} needed), "
            f"of which {a.with_independent} with an independent source (at least "
            f"{rubric.tier_minimum_independent} needed).")


def banner(ctx: Context, here: str, a: Assessment, name: str) -> str:
    """The verdict banner: tier, the sentence in words, value and buzz with intervals,
    evidence strength (as text), the count headline and the robustness line."""
    kind = ADMONITION.get(a.verdict, "note")
    tier = "" if a.tier == INSUFFICIENT else f" · {a.tier}"
    head = f'!!! {kind} "Verdict: {a.verdict}{tier}"'
    titles = {uid: ctx.title(ctx.cases[uid]) for uid in ctx.cases}
    lines = [f"**{text(sentence(a))}.** Evidence strength: "
             f"**{text(strength_text(a.evidence_strength))}**.", ""]
    if a.value is None:
        lines += ["Value: none yet (no assessed case). "
                  f"Buzz **{number(a.buzz, 0)}**/100 (90% interval "
                  f"{interval(a.buzz_interval_90)}).", ""]
    else:
        lines += [f"Value **{number(a.value, 0)}**/100 (90% interval "
                  f"{interval(a.value_interval_90)}); buzz **{number(a.buzz, 0)}**/100 "
                  f"(90% interval {interval(a.buzz_interval_90)}). Tier: **{a.tier}**.", ""]
    lines += [count_headline(a), ""]
    if a.tier == INSUFFICIENT:
        lines += [insufficient_reason(a, ctx.kb.rubric), ""]
    else:
        lines += [text(robustness_line(a, titles)), ""]
    lines += ["No one typed this verdict in: see "
              f"[how it is computed]({relative(here, 'methodology.md')})."]
    return "\n".join([head, "", *("    " + line if line else "" for line in lines)])


def value_section(ctx: Context, here: str, a: Assessment, heading: str = "##") -> list[str]:
    rubric = ctx.kb.rubric
    rows = []
    for c in a.contributions:
        by = ctx.source_by.get(c.evidence_by, c.evidence_by)
        evidence = f"{ctx.source_types.get(c.evidence, c.evidence or 'none')}, {by.lower()}" \
            if c.evidence else "none"
        weight = (f"{c.evidence_weight:g} × {c.stage_weight:g} = {c.raw_weight:.2f}"
                  + (f" → **{c.weight:.2f}**" if c.enters_value else ""))
        rows.append([ctx.case_link(here, c.use_case), text(ctx.stage(c.stage)),
                     text(ctx.outcome(c.outcome)), text(evidence), weight,
                     signed(c.outcome_value) if c.outcome_value is not None
                     else f"not scored: {text(c.excluded_because)}"])
    value_iv = (f" (90% interval {interval(a.value_interval_90)})"
                if a.value_interval_90 else "")
    lines = [f"{heading} Value: {number(a.value, 1)} / 100{value_iv}", ""]
    if a.total_weight > 0:
        mean = a.weighted_sum / a.total_weight
        lines += [f"Value = {rubric.value_centre:g} + {rubric.value_per_point:g} × the "
                  f"weighted mean outcome = {rubric.value_centre:g} + "
                  f"{rubric.value_per_point:g} × ({a.weighted_sum:.3f} / {a.total_weight:.2f})"
                  f" = {rubric.value_centre:g} + {rubric.value_per_point:g} × {mean:+.3f} = "
                  f"**{number(a.value, 1)}**. Outcomes run from −2 (harmful) to +2 "
                  f"(delivered); {rubric.value_centre:g} means no net effect. Each weight is "
                  "the strongest source's weight × the stage's weight, then capped so no case "
                  f"carries more than {round(100 * rubric.case_cap)}% of the total (→).", ""]
    else:
        lines += ["No assessed use case yet, so no value can be computed.", ""]
    if rows:
        lines += [stacked_table(["Use case", "Stage", "Outcome", "Strongest evidence",
                         "Weight (evidence × stage → effective)", "Outcome value"], rows,
                        ["l", "l", "l", "l", "r", "r"]), ""]
    return lines


def robustness_section(ctx: Context, here: str, a: Assessment,
                       heading: str = "##") -> list[str]:
    """How sure the verdict is: intervals, stability, strength, leave-one-out, fragility,
    sensitivity, each in plain words."""
    rubric = ctx.kb.rubric
    lines = [f"{heading} How sure is this?", ""]
    if a.value is None or a.leave_one_out is None:
        return [*lines, insufficient_reason(a, rubric), ""]
    loo, frag, sens = a.leave_one_out, a.fragility or {}, a.sensitivity or {}
    reasons = "; ".join(a.strength_reasons)
    items = [
        f"**Resampling.** The use cases were redrawn {rubric.resamples:,} times (with "
        "replacement, seeded from the content, so every build gives the same figures). "
        f"Value's 90% interval is {interval(a.value_interval_90)} and its 80% interval "
        f"{interval(a.value_interval_80)}; buzz's 90% interval is "
        f"{interval(a.buzz_interval_90)}. The verdict stays *{a.quadrant}* in "
        f"{round(100 * (a.stability or 0))}% of redraws, so the tier is **{a.tier}**.",
        f"**Evidence strength {strength_text(a.evidence_strength)}.** It "
        f"{text(reasons)}.",
    ]
    influential = loo.get("most_influential")
    if influential:
        flips = loo.get("flipping_cases") or []
        flip_text = ("Removing any one of these would change the verdict: "
                     + ", ".join(ctx.case_link(here, u) for u in flips) + "."
                     if flips else "No single case changes the verdict when left out.")
        items.append(f"**Leave one out.** Leaving out one case at a time moves value by at "
                     f"most {number(loo['largest_shift'], 1)} points (leaving out "
                     f"{ctx.case_link(here, influential)}). {flip_text}")
    if frag.get("recodings") is not None or frag.get("extra_cases") is not None:
        recode = (f"{plural(frag['recodings'], 'one-step recoding')} of single cases' "
                  "outcomes (the heaviest first)" if frag.get("recodings")
                  else "No number of recodings")
        extra = (f"{frag['extra_cases']} more *{frag['extra_outcome']}* case"
                 f"{'s' * (frag['extra_cases'] != 1)} of median weight"
                 if frag.get("extra_cases") else
                 f"more than {rubric.fragility_max_extra} extra cases")
        items.append(f"**Fragility.** {recode} would take value across the line; so would "
                     f"{extra}.")
    if sens:
        items.append(f"**Sensitivity.** Over {sens['runs']:,} runs that vary every weight by "
                     f"±{round(100 * rubric.sensitivity_spread)}%, leave pilots in or out, and "
                     "score unknown outcomes of discontinued cases as "
                     f"{signed(rubric.sensitivity_unknown_value)}, "
                     f"{round(100 * sens['same_verdict'])}% give the same verdict; value's "
                     f"5–95% range is {interval(sens.get('value_range_90'))}.")
    return [*lines, *(f"- {item}" for item in items), ""]


def buzz_section(ctx: Context, a: Assessment, phase_label: str, as_of: object,
                 claims: tuple[int, int], heading: str = "##") -> list[str]:
    rubric = ctx.kb.rubric
    open_claims, all_claims = claims
    terms = a.buzz_terms
    return [
        f"{heading} Buzz: {number(a.buzz, 1)} / 100", "",
        f"Buzz = 100 × ({rubric.buzz_unsubstantiated_share:g} × the share of claims not "
        f"substantiated + {rubric.buzz_immature_share:g} × the share of cases that never got "
        f"past announcement or pilot) + {rubric.buzz_phase_share:g} × the hype phase's score.",
        "",
        f"- Claims not substantiated: {open_claims} of {all_claims} "
        f"({round(100 * a.unsubstantiated_share)}%) → {terms['claims']:.1f}",
        f"- Cases announced or in pilot: {round(100 * a.immature_share)}% of "
        f"{a.linked} → {terms['immature']:.1f}",
        f"- Hype phase: **{text(phase_label)}** (as of {text(as_of)}), scoring "
        f"{a.phase_score:g} → {terms['phase']:.1f}", ""]
