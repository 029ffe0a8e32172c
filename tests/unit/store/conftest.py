"""Stores for the store tests: a SQLite file, SQLite in memory and a PostgreSQL database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from newsfuse.store import SQLiteStore
from newsfuse.store._sql import SQLStore
from newsfuse.store.postgres import PostgresStore


@pytest.fixture(scope="session")
def migrated_postgres(new_postgres_database: Callable[[], str]) -> str:
    """The URL of one migrated PostgreSQL database that store tests empty and reuse.

    A database per test would cost a second each (creating it, migrating it);
    emptying the tables costs milliseconds.
    """
    url = new_postgres_database()
    PostgresStore(url).close()
    return url


def emptied(url: str) -> str:
    """``url``'s database with every newsfuse table empty and nobody else connected."""
    with psycopg.connect(url, autocommit=True) as conn:
        # A reader a test abandoned would hold TRUNCATE off.
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                " AND tablename <> 'schema_version'"
            )
        ]
        conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
    return url


@pytest.fixture(params=["file", "memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    """Runs a test against every backend: a SQLite file, SQLite in memory, PostgreSQL."""
    if request.param == "postgres":
        with PostgresStore(emptied(request.getfixturevalue("migrated_postgres"))) as opened:
            yield opened
        return
    location = tmp_path / "store.db" if request.param == "file" else ":memory:"
    with SQLiteStore(location) as opened:
        yield opened


@pytest.fixture(params=["file", "memory"])
def sqlite_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLiteStore]:
    """For what only SQLite has (query plans): a file store and an in-memory one."""
    location = tmp_path / "store.db" if request.param == "file" else ":memory:"
    with SQLiteStore(location) as opened:
        yield opened


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def file_store(db_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(db_path) as opened:
        yield opened
