"""An ingest killed at random points, and two ingests at once, lose and duplicate nothing.

Each ingest is the real program (``newsfuse ingest``, every stage), killed with
SIGKILL: no handler runs, no transaction is rolled back by Python, nothing is
flushed. After every kill the store must open, hold only whole articles and no
row twice; once the batch is run to its end, the store must hold what an
uninterrupted run stores, stories and figure groups included. The same holds
for two processes ingesting overlapping folders into one store at once, on
SQLite (WAL) and on PostgreSQL.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsfuse.store import Store, open_store

from .helpers import newsfuse_executable

pytestmark = [pytest.mark.slow, pytest.mark.shared]

ARTICLES = 40
#: Kills per store; the delays are drawn from a seeded generator, so a failure repeats.
KILLS = 6
SEED = 20261123


@dataclass(frozen=True)
class Snapshot:
    """What a store holds, in a form two stores can be compared by."""

    articles: frozenset[str]
    stories: frozenset[frozenset[str]]
    figure_groups: int
    figures: int
    quotes: int


def snapshot(location: str) -> Snapshot:
    store = open_store(location)
    try:
        articles = list(store.iter_articles())
        for article in articles:
            assert article.text, f"{article.id} is stored without its clean text"
        return Snapshot(
            articles=frozenset(a.id for a in articles),
            stories=frozenset(frozenset(s.articles) for s in store.iter_stories()),
            figure_groups=sum(1 for _ in store.iter_figure_groups()),
            figures=sum(1 for _ in store.iter_figures()),
            quotes=sum(1 for _ in store.iter_quotes()),
        )
    finally:
        store.close()


def assert_sound(location: str) -> None:
    """The store opens, its file is intact, and no table holds a row twice."""
    store: Store = open_store(location)
    store.close()
    counts = _postgres_counts(location) if "://" in location else _sqlite_counts(location)
    for table, (total, distinct) in counts.items():
        assert total == distinct, f"{table} holds {total - distinct} rows twice"


_COUNTS = (
    'SELECT (SELECT COUNT(*) FROM "{0}"), (SELECT COUNT(*) FROM (SELECT DISTINCT * FROM "{0}") d)'
)


def _sqlite_counts(location: str) -> dict[str, tuple[int, int]]:
    """Rows and distinct rows per table, after SQLite's own integrity checks."""
    conn = sqlite3.connect(location)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: tuple(conn.execute(_COUNTS.format(t)).fetchone()) for t in tables}
    finally:
        conn.close()


def _postgres_counts(location: str) -> dict[str, tuple[int, int]]:
    import psycopg

    with psycopg.connect(location) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        counts = {}
        for table in tables:
            row = conn.execute(_COUNTS.format(table)).fetchone()
            assert row is not None
            counts[table] = (int(row[0]), int(row[1]))
        return counts


def ingest_command(location: str, *folders: Path) -> list[str]:
    return [str(newsfuse_executable()), "--db", location, "-q", "ingest", *map(str, folders)]


def environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSFUSE_")}


def run(location: str, *folders: Path) -> float:
    """An uninterrupted ingest; its wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        ingest_command(location, *folders), env=environment(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - start


def killed(location: str, folder: Path, after: float) -> None:
    """An ingest killed with SIGKILL ``after`` seconds (or finished before)."""
    process = subprocess.Popen(
        ingest_command(location, folder),
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def corpus(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash-corpus")
    sources = sorted((shared_dir / "eval" / "bbc-news" / "business").glob("*.txt"))[:ARTICLES]
    for source in sources:
        (folder / source.name).write_bytes(source.read_bytes())
    return folder


@pytest.fixture(scope="module")
def reference(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Snapshot, float]]:
    """What an uninterrupted ingest stores, and how long it takes."""
    location = str(tmp_path_factory.mktemp("crash-reference") / "reference.db")
    seconds = run(location, corpus)
    yield snapshot(location), seconds


def kill_repeatedly(location: str, corpus: Path, seconds: float, kills: int) -> list[int]:
    """Kill ``kills`` ingests at random points, checking the store after each; the
    number of articles stored after each kill."""
    rng = random.Random(SEED)
    stored = []
    for _ in range(kills):
        killed(location, corpus, rng.uniform(0.5, seconds))
        assert_sound(location)
        stored.append(len(snapshot(location).articles))
    return stored


def test_an_ingest_killed_at_random_points_loses_and_duplicates_nothing(
    corpus: Path, reference: tuple[Snapshot, float], tmp_path: Path
) -> None:
    expected, seconds = reference
    location = str(tmp_path / "killed.db")
    stored = kill_repeatedly(location, corpus, seconds, KILLS)
    # Kills at random points: the store grows and never holds what was not in the batch.
    assert stored == sorted(stored)
    assert snapshot(location).articles <= expected.articles
    run(location, corpus)
    assert_sound(location)
    assert snapshot(location) == expected


def test_two_ingests_of_overlapping_folders_at_once(
    corpus: Path, reference: tuple[Snapshot, float], tmp_path: Path
) -> None:
    expected, _ = reference
    first, second = overlapping(corpus, tmp_path)
    location = str(tmp_path / "both.db")
    at_once(location, first, second)
    assert_sound(location)
    assert snapshot(location).articles == expected.articles
    # Whichever finished last clustered the whole store; a rerun changes nothing.
    run(location, first, second)
    assert snapshot(location) == expected


@pytest.mark.postgres
def test_killed_and_concurrent_ingests_on_postgresql(
    corpus: Path, reference: tuple[Snapshot, float], postgres_url: str, tmp_path: Path
) -> None:
    expected, seconds = reference
    kill_repeatedly(postgres_url, corpus, seconds, KILLS // 2)
    first, second = overlapping(corpus, tmp_path)
    at_once(postgres_url, first, second)
    assert_sound(postgres_url)
    assert snapshot(postgres_url).articles == expected.articles
    run(postgres_url, corpus)
    assert snapshot(postgres_url) == expected


def overlapping(corpus: Path, root: Path) -> tuple[Path, Path]:
    """Two folders sharing the middle half of the corpus (different paths, same texts)."""
    files = sorted(corpus.iterdir())
    quarter = len(files) // 4
    folders = (root / "first", root / "second")
    for folder, chosen in zip(folders, (files[: 3 * quarter], files[quarter:]), strict=True):
        folder.mkdir()
        for source in chosen:
            (folder / source.name).write_bytes(source.read_bytes())
    return folders


def at_once(location: str, first: Path, second: Path) -> None:
    processes = [
        subprocess.Popen(
            ingest_command(location, folder),
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (first, second)
    ]
    for process in processes:
        _, stderr = process.communicate()
        assert process.returncode == 0, stderr
