"""``newsfuse ingest``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsfuse.cli import app, err, open_state_store, out, state
from newsfuse.errors import InputError
from newsfuse.ingest import ingest as run_ingest
from newsfuse.model import Article
from newsfuse.store import shown


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders (.txt .html .html.gz .jsonl .warc .warc.gz)."),
    ],
) -> None:
    """Ingest articles: extract, clean and store them. Re-ingesting the same content is a no-op.

    Each input that fails is reported on one line naming the file (and line or
    record) and the reason; the others go on. Exit status 1 if any input failed.
    """
    store = open_state_store()

    def report_error(error: InputError) -> None:
        err.print(f"error: {error}", markup=False)

    try:
        if err.is_terminal and not state.quiet:
            with Progress(
                SpinnerColumn(),
                TextColumn("ingesting"),
                BarColumn(bar_width=None),
                TextColumn("{task.completed} inputs"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task("ingest", total=None)

                def advance(_item: Article | InputError) -> None:
                    progress.advance(task)

                report = run_ingest(
                    [str(p) for p in paths],
                    store,
                    state.settings,
                    on_error=report_error,
                    on_article=advance,
                )
        else:
            report = run_ingest(
                [str(p) for p in paths], store, state.settings, on_error=report_error
            )
    finally:
        store.close()
    if not state.quiet:
        out.print(
            f"added {len(report.added)}, already stored {len(report.already_stored)}, "
            f"re-processed {len(report.recleaned)}, failed {len(report.errors)}"
            f" -> {shown(state.db)}",
            markup=False,
        )
    if report.errors:
        raise typer.Exit(1)
