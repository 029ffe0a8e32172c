"""Documentation stays in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

from newsfuse.cli._reference import cli_reference

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current() -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == cli_reference(), "docs/cli.md is stale: run `make docs`"


def test_every_command_has_help() -> None:
    reference = cli_reference()
    sections = re.split(r"^## ", reference, flags=re.MULTILINE)[1:]
    assert len(sections) >= 5
    for section in sections:
        title, _, body = section.partition("\n")
        prose = [
            line
            for line in body.splitlines()
            if line and not line.startswith(("```", "- ", "newsfuse"))
        ]
        assert prose, f"{title} has no help text"


def test_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = set(re.findall(r"^## newsfuse (\w[\w-]*)", cli_reference(), flags=re.MULTILINE))
    mentioned = set(re.findall(r"newsfuse(?: --db \S+)? ([a-z][\w-]+)", readme))
    assert commands <= mentioned, f"README does not mention: {sorted(commands - mentioned)}"
    assert "make run" in readme and "make test" in readme
