"""What the SQL stores share: the schema's migrations, the queries and the record codecs.

:class:`SQLStore` implements the :class:`~newsfuse.store.base.Store` protocol
once, in SQLite's dialect, over a :class:`Connection` handed out by two hooks
each backend provides: :meth:`SQLStore._write` (one write transaction) and
:meth:`SQLStore._snapshot` (one read transaction). A backend whose database
speaks another dialect translates each statement on its way to the server
(``newsfuse.store.postgres`` does), so a query or a migration is written once.
"""

from __future__ import annotations

import abc
import contextlib
import dataclasses
import functools
import json
import logging
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from types import TracebackType
from typing import Any, ClassVar, Protocol, Self, TypeVar

import numpy as np

from newsfuse.errors import StoreError
from newsfuse.model import (
    Article,
    Attribute,
    DatePrecision,
    Entity,
    Event,
    Figure,
    FigureGroup,
    Mention,
    Merge,
    Place,
    Quote,
    RemovedSegment,
    Reuse,
    Span,
    Story,
    StoryFeatures,
    StoryMember,
)
from newsfuse.store.base import SearchHit

__all__ = ["MIN_PREFIX", "Connection", "Migration", "SQLStore", "migrations"]

LOGGER = logging.getLogger(__name__)

#: Shortest id prefix :meth:`SQLStore.get` resolves; shorter ones match too much to be useful.
MIN_PREFIX = 4

# SQLite builds older than 3.32 cap a statement at 999 parameters; 500 leaves
# room and keeps each IN list cheap to plan.
_MAX_PARAMS = 500

# How many candidates an ambiguous prefix lists before "and more".
_CANDIDATES = 10

# Story features are read this many rows at a time: a vector is 1.5 kB, and a
# corpus's worth at once would be a lot of memory for nothing.
_FEATURES_PAGE = 1000

# Vectors are stored as float32 little-endian bytes, whatever the machine.
_VECTOR = np.dtype("<f4")

# Above every character a UTF-8 string can hold, so [prefix, prefix + _TOP) is
# the range of ids starting with prefix and the primary key index can serve it.
_TOP = "\U0010ffff"

_MIGRATION_FILE = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")

_COLUMNS = (
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
    "raw_text",
    "text",
    "story",
    "duplicate_of",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM articles"
_INSERT = (
    f"INSERT INTO articles ({', '.join(_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(_COLUMNS))})"
    " ON CONFLICT (id) DO NOTHING"
)
# What update() may change: everything derived from raw_text. id, path and
# raw_text are the ingest record and stay as first stored.
_UPDATABLE = (
    "text",
    "title",
    "author",
    "published",
    "date_precision",
    "language",
    "credit",
    "site",
    "url",
    "story",
    "duplicate_of",
)
_UPDATE = f"UPDATE articles SET {', '.join(f'{c} = ?' for c in _UPDATABLE)} WHERE id = ?"
_ORDER = "ORDER BY published NULLS LAST, id"

_Result = TypeVar("_Result")


class Cursor(Protocol):
    """What the shared code reads from an executed statement (``sqlite3.Cursor`` has it)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A connection taking SQLite-dialect SQL with ``?`` placeholders (``sqlite3.Connection``)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> object: ...


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered schema step: ``version`` is the schema version a store is at after it."""

    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The script split into single statements, for ``execute`` inside our transaction.

        ``executescript`` would be simpler but commits any open transaction
        first, so a migration could no longer be atomic with its version bump.
        SQLite's parser finds the ends (strings, comments, trigger bodies) for
        every backend, so each splits the files alike.
        """
        statements: list[str] = []
        pending = ""
        for line in self.sql.splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                statements.append(pending.strip())
                pending = ""
        rest = [line.strip() for line in pending.splitlines()]
        if any(line and not line.startswith("--") for line in rest):
            raise StoreError(f"migration {self.name}: statement without a closing ';'")
        return statements


@functools.cache
def migrations() -> tuple[Migration, ...]:
    """Every packaged migration, in order; their numbers must run 1, 2, ... without gaps."""
    folder = resources.files("newsfuse.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        # A misnamed file would otherwise be skipped without a word, and every
        # store opened would miss that step.
        match = _MIGRATION_FILE.fullmatch(entry.name)
        if match is None:
            raise StoreError(f"store migration {entry.name} is not named like 0001_name.sql")
        found.append(Migration(int(match[1]), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError(f"packaged store migrations are not numbered 1..N: {versions}")
    return tuple(found)


class SQLStore(abc.ABC):
    """The Store protocol over SQL: every method but the two that scan whole articles.

    A backend provides the connection hooks (:meth:`_write`, :meth:`_snapshot`,
    :meth:`_query`), :meth:`iter_articles`, :meth:`search_articles` and
    :meth:`close`. Write methods read their iterable arguments in full before
    the transaction starts, so a backend may run a transaction body again
    after a deadlock.
    """

    #: What the driver raises when a row names an article that is not stored.
    _missing_article: ClassVar[tuple[type[Exception], ...]]

    # -- what a backend provides ----------------------------------------------

    @abc.abstractmethod
    def _write(
        self, body: Callable[[Connection], _Result], *, rewrites: Sequence[str] = ()
    ) -> _Result:
        """``body`` in one write transaction, committed when it returns.

        ``rewrites`` names the tables ``body`` empties or rewrites wholesale
        (always in the order stories, figure_groups, story_events): a backend
        whose writers run side by side must queue such writers one behind the
        other, or two would insert the same fresh rows.
        """

    @abc.abstractmethod
    def _snapshot(self) -> contextlib.AbstractContextManager[Connection]:
        """A read transaction, so queries that belong together see one state of the store."""

    @abc.abstractmethod
    def _query(self, sql: str, parameters: Sequence[object] = ()) -> list[Any]:
        """The rows of one read statement."""

    @abc.abstractmethod
    def iter_articles(self) -> Iterator[Article]:
        """Every article, by publication date (unknown last), then id."""

    @abc.abstractmethod
    def search_articles(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or clean text contains ``query`` (any case), by date then id."""

    @abc.abstractmethod
    def close(self) -> None: ...

    # -- the Store protocol --------------------------------------------------

    def has(self, article_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def count(self) -> int:
        return int(self._query("SELECT count(*) FROM articles")[0][0])

    def add(self, article: Article, origin: str, line_hashes: Iterable[str] = ()) -> bool:
        """Store a new article; False, recording only ``origin``, when its id is stored.

        The article, its removed segments, mentions, reuse records, figures,
        quotes and events, ``origin`` and ``line_hashes`` are one transaction.
        """
        site = article.site or ""
        hashes = list(line_hashes)

        def write(conn: Connection) -> bool:
            inserted = conn.execute(_INSERT, _values(article)).rowcount == 1
            if inserted:
                conn.executemany(
                    "INSERT INTO removed_segments (article_id, seq, text, reason, at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    _segment_rows(article),
                )
                conn.executemany(_INSERT_MENTION, _mention_rows(article))
                conn.executemany(_INSERT_REUSE, _reuse_rows(article.id, article.derived_from))
                _insert_claims(conn, article)
                conn.executemany(
                    "INSERT OR IGNORE INTO article_lines (site, line_hash, article_id)"
                    " VALUES (?, ?, ?)",
                    ((site, line_hash, article.id) for line_hash in hashes),
                )
            _record_origin(conn, article.id, origin)
            return inserted

        inserted = self._write(write)
        if not inserted:
            LOGGER.debug("%s already stored; recorded origin %s", article.id, origin)
        return inserted

    def update(self, article: Article) -> None:
        """Replace the clean text, removed segments and metadata of a stored article.

        Mentions, figures, quotes, events, ``story``, ``duplicate_of`` and
        ``derived_from`` are replaced too; ``id``, ``path`` and ``raw_text``
        stay as first stored. Raises ``KeyError`` when no article has this id.
        """
        values = [getattr(article, column) for column in _UPDATABLE]
        values[_UPDATABLE.index("date_precision")] = _precision_value(article.date_precision)

        def write(conn: Connection) -> None:
            if conn.execute(_UPDATE, (*values, article.id)).rowcount == 0:
                raise KeyError(article.id)
            conn.execute("DELETE FROM removed_segments WHERE article_id = ?", (article.id,))
            conn.executemany(
                "INSERT INTO removed_segments (article_id, seq, text, reason, at)"
                " VALUES (?, ?, ?, ?, ?)",
                _segment_rows(article),
            )
            conn.execute("DELETE FROM mentions WHERE article_id = ?", (article.id,))
            conn.executemany(_INSERT_MENTION, _mention_rows(article))
            conn.execute("DELETE FROM reuse WHERE article_id = ?", (article.id,))
            conn.executemany(_INSERT_REUSE, _reuse_rows(article.id, article.derived_from))
            for table in _CLAIM_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article.id,))
            _insert_claims(conn, article)
            # Line statistics are grouped by site, so they follow a site correction.
            conn.execute(
                "UPDATE article_lines SET site = ? WHERE article_id = ? AND site <> ?",
                (article.site or "", article.id, article.site or ""),
            )

        self._write(write)

    def get(self, id_or_prefix: str) -> Article | None:
        """The article with this id, else the only one whose id starts with it.

        Prefixes shorter than :data:`MIN_PREFIX` are not resolved (None). Raises
        ``LookupError`` naming the candidates when a prefix is ambiguous.
        """
        with self._snapshot() as conn:
            article = _load(conn, id_or_prefix)
            if article is not None:
                return article
            found = _only_id_with_prefix(conn, "articles", id_or_prefix)
            return _load(conn, found) if found is not None else None

    def origins(self, article_id: str) -> list[str]:
        """Every path or URL this article was ingested from, in the order first seen."""
        rows = self._query(
            "SELECT origin FROM article_origins WHERE article_id = ? ORDER BY seq", (article_id,)
        )
        return [origin for (origin,) in rows]

    def articles_with_lines(self, site: str, line_hashes: Iterable[str]) -> dict[str, list[str]]:
        """For each given hash (every one a key), the sorted ids of ``site``'s articles with it.

        ``site`` is ``""`` for articles of unknown site. Hashes are queried in
        chunks so that no statement binds more than 500 parameters.
        """
        wanted = list(dict.fromkeys(line_hashes))
        found: dict[str, list[str]] = {line_hash: [] for line_hash in wanted}
        size = _MAX_PARAMS - 1  # one parameter goes to site
        with self._snapshot() as conn:
            for start in range(0, len(wanted), size):
                chunk = wanted[start : start + size]
                # Only placeholders are formatted in; every value is bound.
                sql = (
                    "SELECT line_hash, article_id FROM article_lines"
                    f" WHERE site = ? AND line_hash IN ({', '.join('?' * len(chunk))})"
                    " ORDER BY line_hash, article_id"
                )
                for line_hash, article_id in conn.execute(sql, (site or "", *chunk)):
                    found[line_hash].append(article_id)
        return found

    # -- entities ------------------------------------------------------------

    def iter_mentions(self) -> Iterator[Mention]:
        """Every mention of every article, by article id then offset."""
        with self._snapshot() as conn:
            rows = conn.execute(f"{_SELECT_MENTION} ORDER BY article_id, start").fetchall()
        return (_mention(row) for row in rows)

    def replace_entities(self, entities: Iterable[Entity]) -> None:
        """Store a new resolution: ``entities`` replace all stored ones in one transaction.

        Each mention's ``entity`` is pointed at the entity that holds it.
        """
        resolved = list(entities)

        def write(conn: Connection) -> None:
            conn.execute("DELETE FROM entities")
            conn.execute("UPDATE mentions SET entity = NULL")
            for entity in resolved:
                conn.execute(
                    "INSERT INTO entities (id, name, type, confidence, record)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        entity.id,
                        entity.name,
                        entity.type,
                        entity.confidence,
                        _entity_record(entity),
                    ),
                )
                conn.executemany(
                    "UPDATE mentions SET entity = ? WHERE article_id = ? AND start = ? AND end = ?",
                    (
                        (entity.id, m.span.article, m.span.start, m.span.end)
                        for m in entity.mentions
                    ),
                )

        self._write(write, rewrites=("entities",))

    def iter_entities(self) -> Iterator[Entity]:
        """Every stored entity with its mentions, most-mentioned first, then by id."""
        with self._snapshot() as conn:
            by_entity: dict[str, list[Mention]] = {}
            for row in conn.execute(
                f"{_SELECT_MENTION} WHERE entity IS NOT NULL ORDER BY article_id, start"
            ):
                mention = _mention(row)
                assert mention.entity is not None
                by_entity.setdefault(mention.entity, []).append(mention)
            rows = conn.execute(
                "SELECT id, name, type, confidence, record FROM entities"
            ).fetchall()
        entities = [_entity(row, tuple(by_entity.get(row[0], ()))) for row in rows]
        entities.sort(key=lambda e: (-len(e.mentions), e.id))
        return iter(entities)

    # -- copies and stories ----------------------------------------------------

    def set_reuse(self, changes: Iterable[tuple[str, str | None, Sequence[Reuse]]]) -> None:
        """Record copy detection: for each ``(article_id, duplicate_of, derived_from)``,
        replace that article's reuse records and set its ``duplicate_of``.

        The whole batch is one transaction. Raises ``KeyError`` when an
        article is not stored; then nothing of the batch is kept.
        """
        batch = list(changes)

        def write(conn: Connection) -> None:
            for article_id, duplicate_of, derived_from in batch:
                updated = conn.execute(
                    "UPDATE articles SET duplicate_of = ? WHERE id = ?", (duplicate_of, article_id)
                )
                if updated.rowcount == 0:
                    raise KeyError(article_id)
                conn.execute("DELETE FROM reuse WHERE article_id = ?", (article_id,))
                conn.executemany(_INSERT_REUSE, _reuse_rows(article_id, derived_from))

        self._write(write)

    # -- the persisted copy index ------------------------------------------------

    def put_copy_keys(self, keys: Iterable[tuple[str, Sequence[str]]]) -> None:
        """Record each article's copy-index keys, replacing any; one transaction.

        Each posting copies the article's ``published`` so that
        :meth:`copy_key_holders` reads holders in order from the primary key.
        Raises ``KeyError`` when an article is not stored; then nothing of the
        batch is kept.
        """
        batch = [(article_id, sorted(set(article_keys))) for article_id, article_keys in keys]

        def write(conn: Connection) -> None:
            for article_id, distinct in batch:
                row = conn.execute(
                    "SELECT published FROM articles WHERE id = ?", (article_id,)
                ).fetchone()
                if row is None:
                    raise KeyError(article_id)
                published, undated = row[0] or "", int(row[0] is None)
                conn.execute("DELETE FROM copy_keys WHERE article_id = ?", (article_id,))
                conn.execute(
                    "INSERT INTO copy_index (article_id, keys) VALUES (?, ?)"
                    " ON CONFLICT (article_id) DO UPDATE SET keys = excluded.keys",
                    (article_id, " ".join(distinct)),
                )
                conn.executemany(
                    "INSERT INTO copy_keys (key, undated, published, article_id)"
                    " VALUES (?, ?, ?, ?)",
                    [(key, undated, published, article_id) for key in distinct],
                )

        self._write(write)

    def copy_keys(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        """The copy-index keys of each given article that has been indexed, sorted."""
        wanted = list(dict.fromkeys(article_ids))
        found: dict[str, list[str]] = {}
        with self._snapshot() as conn:
            for start in range(0, len(wanted), _MAX_PARAMS):
                chunk = wanted[start : start + _MAX_PARAMS]
                sql = (
                    "SELECT article_id, keys FROM copy_index"
                    f" WHERE article_id IN ({', '.join('?' * len(chunk))})"
                )
                for article_id, article_keys in conn.execute(sql, chunk):
                    found[article_id] = article_keys.split()
        return found

    def copy_key_holders(
        self, keys: Iterable[str], limit: int | None = None
    ) -> dict[str, list[str]]:
        """For each key, the ids of the articles holding it, by date (unknown last) then
        id, at most ``limit``; one range read of the primary key per key."""
        found: dict[str, list[str]] = {}
        # Only the LIMIT clause is formatted in, from an int; every value is bound.
        sql = (
            "SELECT article_id FROM copy_keys WHERE key = ?"
            " ORDER BY undated, published, article_id"
            + ("" if limit is None else f" LIMIT {int(limit):d}")
        )
        with self._snapshot() as conn:
            for key in dict.fromkeys(keys):
                found[key] = [article_id for (article_id,) in conn.execute(sql, (key,))]
        return found

    def copy_unindexed(self) -> list[str]:
        """Ids of stored articles the copy index has no row for, in id order."""
        rows = self._query(
            "SELECT id FROM articles WHERE NOT EXISTS"
            " (SELECT 1 FROM copy_index WHERE copy_index.article_id = articles.id) ORDER BY id"
        )
        return [article_id for (article_id,) in rows]

    def duplicates_of(self, originals: Iterable[str]) -> dict[str, list[str]]:
        """For each given id, the sorted ids of the articles whose ``duplicate_of`` is it."""
        wanted = list(dict.fromkeys(originals))
        found: dict[str, list[str]] = {original: [] for original in wanted}
        with self._snapshot() as conn:
            for start in range(0, len(wanted), _MAX_PARAMS):
                chunk = wanted[start : start + _MAX_PARAMS]
                sql = (
                    "SELECT duplicate_of, id FROM articles"
                    f" WHERE duplicate_of IN ({', '.join('?' * len(chunk))})"
                    " ORDER BY duplicate_of, id"
                )
                for original, article_id in conn.execute(sql, chunk):
                    found[original].append(article_id)
        return found

    def put_story_features(self, features: Iterable[StoryFeatures]) -> None:
        """Store each article's story features, replacing any stored; one transaction.

        Raises ``KeyError`` when an article is not stored and ``ValueError``
        for a vector that is not one-dimensional; then nothing of the batch is
        kept.
        """
        rows = [_features_row(item) for item in features]

        def write(conn: Connection) -> None:
            for row in rows:
                try:
                    conn.execute(_UPSERT_FEATURES, row)
                except self._missing_article as exc:  # the article's foreign key
                    raise KeyError(row[0]) from exc

        self._write(write)

    def iter_story_features(self) -> Iterator[StoryFeatures]:
        """Every stored article's story features, by article id, exactly as put.

        Rows are read a page at a time (each page its own read), so memory
        stays flat however large the corpus; features put while iterating
        show up if their article id is still ahead.
        """
        after = ""
        while True:
            with self._snapshot() as conn:
                rows = conn.execute(
                    "SELECT article_id, day, vector, terms, keys, people, years"
                    " FROM story_features WHERE article_id > ? ORDER BY article_id LIMIT ?",
                    (after, _FEATURES_PAGE),
                ).fetchall()
            for row in rows:
                yield _features(row)
            if len(rows) < _FEATURES_PAGE:
                return
            after = rows[-1][0]

    def update_stories(self, stories: Iterable[Story], retired: Iterable[str]) -> None:
        """Store changed and new ``stories``, delete the ``retired`` ids; one transaction.

        Each member article's ``story`` is pointed at its story. Articles that
        pointed at a rewritten or retired story and are no member any more
        point at none: no story update leaves an article naming a story that is gone.
        """
        changed = list(stories)
        gone = sorted(set(retired) - {story.id for story in changed})
        rewritten = [story.id for story in changed] + gone

        def write(conn: Connection) -> None:
            conn.executemany(
                "UPDATE articles SET story = NULL WHERE story = ?", ((i,) for i in rewritten)
            )
            conn.executemany("DELETE FROM stories WHERE id = ?", ((i,) for i in gone))
            # What was reconciled over a retired story's articles no longer holds.
            _delete_story_claims(conn, gone)
            _write_stories(conn, changed)

        self._write(write, rewrites=_STORY_TABLES)

    def replace_stories(self, stories: Iterable[Story]) -> None:
        """Replace every stored story (a full recluster), in one transaction.

        Every article's ``story`` is cleared, then pointed at the new story
        that holds it.
        """
        fresh = list(stories)

        def write(conn: Connection) -> None:
            conn.execute("DELETE FROM stories")
            conn.execute("DELETE FROM figure_groups")
            conn.execute("DELETE FROM story_events")
            conn.execute("UPDATE articles SET story = NULL WHERE story IS NOT NULL")
            _write_stories(conn, fresh)

        self._write(write, rewrites=_STORY_TABLES)

    def iter_stories(self) -> Iterator[Story]:
        """Every stored story, by first seen (unknown last), then id."""
        with self._snapshot() as conn:
            rows = conn.execute(
                "SELECT record FROM stories ORDER BY first_seen NULLS LAST, id"
            ).fetchall()
        return (_story(record) for (record,) in rows)

    def get_story(self, id_or_prefix: str) -> Story | None:
        """The story with this id, else the only one whose id starts with it.

        Prefixes shorter than :data:`MIN_PREFIX` are not resolved (None). Raises
        ``LookupError`` naming the candidates when a prefix is ambiguous.
        """
        with self._snapshot() as conn:
            story = _load_story(conn, id_or_prefix)
            if story is not None:
                return story
            found = _only_id_with_prefix(conn, "stories", id_or_prefix)
            return _load_story(conn, found) if found is not None else None

    def put_story_claims(
        self, story_id: str, groups: Iterable[FigureGroup], events: Iterable[Event]
    ) -> None:
        """Replace a story's figure groups and reconciled events, in one transaction."""
        group_rows = [(g.id, story_id, g.kind, g.status, _json(g.to_dict())) for g in groups]
        event_rows = [(e.id, story_id, e.type, e.date, _json(e.to_dict())) for e in events]

        def write(conn: Connection) -> None:
            _delete_story_claims(conn, [story_id])
            conn.executemany(
                "INSERT INTO figure_groups (id, story_id, kind, status, record)"
                " VALUES (?, ?, ?, ?, ?)",
                group_rows,
            )
            conn.executemany(
                "INSERT INTO story_events (id, story_id, type, date, record)"
                " VALUES (?, ?, ?, ?, ?)",
                event_rows,
            )

        self._write(write, rewrites=_STORY_TABLES[1:])

    def iter_figure_groups(self, story_id: str | None = None) -> Iterator[FigureGroup]:
        """Figure groups of one story, or of all, by story then id."""
        rows = self._story_rows("figure_groups", story_id, "story_id, id")
        return (FigureGroup.from_dict(json.loads(record)) for (record,) in rows)

    def iter_story_events(self, story_id: str | None = None) -> Iterator[Event]:
        """Reconciled events of one story, or of all, by story, date (unknown last), id."""
        rows = self._story_rows("story_events", story_id, "story_id, date NULLS LAST, id")
        return (Event.from_dict(json.loads(record)) for (record,) in rows)

    def _story_rows(self, table: str, story_id: str | None, order: str) -> list[tuple[str]]:
        where, params = ("WHERE story_id = ?", (story_id,)) if story_id else ("", ())
        with self._snapshot() as conn:
            return conn.execute(
                f"SELECT record FROM {table} {where} ORDER BY {order}", params
            ).fetchall()

    def iter_figures(self) -> Iterator[Figure]:
        """Every article's figures, by article id then offset."""
        return (Figure.from_dict(r) for r in self._all_records("figures"))

    def iter_quotes(self) -> Iterator[Quote]:
        """Every article's quotes, by article id then offset."""
        return (Quote.from_dict(r) for r in self._all_records("quotes"))

    def _all_records(self, table: str) -> Iterator[dict[str, Any]]:
        with self._snapshot() as conn:
            rows = conn.execute(
                f"SELECT record FROM {table} ORDER BY article_id, start, id"
            ).fetchall()
        return (json.loads(record) for (record,) in rows)

    def set_analysed(self, article_ids: Iterable[str], stages: str) -> None:
        """Record that ``stages`` (comma-separated names) produced these articles."""
        ids = list(article_ids)
        self._write(
            lambda conn: conn.executemany(
                "UPDATE articles SET analysed = ? WHERE id = ?", ((stages, i) for i in ids)
            )
        )

    def storyless(self) -> list[str]:
        """Ids of the articles in no story, in id order."""
        rows = self._query("SELECT id FROM articles WHERE story IS NULL ORDER BY id")
        return [article_id for (article_id,) in rows]

    def unanalysed(self, stages: str) -> list[str]:
        """Ids of the articles not produced by exactly ``stages``, in id order."""
        rows = self._query("SELECT id FROM articles WHERE analysed IS NOT ? ORDER BY id", (stages,))
        return [article_id for (article_id,) in rows]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


#: Tables a story update rewrites, in the order a backend locks them.
_STORY_TABLES = ("stories", "figure_groups", "story_events")


def _record_origin(conn: Connection, article_id: str, origin: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO article_origins (article_id, origin, seq)"
        " SELECT ?, ?, coalesce(max(seq) + 1, 0) FROM article_origins WHERE article_id = ?",
        (article_id, origin, article_id),
    )


def _write_stories(conn: Connection, stories: Iterable[Story]) -> None:
    for story in stories:
        conn.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen, record)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
            " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
            " record = excluded.record",
            (story.id, story.title, story.first_seen, story.last_seen, _story_record(story)),
        )
        members = dict.fromkeys([*story.articles, *(m.article for m in story.members)])
        conn.executemany(
            "UPDATE articles SET story = ? WHERE id = ?",
            ((story.id, article) for article in members),
        )


def search_pattern(query: str) -> str | None:
    """The regular expression a search for ``query`` runs: its words, literally; None if none."""
    needle = " ".join(query.split())[:_MAX_QUERY]
    return re.escape(needle) if needle else None


#: Longest search query; a longer one is cut.
_MAX_QUERY = 200
#: Characters of context a search snippet shows on each side of the match.
_SNIPPET_CONTEXT = 80


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _contains(haystack: str | None, pattern: str) -> bool:
    return haystack is not None and _compiled(pattern).search(haystack) is not None


def _search_hit(row: Sequence[Any], pattern: str) -> SearchHit:
    article_id, title, site, published, text = row
    found = _compiled(pattern).search(text)
    source, match = (text, found) if found else (title, _compiled(pattern).search(title))
    assert match is not None  # the WHERE clause matched one of them
    left = max(0, match.start() - _SNIPPET_CONTEXT)
    right = min(len(source), match.end() + _SNIPPET_CONTEXT)
    return SearchHit(
        article=article_id,
        title=title,
        site=site,
        published=published,
        snippet=source[left:right],
        highlight=(match.start() - left, match.end() - left),
        match=Span(article_id, found.start(), found.end()) if found else None,
    )


def _precision_value(precision: DatePrecision | None) -> str | None:
    return precision.value if precision is not None else None


def _values(article: Article) -> tuple[object, ...]:
    """The ``_COLUMNS`` of ``article``, as stored."""
    values = [getattr(article, column) for column in _COLUMNS]
    values[_COLUMNS.index("date_precision")] = _precision_value(article.date_precision)
    return tuple(values)


def _segment_rows(article: Article) -> Iterator[tuple[str, int, str, str, int]]:
    for seq, segment in enumerate(article.removed):
        yield article.id, seq, segment.text, segment.reason, segment.at


def _segments(conn: Connection, article_id: str) -> tuple[RemovedSegment, ...]:
    rows = conn.execute(
        "SELECT text, reason, at FROM removed_segments WHERE article_id = ? ORDER BY seq",
        (article_id,),
    )
    return tuple(RemovedSegment(text=text, reason=reason, at=at) for text, reason, at in rows)


_INSERT_MENTION = (
    "INSERT INTO mentions (article_id, start, end, text, type, label, full_name, place,"
    " attributes, entity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SELECT_MENTION = (
    "SELECT article_id, start, end, text, type, label, full_name, place, attributes, entity"
    " FROM mentions"
)


def _mention_rows(article: Article) -> Iterator[tuple[object, ...]]:
    for mention in article.mentions:
        attributes = json.dumps([a.to_dict() for a in mention.attributes], ensure_ascii=False)
        yield (
            article.id,
            mention.span.start,
            mention.span.end,
            mention.text,
            mention.type,
            mention.label,
            mention.full_name,
            mention.place,
            attributes,
            mention.entity,
        )


def _mention(row: Sequence[Any]) -> Mention:
    article_id, start, end, text, type_, label, full_name, place, attributes, entity = row
    return Mention(
        span=Span(article_id, start, end),
        text=text,
        type=type_,
        label=label,
        full_name=full_name,
        attributes=tuple(Attribute.from_dict(a) for a in json.loads(attributes)),
        place=place,
        entity=entity,
    )


def _mentions(conn: Connection, article_id: str) -> tuple[Mention, ...]:
    rows = conn.execute(f"{_SELECT_MENTION} WHERE article_id = ? ORDER BY start", (article_id,))
    return tuple(_mention(row) for row in rows)


_INSERT_REUSE = (
    "INSERT INTO reuse (article_id, source_id, kind, shared, jaccard) VALUES (?, ?, ?, ?, ?)"
)


def _reuse_rows(article_id: str, derived_from: Iterable[Reuse]) -> Iterator[tuple[object, ...]]:
    for reuse in derived_from:
        yield article_id, reuse.source, reuse.kind, reuse.shared, reuse.jaccard


def _reuses(conn: Connection, article_id: str) -> tuple[Reuse, ...]:
    rows = conn.execute(
        "SELECT source_id, kind, shared, jaccard FROM reuse WHERE article_id = ?"
        " ORDER BY source_id",
        (article_id,),
    )
    return tuple(Reuse(source, kind, shared, jaccard) for source, kind, shared, jaccard in rows)


def _load(conn: Connection, article_id: str) -> Article | None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    return _article(row, conn)


def _only_id_with_prefix(conn: Connection, table: str, prefix: str) -> str | None:
    """The one id of ``table`` (ours, never user input) starting with ``prefix``.

    None when there is none or the prefix is shorter than :data:`MIN_PREFIX`;
    ``LookupError`` listing a few candidates when there are several.
    """
    if len(prefix) < MIN_PREFIX:
        return None
    candidates = [
        found
        for (found,) in conn.execute(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + _TOP, _CANDIDATES + 1),
        )
    ]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    listed = ", ".join(candidates[:_CANDIDATES])
    more = " and more" if len(candidates) > _CANDIDATES else ""
    raise LookupError(f"id prefix {prefix!r} is ambiguous: {listed}{more}")


def _article(row: Sequence[Any], conn: Connection) -> Article:
    """The article of an ``articles`` row, with what other tables hold of it."""
    values: dict[str, Any] = dict(zip(_COLUMNS, row, strict=True))
    precision = values.pop("date_precision")
    article_id = values["id"]
    return Article(
        **values,
        date_precision=DatePrecision(precision) if precision is not None else None,
        removed=_segments(conn, article_id),
        mentions=_mentions(conn, article_id),
        derived_from=_reuses(conn, article_id),
        figures=tuple(Figure.from_dict(r) for r in _records(conn, "figures", article_id)),
        quotes=tuple(Quote.from_dict(r) for r in _records(conn, "quotes", article_id)),
        events=tuple(Event.from_dict(r) for r in _records(conn, "events", article_id)),
    )


#: Tables of what the analysers find in an article, rewritten with it.
_CLAIM_TABLES = ("figures", "quotes", "events")


def _insert_claims(conn: Connection, article: Article) -> None:
    conn.executemany(
        "INSERT INTO figures (id, article_id, start, end, kind, low, high, qualifier, subject,"
        " speaker, as_of, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                f.id,
                article.id,
                f.span.start,
                f.span.end,
                f.kind,
                f.low,
                f.high,
                f.qualifier,
                f.subject,
                f.speaker,
                f.as_of,
                _json(f.to_dict()),
            )
            for f in article.figures
        ),
    )
    conn.executemany(
        "INSERT INTO quotes (id, article_id, start, end, speaker, direct, record)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (
                q.id,
                article.id,
                q.span.start,
                q.span.end,
                q.speaker,
                int(q.direct),
                _json(q.to_dict()),
            )
            for q in article.quotes
        ),
    )
    conn.executemany(
        "INSERT INTO events (id, article_id, start, type, date, record) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                e.id,
                article.id,
                min((s.start for s in e.evidence), default=0),
                e.type,
                e.date,
                _json(e.to_dict()),
            )
            for e in article.events
        ),
    )


def _delete_story_claims(conn: Connection, story_ids: Sequence[str]) -> None:
    for start in range(0, len(story_ids), _MAX_PARAMS):
        chunk = story_ids[start : start + _MAX_PARAMS]
        marks = ", ".join("?" * len(chunk))
        for table in ("figure_groups", "story_events"):
            conn.execute(f"DELETE FROM {table} WHERE story_id IN ({marks})", chunk)


def _records(conn: Connection, table: str, article_id: str) -> Iterator[dict[str, Any]]:
    """The JSON records of ``table`` (one of ours) for an article, in text order."""
    rows = conn.execute(
        f"SELECT record FROM {table} WHERE article_id = ? ORDER BY start, id", (article_id,)
    )
    return (json.loads(record) for (record,) in rows)


_UPSERT_FEATURES = (
    "INSERT INTO story_features (article_id, day, vector, terms, keys, people, years)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (article_id) DO UPDATE SET day = excluded.day, vector = excluded.vector,"
    " terms = excluded.terms, keys = excluded.keys, people = excluded.people,"
    " years = excluded.years"
)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _features_row(features: StoryFeatures) -> tuple[object, ...]:
    vector = np.asarray(features.vector)
    if vector.ndim != 1:
        raise ValueError(
            f"story features of {features.article}: vector of shape {vector.shape}, not 1-D"
        )
    # int() and float(): numpy scalars are neither JSON nor SQLite values; a
    # float32 weight widens to a float exactly.
    return (
        features.article,
        int(features.day) if features.day is not None else None,
        vector.astype(_VECTOR, copy=False).tobytes(),
        _json({term: float(weight) for term, weight in features.terms.items()}),
        _json(sorted(features.keys)),
        _json(sorted(features.people)),
        _json(sorted(int(year) for year in features.years)),
    )


def _features(row: Sequence[Any]) -> StoryFeatures:
    article, day, vector, terms, keys, people, years = row
    return StoryFeatures(
        article=article,
        day=day,
        # A copy in native order: frombuffer alone would be read-only.
        vector=np.frombuffer(vector, dtype=_VECTOR).astype(np.float32),
        terms=json.loads(terms),
        keys=frozenset(json.loads(keys)),
        people=frozenset(json.loads(people)),
        years=frozenset(json.loads(years)),
    )


def _story_record(story: Story) -> str:
    return json.dumps(dataclasses.asdict(story), ensure_ascii=False, sort_keys=True)


def _story(record: str) -> Story:
    data = json.loads(record)
    # Keys the record lacks take their defaults, so a story written before a
    # field was added to Story still loads.
    known = {field.name for field in dataclasses.fields(Story)}
    values = {key: value for key, value in data.items() if key in known}
    for key in ("articles", "sources", "entities"):
        values[key] = tuple(data.get(key, ()))
    values["members"] = tuple(StoryMember(**member) for member in data.get("members", ()))
    return Story(**values)


def _load_story(conn: Connection, story_id: str) -> Story | None:
    row = conn.execute("SELECT record FROM stories WHERE id = ?", (story_id,)).fetchone()
    return _story(row[0]) if row is not None else None


def _entity_record(entity: Entity) -> str:
    return json.dumps(
        {
            "aliases": list(entity.aliases),
            "attributes": [attribute.to_dict() for attribute in entity.attributes],
            "place": dataclasses.asdict(entity.place) if entity.place else None,
            "merges": [dataclasses.asdict(merge) for merge in entity.merges],
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _entity(row: Sequence[Any], mentions: tuple[Mention, ...]) -> Entity:
    entity_id, name, type_, confidence, record = row
    data = json.loads(record)
    return Entity(
        id=entity_id,
        name=name,
        type=type_,
        aliases=tuple(data["aliases"]),
        mentions=mentions,
        attributes=tuple(Attribute.from_dict(a) for a in data["attributes"]),
        confidence=confidence,
        place=Place(**data["place"]) if data["place"] else None,
        merges=tuple(Merge(**merge) for merge in data["merges"]),
    )
