"""``newsfuse entities``, ``newsfuse entity`` and the entities of ``export``, end to end.

Three hand-written reports name Azerbaijan's foreign minister; one spells him as
machine translation did in the karabakh-2020 corpus ("Jihon Permov").
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import newsfuse.cli.entities as entities_command
from newsfuse.model import Article, Mention, Span, article_id
from newsfuse.stages.analyse.resolve import EntityResolver
from newsfuse.store import open_store

from .helpers import Cli, screen_for, shown, write_article

TALKS = (
    "Azerbaijan and Armenia agree to talks in Moscow",
    "Azerbaijani Foreign Minister Jeyhun Bayramov arrived in Moscow on Friday for talks with "
    "his Armenian counterpart.",
    "Bayramov said Azerbaijan was ready for a lasting ceasefire, and Russian President "
    "Vladimir Putin welcomed the meeting.",
)
GARBLED = (
    "Ministers meet in Moscow as fighting continues",
    "Foreign Minister Jihon Permov of Azerbaijan told reporters in Moscow that the talks had "
    "been difficult.",
    "Armenia said its Foreign Minister Zohrab Mnatsakanyan would stay in Moscow until Sunday.",
)
CEASEFIRE = (
    "Ceasefire announced after talks in Moscow",
    "The Kremlin said the ceasefire would take effect at noon on Saturday.",
    "Azerbaijani Foreign Minister Jeyhun Bayramov thanked Vladimir Putin for hosting the talks.",
)
COLUMNS = ("id", "name", "type", "aliases", "articles", "mentions", "confidence")


@pytest.fixture(scope="module")
def ingested_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three reports ingested once (the spaCy model loads once) for the whole module."""
    root = tmp_path_factory.mktemp("entities")
    corpus = root / "corpus"
    write_article(corpus / "talks.txt", *TALKS)
    write_article(corpus / "garbled.txt", *GARBLED)
    write_article(corpus / "ceasefire.txt", *CEASEFIRE)
    db = root / "store" / "newsfuse.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("NEWSFUSE_CONFIG", raising=False)
        patch.delenv("NEWSFUSE_DB", raising=False)
        result = Cli(CliRunner(), db)("ingest", corpus)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def ingested(ingested_db: Path, db: Path) -> Path:
    """A copy of the ingested store at the test's own ``db``."""
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ingested_db, db)
    return db


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def rows(output: str) -> list[dict[str, str]]:
    lines = output.splitlines()
    assert lines
    parsed = []
    for line in lines:
        fields = line.split("\t")
        assert len(fields) == len(COLUMNS), line
        parsed.append(dict(zip(COLUMNS, fields, strict=True)))
    return parsed


def row_named(output: str, name: str) -> dict[str, str]:
    (row,) = [row for row in rows(output) if row["name"] == name]
    return row


# -- entities ---------------------------------------------------------------------------


def test_entities_lists_tab_separated_columns(cli: Cli, ingested: Path) -> None:
    result = cli("entities")
    listed = rows(ok(result))

    assert result.stderr == ""
    for row in listed:
        assert row["id"].startswith("e")
        assert row["name"]
        assert row["type"]
        assert int(row["articles"]) >= 1
        assert int(row["mentions"]) >= int(row["articles"])
        assert 0 < float(row["confidence"]) <= 1
        assert len(row["confidence"].split(".")[1]) == 2
    assert len({row["id"] for row in listed}) == len(listed)
    # Most mentioned first.
    counts = [int(row["mentions"]) for row in listed]
    assert counts == sorted(counts, reverse=True)


def test_the_garbled_spelling_is_one_entity_with_the_others(cli: Cli, ingested: Path) -> None:
    bayramov = row_named(ok(cli("entities")), "Jeyhun Bayramov")

    assert bayramov["type"] == "person"
    assert {"Jeyhun Bayramov", "Jihon Permov"} <= set(bayramov["aliases"].split("; "))
    assert bayramov["articles"] == "3"
    assert float(bayramov["confidence"]) < 1
    assert "Jihon Permov" not in {row["name"] for row in rows(ok(cli("entities")))}


def test_two_foreign_ministers_stay_two_entities(cli: Cli, ingested: Path) -> None:
    output = ok(cli("entities"))

    bayramov = row_named(output, "Jeyhun Bayramov")
    mnatsakanyan = row_named(output, "Zohrab Mnatsakanyan")
    assert bayramov["id"] != mnatsakanyan["id"]
    assert "Zohrab Mnatsakanyan" not in bayramov["aliases"]


def test_places_are_typed_and_merged_across_articles(cli: Cli, ingested: Path) -> None:
    output = ok(cli("entities"))

    moscow = row_named(output, "Moscow")
    assert moscow["type"] == "city"
    # Headlines become titles: only the two bodies that name Moscow count.
    assert (moscow["articles"], moscow["mentions"]) == ("2", "3")
    assert row_named(output, "Azerbaijan")["type"] == "country"


def test_entities_by_type_and_limit(cli: Cli, ingested: Path) -> None:
    people = rows(ok(cli("entities", "--type", "person")))
    assert people
    assert {row["type"] for row in people} == {"person"}
    assert "Jeyhun Bayramov" in {row["name"] for row in people}

    (first,) = rows(ok(cli("entities", "--limit", "1")))
    assert first == rows(ok(cli("entities")))[0]
    assert ok(cli("entities", "--type", "no-such-type")) == ""


def test_entities_of_an_empty_store(cli: Cli) -> None:
    result = cli("entities")
    assert result.exit_code == 0
    assert result.stdout == ""


# -- entity -------------------------------------------------------------------------------


def test_entity_shows_aliases_roles_and_each_mention_in_its_sentence(
    cli: Cli, ingested: Path
) -> None:
    result = cli("entity", "Jihon Permov")
    output = ok(result)
    lines = output.splitlines()

    assert lines[0].startswith("Jeyhun Bayramov  person  e")
    assert "confidence 0." in lines[0]
    (aliases,) = [line for line in lines if line.startswith("  aliases: ")]
    assert "Jihon Permov" in aliases
    assert "Jeyhun Bayramov" in aliases
    assert "  role: foreign minister  [" in output
    assert "  country: Azerbaijan  [" in output
    assert "  merged " in output
    assert "Jihon Permov" in output.split("  merged ", 1)[1]
    for sentence in (TALKS[1], TALKS[2], GARBLED[1], CEASEFIRE[2]):
        assert f"    {sentence}" in lines
    assert result.stderr == ""


def test_entity_evidence_offsets_point_at_the_words(cli: Cli, ingested: Path) -> None:
    output = ok(cli("entity", "Jeyhun Bayramov"))
    store = open_store(ingested)
    try:
        texts = {article.id: article.text for article in store.iter_articles()}
    finally:
        store.close()

    roles = [line for line in output.splitlines() if line.startswith("  role: ")]
    assert roles
    for line in roles:
        value, where = line.removeprefix("  role: ").split("  [")
        article, offsets = where.rstrip("]").split()
        start, end = map(int, offsets.split(":"))
        assert texts[article][start:end].lower() in value


def test_entity_finds_a_family_name_alone(cli: Cli, ingested: Path) -> None:
    output = ok(cli("entity", "Permov"))
    assert output.startswith("Jeyhun Bayramov  person")
    assert ok(cli("entity", "Jihon Permov")) == output


def test_entity_finds_a_close_spelling(cli: Cli, ingested: Path) -> None:
    assert ok(cli("entity", "Jeyhoun Bayramov")).startswith("Jeyhun Bayramov  person")
    assert ok(cli("entity", "MOSCOW")).startswith("Moscow  city")


def test_entity_shows_a_place(cli: Cli, ingested: Path) -> None:
    output = ok(cli("entity", "Moscow"))
    assert "  place: Moscow (city, RU) " in output
    assert "[geonames:" in output


def test_no_such_entity_is_a_one_line_error(cli: Cli, ingested: Path) -> None:
    result = cli("entity", "Nobody Atall")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: no entity named 'Nobody Atall'")
    assert result.stderr.count("\n") == 1


def test_no_entity_in_an_empty_store(cli: Cli) -> None:
    result = cli("entity", "Jihon Permov")

    assert result.exit_code == 1
    assert result.stderr == "error: no entity named 'Jihon Permov'\n"


# -- export -------------------------------------------------------------------------------


def exported(cli: Cli) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ok(cli("export", "--format", "json")))
    return document


def test_export_lists_entities_with_mentions_that_slice_their_articles(
    cli: Cli, ingested: Path
) -> None:
    document = exported(cli)
    texts = {article["id"]: article["text"] for article in document["articles"]}

    assert document["entities"]
    for record in document["entities"]:
        assert {
            "id",
            "name",
            "type",
            "aliases",
            "mentions",
            "attributes",
            "confidence",
        } <= set(record)
        assert record["mentions"]
        for mention in record["mentions"]:
            assert set(mention) == {"article", "start", "end", "text"}
            assert texts[mention["article"]][mention["start"] : mention["end"]] == mention["text"]
        for attribute in record["attributes"]:
            assert {"key", "value", "article", "start", "end"} <= set(attribute)
            assert attribute["article"] in texts
    assert "mentions" not in document["articles"][0]


def test_export_of_the_merged_entity(cli: Cli, ingested: Path) -> None:
    document = exported(cli)
    listed = {row["id"]: row for row in rows(ok(cli("entities")))}

    (record,) = [e for e in document["entities"] if "Jihon Permov" in e["aliases"]]
    assert record["name"] == "Jeyhun Bayramov"
    assert record["type"] == "person"
    assert {m["text"] for m in record["mentions"]} >= {"Jeyhun Bayramov", "Jihon Permov"}
    assert {(a["key"], a["value"]) for a in record["attributes"]} >= {
        ("role", "foreign minister"),
        ("country", "Azerbaijan"),
    }
    assert record["confidence"] < 1
    assert record["merges"]
    assert len(record["articles"]) == 3
    assert {e["id"] for e in document["entities"]} == set(listed)


# -- text from articles is never Rich markup ---------------------------------------------

EVIL = "[bold]Evil[/bold] Corp"
LINKED = "[link=http://evil]Linked[/link] Ltd"
EVIL_TEXT = f"Shares of {EVIL} fell on Monday after {LINKED} sold its stake."


@pytest.fixture
def markup_store(db: Path) -> Path:
    """An article whose organisations are named in Rich markup, resolved into entities."""
    article = Article(id=article_id(EVIL_TEXT), path="evil.txt", raw_text=EVIL_TEXT, text=EVIL_TEXT)
    mentions = []
    for surface in (EVIL, LINKED):
        start = EVIL_TEXT.index(surface)
        mentions.append(
            Mention(Span(article.id, start, start + len(surface)), surface, "organisation", "ORG")
        )
    db.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(db)
    try:
        store.add(replace(article, mentions=tuple(mentions)), article.path)
        store.replace_entities(EntityResolver().fit(store.iter_mentions()).entities_)
    finally:
        store.close()
    return db


@pytest.fixture(params=["plain", "terminal"])
def screen(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[io.StringIO | None]:
    yield from screen_for(request.param, monkeypatch, entities_command)


def test_markup_in_names_prints_literally_in_entities(
    cli: Cli, markup_store: Path, screen: io.StringIO | None
) -> None:
    output = shown(cli("entities"), screen)

    assert EVIL in output
    assert LINKED in output
    assert "\x1b]8;" not in output


def test_markup_in_names_prints_literally_in_entity(
    cli: Cli, markup_store: Path, screen: io.StringIO | None
) -> None:
    output = shown(cli("entity", EVIL), screen)

    assert EVIL in output.splitlines()[0]
    assert f"aliases: {EVIL}" in output
    assert EVIL_TEXT in output
    assert "\x1b]8;" not in output
