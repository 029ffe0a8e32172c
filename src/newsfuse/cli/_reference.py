"""The CLI reference (docs/cli.md), generated from the commands themselves.

``make docs`` writes it; a test fails when the file and the commands disagree,
so no command, option or help text can go undocumented.
"""

from __future__ import annotations

from typing import Any

import typer.main

from newsfuse.cli import app, load_commands


def cli_reference() -> str:
    """Markdown for every command: usage, help text, arguments and options."""
    load_commands()

    # Typer vendors its own click: work through the command objects it returns.
    group: Any = typer.main.get_command(app)
    context = group.make_context("newsfuse", [], resilient_parsing=True)
    lines = [
        "# newsfuse command reference",
        "",
        "Generated from the commands by `make docs`; do not edit by hand.",
        "",
        "## newsfuse",
        "",
        group.help or "",
        "",
        *_params(group, context),
    ]
    # Sorted: registration order depends on which module a process imported first.
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        assert command is not None
        sub = command.make_context(name, [], parent=context, resilient_parsing=True)
        lines += [
            f"## newsfuse {name}",
            "",
            "```",
            " ".join(command.collect_usage_pieces(sub)).join([f"newsfuse [OPTIONS] {name} ", ""]),
            "```",
            "",
            (command.help or "").strip(),
            "",
            *_params(command, sub),
        ]
    return "\n".join(lines).rstrip() + "\n"


def _params(command: Any, context: Any) -> list[str]:
    rows = []
    for param in command.get_params(context):
        if param.name == "help":
            continue
        record = param.get_help_record(context)
        if record is None:
            metavar = param.make_metavar(context)
            rows.append(f"- `{metavar}`: {getattr(param, 'help', None) or ''}".rstrip())
        else:
            rows.append(f"- `{record[0]}`: {record[1]}")
    return [*rows, ""] if rows else []


if __name__ == "__main__":
    import sys

    sys.stdout.write(cli_reference())
