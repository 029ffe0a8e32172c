"""The embedded store: one SQLite file (or ``:memory:``) through the stdlib ``sqlite3``.

Durability comes first. The file is in WAL mode with ``synchronous=FULL``, and
every write method is exactly one ``BEGIN IMMEDIATE`` ... ``COMMIT``: a crash in
the middle of a batch loses at most the article in flight, never leaves half of
one behind, and two processes writing the same file queue up on the busy
timeout instead of failing.

The schema is built by numbered SQL files in ``migrations/`` shipped as package
data; each runs in its own transaction and records its number in
``PRAGMA user_version``. The queries themselves are shared with the other SQL
backends (:mod:`newsfuse.store._sql`).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from newsfuse.errors import StoreError
from newsfuse.model import Article
from newsfuse.store._sql import (
    _ORDER,
    _SELECT,
    MIN_PREFIX,
    Connection,
    Migration,
    SQLStore,
    _article,
    _contains,
    _load,
    _Result,
    _search_hit,
    migrations,
    search_pattern,
)
from newsfuse.store.base import MAX_SEARCH, SearchHit

__all__ = ["MIN_PREFIX", "Migration", "SQLiteStore", "migrations"]

LOGGER = logging.getLogger(__name__)

MEMORY = ":memory:"


class SQLiteStore(SQLStore):
    """Articles and their line statistics in one SQLite database.

    ``location`` is a file path or ``":memory:"``; the parent folder must exist
    (:func:`newsfuse.store.open_store` creates it). Opening applies any pending
    migrations. A store object belongs to the thread that opened it, like its
    ``sqlite3`` connection; other threads and processes open their own.

    Examples
    --------
    >>> with SQLiteStore(":memory:") as store:
    ...     store.count()
    0
    """

    _missing_article: ClassVar[tuple[type[Exception], ...]] = (sqlite3.IntegrityError,)

    def __init__(self, location: str | Path = MEMORY, *, timeout: float = 30.0) -> None:
        self.location = str(location)
        self.timeout = timeout
        self._memory = self.location == MEMORY
        self._conn = self._connect()
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    # -- opening -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """A configured connection; StoreError when the file is no database we can use."""
        try:
            conn = sqlite3.connect(self.location, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.location}: cannot open store: {exc}") from exc
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            # WAL lets readers (iter_articles) run beside a writer; in-memory
            # databases answer "memory" and need no journal.
            mode = self._enable_wal(conn)
            if not self._memory and mode != "wal":
                LOGGER.warning("%s: journal mode is %s, not wal", self.location, mode)
            conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            if exc.sqlite_errorname == "SQLITE_NOTADB":
                raise StoreError(f"{self.location}: not a SQLite database") from exc
            raise StoreError(f"{self.location}: cannot open store: {exc}") from exc
        return conn

    def _enable_wal(self, conn: sqlite3.Connection) -> str:
        """Switch to WAL (a no-op once the file is in WAL) and answer the journal mode."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            except sqlite3.OperationalError as exc:
                # The switch needs an exclusive lock and SQLite answers BUSY at
                # once instead of calling the busy handler: another process is
                # opening the same new file. Wait as a busy timeout would.
                busy = (exc.sqlite_errorname or "").startswith("SQLITE_BUSY")
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    @property
    def schema_version(self) -> int:
        """The schema this store is at: the number of the last migration applied."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        known = migrations()
        newest = known[-1].version if known else 0
        current = self.schema_version
        if current > newest:
            raise StoreError(
                f"{self.location}: store was written by a newer newsfuse"
                f" (schema {current} > {newest}); upgrade newsfuse"
            )
        for migration in known:
            if migration.version > current:
                self._apply(migration)

    def _refuse_foreign_database(self) -> None:
        """Refuse to add our tables to some other program's database."""
        tables = [
            name
            for (name,) in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        if tables:
            raise StoreError(
                f"{self.location}: a SQLite database but not a newsfuse store"
                f" (schema 0, tables {', '.join(sorted(tables))})"
            )

    def _apply(self, migration: Migration) -> None:
        conn = self._conn
        with self._transaction():
            # Another process may have migrated while we waited for the lock,
            # so the version is read again under it.
            current = self.schema_version
            if current >= migration.version:
                return
            if current == 0:
                self._refuse_foreign_database()
            LOGGER.info("%s: applying migration %s", self.location, migration.name)
            try:
                for statement in migration.statements():
                    conn.execute(statement)
            except sqlite3.Error as exc:
                raise StoreError(
                    f"{self.location}: migration {migration.name} failed: {exc}"
                ) from exc
            # PRAGMA takes no parameters; the version is our own int.
            conn.execute(f"PRAGMA user_version = {migration.version:d}")

    # -- transactions --------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; the write lock is taken up front so it never upgrades."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.location}: cannot start a write: {exc}") from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite rolls back by itself after some errors (disk full, I/O);
            # a failing ROLLBACK must not hide the error that caused it.
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise StoreError(f"{self.location}: write failed: {exc}") from exc
            raise

    def _write(
        self, body: Callable[[Connection], _Result], *, rewrites: Sequence[str] = ()
    ) -> _Result:
        # BEGIN IMMEDIATE queues every writer behind the one writing, so
        # ``rewrites`` needs no lock of its own here.
        with self._transaction() as conn:
            return body(conn)

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction, so queries that belong together see one state of the file."""
        conn = self._conn
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def _query(self, sql: str, parameters: Sequence[object] = ()) -> list[Any]:
        return self._conn.execute(sql, parameters).fetchall()

    # -- what reads whole articles -------------------------------------------

    def iter_articles(self) -> Iterator[Article]:
        """Every article, by publication date (unknown last), then id.

        Rows stream from a cursor. A file store reads a snapshot taken when
        iteration begins, on a connection of its own, so the caller may
        ``update`` each article as it goes without the change moving it
        further down the order and showing it twice. An in-memory store has
        no second connection: it fixes the order (ids only) up front and
        reads each article as it gets there.
        """
        if self._memory:
            return self._iter_memory()
        return self._iter_snapshot()

    def _iter_snapshot(self) -> Iterator[Article]:
        reader = sqlite3.connect(self.location, timeout=self.timeout, isolation_level=None)
        try:
            reader.execute("PRAGMA query_only = ON")
            # Closing the connection ends this read transaction, also when the
            # caller stops early.
            reader.execute("BEGIN")
            for row in reader.execute(f"{_SELECT} {_ORDER}"):
                yield _article(row, reader)
        finally:
            reader.close()

    def _iter_memory(self) -> Iterator[Article]:
        order = [
            article_id for (article_id,) in self._conn.execute(f"SELECT id FROM articles {_ORDER}")
        ]
        for article_id in order:
            with self._snapshot() as conn:
                article = _load(conn, article_id)
            if article is not None:
                yield article

    def search_articles(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or clean text contains ``query`` (any case), by date then id.

        The query is matched literally: it is bound as a parameter and escaped
        as a pattern, so ``%``, ``_`` or regex characters in it mean themselves.
        Each article is read once: a scan, which suits a store a reader browses.
        """
        pattern = search_pattern(query)
        if pattern is None:
            return []
        # Registered here, not at open: only search needs it, and it costs a dict entry.
        self._conn.create_function("newsfuse_contains", 2, _contains, deterministic=True)
        with self._snapshot() as conn:
            rows = conn.execute(
                "SELECT id, title, site, published, text FROM articles"
                " WHERE newsfuse_contains(title, ?) OR newsfuse_contains(text, ?)"
                f" {_ORDER} LIMIT ?",
                (pattern, pattern, max(0, min(limit, MAX_SEARCH))),
            ).fetchall()
        return [_search_hit(row, pattern) for row in rows]

    def close(self) -> None:
        self._conn.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.location!r})"
