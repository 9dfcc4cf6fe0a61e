"""`buzzvalue guide GUIDE_ID --answers FILE`: a decision guide's recommendation for a set of
answers, exactly as the guide's page gives it (the page runs the same rules in the browser;
a test pins the two to the same results)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..check.answers import read_answers
from ..core.diagnostics import Report
from ..core.hints import did_you_mean
from .common import add_root_option, load_clean
from .exitcodes import UsageError
from .report import text as report_text


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "guide", help="a decision guide's recommendation for your answers",
        description="Evaluate a decision guide (entries/guides/) for the answers in a YAML "
                    "file of 'question-id: option-id' lines, against the computed evidence.")
    parser.add_argument("guide_id", metavar="GUIDE_ID",
                        help="a guide's id: a file name in entries/guides/")
    parser.add_argument("--answers", required=True, type=Path, metavar="FILE",
                        help="a YAML file mapping question ids to option ids")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                        help="a short summary (default), the full result as JSON, or the "
                             "Markdown brief the page downloads")
    add_root_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..model import guide as model  # numpy loads in 0.2 s; `validate` does not need it

    kb = load_clean(args)
    guides = {e.id: e for e in kb.entries if e.kind == "guide"}
    entry = guides.get(args.guide_id)
    if entry is None:
        raise UsageError(f"no guide has the id '{args.guide_id}'; "
                         + (did_you_mean(args.guide_id, guides)
                            or f"the guides are: {', '.join(sorted(guides)) or 'none'}"))
    evidence = model.evidence(kb.entries, kb.scores, kb.rubric.value_line)
    domains = kb.schemas.titles("domain")
    levels = kb.schemas.titles("jurisdiction_level")
    choices = {q["id"]: [c.id for c in model.options(q, entry.data, evidence, domains, levels)]
               for q in entry.data.get("questions", []) if isinstance(q, dict)}
    answers = read_answers(args.answers, str(args.answers), choices)
    if answers.diagnostics:
        report_text(Report(answers.diagnostics, 1), sys.stderr, 0.0, False)
        return 1
    result = model.evaluate(entry.data, answers.answers, evidence, domains, levels)
    if args.format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False, sort_keys=True))
    elif args.format == "markdown":
        print(model.markdown(entry.data, answers.answers, result), end="")
    else:
        print(summary(result))
    return 0


def summary(result: dict) -> str:
    from ..model import guide as model

    e = result["evidence"]
    lines = [f"Recommendation: {result['recommendation_label']}",
             f"Impact level {model.ROMAN[result['impact']['level']]} "
             f"({result['impact']['risk']} of {result['impact']['risk_max']} risk points)",
             f"Evidence ({e['scope']}): {e['title']}: {e['verdict']} ({e['tier']}), "
             f"strength {e['evidence_strength']} of 4"]
    lines += [f"  because: {a['because']}" for a in result["rules_applied"]]
    lines += [f"  obligation: {o}" for o in result["obligations"]]
    if result["unanswered"]:
        lines.append(f"Not answered: {', '.join(result['unanswered'])}")
    return "\n".join(lines)
