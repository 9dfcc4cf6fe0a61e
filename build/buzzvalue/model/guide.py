"""Decision guides: a reader's answers, the guide's binding rules (data, in the guide entry)
and the knowledge base's computed evidence give a recommendation.

The same logic runs in the reader's browser (docs/javascripts/guide.js reads the same data
that `evidence()` prepares here); tests/test_guides.py pins the two to the same results.
Everything here is plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..core.entry import Entry
from .score import Scores
from .verdict import Assessment

RECOMMENDATIONS = ("hold", "assess", "trial", "adopt")  # most cautious first
LABELS = {"hold": "Hold: use the alternative", "assess": "Assess: discovery only",
          "trial": "Trial: a time-boxed pilot with an independent evaluation",
          "adopt": "Adopt"}
WEAK_TIERS = ("borderline", "insufficient evidence")
COMPARABLE = 3


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _summary(ref: str, title: str, a: Assessment, url: str, line: float) -> dict:
    """What a guide needs of an assessment, as plain JSON-ready data."""
    low, high = a.value_interval_90 or [None, None]
    return {"ref": ref, "title": title, "verdict": a.verdict, "tier": a.tier,
            "evidence_strength": a.evidence_strength, "wording": a.wording, "value": a.value,
            "value_low": low, "value_high": high, "assessed": a.assessed,
            "positive": a.positive, "independent_assessed": a.independent_assessed,
            "independent_positive": a.independent_positive,
            "delivers": a.value is not None and a.value > line,
            "recodings": (a.fragility or {}).get("recodings"),
            "loo_flips": bool((a.leave_one_out or {}).get("flips")), "url": url}


def evidence(entries: Iterable[Entry], scores: Scores, value_line: float) -> dict:
    """The knowledge base's side of every guide: each technology's and pattern's verdict,
    its claims, and the cases to compare with. Answers select from it; nothing here
    depends on them."""
    techs = {}
    patterns = {}
    claims: dict[str, list[dict]] = {}
    for tid, s in sorted(scores.technologies.items()):
        techs[tid] = _summary(tid, s.title, s.assessment, f"technologies/{tid}/", value_line)
        claims[tid] = [{"text": c.text, "label": c.label} for c in s.claims]
        for p in s.patterns:
            patterns[p.ref] = _summary(p.ref, p.title, p.assessment,
                                       f"patterns/{tid}/{p.id}/", value_line)
            claims[p.ref] = [{"text": c.text, "label": c.label} for c in p.claim_scores]
    cases = []
    for entry in sorted((e for e in entries if e.kind == "use-case"), key=lambda e: e.id):
        data = entry.data
        where = data.get("jurisdiction") if isinstance(data.get("jurisdiction"), dict) else {}
        weight = scores.use_cases.get(entry.id)
        cases.append({"id": entry.id, "title": str(data.get("title", entry.id)),
                      "url": f"use-cases/{entry.id}/", "country": where.get("country"),
                      "level": where.get("level"), "domain": data.get("domain"),
                      "technologies": [t for t in _list(data.get("technologies"))],
                      "patterns": [p for p in _list(data.get("patterns"))],
                      "outcome": data.get("outcome"),
                      "weight": weight.raw_weight if weight else 0.0})
    return {"technologies": techs, "patterns": patterns, "claims": claims, "cases": cases}


def evidence_for(evidence_data: Mapping, technologies: Iterable[str]) -> dict:
    """The part of ``evidence()`` one guide can read: its technologies, their patterns and
    claims, and the cases that use them. A guide's options, verdict and comparable cases
    come from these alone, so its page need not carry the whole knowledge base."""
    techs = set(technologies)

    def mine(ref: str) -> bool:
        return ref.split("#", 1)[0] in techs

    return {"technologies": {t: s for t, s in evidence_data["technologies"].items()
                             if t in techs},
            "patterns": {r: s for r, s in evidence_data["patterns"].items() if mine(r)},
            "claims": {r: c for r, c in evidence_data["claims"].items() if mine(r)},
            "cases": [c for c in evidence_data["cases"]
                      if any(t in techs for t in c["technologies"])
                      or any(isinstance(p, str) and mine(p) for p in c["patterns"])]}


@dataclass(frozen=True)
class Choice:
    """A question's options as the reader sees them: its own, or generated."""

    id: str
    label: str
    fit: str | None = None
    flags: tuple[str, ...] = ()
    risk: int = 0
    mitigation: int = 0


def options(question: Mapping, guide: Mapping, evidence_data: Mapping,
            domains: Mapping[str, str], levels: Mapping[str, str]) -> list[Choice]:
    """The options of a question; `choose` questions get theirs from the knowledge base."""
    choose = question.get("choose")
    if choose == "pattern":
        techs = evidence_data["technologies"]
        found = [Choice(ref, f"{s['title']} ({techs[ref.split('#', 1)[0]]['title']})")
                 for ref, s in evidence_data["patterns"].items()
                 if ref.split("#", 1)[0] in _list(guide.get("technologies"))]
        return [*found, Choice("other", "Something else (use the technology's overall evidence)")]
    if choose == "domain":
        return [Choice(code, f"{code} {title}") for code, title in domains.items()]
    if choose == "level":
        return [Choice(value, title) for value, title in levels.items()]
    return [Choice(str(o["id"]), str(o["label"]), o.get("fit"), tuple(_list(o.get("flags"))),
                   int(o.get("risk", 0)), int(o.get("mitigation", 0)))
            for o in _list(question.get("options")) if isinstance(o, dict)]


def evaluate(guide: Mapping, answers: Mapping[str, str], evidence_data: Mapping,
             domains: Mapping[str, str], levels: Mapping[str, str]) -> dict:
    """The guide's result for one set of answers (question id -> option id)."""
    questions = [q for q in _list(guide.get("questions")) if isinstance(q, dict)]
    chosen: dict[str, Choice] = {}
    unanswered = []
    risk = risk_max = mitigation = mitigation_max = 0
    for q in questions:
        opts = options(q, guide, evidence_data, domains, levels)
        pick = next((o for o in opts if o.id == answers.get(q["id"])), None)
        if pick is None:
            unanswered.append(q["id"])
        else:
            chosen[q["id"]] = pick
        risk_max += max((o.risk for o in opts), default=0)
        mitigation_max += max((o.mitigation for o in opts), default=0)
        risk += pick.risk if pick else 0
        mitigation += pick.mitigation if pick else 0
    impact = guide.get("impact") or {}
    # In whole hundredths, so that the browser's arithmetic gives the same level exactly.
    credited = mitigation_max > 0 and \
        mitigation * 100 >= round(100 * impact.get("mitigation_share", 1)) * mitigation_max
    score = risk * (round(100 * impact.get("mitigation_factor", 1)) if credited else 100)
    level = 1 + sum(1 for t in impact.get("thresholds", []) if score > round(100 * t) * risk_max)
    flags = sorted({f for c in chosen.values() for f in c.flags})
    fit_failed = any(c.fit == "fail" for c in chosen.values())

    pattern_q = next((q["id"] for q in questions if q.get("choose") == "pattern"), None)
    pattern_ref = chosen[pattern_q].id if pattern_q in chosen else None
    if pattern_ref in evidence_data["patterns"]:
        scope, ev = "pattern", evidence_data["patterns"][pattern_ref]
        tech_id = pattern_ref.split("#", 1)[0]
    else:
        tech_id = _list(guide.get("technologies"))[0]
        scope, ev = "technology", evidence_data["technologies"][tech_id]
    weak_strength = guide.get("weak_strength", 1)
    fragile_at = guide.get("fragile_recodings", 2)
    fragile = ev["loo_flips"] or (ev["recodings"] is not None and ev["recodings"] <= fragile_at)
    facts = {"fit_failed": fit_failed,
             "evidence_weak": ev["tier"] in WEAK_TIERS or ev["evidence_strength"] <= weak_strength
             or fragile,
             "evidence_not_delivering": not ev["delivers"],
             "unanswered": bool(unanswered)}

    recommendation = "adopt"
    applied = []
    obligations = list(_list((impact.get("obligations") or {}).get(str(level))))
    for rule in _list(guide.get("rules")):
        if not isinstance(rule, dict) or not _holds(rule.get("when") or {}, facts, flags, level):
            continue
        applied.append({"rule": rule["id"], "because": rule.get("because"),
                        "cap": rule.get("cap")})
        if rule.get("cap") and RECOMMENDATIONS.index(rule["cap"]) < \
                RECOMMENDATIONS.index(recommendation):
            recommendation = rule["cap"]
        if rule.get("obligation") and rule["obligation"] not in obligations:
            obligations.append(rule["obligation"])

    domain_q = next((q["id"] for q in questions if q.get("choose") == "domain"), None)
    level_q = next((q["id"] for q in questions if q.get("choose") == "level"), None)
    domain = chosen[domain_q].id if domain_q in chosen else None
    gov_level = chosen[level_q].id if level_q in chosen else None
    return {
        "guide": guide.get("id"), "recommendation": recommendation,
        "recommendation_label": LABELS[recommendation], "rules_applied": applied,
        "impact": {"level": level, "risk": risk, "risk_max": risk_max,
                   "mitigation": mitigation, "mitigation_max": mitigation_max,
                   "mitigation_credit": credited, "score_hundredths": score},
        "obligations": obligations,
        "evidence": {"scope": scope, **ev, "fragile": fragile},
        "comparable": comparable(evidence_data["cases"], scope, ev["ref"], tech_id, domain,
                                 gov_level),
        "claims": evidence_data["claims"].get(ev["ref"], []),
        "checklist": list(_list(guide.get("checklist"))),
        "unanswered": unanswered, "flags": flags, "fit_failed": fit_failed,
    }


def _holds(when: Mapping, facts: Mapping[str, bool], flags: list[str], level: int) -> bool:
    for key, wanted in when.items():
        if key == "flag" and wanted not in flags:
            return False
        if key == "not_flag" and wanted in flags:
            return False
        if key == "impact_at_least" and level < wanted:
            return False
        if key in facts and facts[key] != wanted:
            return False
    return True


def comparable(cases: list[dict], scope: str, ref: str, tech_id: str, domain: str | None,
               level: str | None) -> list[dict]:
    """The most comparable deployments: of the chosen pattern (else the technology), same
    domain first, then the same level of government, then the weightiest evidence."""
    pool = [c for c in cases if (ref in c["patterns"] if scope == "pattern"
                                 else tech_id in c["technologies"])]

    def rank(c: dict) -> tuple:
        return (-(2 * (c["domain"] == domain) + (c["level"] == level)), -c["weight"], c["id"])

    out = []
    for c in sorted(pool, key=rank)[:COMPARABLE]:
        why = [("same use pattern" if scope == "pattern" else "same technology")]
        if domain is not None and c["domain"] == domain:
            why.append("same domain")
        if level is not None and c["level"] == level:
            why.append("same level of government")
        out.append({"id": c["id"], "title": c["title"], "url": c["url"],
                    "country": c["country"], "outcome": c["outcome"], "why": "; ".join(why)})
    return out


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def markdown(guide: Mapping, answers: Mapping[str, str], result: Mapping) -> str:
    """The result as a Markdown brief; the page's "Download as Markdown" gives the same."""
    lines = [f"# {guide.get('title')}", "",
             f"**Recommendation: {result['recommendation_label']}**", ""]
    for a in result["rules_applied"]:
        lines.append(f"- {a['because']}" + (f" (at most {a['cap']})" if a["cap"] else ""))
    lines += ["", f"## Impact level {ROMAN[result['impact']['level']]}", ""]
    lines += [f"- {o}" for o in result["obligations"]]
    e = result["evidence"]
    lines += ["", f"## Evidence: {e['title']}", "",
              f"Verdict: {e['verdict']} ({e['tier']}), evidence strength "
              f"{e['evidence_strength']} of 4. On this evidence, it {e['wording']}. Delivered or "
              f"partly delivered in {e['positive']} of {e['assessed']} assessed deployments "
              f"({e['independent_positive']} of {e['independent_assessed']} independently "
              "evaluated).", ""]
    if result["comparable"]:
        lines += ["## Comparable deployments", ""]
        lines += [f"- {c['title']} ({c['country']}, {c['outcome']}): {c['why']}"
                  for c in result["comparable"]]
        lines.append("")
    if result["claims"]:
        lines += ["## The promises that matter", ""]
        lines += [f"- {c['text']} **{c['label']}**" for c in result["claims"]]
        lines.append("")
    lines += ["## Checklist before starting", ""]
    lines += [f"- [ ] {c}" for c in result["checklist"]]
    lines += ["", "## Answers", ""]
    lines += [f"- {q.get('text')} **{answers.get(q.get('id')) or 'not answered'}**"
              for q in _list(guide.get("questions")) if isinstance(q, dict)]
    lines.append("")
    return "\n".join(lines)
