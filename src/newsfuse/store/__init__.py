"""Where articles live between runs: :func:`open_store` picks the backend from the target.

A target with a ``scheme://`` goes to the opener registered for that scheme in
:data:`OPENERS` (``postgresql://user:password@host:port/dbname``, or
``postgres://``, opens a :class:`~newsfuse.store.postgres.PostgresStore`);
anything else is a SQLite file path or ``":memory:"``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from newsfuse.errors import StoreError
from newsfuse.store.base import Store, shown
from newsfuse.store.sqlite import MEMORY, SQLiteStore

__all__ = ["OPENERS", "SQLiteStore", "Store", "open_store", "shown"]

LOGGER = logging.getLogger(__name__)


def _open_postgres(target: str) -> Store:
    # Imported here: psycopg is the optional `postgres` extra.
    try:
        from newsfuse.store.postgres import PostgresStore
    except ImportError as exc:
        raise StoreError(
            f"a PostgreSQL store needs psycopg: pip install 'newsfuse[postgres]' ({exc})"
        ) from exc
    LOGGER.debug("opening PostgreSQL store")
    return PostgresStore(target)


#: URL scheme -> opener. A backend plugs in by adding its scheme here.
OPENERS: dict[str, Callable[[str], Store]] = {
    "postgresql": _open_postgres,
    "postgres": _open_postgres,
}


def open_store(target: str | Path) -> Store:
    """Open (creating if need be) the store at ``target``.

    ``target`` is a file path (its parent folders are created), ``":memory:"``
    or a URL whose scheme is in :data:`OPENERS`. Raises :class:`StoreError`
    for an unknown scheme or a file that cannot be a store.
    """
    if isinstance(target, str) and "://" in target:
        scheme = target.split("://", 1)[0].lower()
        opener = OPENERS.get(scheme)
        if opener is None:
            known = ", ".join(f"{name}://" for name in sorted(OPENERS))
            raise StoreError(
                f"unknown store scheme {scheme}://; use a file path, {MEMORY} or one of {known}"
            )
        return opener(target)
    if str(target) == MEMORY:
        return SQLiteStore(MEMORY)
    path = Path(target).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the store's folder: {exc}") from exc
    LOGGER.debug("opening SQLite store %s", path)
    return SQLiteStore(path)
