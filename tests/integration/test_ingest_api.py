"""The Python API ``ingest(paths, store, settings)``: its report, and site boilerplate
learned across batches and calls without the result depending on input order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import newsfuse.ingest as ingest_module
from newsfuse.config import IngestSettings, Settings
from newsfuse.errors import InputError
from newsfuse.ingest import IngestReport, ingest
from newsfuse.model import Article, RemovedSegment
from newsfuse.pipeline import DEFAULT_STAGES, build_stages
from newsfuse.store import Store, open_store

from .helpers import write_article, write_jsonl


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "newsfuse.db")
    yield opened
    opened.close()


def settings(batch_size: int = 256) -> Settings:
    return replace(Settings(), ingest=IngestSettings(batch_size=batch_size))


# -- the report --------------------------------------------------------------------

FARMERS = (
    "Farmers plant early as spring arrives",
    "Farmers across the valley began planting two weeks earlier than usual this year, citing "
    "a mild winter and warm soil.",
)
MUSEUM = (
    "Museum returns looted statue",
    "A national museum returned a bronze statue on Thursday that had been taken from a temple "
    "during the war eighty years ago.",
)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    write_article(folder / "farmers.txt", *FARMERS)
    write_article(folder / "museum.txt", *MUSEUM)
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_report_of_a_first_ingest(mixed: Path, store: Store) -> None:
    heard_errors: list[InputError] = []
    heard_items: list[Article | InputError] = []

    report = ingest(
        [mixed], store, Settings(), on_error=heard_errors.append, on_article=heard_items.append
    )

    assert isinstance(report, IngestReport)
    assert sorted(report.added) == sorted(article.id for article in store.iter_articles())
    assert len(report.added) == 2
    assert report.already_stored == []
    assert report.recleaned == []
    assert [(error.origin, error.code) for error in report.errors] == [
        (str(mixed / "empty.txt"), "empty")
    ]
    assert not report.ok
    assert heard_errors == report.errors
    assert len(heard_items) == 3


def test_report_of_a_repeat_ingest(mixed: Path, store: Store) -> None:
    first = ingest([mixed], store, Settings())
    again = ingest([mixed], store, Settings())
    assert again.added == []
    assert sorted(again.already_stored) == sorted(first.added)
    assert [str(error) for error in again.errors] == [str(error) for error in first.errors]
    assert store.count() == 2


def test_report_is_ok_without_errors(tmp_path: Path, store: Store) -> None:
    report = ingest([write_article(tmp_path / "farmers.txt", *FARMERS)], store, Settings())
    assert report.ok
    assert report.errors == []


def test_same_content_under_two_paths_is_stored_once(tmp_path: Path, store: Store) -> None:
    original = write_article(tmp_path / "a" / "farmers.txt", *FARMERS)
    copy = write_article(tmp_path / "b" / "farmers-copy.txt", *FARMERS)

    report = ingest([original, copy], store, Settings())

    assert len(report.added) == 1
    assert report.already_stored == report.added
    assert store.count() == 1
    assert store.origins(report.added[0]) == [str(original), str(copy)]


# -- site boilerplate across batches -----------------------------------------------

SITE = "example.com"
# An invented masthead line: no phrase rule knows it, only recurrence can find it.
MASTHEAD = "Daily Courier: independent news since 1921"
STORIES = (
    (
        "Volcano erupts near fishing villages",
        "A volcano on the northern island erupted before dawn on Sunday, sending ash eight "
        "kilometres into the sky and forcing fishermen to leave their boats in harbour.",
        "Geologists had warned for months that pressure beneath the crater was building.",
    ),
    (
        "Teenager wins national chess championship",
        "A sixteen-year-old schoolgirl won the national chess championship on Saturday, "
        "beating three grandmasters with a bold queen sacrifice in the final round.",
        "Her coach called the tournament victory the finest performance he had witnessed.",
    ),
    (
        "Bakers protest rising flour prices",
        "Hundreds of bakers marched through the capital on Wednesday demanding subsidies, "
        "as wheat shortages pushed flour prices to their highest level this decade.",
        "Several bakeries closed their ovens, leaving queues outside shuttered shopfronts.",
    ),
    (
        "Weather satellite reaches orbit",
        "A rocket carrying a weather satellite lifted off from the coastal spaceport on "
        "Friday and placed its payload into orbit thirty-five minutes later.",
        "Engineers expect forecasts of monsoon rainfall to improve once instruments calibrate.",
    ),
)


def record(story: tuple[str, ...], number: int) -> dict[str, Any]:
    title, *paragraphs = story
    return {
        "title": title,
        "text": "\n\n".join([*paragraphs, MASTHEAD]),
        "source": SITE,
        "url": f"https://{SITE}/news/{number}",
    }


@pytest.fixture
def halves(tmp_path: Path) -> tuple[Path, Path]:
    """The four stories of one site as two JSONL dumps of two."""
    records = [record(story, number) for number, story in enumerate(STORIES)]
    first = write_jsonl(tmp_path / "dumps" / "first.jsonl", records[:2])
    second = write_jsonl(tmp_path / "dumps" / "second.jsonl", records[2:])
    return first, second


def test_masthead_is_cut_from_all_four_after_the_second_call(
    halves: tuple[Path, Path], store: Store
) -> None:
    first, second = halves

    early = ingest([first], store, settings(batch_size=2))
    assert len(early.added) == 2
    assert early.recleaned == []
    # Two articles are not yet enough to call a line boilerplate.
    assert all(MASTHEAD in article.text for article in store.iter_articles())

    late = ingest([second], store, settings(batch_size=2))

    assert len(late.added) == 2
    assert sorted(late.recleaned) == sorted(early.added)
    assert late.errors == []
    articles = list(store.iter_articles())
    assert len(articles) == 4
    for article in articles:
        assert article.site == SITE
        assert MASTHEAD not in article.text
        assert [s for s in article.removed if s.reason == "site-boilerplate"] == [
            RemovedSegment(text=MASTHEAD, reason="site-boilerplate", at=len(article.text))
        ]


def stored_texts(store: Store) -> dict[str, tuple[str, tuple[RemovedSegment, ...]]]:
    return {article.id: (article.text, article.removed) for article in store.iter_articles()}


Strategy = Callable[[Store, Path, Path], None]


def one_batch(store: Store, first: Path, second: Path) -> None:
    ingest([first, second], store, settings())


def two_calls(store: Store, first: Path, second: Path) -> None:
    ingest([first], store, settings(batch_size=2))
    ingest([second], store, settings(batch_size=2))


def two_calls_reversed(store: Store, first: Path, second: Path) -> None:
    ingest([second], store, settings(batch_size=2))
    ingest([first], store, settings(batch_size=2))


def batches_of_one(store: Store, first: Path, second: Path) -> None:
    ingest([first, second], store, settings(batch_size=1))


def four_calls(store: Store, first: Path, second: Path) -> None:
    for dump in (second, first, second, first):
        ingest([dump], store, settings(batch_size=1))


@pytest.mark.parametrize(
    "strategy",
    [two_calls, two_calls_reversed, batches_of_one, four_calls],
    ids=lambda f: f.__name__,
)
def test_stored_texts_do_not_depend_on_arrival_order(
    halves: tuple[Path, Path], tmp_path: Path, strategy: Strategy
) -> None:
    first, second = halves
    with closing(open_store(tmp_path / "reference.db")) as reference:
        one_batch(reference, first, second)
        expected = stored_texts(reference)
    with closing(open_store(tmp_path / "other.db")) as other:
        strategy(other, first, second)
        found = stored_texts(other)
    assert len(expected) == 4
    assert all(MASTHEAD not in text for text, _ in expected.values())
    assert found == expected


# -- a store written by another pipeline -------------------------------------------

CLASH = (
    "Clashes kill 12 soldiers",
    "Fierce clashes continued on Thursday, the ministry said, and 12 soldiers were killed.",
)


def test_a_store_from_before_the_analysers_is_analysed_on_the_next_ingest(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clash = write_article(tmp_path / "in" / "clash.txt", *CLASH)
    # As a store written before the quotes, figures and events stages existed.
    older = build_stages(Settings(), ["clean", "language", "entities"])
    with monkeypatch.context() as patched:
        patched.setattr(ingest_module, "build_stages", lambda settings: older)
        ingest([clash], store, Settings())
    (stored,) = store.iter_articles()
    assert (stored.figures, stored.events) == ((), ())

    report = ingest([write_article(tmp_path / "in" / "museum.txt", *MUSEUM)], store, Settings())

    assert report.recleaned == [stored.id]
    again = store.get(stored.id)
    assert again is not None
    assert [(f.kind, f.low) for f in again.figures] == [("killed", 12.0)]
    assert again.events
    assert store.unanalysed(",".join(DEFAULT_STAGES)) == []
    assert ingest([clash], store, Settings()).recleaned == []
