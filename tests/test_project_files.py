"""Promises about the repository itself: README commands, the documented code table."""

from __future__ import annotations

import re
from pathlib import Path

from coursegen.diagnostics import codes_markdown

REPO = Path(__file__).resolve().parent.parent


def test_readme_opens_with_exactly_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```[^\n]*\n(.*?)```", readme, re.S)
    assert first_block and readme.index("```") < readme.index("\n\n", readme.index("# coursegen") + 12)
    commands = [line for line in first_block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "pip install" in commands[0] and "pytest" in commands[1]


def test_documented_codes_match_the_registry() -> None:
    documented = (REPO / "content/contribute/diagnostics.md").read_text(encoding="utf-8")
    assert codes_markdown() in documented, "run: coursegen codes, and paste the table into diagnostics.md"
