""".ci/run: what CI installs beyond the README's test command, then exactly that command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def commands() -> list[str]:
    return [line.strip() for line in RUN.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def test_it_ends_with_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make test\s+#", readme, re.MULTILINE)
    assert commands()[-1] == "make test"


def test_it_installs_the_pinned_language_server_for_the_editor_test_when_npm_exists():
    assert "npm install -g --silent yaml-language-server@1.25.0" in RUN
    assert "command -v npm" in RUN  # without npm it says so and goes on
    assert "the editor test will skip" in RUN
