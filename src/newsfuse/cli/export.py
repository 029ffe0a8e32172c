"""``newsfuse export``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from newsfuse.cli import app, err, open_state_store, state
from newsfuse.export import write_csv, write_json, write_jsonl
from newsfuse.store import Store


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


_WRITERS: dict[Format, Callable[[Store, TextIO], int]] = {
    Format.json: write_json,
    Format.jsonl: write_jsonl,
    Format.csv: write_csv,
}


@app.command()
def export(
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="json: the whole export document; "
            "jsonl: an article a line; csv: an article a row.",
        ),
    ] = Format.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Export the store: articles, entities, figures, quotes, events and stories."""
    store: Store = open_state_store()
    writer = _WRITERS[format]
    try:
        if output is None:
            count = writer(store, sys.stdout)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            # Written beside the target and renamed, so a failed export never leaves half a file.
            partial = output.with_name(output.name + ".partial")
            try:
                with partial.open("w", encoding="utf-8", newline="") as handle:
                    count = writer(store, handle)
                partial.replace(output)
            except OSError as error:
                partial.unlink(missing_ok=True)
                err.print(f"error: {output}: export failed: {error}", markup=False)
                raise typer.Exit(1) from error
    finally:
        store.close()
    if output is not None and not state.quiet:
        err.print(f"exported {count} articles to {output}", markup=False)
