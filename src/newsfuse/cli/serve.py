"""``newsfuse serve``: browse the store's stories, dossiers, articles and entities."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer
import uvicorn

from newsfuse.cli import app, err, open_state_store, out, state
from newsfuse.store.base import shown
from newsfuse.web import create_app


def is_loopback(host: str) -> bool:
    """Whether ``host`` only reaches this machine: ``localhost`` or a loopback address.

    Other names are not looked up: what a name resolves to can change after the check.
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on; the default keeps it to this machine. Any other "
            "needs --allow-remote and a token."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="Let --host be an address other machines reach. Refused unless a token "
            "is set ([serve] token or NEWSFUSE_SERVE_TOKEN).",
        ),
    ] = False,
) -> None:
    """Serve the store in a browser: stories, each story's dossier with every citation
    linked to its highlighted evidence, articles, entities, search, and the JSON API
    under /api. Ctrl+C stops it.

    Only this machine can reach it unless --allow-remote is given; the admin endpoints
    (POST /api/admin/...) need the operator's token and are disabled without one.
    """
    if not is_loopback(host):
        if not allow_remote:
            err.print(
                f"error: {host} is not a loopback address: other machines could reach the "
                "server; give --allow-remote (with a token set) if that is meant",
                markup=False,
            )
            raise typer.Exit(2)
        if not state.settings.serve.token:
            err.print(
                "error: --allow-remote needs a token: set [serve] token or NEWSFUSE_SERVE_TOKEN",
                markup=False,
            )
            raise typer.Exit(2)
    # Opened once here so that a bad --db is a one-line error, not a failing page.
    open_state_store().close()
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    out.print(f"serving {shown(state.db)} at {url} (Ctrl+C stops)", markup=False)
    uvicorn.run(
        create_app(state.db, state.settings),
        host=host,
        port=port,
        log_level="error" if state.quiet else "info",
    )
