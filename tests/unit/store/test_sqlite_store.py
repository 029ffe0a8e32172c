"""Every store against the Store protocol: round trips, idempotent adds, lookups, order."""

from __future__ import annotations

import sqlite3
from collections.abc import Generator, Iterator
from dataclasses import fields, replace
from pathlib import Path

import pytest

from newsfuse.model import Article, DatePrecision, RemovedSegment
from newsfuse.store import SQLiteStore, Store
from newsfuse.store._sql import SQLStore

from .factories import full_article, make_article


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table, read over a connection of the test's own."""
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "removed_segments", "article_origins", "article_lines")
        }


def test_satisfies_the_store_protocol(store: SQLStore) -> None:
    checked: Store = store
    assert isinstance(checked, Store)


def test_full_article_sets_every_field() -> None:
    # Guards the round trip below: a field added to Article must be set here,
    # and then stored, to pass.
    article = full_article()
    for field in fields(Article):
        assert getattr(article, field.name) != field.default, field.name


def test_round_trip_keeps_every_field(store: SQLStore) -> None:
    article = full_article()
    assert store.add(article, article.path, ["h1", "h2"])

    stored = store.get(article.id)
    assert stored == article
    assert stored is not None
    assert stored.date_precision is DatePrecision.MINUTE
    assert list(store.iter_articles()) == [article]


def test_round_trip_keeps_empty_and_missing_values(store: SQLStore) -> None:
    article = make_article(1, text="", removed=())
    store.add(article, "in/1.txt")
    assert store.get(article.id) == article


def test_has_and_count(store: SQLStore) -> None:
    assert store.count() == 0
    assert not store.has(make_article(1).id)
    store.add(make_article(1), "a")
    store.add(make_article(2), "b")
    assert store.has(make_article(1).id)
    assert store.count() == 2


def test_add_twice_returns_false_and_changes_nothing_but_origins(
    file_store: SQLiteStore, db_path: Path
) -> None:
    article = full_article()
    assert file_store.add(article, "first.txt", ["h1", "h2", "h2"]) is True
    before = table_counts(db_path)

    changed = replace(article, text="other", removed=(RemovedSegment("x", "y"),))
    assert file_store.add(changed, "first.txt", ["h3"]) is False
    assert table_counts(db_path) == before
    assert file_store.add(changed, "second.txt", ["h4"]) is False

    assert file_store.get(article.id) == article
    assert table_counts(db_path) == before | {"article_origins": 2}
    assert file_store.articles_with_lines("example.org", ["h1", "h3", "h4"]) == {
        "h1": [article.id],
        "h3": [],
        "h4": [],
    }


def test_origins_are_kept_in_order_first_seen(store: SQLStore) -> None:
    article = make_article(1)
    for origin in ["b.txt", "a.txt", "b.txt", "c.jsonl#line=2", "a.txt"]:
        store.add(article, origin)
    assert store.origins(article.id) == ["b.txt", "a.txt", "c.jsonl#line=2"]
    assert store.origins("unknown") == []


def test_a_failed_add_leaves_nothing_behind(store: SQLStore) -> None:
    def hashes() -> Iterator[str]:
        yield "h1"
        raise RuntimeError("extractor died")

    article = full_article()
    with pytest.raises(RuntimeError):
        store.add(article, "in.txt", hashes())
    assert store.count() == 0
    assert store.origins(article.id) == []
    assert store.articles_with_lines("example.org", ["h1"]) == {"h1": []}
    # And the connection is usable again.
    assert store.add(article, "in.txt", ["h1"])


def test_update_replaces_derived_fields(store: SQLStore) -> None:
    article = full_article()
    store.add(article, "in.txt")
    cleaned = replace(
        article,
        text="clean",
        title="New title",
        author=None,
        published="2024-03-06",
        date_precision=DatePrecision.DAY,
        language="en",
        credit=None,
        site="other.example",
        url=None,
        story="story-2",
        duplicate_of=None,
        removed=(RemovedSegment("only", "byline", 5),),
    )
    store.update(cleaned)
    assert store.get(article.id) == cleaned

    store.update(replace(cleaned, removed=()))
    stored = store.get(article.id)
    assert stored is not None
    assert stored.removed == ()


def test_update_keeps_the_ingest_record(store: SQLStore) -> None:
    article = make_article(1)
    store.add(article, "in/1.txt")
    store.update(replace(article, raw_text="rewritten", path="elsewhere", text="clean"))
    assert store.get(article.id) == replace(article, text="clean")


def test_update_of_a_missing_article_raises_key_error(store: SQLStore) -> None:
    with pytest.raises(KeyError):
        store.update(make_article(1))
    assert store.count() == 0


def test_update_moves_line_statistics_with_the_site(store: SQLStore) -> None:
    article = make_article(1)
    store.add(article, "in/1.txt", ["h1"])
    assert store.articles_with_lines("", ["h1"]) == {"h1": [article.id]}

    store.update(replace(article, site="example.org"))
    assert store.articles_with_lines("", ["h1"]) == {"h1": []}
    assert store.articles_with_lines("example.org", ["h1"]) == {"h1": [article.id]}


def test_get_by_id_and_unique_prefix(store: SQLStore) -> None:
    first = make_article(1, id="abcd1111")
    second = make_article(2, id="abcd2222")
    short = make_article(3, id="ab")
    for article in (first, second, short):
        store.add(article, article.path)

    assert store.get("abcd1111") == first
    assert store.get("abcd1") == first
    assert store.get("abcd2") == second
    assert store.get("ab") == short  # an exact id is found however short
    assert store.get("abc") is None  # too short to resolve as a prefix
    assert store.get("zzzz") is None
    assert store.get("abcd11112") is None
    with pytest.raises(LookupError, match=r"'abcd'.*abcd1111, abcd2222"):
        store.get("abcd")


def test_ambiguous_prefix_lists_a_few_candidates(store: SQLStore) -> None:
    for n in range(15):
        store.add(make_article(n, id=f"beef{n:04d}"), "in.txt")
    with pytest.raises(LookupError) as raised:
        store.get("beef")
    message = str(raised.value)
    assert "beef0009" in message
    assert "beef0010" not in message
    assert message.endswith("and more")


def test_prefix_characters_are_not_patterns(store: SQLStore) -> None:
    store.add(make_article(1, id="ab%_cdef"), "in.txt")
    store.add(make_article(2, id="abXYcdef"), "in.txt")
    stored = store.get("ab%_")
    assert stored is not None
    assert stored.id == "ab%_cdef"


def test_iteration_is_by_publication_date_unknown_last_then_id(store: SQLStore) -> None:
    dates = {
        "e": None,
        "a": None,
        "d": "2024-01-02",
        "b": "2024-01-02",
        "c": "2023-12-31T23:59",
        "f": "2024",
    }
    for key, published in dates.items():
        store.add(make_article(ord(key), id=key * 8, published=published), "in.txt")
    order = [article.id[0] for article in store.iter_articles()]
    # ISO 8601 text sorts by time; a bare year sorts at the start of its year.
    assert order == ["c", "f", "b", "d", "a", "e"]


def test_iteration_is_lazy(store: SQLStore) -> None:
    iterator = store.iter_articles()
    assert isinstance(iterator, Iterator)
    assert next(iterator, None) is None


def test_updating_while_iterating_visits_each_article_once(store: SQLStore) -> None:
    for n in range(20):
        store.add(make_article(n, published=f"2024-01-{n + 1:02d}"), "in.txt")
    expected = [article.id for article in store.iter_articles()]

    seen = []
    for article in store.iter_articles():
        seen.append(article.id)
        # A later date would move it further down an index being scanned.
        store.update(replace(article, published="2099-12-31", text="clean"))
    assert seen == expected
    assert all(article.text == "clean" for article in store.iter_articles())


def test_a_file_store_iterates_over_a_snapshot(file_store: SQLiteStore) -> None:
    for n in range(3):
        file_store.add(make_article(n), "in.txt")
    seen = []
    for article in file_store.iter_articles():
        seen.append(article)
        file_store.add(make_article(100 + len(seen)), "late.txt")
    assert len(seen) == 3
    assert file_store.count() == 6


def test_abandoned_iteration_releases_its_reader(file_store: SQLiteStore, db_path: Path) -> None:
    for n in range(3):
        file_store.add(make_article(n), "in.txt")
    iterator = file_store.iter_articles()
    next(iterator)
    assert isinstance(iterator, Generator)
    iterator.close()
    # With no reader left holding a snapshot, a full checkpoint can finish.
    with sqlite3.connect(db_path) as conn:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0


def test_articles_with_lines_by_site(store: SQLStore) -> None:
    here = make_article(1, site="example.org")
    there = make_article(2, site="other.example")
    nowhere = make_article(3)
    store.add(here, "1", ["common", "footer"])
    store.add(there, "2", ["common"])
    store.add(nowhere, "3", ["common"])
    store.add(make_article(4, site="example.org"), "4", ["footer"])

    found = store.articles_with_lines("example.org", ["footer", "common", "missing", "common"])
    assert list(found) == ["footer", "common", "missing"]
    assert found["footer"] == sorted([here.id, make_article(4).id])
    assert found["common"] == [here.id]
    assert found["missing"] == []
    assert store.articles_with_lines("", ["common"]) == {"common": [nowhere.id]}
    assert store.articles_with_lines("example.org", []) == {}


def test_articles_with_lines_chunks_many_hashes(store: SQLStore) -> None:
    if isinstance(store, SQLiteStore):
        # Refuse any statement with more than 500 parameters, as old SQLite builds would.
        store._conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 500)
    first = make_article(1, site="example.org")
    second = make_article(2, site="example.org")
    hashes = [f"line-{n:05d}" for n in range(1234)]
    store.add(first, "1", hashes)
    store.add(second, "2", hashes[::2])

    found = store.articles_with_lines("example.org", [*hashes, "not-there"])
    assert len(found) == 1235
    assert found["line-00000"] == sorted([first.id, second.id])
    assert found["line-00001"] == [first.id]
    assert found["line-01233"] == [first.id]
    assert found["line-01232"] == sorted([first.id, second.id])
    assert found["not-there"] == []


def test_line_lookup_uses_the_primary_key(sqlite_store: SQLiteStore) -> None:
    plan = sqlite_store._conn.execute(
        "EXPLAIN QUERY PLAN SELECT article_id FROM article_lines"
        " WHERE site = ? AND line_hash IN (?, ?)",
        ("s", "a", "b"),
    ).fetchall()
    detail = " ".join(row[3] for row in plan)
    assert "SEARCH article_lines USING PRIMARY KEY" in detail


def test_iteration_streams_from_the_published_index(sqlite_store: SQLiteStore) -> None:
    plan = sqlite_store._conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM articles ORDER BY published NULLS LAST, id"
    ).fetchall()
    detail = " ".join(row[3] for row in plan)
    assert "articles_published" in detail
    assert "TEMP B-TREE" not in detail


def test_context_manager_closes(db_path: Path) -> None:
    with SQLiteStore(db_path) as store:
        store.add(make_article(1), "in.txt")
    with pytest.raises(sqlite3.ProgrammingError):
        store.count()
    store.close()  # closing twice is harmless
    assert repr(store) == f"SQLiteStore({str(db_path)!r})"
