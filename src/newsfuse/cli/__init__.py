"""The ``newsfuse`` command line: thin commands over the Python API.

Only this package prints. On a terminal, output is Rich (tables, progress
bars); otherwise it is plain, tab-separated and quiet, for scripts.
Article-derived text is always printed as plain text, never as Rich markup.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.logging import RichHandler

from newsfuse.config import Settings, load_settings
from newsfuse.errors import NewsfuseError
from newsfuse.store import Store, open_store

__all__ = ["app", "load_commands", "main", "safe_line", "write_tsv"]

app = typer.Typer(
    name="newsfuse",
    help="Fuse many messy news reports about the same events into one sourced account.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# emoji=False: article text saying ":thumbs_up:" must print as written.
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


class State:
    """Options shared by every command, set by the top-level callback."""

    settings: Settings = Settings()
    db: str = "newsfuse.db"
    quiet: bool = False


state = State()


@app.callback()
def _options(
    db: Annotated[
        str | None,
        typer.Option(
            help="Store: a SQLite file path, or a PostgreSQL URL"
            " (postgresql://user:password@host:port/dbname)."
            " Default: $NEWSFUSE_DB or ./newsfuse.db."
        ),
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="A TOML settings file overlaying the defaults.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More logging.")] = 0,
) -> None:
    try:
        state.settings = load_settings(config)
    except (OSError, ValueError) as error:
        err.print(f"error: settings: {error}", markup=False)
        raise typer.Exit(2) from error
    state.db = db or state.settings.store.db
    state.quiet = quiet
    level = logging.WARNING - 10 * verbose if not quiet else logging.ERROR
    logging.basicConfig(
        level=max(level, logging.DEBUG),
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False)]
        if err.is_terminal
        else [logging.StreamHandler(sys.stderr)],
    )
    # Extraction libraries warn about every page they discard; newsfuse reports
    # those inputs itself, on one line each. Their chatter shows with -vv.
    for noisy in ("trafilatura", "htmldate", "charset_normalizer", "warcio"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose >= 2 else logging.ERROR)


def open_state_store() -> Store:
    """The store named by ``--db``; exits with a one-line error if it can't be opened."""
    try:
        return open_store(state.db)
    except NewsfuseError as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(2) from error


# C0 and C1 control characters: a title carrying ESC sequences must not drive
# the terminal (Text() stops Rich markup, not these).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_line(value: str | None, width: int = 0) -> str:
    """Article-derived text as one safe line: whitespace collapsed, controls shown as escapes."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", " ".join((value or "").split()))
    return text[: width - 1] + "…" if width and len(text) > width else text


def write_tsv(rows: Iterable[Sequence[str | None]]) -> None:
    """Plain output: one tab-separated line per row, each field a :func:`safe_line`."""
    # Straight to stdout: Rich would expand the tabs that scripts split on.
    for row in rows:
        sys.stdout.write("\t".join(safe_line(value) for value in row) + "\n")


_Found = TypeVar("_Found")


def find_or_exit(get: Callable[[str], _Found | None], key: str, what: str) -> _Found:
    """``get(key)`` (an id or a unique prefix), or a one-line error and exit.

    Exit status 2 when the prefix is ambiguous, 1 when nothing has that id.
    """
    try:
        found = get(key)
    except LookupError as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(2) from error
    if found is None:
        err.print(f"error: no {what} with id {key!r}", markup=False)
        raise typer.Exit(1)
    return found


def load_commands() -> None:
    """Import every command module: importing one registers its commands on ``app``."""
    from newsfuse.cli import (  # noqa: F401
        articles,
        claims,
        entities,
        export,
        ingest,
        report,
        serve,
        spark,
        stories,
    )


def main() -> None:
    load_commands()
    app()
