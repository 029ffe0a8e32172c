"""``newsfuse --db postgresql://...`` end to end: ingest, then list, through CliRunner."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.store import open_store

from .helpers import write_article

pytestmark = pytest.mark.postgres

STRIKE = (
    "Harbour strike ends after two weeks",
    "Dock workers in the southern port voted on Monday to end a two-week strike after the "
    "operator agreed to raise wages by eight percent.",
)
LIBRARY = (
    "Library reopens after renovation",
    "The city library reopened on Saturday after an eighteen-month renovation that added a "
    "children's wing and a rooftop reading garden.",
)


def with_password(url: str) -> str:
    """``url`` carrying a password (the test server trusts loopback, so any will do)."""
    return url.replace("://newsfuse@", "://newsfuse:s3cret@", 1)


def test_ingest_then_articles_through_a_postgres_url(postgres_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_article(corpus / "strike.txt", *STRIKE)
    write_article(corpus / "library.txt", *LIBRARY)
    url = with_password(postgres_url)
    runner = CliRunner()

    ingested = runner.invoke(app, ["--db", url, "ingest", str(corpus)])
    assert ingested.exit_code == 0, ingested.output
    assert ingested.stdout == (
        f"added 2, already stored 0, re-processed 0, failed 0 -> {postgres_url}\n"
    )

    listed = runner.invoke(app, ["--db", url, "articles"])
    assert listed.exit_code == 0, listed.output
    with closing(open_store(url)) as store:
        stored = list(store.iter_articles())
    assert {article.title for article in stored} == {STRIKE[0], LIBRARY[0]}
    for article in stored:
        assert article.id in listed.stdout
        assert article.title is not None and article.title in listed.stdout
    assert "s3cret" not in ingested.output + listed.output


def test_newsfuse_db_names_the_postgres_store(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_article(tmp_path / "corpus" / "strike.txt", *STRIKE)
    monkeypatch.setenv("NEWSFUSE_DB", postgres_url)
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "corpus")])
    assert result.exit_code == 0, result.output
    with closing(open_store(postgres_url)) as store:
        assert store.count() == 1


def test_an_unreachable_server_is_a_one_line_error() -> None:
    result = CliRunner().invoke(
        app, ["--db", "postgresql://news:s3cret@127.0.0.1:1/news", "articles"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: postgresql://news@127.0.0.1:1/news: cannot connect")
    assert result.stderr.count("\n") == 1
    assert "s3cret" not in result.output
