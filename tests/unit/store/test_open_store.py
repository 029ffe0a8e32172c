"""open_store: from a target string to a store, by scheme."""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path

import pytest

import newsfuse.store
from newsfuse.errors import StoreError
from newsfuse.store import OPENERS, SQLiteStore, Store, open_store
from newsfuse.store.postgres import PostgresStore

from .factories import make_article


def test_public_names() -> None:
    assert set(newsfuse.store.__all__) >= {"Store", "SQLiteStore", "open_store"}


@pytest.mark.parametrize("as_path", [True, False], ids=["Path", "str"])
def test_a_path_opens_sqlite_creating_folders(tmp_path: Path, as_path: bool) -> None:
    path = tmp_path / "deep" / "er" / "news.db"
    store = open_store(path if as_path else str(path))
    try:
        assert isinstance(store, SQLiteStore)
        assert isinstance(store, Store)
        store.add(make_article(1), "in.txt")
    finally:
        store.close()
    assert path.is_file()
    with closing(open_store(path)) as reopened:
        assert reopened.count() == 1


def test_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = open_store(":memory:")
    try:
        assert isinstance(store, SQLiteStore)
        assert store.add(make_article(1), "in.txt")
        assert store.count() == 1
    finally:
        store.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://news:s3cret@127.0.0.1:1/news",
        "POSTGRES://news:s3cret@127.0.0.1:1/news",
        "postgresql://news:s3cret@127.0.0.1:port/news",
        "postgresql://news:s3cret@127.0.0.1:1/news?nonsense=s3cret",
    ],
    ids=["refused", "upper-case", "bad-port", "bad-option"],
)
def test_an_unusable_postgres_url_is_one_line_without_the_password(url: str) -> None:
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as raised:
        open_store(url)
    message = str(raised.value)
    assert "s3cret" not in message
    assert "\n" not in message
    assert re.match(r"postgres(ql)?://news@127\.0\.0\.1:\w+/news: ", message)


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_postgres_url_opens_a_postgres_store(postgres_url: str, scheme: str) -> None:
    url = postgres_url.replace("postgresql://", f"{scheme}://", 1)
    with closing(open_store(url)) as store:
        assert isinstance(store, PostgresStore)
        assert isinstance(store, Store)
        assert store.add(make_article(1), "in.txt")
    with closing(open_store(url)) as reopened:
        assert reopened.count() == 1


def test_an_unknown_scheme_is_refused() -> None:
    with pytest.raises(StoreError, match=r"unknown store scheme mysql://.*postgresql://"):
        open_store("mysql://user:pw@db/news")


def test_a_backend_plugs_in_by_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def opener(target: str) -> Store:
        opened.append(target)
        return SQLiteStore(":memory:")

    monkeypatch.setitem(OPENERS, "test", opener)
    store = open_store("test://somewhere")
    store.close()
    assert opened == ["test://somewhere"]


def test_a_path_that_cannot_hold_a_folder_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the store's folder"):
        open_store(blocker / "news.db")
