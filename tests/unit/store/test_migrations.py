"""Opening a store: migrations, connection settings and files that cannot be a store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsfuse.errors import StoreError
from newsfuse.store import SQLiteStore
from newsfuse.store.sqlite import Migration, migrations

from .factories import make_article

NEWEST = migrations()[-1].version

#: What every migration builds, by name: SQLite's tables and indexes.
SQLITE_SCHEMA = {
    "articles_analysed": "index",
    "figures": "table",
    "figures_article": "index",
    "figures_kind": "index",
    "quotes": "table",
    "quotes_article": "index",
    "quotes_speaker": "index",
    "events": "table",
    "events_article": "index",
    "figure_groups": "table",
    "figure_groups_story": "index",
    "story_events": "table",
    "story_events_story": "index",
    "reuse": "table",
    "story_features": "table",
    "stories": "table",
    "stories_first_seen": "index",
    "articles_story": "index",
    "mentions": "table",
    "mentions_entity": "index",
    "entities": "table",
    "articles": "table",
    "articles_published": "index",
    "removed_segments": "table",
    "article_origins": "table",
    "article_lines": "table",
    "article_lines_article": "index",
    "copy_index": "table",
    "copy_keys": "table",
    "copy_keys_article": "index",
    "articles_duplicate_of": "index",
}


def schema(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        return dict(rows.fetchall())


def test_packaged_migrations_are_numbered_from_one() -> None:
    found = migrations()
    assert [migration.version for migration in found] == list(range(1, len(found) + 1))
    assert found[0].name == "0001_articles.sql"


def test_an_empty_file_is_migrated(db_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db_path.touch()
    with caplog.at_level("INFO", logger="newsfuse.store.sqlite"), SQLiteStore(db_path) as store:
        assert store.schema_version == NEWEST
        store.add(make_article(1), "in.txt", ["h"])
    assert "applying migration 0001_articles.sql" in caplog.text
    assert "applying migration 0002_entities.sql" in caplog.text
    assert "applying migration 0003_stories.sql" in caplog.text
    assert "applying migration 0004_claims.sql" in caplog.text
    assert "applying migration 0005_analysed.sql" in caplog.text
    assert "applying migration 0006_copy_index.sql" in caplog.text
    assert schema(db_path) == SQLITE_SCHEMA


def test_reopening_is_a_no_op(db_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with SQLiteStore(db_path) as store:
        store.add(make_article(1), "in.txt", ["h"])
    before = schema(db_path)

    caplog.clear()
    with caplog.at_level("INFO", logger="newsfuse.store.sqlite"), SQLiteStore(db_path) as store:
        assert store.schema_version == NEWEST
        assert store.get(make_article(1).id) == make_article(1)
    assert "applying" not in caplog.text
    assert schema(db_path) == before


def test_connection_settings(db_path: Path) -> None:
    with SQLiteStore(db_path, timeout=7.5) as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 7500
        assert conn.isolation_level is None


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE articles (id TEXT PRIMARY KEY)")
        conn.execute(f"PRAGMA user_version = {NEWEST + 1}")
    message = (
        rf"store was written by a newer newsfuse \(schema {NEWEST + 1} > {NEWEST}\);"
        " upgrade newsfuse"
    )
    with pytest.raises(StoreError, match=message) as raised:
        SQLiteStore(db_path)
    assert str(db_path) in str(raised.value)
    assert raised.value.code == "store-error"


@pytest.mark.parametrize(
    "content",
    [b"title,text\nhello,world\n", b"\x00\xff" * 4096, b"SQLite format 3\x00" + b"\x07" * 200],
    ids=["csv", "binary", "bad-header"],
)
def test_a_file_that_is_not_sqlite_is_refused(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    with pytest.raises(StoreError, match="not a SQLite database") as raised:
        SQLiteStore(db_path)
    assert str(db_path) in str(raised.value)
    assert db_path.read_bytes() == content


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open store") as raised:
        SQLiteStore(tmp_path)
    assert str(tmp_path) in str(raised.value)


def test_another_programs_database_is_left_alone(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match=r"not a newsfuse store.*invoices"):
        SQLiteStore(db_path)
    assert schema(db_path) == {"invoices": "table"}


def test_migration_statements_are_split_whole() -> None:
    migration = Migration(
        version=9,
        name="0009_example.sql",
        sql=(
            "-- a comment; with a semicolon\n"
            "CREATE TABLE t (a TEXT DEFAULT 'x;y');\n"
            "CREATE TRIGGER t_insert AFTER INSERT ON t BEGIN\n"
            "    UPDATE t SET a = 'z';\n"
            "END;\n"
            "\n"
            "-- trailing comment\n"
        ),
    )
    statements = migration.statements()
    assert len(statements) == 2
    assert statements[0].endswith("CREATE TABLE t (a TEXT DEFAULT 'x;y');")
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_an_unterminated_migration_statement_is_an_error() -> None:
    migration = Migration(version=9, name="0009_bad.sql", sql="CREATE TABLE t (a TEXT)\n")
    with pytest.raises(StoreError, match=r"0009_bad\.sql"):
        migration.statements()


def test_a_failing_migration_rolls_back_whole(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = Migration(
        version=NEWEST + 1,
        name=f"{NEWEST + 1:04d}_broken.sql",
        sql="CREATE TABLE extra (a TEXT);\nALTER TABLE nowhere ADD COLUMN b TEXT;\n",
    )
    monkeypatch.setattr("newsfuse.store.sqlite.migrations", lambda: (*migrations(), broken))
    with pytest.raises(StoreError, match=r"broken\.sql failed"):
        SQLiteStore(db_path)
    # The earlier migration stuck; the broken one left neither its table nor its number.
    monkeypatch.undo()
    with SQLiteStore(db_path) as store:
        assert store.schema_version == NEWEST
    assert "extra" not in schema(db_path)
