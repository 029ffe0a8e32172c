"""The ``newsfuse`` command line end to end: in process through CliRunner, and one real run.

CliRunner is not a TTY, so commands print their plain, script-friendly output.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, TextIO

import pytest
from rich.console import Console
from typer.testing import Result

import newsfuse.cli.articles as articles_command
import newsfuse.cli.export as export_command
from newsfuse.export import CSV_COLUMNS, SECTIONS
from newsfuse.model import Article
from newsfuse.store import Store, open_store

from .helpers import Cli, run_newsfuse, write_article

STRIKE = (
    "Harbour strike ends after two weeks",
    "Dock workers in the southern port voted on Monday to end a two-week strike after the "
    "operator agreed to raise wages by eight percent.",
    "Ships that waited at anchor began unloading on Tuesday morning, the port authority said.",
    "Post a Comment",
)
LIBRARY = (
    "Library reopens after renovation",
    "The city library reopened on Saturday after an eighteen-month renovation that added a "
    "children's wing and a rooftop reading garden.",
    "Adsense 300 x 250",
)
MARKUP_TITLE = "Council vote [bold red]x[/] and [link=http://evil]y[/link] row"
MARKUP = (
    MARKUP_TITLE,
    "A councillor pasted [bold red]x[/] into the minutes, and the clerk added "
    "[link=http://evil]y[/link] before the vote.",
    "The motion passed by nine votes to four after a short debate.",
)
# What a page may hold that Rich would turn into emoji if it printed the text as Rich input.
EMOJI_TITLE = "Fans cheer :thumbs_up: at the final"
EMOJI = (
    EMOJI_TITLE,
    "Supporters held up :red_heart: banners as the home side won the cup for the first time.",
)
FORMULA_STARTS = ("=", "+", "@", "-")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write_article(folder / "strike.txt", *STRIKE)
    write_article(folder / "library.txt", *LIBRARY)
    return folder


@pytest.fixture
def ingested(cli: Cli, corpus: Path) -> Path:
    """``corpus`` ingested into the test's store."""
    result = cli("ingest", corpus)
    assert result.exit_code == 0, result.output
    return corpus


def stored(db: Path) -> list[Article]:
    store = open_store(db)
    try:
        return list(store.iter_articles())
    finally:
        store.close()


def by_title(db: Path, title: str) -> Article:
    (article,) = [article for article in stored(db) if article.title == title]
    return article


def unique_prefix(article_id: str, others: list[str]) -> str:
    for size in range(4, len(article_id)):
        prefix = article_id[:size]
        if sum(other.startswith(prefix) for other in others) == 1:
            return prefix
    return article_id


# -- ingest ------------------------------------------------------------------------


def test_ingest_prints_one_summary_line(cli: Cli, corpus: Path, db: Path) -> None:
    result = cli("ingest", corpus)
    assert result.exit_code == 0
    assert result.stdout == f"added 2, already stored 0, re-processed 0, failed 0 -> {db}\n"
    assert result.stderr == ""


def test_ingest_again_reports_everything_already_stored(cli: Cli, ingested: Path, db: Path) -> None:
    result = cli("ingest", ingested)
    assert result.exit_code == 0
    assert result.stdout == f"added 0, already stored 2, re-processed 0, failed 0 -> {db}\n"
    assert len(stored(db)) == 2


def test_quiet_ingest_prints_nothing(cli: Cli, corpus: Path) -> None:
    result = cli("--quiet", "ingest", corpus)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""


# -- articles ----------------------------------------------------------------------


def articles_rows(db: Path) -> list[list[str]]:
    """What ``articles`` should print for the store at ``db``, cell by cell."""
    return [
        [
            article.id,
            article.published or "",
            article.site or "",
            article.title or "",
            str(article.word_count()),
            str(len(article.removed)),
        ]
        for article in stored(db)
    ]


def test_articles_prints_a_row_per_article(cli: Cli, ingested: Path, db: Path) -> None:
    result = cli("articles")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    expected = articles_rows(db)
    assert len(lines) == len(expected) == 2
    for line, cells in zip(lines, expected, strict=True):
        assert line.startswith(cells[0])
        assert cells[3] in line
    assert result.stderr == ""


def test_articles_plain_output_is_tab_separated(cli: Cli, ingested: Path, db: Path) -> None:
    result = cli("articles")
    assert [line.split("\t") for line in result.stdout.splitlines()] == articles_rows(db)


def test_articles_limit(cli: Cli, ingested: Path) -> None:
    result = cli("articles", "--limit", "1")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1


# -- show --------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["id", "prefix"])
def test_show_prints_metadata_text_and_every_cut(
    cli: Cli, ingested: Path, db: Path, how: str
) -> None:
    article = by_title(db, STRIKE[0])
    ids = [other.id for other in stored(db)]
    wanted = article.id if how == "id" else unique_prefix(article.id, ids)

    result = cli("show", wanted)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"id: {article.id}" in [line.strip() for line in lines]
    assert f"title: {STRIKE[0]}" in [line.strip() for line in lines]
    for paragraph in STRIKE[1:3]:
        assert paragraph in lines
    assert len(article.removed) == 2
    assert "cut 2 segments:" in lines
    cuts = lines[lines.index("cut 2 segments:") + 1 :]
    assert len(cuts) == 2
    for line, segment in zip(cuts, article.removed, strict=True):
        assert f"[{segment.reason}]" in line
        assert line.endswith(segment.text)
    assert {segment.reason for segment in article.removed} == {"title", "comment-prompt"}


def test_show_unknown_id_is_a_one_line_error(cli: Cli, ingested: Path) -> None:
    result = cli("show", "ffffffffffff")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "error: no article with id 'ffffffffffff'\n"


def test_show_json_is_the_export_record(cli: Cli, ingested: Path, db: Path) -> None:
    article = by_title(db, LIBRARY[0])
    result = cli("show", "--json", article.id)
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    jsonl = cli("export", "-f", "jsonl").stdout
    exported = {line["id"]: line for line in map(json.loads, jsonl.splitlines())}
    assert record == exported[article.id]
    assert record["text"] == article.text
    assert record["removed"] == [
        {"text": segment.text, "reason": segment.reason, "at": segment.at}
        for segment in article.removed
    ]


# -- export ------------------------------------------------------------------------

ARTICLE_KEYS = {"id", "path", "title", "author", "published", "text", "removed"}


def test_export_json_document(cli: Cli, ingested: Path, db: Path) -> None:
    result = cli("export", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document) == {"schema_version", *SECTIONS}
    assert set(SECTIONS) == {
        "articles",
        "entities",
        "figures",
        "figure_groups",
        "quotes",
        "events",
        "stories",
    }
    for section in SECTIONS:
        assert isinstance(document[section], list)
    records = document["articles"]
    assert [record["id"] for record in records] == [article.id for article in stored(db)]
    for record in records:
        assert set(record) >= ARTICLE_KEYS
        assert record["removed"]
        for segment in record["removed"]:
            assert {"text", "reason"} <= set(segment)
            assert segment["text"] and segment["reason"]
    strike = next(record for record in records if record["title"] == STRIKE[0])
    assert strike["text"] == "\n\n".join(STRIKE[1:3])
    assert strike["path"] == str(ingested / "strike.txt")


def test_export_jsonl_is_one_article_a_line(cli: Cli, ingested: Path) -> None:
    document = json.loads(cli("export").stdout)
    result = cli("export", "--format", "jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line) for line in lines] == document["articles"]


def read_csv(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return list(reader)


def test_export_csv_parses(cli: Cli, ingested: Path, db: Path) -> None:
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0
    rows = read_csv(result.stdout)
    articles = stored(db)
    assert [row["id"] for row in rows] == [article.id for article in articles]
    for row, article in zip(rows, articles, strict=True):
        # Multi-paragraph text survives quoting.
        assert row["text"] == article.text
        assert row["removed"] == ";".join(segment.reason for segment in article.removed)


def test_export_csv_defuses_formula_cells(cli: Cli, tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "formulas"
    for number, start in enumerate(FORMULA_STARTS):
        write_article(
            folder / f"{number}.txt",
            f"{start}1 headline number {number}",
            f"{start}2 opens the story, which goes on as usual.",
        )
    assert cli("ingest", folder).exit_code == 0

    rows = read_csv(cli("export", "--format", "csv").stdout)

    assert len(rows) == len(FORMULA_STARTS)
    for row in rows:
        start = row["title"][1]
        assert start in FORMULA_STARTS
        assert row["title"] == f"'{start}1 headline number {FORMULA_STARTS.index(start)}"
        assert row["text"] == f"'{start}2 opens the story, which goes on as usual."


def test_export_to_a_file(cli: Cli, ingested: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "export.json"
    result = cli("export", "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"exported 2 articles to {target}\n"
    assert len(json.loads(target.read_text(encoding="utf-8"))["articles"]) == 2
    assert sorted(path.name for path in target.parent.iterdir()) == ["export.json"]


def test_export_to_a_file_replaces_the_old_one(cli: Cli, ingested: Path, tmp_path: Path) -> None:
    target = tmp_path / "export.jsonl"
    target.write_text("old\n" * 1000, encoding="utf-8")
    assert cli("export", "-f", "jsonl", "-o", target).exit_code == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2
    assert not target.with_name("export.jsonl.partial").exists()


def _failing_writer(store: Store, out: TextIO) -> int:
    out.write('{"schema_version": 1, "articles": [')
    raise OSError(28, "No space left on device")


def test_failed_export_leaves_the_old_file_and_no_partial(
    cli: Cli, ingested: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(export_command._WRITERS, export_command.Format.json, _failing_writer)
    target = tmp_path / "export.json"
    target.write_text("previous export\n", encoding="utf-8")

    result = cli("export", "-o", target)

    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(path.name for path in tmp_path.glob("export.json*")) == ["export.json"]


# -- page text is never Rich markup ------------------------------------------------


@pytest.fixture
def markup_article(cli: Cli, tmp_path: Path, db: Path) -> Article:
    write_article(tmp_path / "markup" / "vote.txt", *MARKUP)
    assert cli("ingest", tmp_path / "markup").exit_code == 0
    return by_title(db, MARKUP_TITLE)


class Screen:
    """Where ``articles`` and ``show`` print: CliRunner's stdout, or a colour terminal."""

    def __init__(self, terminal: bool) -> None:
        self.terminal = terminal
        self.buffer = io.StringIO()

    def output(self, result: Result) -> str:
        assert result.exit_code == 0, result.output
        if not self.terminal:
            return result.stdout
        assert result.stdout == ""
        shown = self.buffer.getvalue()
        assert "\x1b[" in shown  # really rendered for a colour terminal
        return shown


@pytest.fixture(params=["plain", "terminal"])
def screen(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Screen:
    screen = Screen(terminal=request.param == "terminal")
    if screen.terminal:
        console = Console(
            file=screen.buffer,
            force_terminal=True,
            color_system="truecolor",
            width=300,
            highlight=False,
            soft_wrap=True,
        )
        monkeypatch.setattr(articles_command, "out", console)
    return screen


def test_markup_in_a_title_prints_literally_in_articles(
    cli: Cli, markup_article: Article, screen: Screen
) -> None:
    output = screen.output(cli("articles"))
    assert MARKUP_TITLE in output
    assert "\x1b]8;" not in output  # no terminal hyperlink was made


def test_markup_in_the_text_prints_literally_in_show(
    cli: Cli, markup_article: Article, screen: Screen
) -> None:
    output = screen.output(cli("show", markup_article.id))
    assert MARKUP_TITLE in output
    assert MARKUP[1] in output
    assert "\x1b]8;" not in output


@pytest.fixture
def emoji_article(cli: Cli, tmp_path: Path, db: Path) -> Article:
    write_article(tmp_path / "emoji" / "cup.txt", *EMOJI)
    assert cli("ingest", tmp_path / "emoji").exit_code == 0
    return by_title(db, EMOJI_TITLE)


def test_emoji_codes_print_literally_in_show(cli: Cli, emoji_article: Article) -> None:
    result = cli("show", emoji_article.id)
    assert EMOJI_TITLE in result.stdout
    assert EMOJI[1] in result.stdout


def test_emoji_codes_print_literally_in_articles(cli: Cli, emoji_article: Article) -> None:
    result = cli("articles")
    assert EMOJI_TITLE in result.stdout


def test_emoji_codes_survive_show_json(cli: Cli, emoji_article: Article) -> None:
    record: dict[str, Any] = json.loads(cli("show", "--json", emoji_article.id).stdout)
    assert record["title"] == EMOJI_TITLE
    assert record["text"] == EMOJI[1]


# -- the installed program ---------------------------------------------------------


def test_installed_entry_point(corpus: Path, db: Path) -> None:
    ingested = run_newsfuse(db, "ingest", corpus)
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stdout == f"added 2, already stored 0, re-processed 0, failed 0 -> {db}\n"
    assert ingested.stderr == ""

    listed = run_newsfuse(db, "articles")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [article.id for article in stored(db)]
    assert STRIKE[0] in listed.stdout
    assert LIBRARY[0] in listed.stdout

    first = lines[0].split()[0]
    shown = run_newsfuse(db, "show", "--json", first[:8])
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] == first

    missing = run_newsfuse(db, "show", "ffffffffffff")
    assert missing.returncode == 1
    assert missing.stdout == ""
    assert missing.stderr == "error: no article with id 'ffffffffffff'\n"
