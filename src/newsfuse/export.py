"""The export contract: the store as one JSON document, JSON Lines or CSV.

``export --format json`` writes ``{"schema_version", "articles", "entities",
"figures", "figure_groups", "quotes", "events", "stories"}``; later stages fill
the lists that are empty today. Documents are written record by record, so an
export never holds the whole store in memory.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterator
from typing import Any, TextIO

from newsfuse.model import SCHEMA_VERSION, Article, Entity
from newsfuse.store.base import Store

__all__ = [
    "CSV_COLUMNS",
    "SECTIONS",
    "article_record",
    "entity_record",
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
    "text",
)


def article_record(article: Article, store: Store) -> dict[str, Any]:
    """An article as the export contract shows it."""
    data = article.to_dict()
    del data["raw_text"]
    del data["mentions"]  # listed under their entities
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
    out.write(f'{{"schema_version": {SCHEMA_VERSION},\n"articles": [')
    count = 0
    for record in _records(store):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True))
        count += 1
    out.write('\n],\n"entities": [')
    for index, entity in enumerate(store.iter_entities()):
        out.write(",\n" if index else "\n")
        out.write(json.dumps(entity_record(entity), ensure_ascii=False, sort_keys=True))
    out.write("\n]")
    for section in SECTIONS[2:]:
        out.write(f',\n"{section}": []')
    out.write("}\n")
    return count


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
    """One article per row; ``removed`` lists the reasons of the cuts, in order.

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
        writer.writerow({key: _spreadsheet_safe(value) for key, value in row.items()})
        count += 1
    return count
