"""The HTML pages of ``newsfuse serve`` over the small hand-built store (FastAPI TestClient).

Every response carries the security headers; article text carrying script
comes back escaped on every page that shows it; unknown ids are 404 pages and
bad highlight ranges 400 pages, never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape

from newsfuse.model import Entity, Mention, Span
from newsfuse.store import open_store
from newsfuse.web import create_app
from newsfuse.web.app import SECURITY_HEADERS

from .helpers import Cli
from .small_store import ARTICLES, ENTITY, PAYLOADS, STORY, XSS, XSS_STORY, build

#: An entity named by the hostile article's script, mentioned there.
_SCRIPT_AT = XSS.text.index(PAYLOADS[0])
EVIL_MENTION = Mention(
    Span(XSS.id, _SCRIPT_AT, _SCRIPT_AT + len(PAYLOADS[0])),
    PAYLOADS[0],
    "organisation",
    entity="e2",
)
EVIL = Entity(
    id="e2", name=PAYLOADS[0], type="organisation", aliases=(PAYLOADS[1],), mentions=(EVIL_MENTION,)
)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = build(tmp_path_factory.mktemp("pages") / "newsfuse.db")
    store = open_store(db)
    try:
        store.update(replace(XSS, mentions=(EVIL_MENTION,)))
        store.replace_entities([ENTITY, EVIL])
    finally:
        store.close()
    return db


@pytest.fixture(scope="module")
def client(small_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(small_db))) as client:
        yield client


def page(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


PAGES = [
    "/",
    f"/stories/{STORY.id}",
    f"/stories/{STORY.id}?length=brief",
    f"/stories/{XSS_STORY.id}",
    f"/stories/{STORY.id}/figures",
    f"/articles/{ARTICLES[0].id}",
    f"/articles/{ARTICLES[0].id}?start=0&end=7",
    f"/articles/{XSS.id}",
    "/entities",
    f"/entities/{ENTITY.id}",
    f"/entities/{EVIL.id}",
    "/search?q=soldiers",
    "/search",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers(client: TestClient, url: str) -> None:
    document = page(client, url)
    assert document.startswith("<!DOCTYPE html>")
    # No inline script or style for the policy to allow: only this origin's files.
    assert "<script" not in document and "<style" not in document and " style=" not in document
    assert '<link rel="stylesheet" href="/static/app.css">' in document


@pytest.mark.parametrize(
    "url",
    [
        *PAGES,
        "/static/app.css",
        "/nothing",
        "/stories/zzzzzz",
        "/articles/x?start=a",
        "/api/stories",
    ],
)
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    response = client.get(url)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_story_list_links_each_story(client: TestClient) -> None:
    links = re.findall(r'<a class="story" href="(/stories/[^"]+)">', page(client, "/"))
    assert links == [f"/stories/{STORY.id}", f"/stories/{XSS_STORY.id}"]


def test_dossier_cites_each_sentence_with_its_evidence(client: TestClient) -> None:
    document = page(client, f"/stories/{STORY.id}")
    for section in ('id="timeline"', 'id="board"', 'id="speakers"', 'id="coverage"'):
        assert section in document
    summary = document[document.index('<ol id="summary">') : document.index("</ol>")]
    sentences = re.findall(r'<li class="sentence">(.*?)</li>', summary)
    assert sentences
    texts = {article.id: article.text for article in ARTICLES}
    for sentence in sentences:
        cites = re.findall(
            r'<a class="cite" href="([^"]+)" title="([^"]*)" data-article="(\w+)"'
            r' data-start="(\d+)" data-end="(\d+)">',
            sentence,
        )
        assert cites, sentence
        for href, title, article, start, end in cites:
            assert unescape(href) == f"/articles/{article}?start={start}&end={end}#evidence"
            assert " ".join(texts[article][int(start) : int(end)].split()) == unescape(title)


def test_a_citation_opens_its_article_with_the_evidence_marked(client: TestClient) -> None:
    document = page(client, f"/stories/{STORY.id}")
    href = unescape(re.search(r'<a class="cite" href="([^"]+)"', document)[1])  # type: ignore[index]
    article = page(client, href.removesuffix("#evidence"))
    match = re.search(r'<div id="text">(.*?)<mark id="evidence">(.*?)</mark>', article, re.S)
    assert match is not None
    start, end = (int(v) for v in re.findall(r"=(\d+)", href))
    text = next(a.text for a in ARTICLES if a.id in href)
    assert unescape(match[1]) == text[:start]
    assert unescape(match[2]) == text[start:end]


def test_figure_board_on_its_own(client: TestClient) -> None:
    document = page(client, f"/stories/{STORY.id}/figures")
    assert "status-disagree" in document
    assert "300 and 350 soldiers killed by the same day" in document


def test_entity_lists_aliases_and_mentions_in_context(client: TestClient) -> None:
    document = page(client, f"/entities/{ENTITY.id}")
    mention = ENTITY.mentions[0].span
    assert "Aliyev; Ilham Aliyev" in document
    assert (
        f'href="/articles/{mention.article}?start={mention.start}&amp;end={mention.end}#evidence"'
        in document
    )
    assert "<mark>Aliyev</mark>" in document


def test_search_marks_the_match(client: TestClient) -> None:
    document = page(client, "/search?q=SOLDIERS")
    hits = re.findall(r'<li class="hit">(.*?)</li>', document)
    assert len(hits) == 2
    assert all("<mark>soldiers</mark>" in hit for hit in hits)


@pytest.mark.parametrize(
    "url",
    [
        f"/stories/{XSS_STORY.id}",
        f"/articles/{XSS.id}",
        f"/entities/{EVIL.id}",
        "/entities",
        "/search?q=hostile",
        "/search?q=" + PAYLOADS[0],
        "/",
    ],
)
def test_hostile_text_is_escaped(client: TestClient, url: str) -> None:
    document = page(client, url)
    for payload in PAYLOADS:
        assert payload not in document
    assert str(escape(PAYLOADS[0])) in document


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/stories/nosuchstory", "no story with id &#39;nosuchstory&#39;"),
        ("/stories/<i>x<i>/figures", "no story with id &#39;&lt;i&gt;x&lt;i&gt;&#39;"),
        ("/articles/nosucharticle", "no article with id &#39;nosucharticle&#39;"),
        ("/entities/<script>", "no entity with id &#39;&lt;script&gt;&#39;"),
        ("/nothing/here", "Not Found"),
    ],
)
def test_unknown_ids_are_404_pages(client: TestClient, url: str, shown: str) -> None:
    assert f'<p id="error">{shown}</p>' in page(client, url, 404)


def test_an_ambiguous_prefix_is_a_409_page(client: TestClient) -> None:
    assert "is ambiguous" in page(client, "/stories/s000", 409)


@pytest.mark.parametrize(
    "query",
    [
        "start=5&end=2",
        "start=0&end=100000",
        "start=-1&end=3",
        "start=3",
        "start=a&end=3",
        "start=2&end=2",
    ],
)
def test_bad_ranges_are_400_pages(client: TestClient, query: str) -> None:
    assert "bad" in page(client, f"/articles/{ARTICLES[0].id}?{query}", 400)


def test_bad_length_is_a_400_page(client: TestClient) -> None:
    page(client, f"/stories/{STORY.id}?length=huge", 400)


# -- the store's search, which the search page and the API share -----------------------------


def test_search_matches_literally_in_any_case(small_db: Path) -> None:
    store = open_store(small_db)
    try:
        hits = store.search_articles("ALERT(1)", 10)
        assert [hit.article for hit in hits] == [XSS.id]
        (hit,) = hits
        assert hit.match is not None
        assert XSS.text[hit.match.start : hit.match.end] == "alert(1)"
        assert hit.snippet[hit.highlight[0] : hit.highlight[1]] == "alert(1)"
        # Pattern characters of LIKE and of regular expressions mean themselves.
        assert store.search_articles("%", 10) == []
        assert store.search_articles("_", 10) == []
        assert store.search_articles(".*", 10) == []
        assert store.search_articles("   ", 10) == []
        assert len(store.search_articles("soldiers", 1)) == 1
    finally:
        store.close()


def test_search_finds_a_title_only_match(small_db: Path) -> None:
    store = open_store(small_db)
    try:
        (hit,) = store.search_articles("report 2", 10)
    finally:
        store.close()
    assert hit.article == ARTICLES[1].id
    assert hit.match is None
    assert hit.snippet[hit.highlight[0] : hit.highlight[1]] == "report 2"


# -- newsfuse serve ----------------------------------------------------------------------------


def test_serve_runs_the_app_on_localhost(
    cli: Cli, small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    cli.db = small_db
    result = cli("serve")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"serving {small_db} at http://127.0.0.1:8000/ (Ctrl+C stops)\n"
    ((app, options),) = calls
    assert isinstance(app, FastAPI)
    assert options == {"host": "127.0.0.1", "port": 8000, "log_level": "info"}
