"""The JSON API: the store's records under ``/api``, as the export contract shows them.

Every route reads through public functions only (store methods, the export
records, :func:`newsfuse.dossier.load_dossier`) and answers with a typed model
of :mod:`newsfuse.web.schemas`, so the OpenAPI schema documents each response.
An unknown id is a 404 and an ambiguous id prefix a 409, both ``{"detail": ...}``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query

from newsfuse.dossier import dossier_record, load_dossier
from newsfuse.export import (
    article_record,
    entity_record,
    event_record,
    figure_record,
    quote_record,
    story_record,
)
from newsfuse.model import Article, Entity, Story
from newsfuse.report.common import board_order
from newsfuse.stages.analyse.names import fold
from newsfuse.store.base import MAX_SEARCH, Store
from newsfuse.web.deps import Length, SettingsDep, StoreDep, found_or_http_error
from newsfuse.web.schemas import (
    ArticleMeta,
    ArticleRecord,
    BoardGroup,
    DossierRecord,
    EntityRecord,
    EntitySummary,
    Error,
    EventRecord,
    Page,
    QuoteRecord,
    SearchHitRecord,
    SpanRecord,
    StoryRecord,
    StorySummary,
)

__all__ = ["MAX_LIMIT", "Length", "router"]

#: The most items one request returns: a page, not the store.
MAX_LIMIT = 500
#: Far beyond any store, and below what ``itertools.islice`` accepts.
_MAX_OFFSET = 1_000_000_000
_MAX_QUERY = 200

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Error, "description": "No record with this id."}
}
_BY_PREFIX: dict[int | str, dict[str, Any]] = {
    **_NOT_FOUND,
    409: {"model": Error, "description": "The id prefix matches several records."},
}

router = APIRouter(prefix="/api", tags=["api"])


ArticleId = Annotated[
    str, Path(min_length=1, max_length=64, description="An article id or a unique prefix of one.")
]
StoryId = Annotated[
    str, Path(min_length=1, max_length=64, description="A story id or a unique prefix of one.")
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=_MAX_OFFSET, description="Skip this many items first.")]


def _story_articles(store: Store, story: Story) -> Iterator[Article]:
    """The story's articles; one deleted since the story was written is skipped."""
    for article_id in story.articles:
        article = store.get(article_id)
        if article is not None:
            yield article


def _entity_index(articles: Iterable[Article]) -> dict[tuple[str, int, int], str | None]:
    """Mention span -> its entity id: what resolves a figure's or quote's speaker."""
    return {
        (m.span.article, m.span.start, m.span.end): m.entity
        for article in articles
        for m in article.mentions
    }


@router.get("/stories", summary="Every story, first seen first")
def stories(store: StoreDep) -> list[StorySummary]:
    return [
        StorySummary(
            id=story.id,
            title=story.title,
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            articles=len(story.articles),
            sources=list(story.sources),
            independent_sources=story.independent_sources,
        )
        for story in store.iter_stories()
    ]


@router.get("/stories/{story_id}", responses=_BY_PREFIX, summary="One story")
def story(store: StoreDep, story_id: StoryId) -> StoryRecord:
    return StoryRecord.model_validate(
        story_record(found_or_http_error(store.get_story, story_id, "story"))
    )


@router.get(
    "/stories/{story_id}/dossier",
    responses=_BY_PREFIX,
    summary="A story's dossier: cited summary, timeline, contradiction board, speakers, coverage",
)
def dossier(
    store: StoreDep,
    settings: SettingsDep,
    story_id: StoryId,
    length: Annotated[Length, Query(description="The summary's length.")] = Length.FULL,
) -> DossierRecord:
    found = found_or_http_error(store.get_story, story_id, "story")
    built = load_dossier(store, found.id, settings, length=length.value)
    if built is None:
        # Retired between the two reads.
        raise HTTPException(404, f"no story {story_id!r}")
    return DossierRecord.model_validate(dossier_record(built))


@router.get(
    "/stories/{story_id}/figures",
    responses=_BY_PREFIX,
    summary="A story's figure groups with their figures, disagreements first",
)
def story_figures(store: StoreDep, story_id: StoryId) -> list[BoardGroup]:
    found = found_or_http_error(store.get_story, story_id, "story")
    articles = list(_story_articles(store, found))
    entity_of = _entity_index(articles)
    figures = {
        figure.id: figure_record(figure, entity_of)
        for article in articles
        for figure in article.figures
    }
    return [
        BoardGroup.model_validate(
            {**group.to_dict(), "figures": [figures[f] for f in group.figures if f in figures]}
        )
        for group in board_order(store.iter_figure_groups(found.id))
    ]


@router.get(
    "/stories/{story_id}/events",
    responses=_BY_PREFIX,
    summary="A story's events, merged across its sources, by date",
)
def story_events(store: StoreDep, story_id: StoryId) -> list[EventRecord]:
    found = found_or_http_error(store.get_story, story_id, "story")
    return [
        EventRecord.model_validate(event_record(event))
        for event in store.iter_story_events(found.id)
    ]


def _meta(article: Article, store: Store) -> ArticleMeta:
    record = article_record(article, store)
    fields = ArticleMeta.model_fields.keys() - {"words"}
    return ArticleMeta(**{key: record[key] for key in fields}, words=article.word_count())


@router.get("/articles", summary="Articles without their text, by date then id")
def articles(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> Page[ArticleMeta]:
    chosen = islice(store.iter_articles(), offset, offset + limit)
    return Page[ArticleMeta](
        total=store.count(),
        offset=offset,
        limit=limit,
        items=[_meta(article, store) for article in chosen],
    )


@router.get(
    "/articles/{article_id}", responses=_BY_PREFIX, summary="One article, clean text included"
)
def article(store: StoreDep, article_id: ArticleId) -> ArticleRecord:
    return ArticleRecord.model_validate(
        article_record(found_or_http_error(store.get, article_id, "article"), store)
    )


def _names(entity: Entity) -> Iterator[str]:
    yield entity.name
    yield from entity.aliases


@router.get("/entities", summary="Entities, most mentioned first")
def entities(
    store: StoreDep,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Annotated[
        str | None,
        Query(
            max_length=_MAX_QUERY,
            description="Only entities a name or alias of which contains this (any case, accents).",
        ),
    ] = None,
) -> Page[EntitySummary]:
    wanted = fold(q) if q else ""
    matching = [
        entity
        for entity in store.iter_entities()
        if any(wanted in fold(name) for name in _names(entity))
    ]
    return Page[EntitySummary](
        total=len(matching),
        offset=offset,
        limit=limit,
        items=[
            EntitySummary(
                id=entity.id,
                name=entity.name,
                type=entity.type,
                aliases=list(entity.aliases),
                articles=len(entity.articles),
                mentions=len(entity.mentions),
                confidence=entity.confidence,
            )
            for entity in matching[offset : offset + limit]
        ],
    )


@router.get("/entities/{entity_id}", responses=_NOT_FOUND, summary="One entity, every mention")
def entity(
    store: StoreDep, entity_id: Annotated[str, Path(min_length=1, max_length=64)]
) -> EntityRecord:
    found = next((e for e in store.iter_entities() if e.id == entity_id), None)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return EntityRecord.model_validate(entity_record(found))


@router.get("/quotes", responses=_BY_PREFIX, summary="Quotes, by article then offset")
def quotes(
    store: StoreDep,
    speaker: Annotated[
        str | None,
        Query(
            max_length=_MAX_QUERY,
            description="Only quotes whose speaker, as written or as their entity is named, "
            "contains this (any case, accents).",
        ),
    ] = None,
    story: Annotated[
        str | None,
        Query(min_length=1, max_length=64, description="Only this story's quotes (id or prefix)."),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[QuoteRecord]:
    members = (
        set(found_or_http_error(store.get_story, story, "story").articles)
        if story is not None
        else None
    )
    entity_of: dict[tuple[str, int, int], str | None] = {}
    name_of: dict[str, str] = {}
    for known in store.iter_entities():
        name_of[known.id] = known.name
        for m in known.mentions:
            entity_of[(m.span.article, m.span.start, m.span.end)] = known.id
    wanted = fold(speaker) if speaker else ""
    records: list[dict[str, Any]] = []
    for quote in store.iter_quotes():
        if members is not None and quote.span.article not in members:
            continue
        record = quote_record(quote, entity_of)
        said_by = (record["speaker"], name_of.get(record["speaker_entity"] or ""))
        if not wanted or any(wanted in fold(name) for name in said_by if name):
            records.append(record)
    return Page[QuoteRecord](
        total=len(records),
        offset=offset,
        limit=limit,
        items=[QuoteRecord.model_validate(r) for r in records[offset : offset + limit]],
    )


@router.get("/search", summary="Articles whose title or text contains the words, by date")
def search(
    store: StoreDep,
    q: Annotated[
        str,
        Query(min_length=1, max_length=_MAX_QUERY, description="Words to find (any case)."),
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_SEARCH, description="At most this many hits.")] = 50,
) -> list[SearchHitRecord]:
    return [
        SearchHitRecord(
            article=hit.article,
            title=hit.title,
            site=hit.site,
            published=hit.published,
            snippet=hit.snippet,
            highlight=list(hit.highlight),
            match=None if hit.match is None else SpanRecord(**dataclasses.asdict(hit.match)),
        )
        for hit in store.search_articles(q, limit=limit)
    ]
