"""Crashes and concurrent writers: the file stays sound and holds exactly what was committed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import newsfuse
from newsfuse.errors import StoreError
from newsfuse.store import SQLiteStore
from newsfuse.store.sqlite import migrations

from .factories import make_article

# Adds articles 0, 1, ... to the store at argv[1]; from article argv[2] on, the
# process dies (os._exit: no cleanup, no rollback, no checkpoint) just before
# running the first statement that starts with argv[3], i.e. mid-transaction.
CRASH_SCRIPT = """
import functools, os, sqlite3, sys

from newsfuse.model import Article, RemovedSegment
from newsfuse.store.sqlite import SQLiteStore

path, survivors, kill_at = sys.argv[1], int(sys.argv[2]), sys.argv[3].upper()
armed = False


class DyingConnection(sqlite3.Connection):
    def execute(self, sql, *args):
        if armed and sql.lstrip().upper().startswith(kill_at):
            os._exit(1)
        return super().execute(sql, *args)

    def executemany(self, sql, *args):
        if armed and sql.lstrip().upper().startswith(kill_at):
            os._exit(1)
        return super().executemany(sql, *args)


sqlite3.connect = functools.partial(sqlite3.connect, factory=DyingConnection)
store = SQLiteStore(path)
for n in range(survivors + 3):
    armed = n == survivors
    article = Article(
        id=f"article-{n:03d}",
        path=f"in/{n}.txt",
        raw_text=f"text {n}",
        removed=(RemovedSegment("cut", "boilerplate"), RemovedSegment("more", "footer")),
    )
    store.add(article, f"in/{n}.txt", [f"line-{n}", "shared"])
os._exit(0)
"""


def run_crashing_writer(path: Path, survivors: int, kill_at: str) -> int:
    src = Path(newsfuse.__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(path), str(survivors), kill_at],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stderr == ""
    return done.returncode


@pytest.mark.parametrize(
    "kill_at",
    ["INSERT INTO removed_segments", "INSERT OR IGNORE INTO article_lines", "COMMIT"],
)
def test_a_crash_mid_transaction_loses_only_the_article_in_flight(
    db_path: Path, kill_at: str
) -> None:
    survivors = 4
    assert run_crashing_writer(db_path, survivors, kill_at) == 1
    # The committed articles sit in the write-ahead log: reopening must recover them.
    assert db_path.with_name(db_path.name + "-wal").exists()

    with SQLiteStore(db_path) as store:
        conn = store._conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        committed = [f"article-{n:03d}" for n in range(survivors)]
        assert [article.id for article in store.iter_articles()] == committed
        assert store.count() == survivors
        for n, article_id in enumerate(committed):
            article = store.get(article_id)
            assert article is not None
            assert len(article.removed) == 2
            assert store.origins(article_id) == [f"in/{n}.txt"]
        found = store.articles_with_lines("", ["shared", f"line-{survivors}"])
        assert found == {"shared": committed, f"line-{survivors}": []}
        for table, rows in [("removed_segments", 8), ("article_origins", 4), ("article_lines", 8)]:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == rows

        # The store takes writes again, the lost article included.
        assert store.add(make_article(1), "after.txt")


def test_two_stores_on_one_file_store_an_article_once(db_path: Path) -> None:
    article = make_article(1)
    with SQLiteStore(db_path) as one, SQLiteStore(db_path) as two:
        assert one.add(article, "one.txt", ["h"]) is True
        assert two.add(article, "two.txt", ["h"]) is False
        assert one.add(article, "one.txt", ["h"]) is False
        assert two.count() == one.count() == 1
        assert one.origins(article.id) == ["one.txt", "two.txt"]
        assert two.articles_with_lines("", ["h"]) == {"h": [article.id]}


def test_racing_writers_store_an_article_once(db_path: Path) -> None:
    SQLiteStore(db_path).close()  # migrate up front; the race is about the article
    writers = 8
    article = make_article(1)
    start = threading.Barrier(writers)
    results: list[bool] = []
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            with SQLiteStore(db_path) as store:
                start.wait()
                results.append(store.add(article, f"writer-{n}", ["h"]))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [False] * (writers - 1) + [True]
    with SQLiteStore(db_path) as store:
        assert store.count() == 1
        assert sorted(store.origins(article.id)) == [f"writer-{n}" for n in range(writers)]


def test_racing_openers_migrate_once(db_path: Path) -> None:
    openers = 6
    start = threading.Barrier(openers)
    versions: list[int] = []
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            start.wait()
            with SQLiteStore(db_path) as store:
                versions.append(store.schema_version)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(openers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert versions == [migrations()[-1].version] * openers


def test_a_write_waits_out_the_busy_timeout_then_fails_cleanly(db_path: Path) -> None:
    with SQLiteStore(db_path, timeout=0.2) as store:
        blocker = sqlite3.connect(db_path, isolation_level=None)
        try:
            blocker.execute("BEGIN IMMEDIATE")
            with pytest.raises(StoreError, match="cannot start a write: database is locked"):
                store.add(make_article(1), "in.txt")
            # Readers are not blocked by a writer in WAL mode.
            assert store.count() == 0
            blocker.execute("ROLLBACK")
        finally:
            blocker.close()
        assert store.add(make_article(1), "in.txt")
