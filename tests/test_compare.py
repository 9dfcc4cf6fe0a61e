"""`buzzvalue compare`: the verdict-change table of a pull request's job summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from buzzvalue.cli.compare import changes, markdown


def score(tid: str, verdict: str, tier: str) -> dict:
    return {"id": tid, "title": tid.title(), "verdict": verdict, "tier": tier, "value": 50.0}


def buzzvalue(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "buzzvalue", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_only_changed_verdicts_or_tiers_are_listed_with_added_and_removed_ones():
    before = {"blockchain": score("blockchain", "borderline", "weak"),
              "open-data": score("open-data", "delivers", "firm"),
              "gone": score("gone", "overhyped", "firm")}
    after = {"blockchain": score("blockchain", "leaning", "firm"),
             "open-data": {**score("open-data", "delivers", "firm"), "value": 61.0},
             "new": score("new", "too-early", "weak")}
    assert markdown(changes(before, after)) == (
        "### Verdict changes\n\n"
        "| technology | before: verdict (tier) | after |\n|---|---|---|\n"
        "| blockchain | borderline (weak) | leaning (firm) |\n"
        "| gone | overhyped (firm) | — |\n"
        "| new | — | too-early (weak) |\n")


def test_no_change_says_so():
    same = {"blockchain": score("blockchain", "borderline", "weak")}
    assert markdown(changes(same, same)).endswith("No technology's verdict or tier changes.\n")


def test_the_command_compares_two_real_score_files(tiny, tmp_path):
    first = buzzvalue("score", "--format", "json", cwd=tiny.root)
    assert first.returncode == 0, first.stderr
    (tmp_path / "before.json").write_text(first.stdout, encoding="utf-8")
    data = json.loads(first.stdout)
    data[0] = {**data[0], "verdict": "changed-verdict"}
    (tmp_path / "after.json").write_text(json.dumps(data), encoding="utf-8")
    result = buzzvalue("compare", str(tmp_path / "before.json"), str(tmp_path / "after.json"),
                       cwd=tiny.root)
    assert result.returncode == 0, result.stderr
    row = f"| {data[0]['id']} | {json.loads(first.stdout)[0]['verdict']} ("
    assert row in result.stdout and "| changed-verdict (" in result.stdout


@pytest.mark.parametrize(("content", "message"), [
    (None, "cannot read it"),
    ("{not json", "not JSON"),
    ('{"id": "x"}', "not the output of 'buzzvalue score --format json'"),
])
def test_bad_score_files_exit_one_with_a_message(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    result = buzzvalue("compare", str(bad), str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"buzzvalue: error: {bad}: {message}")
    assert "Traceback" not in result.stderr
