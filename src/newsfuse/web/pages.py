"""The HTML pages: stories, a story's dossier, its figure board, articles with their
evidence highlighted, entities with every mention, and search.

Pages only call public functions (store methods, :func:`newsfuse.dossier.load_dossier`)
and render Jinja2 templates with autoescape on: everything from an article is text.
An unknown id is a 404 page, an ambiguous id prefix a 409, a bad query a 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from newsfuse.dossier import load_dossier
from newsfuse.model import Article, Entity, Mention, Span
from newsfuse.report.common import (
    Citations,
    board_order,
    board_rows,
    coverage_outlets,
    date_label,
    figure_value,
    number,
    outlet,
    safe_url,
)
from newsfuse.web.deps import Length, SettingsDep, StoreDep, found_or_http_error

__all__ = ["error_page", "router"]

#: Characters shown on each side of an entity mention.
CONTEXT = 80
#: Search hits one page shows.
SEARCH_LIMIT = 50
_MAX_QUERY = 200

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

# autoescape=True, not select_autoescape: every template output is HTML.
_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("newsfuse.web", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters.update(date=date_label, number=number, outlet=outlet, value=figure_value)
templates = Jinja2Templates(env=_ENV)


def evidence_url(span: Span) -> str:
    """The source article with ``span`` highlighted and scrolled to."""
    query = urlencode({"start": span.start, "end": span.end})
    return f"/articles/{span.article}?{query}#evidence"


_ENV.globals["evidence_url"] = evidence_url


def _page(request: Request, name: str, code: int = 200, **context: object) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An error as a page: the status and the message (which may quote a requested id)."""
    return _page(request, "error.html", status, status=status, message=message)


@router.get("/")
def index(request: Request, store: StoreDep) -> HTMLResponse:
    return _page(request, "index.html", stories=list(store.iter_stories()))


@router.get("/stories/{story_id}")
def story(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    story_id: str,
    length: Length = Length.FULL,
) -> HTMLResponse:
    found = found_or_http_error(store.get_story, story_id, "story")
    dossier = load_dossier(store, found.id, settings, length=length.value)
    if dossier is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    citations = Citations(dossier.articles)
    # Cited in reading order, so the numbers run 1, 2, 3 ... down the page.
    summary = [(s, citations.cite_all(s.citations)) for s in dossier.summary]
    timeline = [(e, citations.cite_all(e.citations)) for e in dossier.timeline]
    board = board_rows(dossier.board, dossier.figures, citations)
    speakers = [
        (speaker, [(q, citations.cite_all([q.evidence])) for q in speaker.quotes])
        for speaker in dossier.speakers
    ]
    columns = coverage_outlets(dossier)
    return _page(
        request,
        "story.html",
        dossier=dossier,
        story=dossier.story,
        summary=summary,
        timeline=timeline,
        board=board,
        speakers=speakers,
        outlets=[name for name, _ in columns],
        coverage=[
            (row, [bool(set(row.articles).intersection(ids)) for _, ids in columns])
            for row in dossier.coverage
        ],
    )


@router.get("/stories/{story_id}/figures")
def story_figures(request: Request, store: StoreDep, story_id: str) -> HTMLResponse:
    found = found_or_http_error(store.get_story, story_id, "story")
    articles = [a for aid in found.articles if (a := store.get(aid)) is not None]
    figures = {figure.id: figure for article in articles for figure in article.figures}
    groups = board_order(store.iter_figure_groups(found.id))
    return _page(
        request,
        "figures.html",
        story=found,
        board=board_rows(groups, figures, Citations(articles)),
    )


@router.get("/articles/{article_id}")
def article(
    request: Request,
    store: StoreDep,
    article_id: str,
    start: Annotated[int | None, Query(description="Start of the highlight.")] = None,
    end: Annotated[int | None, Query(description="End of the highlight.")] = None,
) -> HTMLResponse:
    found = found_or_http_error(store.get, article_id, "article")
    text = found.text
    if (start is None) != (end is None):
        raise HTTPException(400, "bad range: give both start and end, or neither")
    if start is not None and end is not None and not 0 <= start < end <= len(text):
        raise HTTPException(
            400, f"bad range {start}:{end}: the article's text has {len(text)} characters"
        )
    before, marked, after = (
        (text[:start], text[start:end], text[end:])
        if start is not None and end is not None
        else (text, None, "")
    )
    return _page(
        request,
        "article.html",
        article=found,
        url=safe_url(found.url),
        origins=store.origins(found.id),
        before=before,
        marked=marked,
        after=after,
    )


@router.get("/entities")
def entities(request: Request, store: StoreDep) -> HTMLResponse:
    return _page(request, "entities.html", entities=list(store.iter_entities()))


@dataclass(frozen=True, slots=True)
class _InContext:
    mention: Mention
    article: Article | None
    before: str
    words: str
    after: str


def _in_context(mention: Mention, article: Article | None) -> _InContext:
    if article is None or mention.span.end > len(article.text):
        return _InContext(mention, article, "", mention.text, "")
    text, span = article.text, mention.span
    left = max(0, span.start - CONTEXT)
    right = min(len(text), span.end + CONTEXT)
    return _InContext(
        mention,
        article,
        ("…" if left else "") + text[left : span.start],
        text[span.start : span.end],
        text[span.end : right] + ("…" if right < len(text) else ""),
    )


@router.get("/entities/{entity_id}")
def entity(request: Request, store: StoreDep, entity_id: str) -> HTMLResponse:
    found: Entity | None = next((e for e in store.iter_entities() if e.id == entity_id), None)
    if found is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    articles = {aid: store.get(aid) for aid in found.articles}
    return _page(
        request,
        "entity.html",
        entity=found,
        mentions=[_in_context(m, articles.get(m.span.article)) for m in found.mentions],
        articles=articles,
    )


@router.get("/search")
def search(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=_MAX_QUERY, description="Words to find.")] = "",
) -> HTMLResponse:
    hits = store.search_articles(q, SEARCH_LIMIT) if q.strip() else []
    return _page(request, "search.html", query=q, hits=hits, limit=SEARCH_LIMIT)
