"""A reader's answers to a decision guide (a small YAML file: question id -> option id),
checked like an entry: every problem located at file:line:col, with a hint."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.diagnostics import Diagnostic, Severity
from ..core.hints import did_you_mean
from ..load.frontmatter import check_front_text, decode
from ..load.strictyaml import YamlProblem, parse

MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Answers:
    answers: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]


def read_answers(path: Path, shown: str, choices: Mapping[str, list[str]]) -> Answers:
    """The answers in ``path`` for a guide whose questions offer ``choices`` (question id ->
    option ids), with a diagnostic for everything that does not fit."""
    def problem(code: str, message: str, line: int = 1, col: int = 1,
                hint: str | None = None) -> Answers:
        return Answers({}, (Diagnostic(shown, line, col, code, Severity.ERROR, message, hint),))

    try:
        raw = path.read_bytes()
    except OSError as exc:
        return problem("BV601", f"cannot read the answers file ({exc.strerror})")
    if len(raw) > MAX_BYTES:
        return problem("BV601", "the answers file is larger than 64 KiB")
    try:
        text = decode(raw)
        check_front_text(text, 1)
        parsed = parse(text)
    except YamlProblem as exc:
        return problem(exc.code, exc.message, exc.line, exc.col, exc.hint)
    except ValueError:
        return problem("BV001", "the answers file is not valid UTF-8")
    data = parsed.data if parsed.data is not None else {}
    if not isinstance(data, dict):
        return problem("BV602", "the answers must be a mapping of question id to option id",
                       hint="write one 'question-id: option-id' line per answer")
    found: list[Diagnostic] = []
    answers: dict[str, str] = {}
    for key, value in data.items():
        line, col = parsed.keys.get((key,), (1, 1))
        if key not in choices:
            found.append(Diagnostic(shown, line, col, "BV603", Severity.ERROR,
                                    f"the guide has no question '{key}'",
                                    did_you_mean(key, choices)
                                    or f"its questions are: {', '.join(choices)}"))
            continue
        vline, vcol = parsed.values.get((key,), (line, col))
        if not isinstance(value, str) or value not in choices[key]:
            shown_value = value if isinstance(value, str) else repr(value)
            options = choices[key]
            listed = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
            found.append(Diagnostic(shown, vline, vcol, "BV604", Severity.ERROR,
                                    f"'{shown_value}' is not an answer to '{key}'",
                                    did_you_mean(value, options) or f"answer one of: {listed}"))
            continue
        answers[key] = value
    return Answers(answers, tuple(sorted(found)))
