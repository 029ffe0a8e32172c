"""The web application: HTML pages, the JSON API under ``/api`` and static files.

Article text is hostile input, so beyond escaping everything the pages show,
every response carries a Content-Security-Policy that allows only this origin's
own scripts and stylesheets (there are no inline ones to allow), and headers
that keep the pages out of frames and MIME sniffing. Requests are bounded
before any route sees them (:class:`RequestLimits`), and the few endpoints that
write need the operator's token (:mod:`newsfuse.web.admin`).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsfuse.config import Settings
from newsfuse.web import admin, api, pages
from newsfuse.web.deps import ThreadStores
from newsfuse.web.schemas import Error

__all__ = ["SECURITY_HEADERS", "RequestLimits", "create_app"]

LOGGER = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class _SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response, static files and errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_secured)


class RequestLimits:
    """Refuses a URL (path and query string) longer than ``max_url_bytes`` (400) and a
    body longer than ``max_body_bytes`` (413).

    An over-long URL is answered 400, not 414: it is refused as bad input like any
    out-of-bounds parameter, so clients (and schema fuzzers) that treat 4xx input
    errors alike need no special case.

    A declared ``Content-Length`` over the limit is refused before anything is read;
    a body sent without one (chunked) is counted as a route reads it and cut off at
    the limit, so no route ever holds more than the limit in memory.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_url_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_url_bytes = max_url_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        if len(raw_path) + len(scope["query_string"]) > self.max_url_bytes:
            await _refuse(scope, receive, send, 400, f"URL longer than {self.max_url_bytes} bytes")
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and not declared.isdigit():
            await _refuse(scope, receive, send, 400, "bad Content-Length")
            return
        if declared is not None and int(declared) > self.max_body_bytes:
            await _refuse(scope, receive, send, 413, self._too_large)
            return
        seen = 0

        async def receive_counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    # Raised inside the route's body read: the exception handlers answer it.
                    raise HTTPException(413, self._too_large)
            return message

        await self.app(scope, receive_counted, send)

    @property
    def _too_large(self) -> str:
        return f"request body larger than {self.max_body_bytes} bytes"


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    """Answer ``status`` as the exception handlers would, before any route runs."""
    request = Request(scope, receive)
    response = await _http_error(request, HTTPException(status, message))
    await response(scope, receive, send)


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _is_api(request):
        return await http_exception_handler(request, exc)
    return pages.error_page(request, exc.status_code, str(exc.detail))


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _is_api(request):
        return await request_validation_exception_handler(request, exc)
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error['loc'][1:]) or 'request'}: {error['msg']}"
        for error in exc.errors()
    )
    return pages.error_page(request, 400, f"bad request: {problems}")


async def _server_error(request: Request, exc: Exception) -> Response:
    # Starlette answers this outside every middleware, so the headers go on here.
    LOGGER.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    if _is_api(request):
        response: Response = JSONResponse({"detail": "internal error"}, status_code=500)
    else:
        response = pages.error_page(request, 500, "internal error")
    response.headers.update(SECURITY_HEADERS)
    return response


def create_app(db: str, settings: Settings | None = None) -> FastAPI:
    """The application over the SQLite store at ``db`` (a file path).

    Each worker thread opens its own connection to ``db`` when it first
    serves a request (see :mod:`newsfuse.web.deps`). FastAPI's interactive
    docs are off: they load scripts from a CDN that the policy forbids; the
    OpenAPI schema stays at ``/openapi.json``. ``settings.serve`` holds the
    operator's token and the request limits.
    """
    app = FastAPI(
        title="newsfuse",
        summary="Many news reports about the same events, fused into one sourced account.",
        docs_url=None,
        redoc_url=None,
        # Any request can be refused for its size, before its route runs.
        responses={
            400: {"model": Error, "description": "The URL is over the limit."},
            413: {"model": Error, "description": "The request body is over the limit."},
        },
    )
    app.state.stores = ThreadStores(db)
    app.state.settings = settings or Settings()
    app.state.admin = admin.AdminState()
    limits = app.state.settings.serve
    app.add_middleware(
        RequestLimits,
        max_body_bytes=limits.max_body_bytes,
        max_url_bytes=limits.max_url_bytes,
    )
    # Added last, so outermost: refusals by the limits carry the headers too.
    app.add_middleware(_SecurityHeaders)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _server_error)
    app.include_router(api.router)
    app.include_router(admin.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("newsfuse.web", "static")]), name="static")
    return app
