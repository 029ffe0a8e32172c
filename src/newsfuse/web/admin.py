"""Endpoints that change the store, under ``/api/admin``: only for the operator.

Each needs ``Authorization: Bearer <token>`` with the token the operator set
(``[serve] token`` or ``NEWSFUSE_SERVE_TOKEN``). Without a configured token they
are disabled (403) whoever asks, so a server started without thinking about it
never writes; a missing or wrong token is a 401. Tokens are compared in
constant time and never logged.
"""

from __future__ import annotations

import hmac
import logging
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request

from newsfuse.ingest import recluster
from newsfuse.web.deps import SettingsDep, StoreDep
from newsfuse.web.schemas import Error, Reclustered

__all__ = ["AdminState", "require_token", "router"]

LOGGER = logging.getLogger(__name__)


class AdminState:
    """What admin endpoints share across requests: one store-wide job at a time."""

    def __init__(self) -> None:
        self.busy = threading.Lock()


def require_token(
    settings: SettingsDep,
    authorization: Annotated[
        str | None, Header(description="`Bearer <token>`, the operator's token.")
    ] = None,
) -> None:
    """403 when no token is configured, 401 unless ``authorization`` carries it."""
    expected = settings.serve.token
    if not expected:
        raise HTTPException(403, "write endpoints are disabled: no [serve] token is set")
    scheme, _, given = (authorization or "").partition(" ")
    # Compared as bytes: compare_digest refuses str with non-ASCII characters.
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8"), expected.encode("utf-8")
    ):
        raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})


_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": Error, "description": "No token, or not the operator's."},
    403: {"model": Error, "description": "Write endpoints are disabled: no token is set."},
    409: {"model": Error, "description": "Another admin job is running."},
}

router = APIRouter(
    prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_token)], responses=_REFUSED
)


@router.post("/recluster", summary="Detect copies and cluster every stored article again")
def recluster_stories(request: Request, store: StoreDep, settings: SettingsDep) -> Reclustered:
    """What to run after the story settings change: every story rebuilt from scratch
    (:func:`newsfuse.ingest.recluster`). Takes as long as the store is big; pages keep
    answering meanwhile, from the stories as they were."""
    state: AdminState = request.app.state.admin
    if not state.busy.acquire(blocking=False):
        raise HTTPException(409, "another admin job is running")
    try:
        LOGGER.info("recluster requested")
        return Reclustered(stories=recluster(store, settings))
    finally:
        state.busy.release()
