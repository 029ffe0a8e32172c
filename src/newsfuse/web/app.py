"""The web application: HTML pages, the JSON API under ``/api`` and static files.

Article text is hostile input, so beyond escaping everything the pages show,
every response carries a Content-Security-Policy that allows only this origin's
own scripts and stylesheets (there are no inline ones to allow), and headers
that keep the pages out of frames and MIME sniffing.
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
from newsfuse.web import api, pages
from newsfuse.web.deps import ThreadStores

__all__ = ["SECURITY_HEADERS", "create_app"]

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
    OpenAPI schema stays at ``/openapi.json``.
    """
    app = FastAPI(
        title="newsfuse",
        summary="Many news reports about the same events, fused into one sourced account.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.stores = ThreadStores(db)
    app.state.settings = settings or Settings()
    app.add_middleware(_SecurityHeaders)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _server_error)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("newsfuse.web", "static")]), name="static")
    return app
