"""What routes take as parameters: the store and the settings.

FastAPI runs a sync dependency and the sync route that uses it on different
worker threads, and a SQLite connection refuses to be used outside the thread
that opened it. So a route gets a handle whose every call goes to the store of
the calling thread, opened on that thread's first use: each worker thread has
its own connection and none is ever shared.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, TypeVar, cast

from fastapi import Depends, HTTPException, Request

from newsfuse.config import Settings
from newsfuse.store import Store, open_store

__all__ = [
    "Length",
    "SettingsDep",
    "StoreDep",
    "ThreadStores",
    "found_or_http_error",
    "get_settings",
    "get_store",
]


class ThreadStores:
    """The store at ``db``, one connection per thread.

    A connection lives as long as its thread (a worker thread serves many
    requests) and closes with it.
    ``db`` is a SQLite file or a PostgreSQL URL, never ``":memory:"``: every
    thread opening that would get an empty database of its own.
    """

    def __init__(self, db: str) -> None:
        self.db = db
        self._local = threading.local()

    def current(self) -> Store:
        """The calling thread's store, opened now if this thread has none yet."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db)
            self._local.store = store
        return store


class _CallingThreadStore:
    """Looks each attribute up on the store of the thread asking for it."""

    __slots__ = ("_stores",)

    def __init__(self, stores: ThreadStores) -> None:
        self._stores = stores

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stores.current(), name)


def get_store(request: Request) -> Store:
    stores: ThreadStores = request.app.state.stores
    # It offers every Store method, through the calling thread's store.
    return cast(Store, _CallingThreadStore(stores))


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


class Length(StrEnum):
    """A dossier summary's length (see ``newsfuse.stages.summarize.LENGTHS``)."""

    BRIEF = "brief"
    FULL = "full"


_Found = TypeVar("_Found")


def found_or_http_error(get: Callable[[str], _Found | None], key: str, what: str) -> _Found:
    """``get(key)`` (an id or a unique prefix); 409 when the prefix is ambiguous, 404
    when nothing has that id. Pages and the API answer alike."""
    try:
        found = get(key)
    except LookupError as error:
        raise HTTPException(409, str(error)) from error
    if found is None:
        raise HTTPException(404, f"no {what} with id {key!r}")
    return found
