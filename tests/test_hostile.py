"""Entries come from strangers' pull requests: hostile input gets a diagnostic, quickly,
and nothing executable from an entry reaches the site."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buzzvalue.check import schemacheck
from buzzvalue.load.strictyaml import YamlProblem, parse
from buzzvalue.site.render import render

UC = "use-cases/xx-land-registry.md"
TEXT_FIELDS = ["title", "summary", "organisation"]
PAYLOADS = ["<script>alert(1)</script>", "<iframe src=https://evil.example></iframe>",
            "x <img src=x onerror=alert(1)>", "see javascript:alert(1)"]


def validate_cli(root, timeout=120) -> subprocess.CompletedProcess:
    """The real command, with a hard bound on its time (a hang fails the test)."""
    return subprocess.run([sys.executable, "-m", "buzzvalue", "validate", "--format", "json"],
                          cwd=root, capture_output=True, text=True, timeout=timeout)


yaml_ish = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n \t,?%@`\\0123456789")),
                   max_size=300)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_ish)
def test_random_front_matter_never_crashes_the_parser(text):
    try:
        parse(text)
    except YamlProblem as problem:
        assert problem.code.startswith("BV0") and problem.line >= 1 and problem.col >= 1


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.binary(max_size=400) | yaml_ish.map(lambda t: ("---\n" + t + "\n---\n").encode()))
def test_random_files_never_crash_the_validator(tiny, content):
    tiny.write("use-cases/xx-fuzz.md", content)
    kb = tiny.load()  # raises on a bug; a bad file is a diagnostic
    # Every file is accounted for: read into an entry, or reported (random bytes never pass).
    assert any(d.path.endswith("xx-fuzz.md") for d in kb.report.diagnostics)


def bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    return "---\n" + "\n".join(lines) + "\n---\n"


ADVERSARIAL = {
    "alias-bomb": (bomb().encode(), "BV008"),
    "nesting-1000": (b"---\nid: " + b"[" * 1000 + b"]" * 1000 + b"\n---\n", "BV010"),
    "block-nesting-1000": (("---\n" + "".join(" " * i + f"k{i}:\n" for i in range(1000))
                            + " " * 1000 + "v: 1\n---\n").encode(), "BV010"),
    "twenty-megabytes": (b"---\nid: x\n---\n" + b"a" * (20 * 1024 * 1024), "BV011"),
    "binary": (bytes(range(256)) * 4, "BV002"),
    "latin-1": ("---\nid: Zürich\n---\n".encode("latin-1"), "BV001"),
    "nul": (b"---\nid: x\x00\n---\n", "BV002"),
    "ten-thousand-keys": (("---\n" + "".join(f"k{i}: {i}\n" for i in range(10000))
                           + "---\n").encode(), "BV102"),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_file_gets_a_diagnostic(tiny, name):
    content, code = ADVERSARIAL[name]
    tiny.write("use-cases/xx-hostile.md", content)
    result = validate_cli(tiny.root)
    assert result.returncode == 1, result.stderr
    assert f'"code": "{code}"' in result.stdout
    assert "Traceback" not in result.stderr


def test_symlink_out_of_the_repository(tiny, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    tiny.path("use-cases/xx-link.md").symlink_to(secret)
    result = validate_cli(tiny.root)
    assert '"code": "BV014"' in result.stdout
    assert "password" not in result.stdout


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_any_text_field_is_an_error(tiny, field, payload):
    text = tiny.path(UC).read_text()
    start = text.index(f"\n{field}:") + 1
    end = text.index("\n", start)
    if text[end + 1:].startswith("  "):  # a folded value: drop its continuation lines
        while text[end + 1:].startswith("  "):
            end = text.index("\n", end + 1)
    tiny.path(UC).write_text(text[:start] + f"{field}: {payload!r}".replace("'", '"')
                             + text[end:])
    codes = {(code, line) for name, code, line, _ in tiny.found() if name == UC.split("/")[1]}
    assert ("BV304", text[:start].count("\n") + 1) in codes


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_executable_reaches_a_page_even_past_validation(tiny, payload):
    tiny.mutate(UC, "title: Example land registry on a shared ledger", f"title: {payload!r}")
    tiny.mutate(UC, "Institutional reform did most", f"{payload} [x](javascript:alert(1)) did")
    kb = tiny.load()
    assert kb.report.errors  # the validator refuses it ...
    page = render(kb).files[UC]  # ... and the renderer, called anyway, defuses it
    assert "<script" not in page and "<iframe" not in page and "<img" not in page
    assert "](javascript:" not in page


def test_fast_path_gives_identical_diagnostics(tiny, monkeypatch):
    from test_validate_rules import CASES

    for _, name, old, new, _ in CASES:
        tiny.mutate(name, old, new)
        fast = tiny.load().report.diagnostics
        monkeypatch.setattr(schemacheck, "fast_validator_for", lambda *a: None)
        slow = tiny.load().report.diagnostics
        monkeypatch.undo()
        assert fast == slow and [d.message for d in fast] == [d.message for d in slow]
        tiny.mutate(name, new, old)
