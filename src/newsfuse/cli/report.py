"""``newsfuse report``: a story's dossier as Markdown, one HTML file or JSON."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newsfuse.cli import app as cli_app
from newsfuse.cli import err, find_or_exit, open_state_store, state
from newsfuse.dossier import dossier_record, load_dossier
from newsfuse.model import Dossier, Story
from newsfuse.report import render_html, render_markdown
from newsfuse.store import Store


class Format(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class Length(StrEnum):
    brief = "brief"
    full = "full"


def _json(dossier: Dossier) -> str:
    return json.dumps(dossier_record(dossier), ensure_ascii=False, indent=2) + "\n"


_RENDERERS: dict[Format, Callable[[Dossier], str]] = {
    Format.md: render_markdown,
    Format.html: render_html,
    Format.json: _json,
}


def _largest_story(store: Store) -> str:
    """The id of the story with the most articles (the earliest of those tied)."""
    best: Story | None = None
    for story in store.iter_stories():
        if best is None or len(story.articles) > len(best.articles):
            best = story
    if best is None:
        err.print("error: the store holds no stories: ingest articles first", markup=False)
        raise typer.Exit(1)
    return best.id


@cli_app.command()
def report(
    story_id: Annotated[
        str | None,
        typer.Argument(
            metavar="STORY",
            help="Story id or a unique prefix of it. Default: the story with the most articles.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="md: Markdown; html: one self-contained HTML file, evidence linked and "
            "highlighted; json: the dossier record.",
        ),
    ] = Format.md,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    length: Annotated[
        Length,
        typer.Option(help="brief: the most corroborated facts; full: every fact worth citing."),
    ] = Length.full,
) -> None:
    """Write a story's dossier: cited summary, timeline, contradiction board, who said what,
    coverage by outlet, and the sources every citation points to.

    Without STORY, the story with the most articles (the earliest of those
    tied). Every summary sentence is a sentence of a source, followed by its
    citations: article ids and character offsets into the article's clean text.
    """
    store = open_state_store()
    try:
        chosen = story_id if story_id is not None else _largest_story(store)
        dossier = find_or_exit(
            lambda key: load_dossier(store, key, state.settings, length=length.value),
            chosen,
            "story",
        )
    finally:
        store.close()
    document = _RENDERERS[format](dossier)
    if output is None:
        sys.stdout.write(document)
        return
    # Written beside the target and renamed, so a failed write never leaves half a report.
    partial = output.with_name(output.name + ".partial")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(document, encoding="utf-8", newline="")
        partial.replace(output)
    except OSError as error:
        # The folder may be what failed (a file in its place): nothing to clean then.
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        err.print(f"error: {output}: cannot write the report: {error}", markup=False)
        raise typer.Exit(1) from error
    if not state.quiet:
        err.print(
            f"wrote the {format.value} report of story {dossier.story.id} to {output}", markup=False
        )
