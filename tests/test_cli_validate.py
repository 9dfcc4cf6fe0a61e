"""The real `buzzvalue validate` command, run as a contributor or CI would run it."""

from __future__ import annotations

import json
import subprocess
import sys

UC = "use-cases/xx-land-registry.md"


def buzzvalue(*args: str, cwd, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "buzzvalue", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_clean_knowledge_base_exits_zero(tiny):
    result = buzzvalue("validate", cwd=tiny.root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Checked 5 files: 0 errors, 0 warnings in ")


def test_errors_read_like_a_compiler_and_exit_one(tiny):
    tiny.mutate(UC, "stage: production", "stage: pilt")
    result = buzzvalue("validate", cwd=tiny.root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == ("entries/use-cases/xx-land-registry.md:14:8: error BV104 'stage' 'pilt' "
                        "is not one of: announced, pilot, production, scaled, discontinued")
    assert lines[1] == "    hint: did you mean 'pilot'?"
    assert lines[2].startswith("Checked 5 files: 1 error, 0 warnings in ")
    assert result.stderr == ""


def test_paths_limit_the_report_but_references_still_resolve(tiny):
    tiny.mutate("technologies/records.md", "phase: plateau", "phase: plato")
    result = buzzvalue("validate", "entries/use-cases/xx-land-registry.md", cwd=tiny.root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Checked 1 file: 0 errors")


def test_json_format(tiny):
    tiny.mutate(UC, "country: NO", "country: UK")
    result = buzzvalue("validate", "--format", "json", cwd=tiny.root)
    document = json.loads(result.stdout)
    assert document["ok"] is False
    assert document["diagnostics"] == [{
        "path": "entries/use-cases/xx-land-registry.md", "line": 10, "col": 25,
        "code": "BV208", "severity": "error",
        "message": "'UK' is not an ISO 3166-1 alpha-2 country code",
        "hint": "did you mean 'GB'?", "json_path": "$.jurisdiction.country"}]


def test_github_format_annotates_and_writes_the_step_summary(tiny, tmp_path):
    import os
    tiny.mutate(UC, "country: NO", "country: UK")
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}
    result = buzzvalue("validate", "--format", "github", cwd=tiny.root, env=env)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=entries/use-cases/xx-land-registry.md,line=10,col=25,title=BV208::"
        "'UK' is not an ISO 3166-1 alpha-2 country code (hint: did you mean 'GB'?)")
    row = "| `entries/use-cases/xx-land-registry.md:10:25` | error | BV208 |"
    assert row in summary.read_text()


def test_usage_errors_exit_two(tiny):
    assert buzzvalue("validate", "--format", "xml", cwd=tiny.root).returncode == 2
    missing = buzzvalue("validate", "entries/nope.md", cwd=tiny.root)
    assert missing.returncode == 2
    assert missing.stderr == "buzzvalue: error: entries/nope.md: no such file or folder\n"


def test_outside_a_knowledge_base(tmp_path):
    result = buzzvalue("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "no entries/ folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_summary_format_gives_the_errors_and_the_counts_only(tiny):
    tiny.mutate("use-cases/xx-land-registry.md", "stage: production", "stage: pilt")
    result = subprocess.run([sys.executable, "-m", "buzzvalue", "validate", "--format",
                             "summary"], cwd=tiny.root, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("entries/use-cases/xx-land-registry.md:14:8: error BV104 ")
    assert lines[1].startswith("Checked 5 files: 1 error, 0 warnings in ")
