"""Helpers for the end-to-end tests: writing inputs, running the CLI in and out of process."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from newsfuse.cli import app, load_commands

load_commands()  # as main() does


class Cli:
    """``newsfuse --db DB ...`` through Typer's CliRunner (not a TTY: plain output)."""

    def __init__(self, runner: CliRunner, db: Path) -> None:
        self.runner = runner
        self.db = db

    def __call__(self, *args: str | Path) -> Result:
        return self.runner.invoke(app, ["--db", str(self.db), *map(str, args)])


def normalise(text: str) -> str:
    """Runs of whitespace collapsed to one space, ends stripped."""
    return " ".join(text.split())


def write_article(path: Path, title: str, *paragraphs: str, encoding: str = "utf-8") -> Path:
    """A plain-text article the way news dumps hold them: headline first, blank-line paragraphs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\n\n".join([title, *paragraphs]).encode(encoding) + b"\n")
    return path


def write_jsonl(path: Path, records: Iterable[dict[str, Any] | str]) -> Path:
    """One line per record; strings are written as they are (for malformed lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [record if isinstance(record, str) else json.dumps(record) for record in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def newsfuse_executable() -> Path:
    """The installed ``newsfuse`` entry point of the interpreter running the tests."""
    beside = Path(sys.executable).with_name("newsfuse")
    if beside.is_file():
        return beside
    found = shutil.which("newsfuse")
    if found is None:
        pytest.skip("the newsfuse entry point is not installed: pip install -e .")
    return Path(found)


def run_newsfuse(db: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the real ``newsfuse`` program, as a user's shell would (no TTY)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("NEWSFUSE_") and name not in ("FORCE_COLOR", "TTY_COMPATIBLE")
    }
    return subprocess.run(
        [str(newsfuse_executable()), "--db", str(db), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def error_lines(stderr: str) -> list[str]:
    """The ``error: ...`` lines of a command's stderr, in order."""
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def screen_for(
    kind: str, monkeypatch: pytest.MonkeyPatch, command: ModuleType
) -> Iterator[io.StringIO | None]:
    """Where ``command`` prints: ``"plain"`` (stdout, not a TTY) or a colour terminal.

    For a fixture parametrised over both, so that each test checks that text
    from articles is neither Rich markup nor terminal control in either.
    """
    if kind == "plain":
        yield None
        return
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="truecolor",
        width=300,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    monkeypatch.setattr(command, "out", console)
    yield buffer


_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def shown(result: Result, buffer: io.StringIO | None) -> str:
    """What the command showed, with Rich's colours (not links) taken out."""
    assert result.exit_code == 0, result.output
    if buffer is None:
        return result.stdout
    assert result.stdout == ""
    output = buffer.getvalue()
    assert "\x1b[" in output  # really rendered for a colour terminal
    return _STYLE.sub("", output)
