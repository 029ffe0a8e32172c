"""The JSON API over a small hand-built store, and the dossier route over the Karabakh corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsfuse.config import load_settings
from newsfuse.export import article_record, entity_record, event_record, story_record
from newsfuse.ingest import ingest
from newsfuse.store import open_store
from newsfuse.web.app import create_app

from .small_store import ARTICLES, ENTITY, PAYLOADS, STORY, XSS, XSS_STORY, build


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("api") / "newsfuse.db")


@pytest.fixture(scope="module")
def client(small_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(small_db))) as opened:
        yield opened


def get(client: TestClient, url: str, status: int = 200) -> Any:
    """The JSON body of ``GET url``, after checking its status and content type."""
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def exported(record: dict[str, Any]) -> Any:
    """A record as it comes back from JSON (tuples become lists)."""
    return json.loads(json.dumps(record))


def test_every_route_is_documented_with_a_typed_response(client: TestClient) -> None:
    paths = get(client, "/openapi.json")["paths"]
    api = {path for path in paths if path.startswith("/api/")}
    assert api == {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/dossier",
        "/api/stories/{story_id}/figures",
        "/api/stories/{story_id}/events",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/quotes",
        "/api/search",
        "/api/admin/recluster",
    }
    for path in api:
        ((_, operation),) = paths[path].items()
        body = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert body.get("$ref") or body.get("items", {}).get("$ref"), path


def test_stories_list_counts_articles_and_sources(client: TestClient) -> None:
    listed = get(client, "/api/stories")
    assert [story["id"] for story in listed] == [STORY.id, XSS_STORY.id]
    assert listed[0] == {
        "id": STORY.id,
        "title": STORY.title,
        "first_seen": "2020-10-08",
        "last_seen": "2020-10-09",
        "articles": 2,
        "sources": ["one.example", "two.example"],
        "independent_sources": 2,
    }


def test_story_is_the_export_record(client: TestClient, small_db: Path) -> None:
    store = open_store(small_db)
    try:
        stored = store.get_story(STORY.id)
    finally:
        store.close()
    assert stored is not None
    assert get(client, f"/api/stories/{STORY.id}") == exported(story_record(stored))


def test_article_is_the_export_record_with_its_clean_text(
    client: TestClient, small_db: Path
) -> None:
    store = open_store(small_db)
    try:
        stored = store.get(ARTICLES[0].id)
        assert stored is not None
        expected = exported(article_record(stored, store))
    finally:
        store.close()
    record = get(client, f"/api/articles/{ARTICLES[0].id}")
    assert record == expected
    assert record["text"] == ARTICLES[0].text
    assert record["origins"] == [ARTICLES[0].path]


def test_articles_pages_through_metadata_without_text(client: TestClient) -> None:
    page = get(client, "/api/articles?limit=2&offset=1")
    assert (page["total"], page["offset"], page["limit"]) == (3, 1, 2)
    assert [item["id"] for item in page["items"]] == [ARTICLES[1].id, XSS.id]
    assert all("text" not in item for item in page["items"])
    assert page["items"][0]["words"] == len(ARTICLES[1].text.split())
    assert get(client, "/api/articles?offset=3")["items"] == []


def test_hostile_text_comes_back_as_json_data(client: TestClient) -> None:
    record = get(client, f"/api/articles/{XSS.id}")
    assert record["title"] == XSS.title
    assert record["text"] == XSS.text
    assert all(payload in record["text"] for payload in PAYLOADS)
    story = get(client, f"/api/stories/{XSS_STORY.id}")
    assert story["title"] == XSS.title


def test_a_unique_prefix_finds_the_record(client: TestClient) -> None:
    assert get(client, f"/api/articles/{XSS.id[:6]}")["id"] == XSS.id


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles/a000",
        "/api/stories/s000",
        "/api/stories/s000/dossier",
        "/api/stories/s000/figures",
        "/api/stories/s000/events",
        "/api/quotes?story=s000",
    ],
)
def test_an_ambiguous_prefix_is_a_conflict_naming_the_candidates(
    client: TestClient, url: str
) -> None:
    detail = get(client, url, 409)["detail"]
    assert "ambiguous" in detail
    assert "000000000001" in detail and "000000000002" in detail


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles/ffffffffffffffff",
        "/api/stories/ffffffffffffffff",
        "/api/stories/ffffffffffffffff/dossier",
        "/api/stories/ffffffffffffffff/figures",
        "/api/stories/ffffffffffffffff/events",
        "/api/entities/ffffffffffffffff",
        "/api/quotes?story=ffffffffffffffff",
        # Shorter than the shortest prefix the store resolves.
        "/api/articles/a",
    ],
)
def test_an_unknown_id_is_not_found(client: TestClient, url: str) -> None:
    detail = get(client, url, 404)["detail"]
    assert detail.startswith("no ") and "'" in detail


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles?limit=0",
        "/api/articles?limit=501",
        "/api/articles?offset=-1",
        "/api/articles?limit=ten",
        "/api/entities?limit=1000",
        "/api/quotes?limit=0",
        "/api/search?q=x&limit=501",
        f"/api/stories/{STORY.id}/dossier?length=medium",
    ],
)
def test_a_parameter_out_of_bounds_is_refused(client: TestClient, url: str) -> None:
    assert get(client, url, 422)["detail"]


def test_figures_come_in_their_groups(client: TestClient) -> None:
    (group,) = get(client, f"/api/stories/{STORY.id}/figures")
    assert (group["id"], group["status"], group["best"]) == ("g1", "disagree", 350.0)
    assert [(f["id"], f["article"], f["low"]) for f in group["figures"]] == [
        ("f1", ARTICLES[0].id, 300.0),
        ("f2", ARTICLES[1].id, 350.0),
    ]
    first = group["figures"][0]
    assert ARTICLES[0].text[first["start"] : first["end"]] == "300 soldiers"
    assert get(client, f"/api/stories/{XSS_STORY.id}/figures") == []


def test_events_are_the_export_records(client: TestClient, small_db: Path) -> None:
    store = open_store(small_db)
    try:
        expected = [exported(event_record(e)) for e in store.iter_story_events(STORY.id)]
    finally:
        store.close()
    events = get(client, f"/api/stories/{STORY.id}/events")
    assert events == expected
    assert events[0]["articles"] == [ARTICLES[0].id, ARTICLES[1].id]
    assert get(client, f"/api/stories/{XSS_STORY.id}/events") == []


def test_entities_are_found_by_any_name_whatever_the_accents(client: TestClient) -> None:
    page = get(client, "/api/entities?q=ALIYÉV")
    assert page["total"] == 1
    assert page["items"][0] == {
        "id": "e1",
        "name": "Ilham Aliyev",
        "type": "person",
        "aliases": ["Aliyev", "Ilham Aliyev"],
        "articles": 1,
        "mentions": 1,
        "confidence": 1.0,
    }
    assert get(client, "/api/entities?q=Putin") == {
        "total": 0,
        "offset": 0,
        "limit": 50,
        "items": [],
    }
    assert get(client, "/api/entities/e1") == exported(entity_record(ENTITY))


def test_quotes_filter_by_speaker_entity_and_story(client: TestClient) -> None:
    everyone = get(client, "/api/quotes")
    assert [q["id"] for q in everyone["items"]] == ["q1"]
    quote = everyone["items"][0]
    assert quote["speaker_entity"] == "e1"
    assert ARTICLES[0].text[quote["start"] : quote["end"]] == "We will not give up,"
    assert get(client, "/api/quotes?speaker=ilham")["total"] == 1
    assert get(client, "/api/quotes?speaker=Putin")["total"] == 0
    assert get(client, f"/api/quotes?story={STORY.id}")["total"] == 1
    assert get(client, f"/api/quotes?story={XSS_STORY.id}")["total"] == 0


def test_search_finds_articles_by_their_words(client: TestClient) -> None:
    (hit,) = get(client, "/api/search?q=WROTE+%3Cscript")
    assert (hit["article"], hit["title"]) == (XSS.id, XSS.title)
    start, end = hit["highlight"]
    assert hit["snippet"][start:end] == "wrote <script"
    match = hit["match"]
    assert XSS.text[match["start"] : match["end"]] == "wrote <script"
    assert [h["article"] for h in get(client, "/api/search?q=soldiers&limit=1")] == [ARTICLES[0].id]
    assert get(client, "/api/search?q=zanzibar") == []


# -- the dossier, over the real pipeline's output --


@pytest.fixture(scope="module")
def karabakh(tmp_path_factory: pytest.TempPathFactory, karabakh_dir: Path) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("karabakh") / "newsfuse.db"
    store = open_store(db)
    try:
        report = ingest([karabakh_dir], store, load_settings(environ={}))
        assert report.ok and len(report.added) == 5
    finally:
        store.close()
    with TestClient(create_app(str(db))) as opened:
        yield opened


@pytest.mark.slow
@pytest.mark.shared
def test_dossier_cites_every_sentence_at_its_offsets(karabakh: TestClient) -> None:
    (story,) = get(karabakh, "/api/stories")
    dossier = get(karabakh, f"/api/stories/{story['id']}/dossier")
    assert dossier["id"] == story["id"]
    assert dossier["summary"]
    texts = {
        article: get(karabakh, f"/api/articles/{article}")["text"]
        for article in dossier["articles"]
    }
    for sentence in dossier["summary"]:
        first = sentence["citations"][0]
        assert texts[first["article"]][first["start"] : first["end"]] == sentence["text"]
    brief = get(karabakh, f"/api/stories/{story['id'][:8]}/dossier?length=brief")
    assert 0 < len(brief["summary"]) <= len(dossier["summary"])
