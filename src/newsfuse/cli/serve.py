"""``newsfuse serve``: browse the store's stories, dossiers, articles and entities."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from newsfuse.cli import app, open_state_store, out, state
from newsfuse.web import create_app


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default keeps it to this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the store in a browser: stories, each story's dossier with every citation
    linked to its highlighted evidence, articles, entities, search, and the JSON API
    under /api. Ctrl+C stops it.
    """
    # Opened once here so that a bad --db is a one-line error, not a failing page.
    open_state_store().close()
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    out.print(f"serving {state.db} at {url} (Ctrl+C stops)", markup=False)
    uvicorn.run(
        create_app(state.db, state.settings),
        host=host,
        port=port,
        log_level="error" if state.quiet else "info",
    )
