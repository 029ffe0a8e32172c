"""The security of ``newsfuse serve``: the operator token, request limits, path traversal,
stored XSS, the policy header on every response, and where the server may listen.

Traversal is tried against a real uvicorn server on loopback with raw HTTP, so the
paths reach the app exactly as written (an HTTP client would normalise ``..`` away).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from markupsafe import escape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from newsfuse.cli.serve import is_loopback
from newsfuse.config import ServeSettings, Settings, load_settings
from newsfuse.model import Article, Entity, Mention, Quote, Span, Story, StoryMember
from newsfuse.store import open_store
from newsfuse.web import create_app
from newsfuse.web.app import SECURITY_HEADERS, RequestLimits

from .helpers import Cli
from .small_store import ARTICLES, build

TOKEN = "s3cret-token-for-tests"

# -- a store whose every shown field is hostile ------------------------------------------------

#: Markup that runs if a page writes it unescaped, in text or in an attribute.
ATTACKS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "</textarea><iframe src=javascript:alert(4)>",
)
#: What must never reach a page: the tags the attacks open.
RAW = ("<script>alert", "<img src=x", "<svg onload", "<iframe src")

_TEXT = (
    f"Officials of {ATTACKS[2]} met. “{ATTACKS[3]} we will stay,” said {ATTACKS[1]} on Monday. "
    "Dozens of soldiers were killed in the clashes near the border, officials said."
)


def _span(article_id: str, words: str) -> Span:
    start = _TEXT.index(words)
    return Span(article_id, start, start + len(words))


_ID = "c000000000000001"
_SPEAKER = Mention(_span(_ID, ATTACKS[1]), ATTACKS[1], "person", entity="e9")
HOSTILE = Article(
    id=_ID,
    path="in/hostile2.txt",
    raw_text=_TEXT,
    text=_TEXT,
    url="javascript:alert(5)",
    site="evil.example",
    title=f"Title {ATTACKS[0]}",
    author=f"Author {ATTACKS[1]}",
    published="2020-10-10",
    story="s000000000000009",
    mentions=(_SPEAKER, Mention(_span(_ID, ATTACKS[2]), ATTACKS[2], "organisation", entity="e8")),
    quotes=(
        Quote(
            id="q9",
            text=f"{ATTACKS[3]} we will stay,",
            span=_span(_ID, f"{ATTACKS[3]} we will stay,"),
            evidence=_span(_ID, f"“{ATTACKS[3]} we will stay,” said {ATTACKS[1]} on Monday."),
            speaker=ATTACKS[1],
            speaker_span=_SPEAKER.span,
            verb="say",
        ),
    ),
)
HOSTILE_ENTITIES = (
    Entity(id="e9", name=ATTACKS[1], type="person", aliases=(ATTACKS[0],), mentions=(_SPEAKER,)),
    Entity(
        id="e8",
        name=ATTACKS[2],
        type="organisation",
        aliases=(ATTACKS[3],),
        mentions=(HOSTILE.mentions[1],),
    ),
)
HOSTILE_STORY = Story(
    id="s000000000000009",
    title=f"Story {ATTACKS[0]}",
    articles=(HOSTILE.id,),
    sources=("evil.example",),
    independent_sources=1,
    members=(StoryMember(HOSTILE.id, "original", HOSTILE.site, HOSTILE.published),),
    entities=(ATTACKS[1], ATTACKS[2]),
)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = build(tmp_path_factory.mktemp("security") / "newsfuse.db")
    store = open_store(db)
    try:
        store.add(HOSTILE, HOSTILE.path)
        store.replace_entities(HOSTILE_ENTITIES)
        store.replace_stories([*store.iter_stories(), HOSTILE_STORY])
    finally:
        store.close()
    return db


def _settings(**serve: Any) -> Settings:
    return replace(Settings(), serve=replace(ServeSettings(), **serve))


@pytest.fixture(scope="module")
def client(small_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(small_db))) as opened:
        yield opened


@pytest.fixture(scope="module")
def guarded(small_db: Path) -> Iterator[TestClient]:
    """The app with an operator token set."""
    with TestClient(create_app(str(small_db), _settings(token=TOKEN))) as opened:
        yield opened


# -- stored XSS ---------------------------------------------------------------------------------

HOSTILE_PAGES = [
    "/",
    f"/stories/{HOSTILE_STORY.id}",
    f"/stories/{HOSTILE_STORY.id}?length=brief",
    f"/stories/{HOSTILE_STORY.id}/figures",
    f"/articles/{HOSTILE.id}",
    f"/articles/{HOSTILE.id}?start=0&end=20",
    "/entities",
    "/entities/e9",
    "/entities/e8",
    "/search?q=officials",
    f"/search?q={ATTACKS[0]}",
    f"/stories/{ATTACKS[1]}",  # an error page quoting the requested id
]


@pytest.mark.parametrize("url", HOSTILE_PAGES)
def test_pages_show_hostile_fields_as_text(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (200, 404), response.text
    assert response.headers["content-type"].startswith("text/html")
    for raw in RAW:
        assert raw not in response.text, (url, raw)
    # The attacks are on the page, escaped: the test looks at the fields it means to.
    assert any(escape(attack) in response.text for attack in ATTACKS), url


@pytest.mark.parametrize(
    ("url", "where"),
    [
        (f"/articles/{HOSTILE.id}", "Author "),
        (f"/stories/{HOSTILE_STORY.id}", escape(ATTACKS[3]) + " we will stay"),
        ("/entities/e9", escape(ATTACKS[1])),
        ("/", "Story " + escape(ATTACKS[0])),
    ],
)
def test_each_hostile_field_is_rendered_escaped(client: TestClient, url: str, where: str) -> None:
    """Titles, authors, entity names and quotes each appear, escaped, where they belong."""
    assert where in client.get(url).text


def test_a_javascript_url_is_never_a_link(client: TestClient) -> None:
    document = client.get(f"/articles/{HOSTILE.id}").text
    assert 'href="javascript:' not in document.lower()


@pytest.mark.parametrize(
    "url",
    [
        f"/api/articles/{HOSTILE.id}",
        "/api/articles",
        f"/api/stories/{HOSTILE_STORY.id}",
        f"/api/stories/{HOSTILE_STORY.id}/dossier",
        "/api/stories",
        "/api/entities",
        "/api/entities/e9",
        "/api/quotes",
        "/api/search?q=officials",
    ],
)
def test_the_api_returns_hostile_fields_as_json_data(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    # Verbatim, as data: JSON strings the client must escape itself when it shows them.
    strings = _strings(response.json())
    assert any(attack in value for value in strings for attack in ATTACKS), url


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (*_strings(key), *_strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


# -- the policy header on every response -------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/static/app.css", 200),
        ("GET", "/static/nothing.css", 404),
        ("GET", "/nothing", 404),
        ("GET", "/api/nothing", 404),
        ("GET", "/articles/x?start=a", 400),
        ("GET", "/api/search", 422),
        ("GET", "/api/admin/recluster", 405),
        ("POST", "/api/admin/recluster", 403),
        ("GET", "/search?q=" + "x" * 5000, 400),
        ("GET", "/openapi.json", 200),
    ],
)
def test_security_headers_on_every_response(
    client: TestClient, method: str, url: str, status: int
) -> None:
    response = client.request(method, url)
    assert response.status_code == status, response.text
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, (url, name)


def test_the_policy_allows_no_inline_or_foreign_script() -> None:
    policy = dict(
        part.strip().split(" ", 1)
        for part in SECURITY_HEADERS["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in SECURITY_HEADERS["Content-Security-Policy"]


def test_a_failing_route_still_sends_the_headers(small_db: Path) -> None:
    app = create_app(str(small_db))

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as failing:
        response = failing.get("/api/boom")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error"}
    assert (
        response.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    )


# -- the operator token -------------------------------------------------------------------------


def test_write_endpoints_are_disabled_without_a_token(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": f"Bearer {TOKEN}"}):
        response = client.post("/api/admin/recluster", headers=headers)
        assert response.status_code == 403, response.text
        assert "no [serve] token" in response.json()["detail"]


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer wrong",
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        f"Basic {TOKEN}",
        TOKEN,
        "Bearer s3crét".encode(),  # not ASCII: bytes, as a client may send them
    ],
)
def test_a_missing_or_wrong_token_is_401(
    guarded: TestClient, authorization: str | bytes | None
) -> None:
    value = authorization.encode() if isinstance(authorization, str) else authorization
    headers = {} if value is None else {b"Authorization": value}
    response = guarded.post("/api/admin/recluster", headers=headers)
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/json"


def test_the_operator_reclusters_with_the_token(
    guarded: TestClient, small_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        response = guarded.post(
            "/api/admin/recluster", headers={"Authorization": f"Bearer {TOKEN}"}
        )
    assert response.status_code == 200, response.text
    store = open_store(small_db)
    try:
        stories = list(store.iter_stories())
        stored = sorted(a.id for a in store.iter_articles())
    finally:
        store.close()
    assert response.json() == {"stories": len(stories)}
    # Every article is in exactly one story, rebuilt from scratch.
    assert sorted(a for s in stories for a in s.articles) == stored
    assert {*(a.id for a in ARTICLES), HOSTILE.id} <= set(stored)
    assert TOKEN not in caplog.text


def test_one_admin_job_at_a_time(guarded: TestClient) -> None:
    state = guarded.app.state.admin  # type: ignore[attr-defined]
    with state.busy:
        response = guarded.post(
            "/api/admin/recluster", headers={"Authorization": f"Bearer {TOKEN}"}
        )
    assert response.status_code == 409, response.text


def test_the_token_comes_from_the_environment_and_is_never_shown() -> None:
    settings = load_settings(environ={"NEWSFUSE_SERVE_TOKEN": TOKEN})
    assert settings.serve.token == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)


def test_the_schema_documents_the_refusals(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/admin/recluster"]["post"]
    assert {"200", "401", "403", "409", "413"} <= set(operation["responses"])


# -- request limits ------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_413_before_anything_runs(small_db: Path) -> None:
    app = create_app(str(small_db), _settings(token=TOKEN, max_body_bytes=1000))
    with TestClient(app) as limited:
        response = limited.post(
            "/api/admin/recluster",
            content=b"x" * 1001,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"},
        )
        assert response.status_code == 413, response.text
        assert response.json() == {"detail": "request body larger than 1000 bytes"}
        assert response.headers["content-security-policy"]
        # Pages answer the refusal as a page.
        page = limited.post("/stories", content=b"x" * 1001)
        assert page.status_code == 413
        assert page.headers["content-type"].startswith("text/html")


def test_a_bad_content_length_is_400(small_db: Path) -> None:
    app = create_app(str(small_db))
    scope_headers = [(b"content-length", b"12abc")]
    assert _raw_asgi(app, "POST", "/api/admin/recluster", scope_headers)[0] == 400


def _echo_app(limit: int) -> RequestLimits:
    async def echo(request: Request) -> PlainTextResponse:
        return PlainTextResponse(str(len(await request.body())))

    inner = Starlette(routes=[Route("/echo", echo, methods=["POST"])])
    return RequestLimits(inner, max_body_bytes=limit, max_url_bytes=100)


def test_a_streamed_body_is_cut_off_at_the_limit() -> None:
    def chunks(total: int) -> Iterator[bytes]:
        for _ in range(total // 100):
            yield b"y" * 100

    with TestClient(_echo_app(1000), raise_server_exceptions=False) as echo:
        assert echo.post("/echo", content=chunks(1000)).text == "1000"
        refused = echo.post("/echo", content=chunks(5000))
    assert refused.status_code == 413


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=" + "a" * 5000,
        "/api/search?q=" + "a" * 5000,
        "/stories/" + "a" * 5000,
        "/api/articles/" + "%41" * 2000,
    ],
)
def test_an_overlong_url_is_400(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text[:200]
    assert "URL longer than 4096 bytes" in response.text


def _raw_asgi(
    app: Any, method: str, path: str, headers: list[tuple[bytes, bytes]]
) -> tuple[int, bytes]:
    """Send one request straight to the ASGI app: headers exactly as given."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "app": app,
    }
    asyncio.run(app(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


# -- path traversal, against a live server ------------------------------------------------------


@pytest.fixture(scope="module")
def live(small_db: Path) -> Iterator[int]:
    """``newsfuse serve``'s app under uvicorn on a free loopback port; yields the port."""
    config = uvicorn.Config(
        create_app(str(small_db)), host="127.0.0.1", port=0, log_level="error", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    port: int = server.servers[0].sockets[0].getsockname()[1]
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def raw_get(port: int, target: str) -> tuple[int, str]:
    """``GET target`` with the request line exactly as written; the status and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(
            f"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode(
                "latin-1"
            )
        )
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body.decode("utf-8", "replace")


TRAVERSALS = [
    "../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/pyproject.toml",
    "..%5c..%5cpyproject.toml",
    "%252e%252e%252fetc%252fpasswd",
    "%c0%ae%c0%ae%2fetc%2fpasswd",  # overlong UTF-8 dots
    "%ef%bc%8e%ef%bc%8e%ef%bc%8fetc%ef%bc%8fpasswd",  # fullwidth dots and slash
    "a0000%00../../etc/passwd",
    "%00",
    "....//....//etc/passwd",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "a" * 3000,
    "%e2%80%ae" + "dwssap",  # right-to-left override
]
#: What a leaked file would show.
SECRETS = ("root:x:", "[build-system]", "import ", "def create_app")


@pytest.mark.parametrize(
    "prefix",
    [
        "/static/",
        "/stories/",
        "/articles/",
        "/entities/",
        "/api/articles/",
        "/api/stories/",
        "/api/entities/",
    ],
)
@pytest.mark.parametrize("attack", TRAVERSALS)
def test_no_path_reads_a_file_or_fails(live: int, prefix: str, attack: str) -> None:
    status, body = raw_get(live, prefix + attack)
    assert status in (400, 404, 405, 409, 422), (status, body[:200])
    for secret in SECRETS:
        assert secret not in body, (prefix + attack, secret)


@pytest.mark.parametrize(
    "target",
    [
        "/static/../../pyproject.toml",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static//etc/passwd",
    ],
)
def test_static_files_stay_in_their_folder(live: int, target: str) -> None:
    status, body = raw_get(live, target)
    assert status in (400, 404), (status, body[:200])
    assert "[build-system]" not in body and "create_app" not in body


def test_static_files_are_served(live: int) -> None:
    status, body = raw_get(live, "/static/app.css")
    assert status == 200 and "{" in body


# -- where the server listens -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.com", False),
        ("localhost.example.com", False),
        ("", False),
    ],
)
def test_which_hosts_are_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    return calls


def test_serve_refuses_a_remote_address_without_allow_remote(
    cli: Cli, small_db: Path, served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFUSE_SERVE_TOKEN", TOKEN)
    cli.db = small_db
    result = cli("serve", "--host", "0.0.0.0")
    assert result.exit_code == 2
    assert "not a loopback address" in result.stderr and "--allow-remote" in result.stderr
    assert served == []


def test_serve_refuses_allow_remote_without_a_token(
    cli: Cli, small_db: Path, served: list[dict[str, Any]]
) -> None:
    cli.db = small_db
    result = cli("serve", "--host", "0.0.0.0", "--allow-remote")
    assert result.exit_code == 2
    assert "needs a token" in result.stderr
    assert served == []


def test_serve_binds_remote_with_allow_remote_and_a_token(
    cli: Cli, small_db: Path, served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFUSE_SERVE_TOKEN", TOKEN)
    cli.db = small_db
    result = cli("serve", "--host", "0.0.0.0", "--allow-remote", "--port", "8123")
    assert result.exit_code == 0, result.output
    assert served == [{"host": "0.0.0.0", "port": 8123, "log_level": "info"}]
    assert TOKEN not in result.output
