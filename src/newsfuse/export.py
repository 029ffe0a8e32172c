"""The export contract: the store as one JSON document, JSON Lines or CSV.

``export --format json`` writes ``{"schema_version", "articles", "entities",
"figures", "figure_groups", "quotes", "events", "stories"}``. Documents are
written record by record, so an export never holds the whole store's articles
in memory (the mention -> entity index that resolves speakers is the one
exception: a few dozen bytes a mention).

Figures and quotes are listed by article and offset, each naming its
``article`` and ``start``/``end`` in that article's clean text, and its
speaker both as the text names them (``speaker``) and as the entity the
speaker's mention resolved to (``speaker_entity``, None when none). Events are
a story's reconciled events: one per happening, with the ``articles`` that
report it and every ``evidence`` span.

Each article names its ``story``, the article it is a near-copy of
(``duplicate_of``) and every earlier article whose text it reuses
(``derived_from``: ``{source, kind, shared, jaccard}``). JSON Lines and CSV
are article-per-record formats, so they carry these per-article fields and, as
for entities, no section of their own.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO

from newsfuse.model import SCHEMA_VERSION, Article, Entity, Event, Figure, Quote, Span, Story
from newsfuse.store.base import Store

__all__ = [
    "CSV_COLUMNS",
    "SECTIONS",
    "article_record",
    "entity_record",
    "event_record",
    "figure_record",
    "quote_record",
    "story_record",
    "write_csv",
    "write_json",
    "write_jsonl",
]

#: Top-level lists of the JSON document, in order.
SECTIONS = ("articles", "entities", "figures", "figure_groups", "quotes", "events", "stories")

CSV_COLUMNS = (
    "id",
    "path",
    "url",
    "site",
    "title",
    "author",
    "published",
    "date_precision",
    "language",
    "credit",
    "words",
    "removed",
    "story",
    "duplicate_of",
    "derived_from",
    "text",
)


def article_record(article: Article, store: Store) -> dict[str, Any]:
    """An article as the export contract shows it.

    ``derived_from`` lists ``{source, kind, shared, jaccard}`` by source id.
    """
    data = article.to_dict()
    del data["raw_text"]
    # Listed in their own sections (mentions under their entities).
    for section in ("mentions", "figures", "quotes", "events"):
        del data[section]
    data["origins"] = store.origins(article.id)
    data["removed"] = [
        {"text": segment.text, "reason": segment.reason, "at": segment.at}
        for segment in article.removed
    ]
    return data


def _records(store: Store) -> Iterator[dict[str, Any]]:
    for article in store.iter_articles():
        yield article_record(article, store)


def write_json(store: Store, out: TextIO) -> int:
    """Write the whole export document; returns the number of articles."""
    out.write(f'{{"schema_version": {SCHEMA_VERSION}')
    entity_of = {
        (m.span.article, m.span.start, m.span.end): m.entity
        for m in store.iter_mentions()
        if m.entity
    }
    sections: dict[str, Iterable[dict[str, Any]]] = {
        "articles": _records(store),
        "entities": map(entity_record, store.iter_entities()),
        "figures": (figure_record(f, entity_of) for f in store.iter_figures()),
        "figure_groups": (g.to_dict() for g in store.iter_figure_groups()),
        "quotes": (quote_record(q, entity_of) for q in store.iter_quotes()),
        "events": map(event_record, store.iter_story_events()),
        "stories": map(story_record, store.iter_stories()),
    }
    counts = {name: _write_section(out, name, sections.get(name, ())) for name in SECTIONS}
    out.write("}\n")
    return counts["articles"]


def _write_section(out: TextIO, name: str, records: Iterable[dict[str, Any]]) -> int:
    """``,\n"name": [...]`` with a record a line; returns how many records."""
    out.write(f',\n"{name}": [')
    count = 0
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True))
        count += 1
    out.write("\n]" if count else "]")
    return count


EntityIndex = Mapping[tuple[str, int, int], str | None]


def _speaker_entity(span: Span | None, entity_of: EntityIndex) -> str | None:
    return entity_of.get((span.article, span.start, span.end)) if span else None


def figure_record(figure: Figure, entity_of: EntityIndex) -> dict[str, Any]:
    """A figure as the export contract shows it (``Figure.to_dict`` plus the speaker's entity)."""
    return {
        **figure.to_dict(),
        "speaker_entity": _speaker_entity(figure.speaker_span, entity_of),
    }


def quote_record(quote: Quote, entity_of: EntityIndex) -> dict[str, Any]:
    """A quote as the export contract shows it (``Quote.to_dict`` plus the speaker's entity)."""
    return {**quote.to_dict(), "speaker_entity": _speaker_entity(quote.speaker_span, entity_of)}


def event_record(event: Event) -> dict[str, Any]:
    """A story's reconciled event, with the articles that report it."""
    return {**event.to_dict(), "articles": list(event.articles)}


def entity_record(entity: Entity) -> dict[str, Any]:
    """An entity as the export contract shows it: every mention with its offsets."""
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "mentions": [
            {"article": m.span.article, "start": m.span.start, "end": m.span.end, "text": m.text}
            for m in entity.mentions
        ],
        "attributes": [attribute.to_dict() for attribute in entity.attributes],
        "confidence": entity.confidence,
        "place": dataclasses.asdict(entity.place) if entity.place else None,
        "merges": [dataclasses.asdict(merge) for merge in entity.merges],
        "articles": list(entity.articles),
    }


def story_record(story: Story) -> dict[str, Any]:
    """A story as the export contract shows it.

    ``members`` give each article's ``role`` (``original``, ``copy`` or
    ``follow-up``), site and date; ``entities`` the names its articles
    mention most, most mentioned first.
    """
    return {
        "id": story.id,
        "title": story.title,
        "articles": list(story.articles),
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "sources": list(story.sources),
        "independent_sources": story.independent_sources,
        "members": [dataclasses.asdict(member) for member in story.members],
        "entities": list(story.entities),
    }


def write_jsonl(store: Store, out: TextIO) -> int:
    """One article per line."""
    count = 0
    for record in _records(store):
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _spreadsheet_safe(value: object) -> object:
    """Article text is hostile: keep a cell from starting like a spreadsheet formula."""
    if isinstance(value, str) and (
        value.startswith(_FORMULA_START) or (value.startswith("-") and value[1:2].strip())
    ):
        return "'" + value
    return value


def write_csv(store: Store, out: TextIO) -> int:
    """One article per row; ``removed`` lists the reasons of the cuts, in order,
    ``derived_from`` the ids of the articles it reuses text of; both ``;``-separated.

    Cells that would start like a spreadsheet formula get a leading apostrophe.
    """
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for article in store.iter_articles():
        row = {column: getattr(article, column, None) for column in CSV_COLUMNS}
        row["date_precision"] = article.date_precision.value if article.date_precision else None
        row["words"] = article.word_count()
        row["removed"] = ";".join(segment.reason for segment in article.removed)
        row["derived_from"] = ";".join(reuse.source for reuse in article.derived_from)
        writer.writerow({key: _spreadsheet_safe(value) for key, value in row.items()})
        count += 1
    return count
