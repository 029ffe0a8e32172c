"""Stories and copies in the export: the JSON document, JSON Lines and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from newsfuse.export import CSV_COLUMNS, SECTIONS, write_csv, write_json, write_jsonl
from newsfuse.model import Article, Reuse, Story, StoryMember
from newsfuse.store import SQLiteStore

WIRE = Article(
    id="aaaa000000000001",
    path="in/wire.txt",
    raw_text="raw",
    text="Ceasefire agreed in Moscow.",
    site="wire.example",
    title="Ceasefire agreed",
    published="2020-10-10",
)
COPY = Article(
    id="aaaa000000000002",
    path="in/copy.txt",
    raw_text="raw copy",
    text="Ceasefire agreed in Moscow.",
    site="copy.example",
    # Hostile in a spreadsheet: the title would run as a formula.
    title='=HYPERLINK("http://evil")',
    published="2020-10-11",
    duplicate_of=WIRE.id,
    derived_from=(
        Reuse(WIRE.id, "duplicate", 0.96875, 0.9),
        Reuse("0000000000000009", "partial", 0.5, 0.25),
    ),
)
LONE = Article(id="bbbb000000000003", path="in/lone.txt", raw_text="raw lone", text="Alone.")

TRUCE = Story(
    id="s000000000001",
    title="Ceasefire agreed",
    articles=(WIRE.id, COPY.id),
    first_seen="2020-10-10",
    last_seen="2020-10-11",
    sources=("copy.example", "wire.example"),
    independent_sources=1,
    members=(
        StoryMember(WIRE.id, "original", "wire.example", "2020-10-10"),
        StoryMember(COPY.id, "copy", "copy.example", "2020-10-11"),
    ),
    entities=("Moscow",),
)
UNDATED = Story(id="s000000000002", title="Alone", articles=(LONE.id,))


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    with SQLiteStore(":memory:") as opened:
        for article in (WIRE, COPY, LONE):
            opened.add(article, article.path)
        opened.replace_stories([UNDATED, TRUCE])
        yield opened


def document(store: SQLiteStore) -> dict[str, Any]:
    buffer = io.StringIO()
    assert write_json(store, buffer) == 3
    parsed: dict[str, Any] = json.loads(buffer.getvalue())
    return parsed


def test_json_lists_stories_with_members_and_entities(store: SQLiteStore) -> None:
    stories = document(store)["stories"]

    assert stories == [
        {
            "id": "s000000000001",
            "title": "Ceasefire agreed",
            "articles": [WIRE.id, COPY.id],
            "first_seen": "2020-10-10",
            "last_seen": "2020-10-11",
            "sources": ["copy.example", "wire.example"],
            "independent_sources": 1,
            "members": [
                {
                    "article": WIRE.id,
                    "role": "original",
                    "site": "wire.example",
                    "published": "2020-10-10",
                },
                {
                    "article": COPY.id,
                    "role": "copy",
                    "site": "copy.example",
                    "published": "2020-10-11",
                },
            ],
            "entities": ["Moscow"],
        },
        {
            "id": "s000000000002",
            "title": "Alone",
            "articles": [LONE.id],
            "first_seen": None,
            "last_seen": None,
            "sources": [],
            "independent_sources": 0,
            "members": [],
            "entities": [],
        },
    ]


def test_json_articles_name_their_story_and_copies(store: SQLiteStore) -> None:
    parsed = document(store)
    records = {record["id"]: record for record in parsed["articles"]}

    assert set(parsed) == {"schema_version", *SECTIONS}
    assert {"story", "duplicate_of", "derived_from"} <= set(records[WIRE.id])
    assert records[WIRE.id]["story"] == TRUCE.id
    assert records[WIRE.id]["duplicate_of"] is None
    assert records[WIRE.id]["derived_from"] == []
    assert records[COPY.id]["duplicate_of"] == WIRE.id
    # By source id, whatever order they were stored in.
    assert records[COPY.id]["derived_from"] == [
        {"source": "0000000000000009", "kind": "partial", "shared": 0.5, "jaccard": 0.25},
        {"source": WIRE.id, "kind": "duplicate", "shared": 0.96875, "jaccard": 0.9},
    ]
    assert records[LONE.id]["story"] == UNDATED.id


def test_json_sections_of_an_empty_store_are_empty_lists() -> None:
    with SQLiteStore(":memory:") as empty:
        buffer = io.StringIO()
        assert write_json(empty, buffer) == 0
    parsed = json.loads(buffer.getvalue())
    assert parsed == {"schema_version": parsed["schema_version"], **{s: [] for s in SECTIONS}}


def test_jsonl_lines_are_the_json_articles(store: SQLiteStore) -> None:
    buffer = io.StringIO()
    assert write_jsonl(store, buffer) == 3
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert lines == document(store)["articles"]
    assert lines[1]["derived_from"][1]["source"] == WIRE.id


def test_csv_rows_name_story_duplicate_and_sources(store: SQLiteStore) -> None:
    buffer = io.StringIO()
    assert write_csv(store, buffer) == 3
    reader = csv.DictReader(io.StringIO(buffer.getvalue(), newline=""))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    rows = {row["id"]: row for row in reader}

    assert {"story", "duplicate_of", "derived_from"} <= set(CSV_COLUMNS)
    assert (rows[COPY.id]["story"], rows[COPY.id]["duplicate_of"]) == (TRUCE.id, WIRE.id)
    assert rows[COPY.id]["derived_from"] == f"0000000000000009;{WIRE.id}"
    assert rows[COPY.id]["title"] == '\'=HYPERLINK("http://evil")'
    assert (rows[LONE.id]["duplicate_of"], rows[LONE.id]["derived_from"]) == ("", "")
