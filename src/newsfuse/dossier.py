"""A story's dossier from the store, and as the export contract's JSON.

:func:`load_dossier` reads what :func:`newsfuse.stages.summarize.build_dossier`
needs of one story; :func:`dossier_record` is the story's ``stories[]`` entry
of the export contract (:func:`newsfuse.export.story_record`) with the dossier
added:

``summary``
    ``[{text, date, citations: [{article, start, end}]}]``: each ``text`` is
    its first citation's sentence, verbatim.
``timeline``
    ``[{date, precision, text, kind, ref, citations}]``, by date.
``board``
    The figure groups, disagreements first, then updates, agreements and
    single-source ones; each as ``FigureGroup.to_dict`` gives it, except that
    ``figures`` lists the figures' records (:func:`newsfuse.export.figure_record`)
    instead of their ids.
``events``
    The story's reconciled events (:func:`newsfuse.export.event_record`).
``speakers``
    ``[{speaker, entity, quotes: [quote records]}]``, the most quoted first.
``coverage``
    ``[{fact, kind, articles}]``: which articles carry each key fact.
``article_info``
    ``{article id: {title, site, url, published, duplicate_of}}`` for every
    article a span points into, so a renderer can name its sources.
``length``
    The summary length the dossier was built with.
"""

from __future__ import annotations

from typing import Any

from newsfuse.config import Settings
from newsfuse.export import event_record, figure_record, quote_record, story_record
from newsfuse.model import Dossier, Entity
from newsfuse.stages.summarize import build_dossier
from newsfuse.store.base import Store

__all__ = ["dossier_record", "load_dossier"]


def load_dossier(
    store: Store, story_id: str, settings: Settings, *, length: str = "full"
) -> Dossier | None:
    """The dossier of the story with this id (or unique id prefix), None if there is none.

    Raises ``LookupError`` when a prefix matches several stories, and
    ``ValueError`` on an unknown ``length``.
    """
    story = store.get_story(story_id)
    if story is None:
        return None
    articles = [a for a in (store.get(i) for i in story.articles) if a is not None]
    wanted = {m.entity for a in articles for m in a.mentions if m.entity}
    # The store offers no lookup by id: one pass over the entities, keeping the
    # story's. Entities are few next to mentions, and only these are held.
    entities: dict[str, Entity] = {e.id: e for e in store.iter_entities() if e.id in wanted}
    return build_dossier(
        story,
        articles,
        list(store.iter_figure_groups(story.id)),
        list(store.iter_story_events(story.id)),
        entities,
        length=length,
        settings=settings.summary,
    )


def dossier_record(dossier: Dossier) -> dict[str, Any]:
    """The dossier as JSON-ready data: see the module docstring."""
    entity_of = {
        (m.span.article, m.span.start, m.span.end): m.entity
        for a in dossier.articles
        for m in a.mentions
        if m.entity
    }
    board = []
    for group in dossier.board:
        record = group.to_dict()
        record["figures"] = [
            figure_record(dossier.figures[f], entity_of)
            for f in group.figures
            if f in dossier.figures
        ]
        board.append(record)
    return {
        **story_record(dossier.story),
        "length": dossier.length,
        "summary": [line.to_dict() for line in dossier.summary],
        "timeline": [entry.to_dict() for entry in dossier.timeline],
        "board": board,
        "events": [event_record(event) for event in dossier.events],
        "speakers": [
            {
                "speaker": speaker.speaker,
                "entity": speaker.entity,
                "quotes": [quote_record(q, entity_of) for q in speaker.quotes],
            }
            for speaker in dossier.speakers
        ],
        "coverage": [
            {"fact": row.fact, "kind": row.kind, "articles": list(row.articles)}
            for row in dossier.coverage
        ],
        "article_info": {
            a.id: {
                "title": a.title,
                "site": a.site,
                "url": a.url,
                "published": a.published,
                "duplicate_of": a.duplicate_of,
            }
            for a in dossier.articles
        },
    }
