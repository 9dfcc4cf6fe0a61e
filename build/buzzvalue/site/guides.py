"""Decision-guide pages: the questionnaire as a form, the binding rules written out (so the
page reads without JavaScript), and the data the page's own script (guide.js) evaluates
answers with. The same evaluation runs in Python (model/guide.py) for `buzzvalue guide`."""

from __future__ import annotations

import json

from ..core.entry import Entry
from ..model import guide as model
from .context import Context
from .mdtext import attr, bullets, external, relative, sanitise, text

CAP_WORDS = {"hold": "Hold", "assess": "Assess", "trial": "Trial", "adopt": "Adopt"}


def guide_page_path(guide_id: str) -> str:
    return f"guides/{guide_id}.md"


def payload(ctx: Context, entry: Entry, evidence: dict) -> dict:
    """What the page's script needs: the guide, the knowledge base's evidence, the labels."""
    mine = model.evidence_for(evidence, (t for t in entry.data.get("technologies") or []
                                         if isinstance(t, str)))
    return {"guide": dict(entry.data), "evidence": mine,
            "domains": ctx.kb.schemas.titles("domain"), "levels": ctx.levels,
            "labels": model.LABELS}


def guide_evidence(ctx: Context) -> dict:
    """The knowledge base's side of every guide, computed once per build."""
    return model.evidence(ctx.kb.entries, ctx.kb.scores, ctx.kb.rubric.value_line)


def condition_words(when: dict) -> str:
    words = []
    if when.get("fit_failed"):
        words.append("a fit question is answered the way that rules the technology out")
    if "flag" in when:
        words.append(f"an answer raises '{when['flag']}'")
    if "not_flag" in when:
        words.append(f"no answer raises '{when['not_flag']}'")
    if when.get("evidence_weak"):
        words.append("the evidence for the chosen use is weak (a borderline or insufficient "
                     "verdict, a fragile one, or low evidence strength)")
    if when.get("evidence_not_delivering"):
        words.append("the chosen use's value is at or below the line")
    if when.get("unanswered"):
        words.append("some questions are unanswered")
    if "impact_at_least" in when:
        words.append(f"the impact level is {roman(when['impact_at_least'])} or higher")
    return " and ".join(words)


def roman(level: int) -> str:
    return {1: "I", 2: "II", 3: "III", 4: "IV"}.get(level, str(level))


def guide_page(ctx: Context, entry: Entry, evidence: dict) -> str:
    here = guide_page_path(entry.id)
    data = entry.data
    sources = {s["id"]: s for s in data.get("sources", []) if isinstance(s, dict)}
    domains = ctx.kb.schemas.titles("domain")
    form = ['<form class="bv-guide" id="bv-guide" aria-describedby="bv-guide-how">']
    for question in data.get("questions", []):
        qid = attr(question["id"])
        cites = [sources[c] for c in question.get("cite", []) if c in sources]
        cite_html = (' <span class="bv-guide-cite">(from: '
                     + "; ".join(f'<a href="{attr(s["url"])}">{attr(s["title"])}</a>'
                                 for s in cites) + ")</span>") if cites else ""
        form.append(f'<fieldset id="q-{qid}" data-section="{attr(question["section"])}">'
                    f'<legend>{attr(question["text"])}</legend>'
                    f'<p class="bv-guide-help" id="h-{qid}">{attr(question["help"])}'
                    f"{cite_html}</p>")
        choices = model.options(question, data, evidence, domains, ctx.levels)
        if question.get("choose"):
            form.append(f'<label for="in-{qid}">Choose</label> '
                        f'<select id="in-{qid}" name="{qid}" aria-describedby="h-{qid}">'
                        '<option value="">(not answered)</option>'
                        + "".join(f'<option value="{attr(c.id)}">{attr(c.label)}</option>'
                                  for c in choices) + "</select>")
        else:
            for choice in choices:
                cid = f"in-{qid}-{attr(choice.id)}"
                form.append(f'<div class="bv-guide-option"><input type="radio" id="{cid}" '
                            f'name="{qid}" value="{attr(choice.id)}"> '
                            f'<label for="{cid}">{attr(choice.label)}</label></div>')
        form.append("</fieldset>")
    form.append("</form>")
    data_json = json.dumps(payload(ctx, entry, evidence), ensure_ascii=False, sort_keys=True,
                           separators=(",", ":")).replace("</", "<\\/")
    rules = []
    for rule in data.get("rules", []):
        effect = []
        if rule.get("cap"):
            effect.append(f"at most **{CAP_WORDS[rule['cap']]}**")
        if rule.get("obligation"):
            effect.append(f"obligation: {text(rule['obligation'])}")
        rules.append(f"If {text(condition_words(rule.get('when', {})))}: "
                     f"{'; '.join(effect)}. *{text(rule.get('because'))}*")
    impact = data.get("impact", {})
    thresholds = impact.get("thresholds", [0.25, 0.5, 0.75])
    levels = [f"**Level {roman(n)}**: " + "; ".join(text(o) for o in
                                                    impact.get("obligations", {}).get(str(n), []))
              for n in (1, 2, 3, 4)]
    parts = [ctx.front(str(data.get("title")), str(data.get("summary", "")), ["Decision guide"],
                       boost=3),
             f"# {text(data.get('title'))}", "",
             text(data.get("summary")), "",
             '<p id="bv-guide-how">Answer the questions; the recommendation below updates as '
             "you go, and the page's address keeps your answers, so you can share or bookmark "
             "it. Nothing leaves your browser.</p>", "",
             '<noscript><p><strong>Without JavaScript</strong> the questions below still read, '
             "and the binding rules after them say how answers lead to a recommendation; "
             "apply them by hand, or run <code>buzzvalue guide " + attr(entry.id)
             + " --answers answers.yaml</code>.</p></noscript>", "",
             "\n".join(form), "",
             '<div id="bv-guide-result" class="bv-guide-result" aria-live="polite"></div>', "",
             f'<script type="application/json" id="bv-guide-data">{data_json}</script>', "",
             '<div class="bv-guide-static" markdown="1">', "",
             "## The binding rules", "",
             "The recommendation starts at Adopt; every rule that applies caps it, and the most "
             "cautious cap wins: Hold (use the alternative) < Assess (discovery only) < Trial "
             "(a time-boxed pilot with an independent evaluation) < Adopt.", "",
             bullets(rules), "",
             "## Impact levels", "",
             "The impact questions score risk points; the level is I up to "
             f"{round(100 * thresholds[0])}% of the maximum score, II up to "
             f"{round(100 * thresholds[1])}%, III up to {round(100 * thresholds[2])}%, and IV "
             "above. When the mitigation answers reach "
             f"{round(100 * impact.get('mitigation_share', 1))}% of their maximum, the risk "
             "score is multiplied by "
             f"{impact.get('mitigation_factor', 1):g}.", "",
             bullets(levels), "",
             "## Before you start: the checklist", "",
             bullets(text(c) for c in data.get("checklist", [])), "",
             sanitise(entry.body.strip()), "",
             "## Sources", "",
             "\n".join(f"{i}. {external(s['title'], s['url'])} — {text(s.get('publisher'))}, "
                       f"{text(s.get('date'))}" for i, s in enumerate(sources.values(), 1)), "",
             f"See also the [use patterns]({relative(here, 'patterns/index.md')}) and their "
             "briefs.", "",
             ctx.review_line(data), "", "</div>", ""]
    return "\n".join(parts)


def guides_index(ctx: Context, guides: list[Entry]) -> str:
    here = "guides/index.md"
    rows = [f"[{text(g.data.get('title'))}]({relative(here, guide_page_path(g.id))}): "
            f"{text(g.data.get('summary'))}" for g in guides]
    return "\n".join([ctx.front("Decision guides", "Should we use X for this? Guided "
                                                   "assessments backed by the evidence."),
                      "# Decision guides", "",
                      "Each guide asks about your project, applies binding rules written as "
                      "data, and ties the answer to what comparable deployments actually "
                      "delivered.", "",
                      bullets(rows) if rows else "No guide has been written yet.", ""])
