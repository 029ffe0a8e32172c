"""Figures, their groups and events of the Karabakh corpus, with the real pipeline.

The golden file ``tests/data/karabakh/claims_gold.json`` was written by hand
from the five articles: every casualty, displacement, damage, deployment and
population figure with its kind, value, subject, side, speaker and as-of
date; the figure groups a reader must see (an update, two disagreements, an
agreement); and the meetings the sources report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse.config import load_settings
from newsfuse.ingest import ingest
from newsfuse.model import Article, Event, Figure
from newsfuse.store import Store, open_store

pytestmark = pytest.mark.shared

GOLD = Path(__file__).parents[1] / "data" / "karabakh" / "claims_gold.json"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Iterator[Store]:
    corpus = shared_dir / "corpus" / "karabakh-2020"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus/karabakh-2020 not found: put the shared data beside the repo")
    opened = open_store(tmp_path_factory.mktemp("claims") / "newsfuse.db")
    report = ingest([corpus], opened, load_settings(environ={}))
    assert report.ok and len(report.added) == 5
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def articles(store: Store) -> dict[str, Article]:
    """The articles by the first three characters of their file name ("000" ...)."""
    return {Path(a.path).name[:3]: a for a in store.iter_articles()}


@pytest.fixture(scope="module")
def canonical(store: Store) -> dict[tuple[str, int, int], str]:
    """Mention span -> the name of the entity it resolved to."""
    return {
        (m.span.article, m.span.start, m.span.end): entity.name
        for entity in store.iter_entities()
        for m in entity.mentions
    }


def speaker_of(figure: Figure, canonical: dict[tuple[str, int, int], str]) -> str | None:
    """The speaker as a reader should see it: a name becomes its entity's canonical name
    ("Artak Bulgarian" -> "Artak Beglaryan"); a phrase ("Authorities in Baku") stays."""
    span = figure.speaker_span
    words = (figure.speaker or "").split()
    is_name = bool(words) and len(words) <= 4 and all(w[:1].isupper() for w in words)
    if span is not None and is_name and (span.article, span.start, span.end) in canonical:
        return canonical[(span.article, span.start, span.end)]
    return figure.speaker


def test_every_figure_is_found_and_nothing_else(
    articles: dict[str, Article], gold: dict[str, Any]
) -> None:
    found = {(key, f.text, f.kind) for key, a in articles.items() for f in a.figures}
    expected = {(g["file"], g["text"], g["kind"]) for g in gold["figures"]}
    assert found - expected == set(), "figures that should not be there"
    assert expected - found == set(), "figures missed"


@pytest.mark.parametrize(
    "field", ["low", "high", "qualifier", "share", "subject", "side", "as_of", "cumulative"]
)
def test_each_figure_reads_as_the_text_says(
    articles: dict[str, Article], gold: dict[str, Any], field: str
) -> None:
    by_key = {(key, f.text, f.kind): f for key, a in articles.items() for f in a.figures}
    wrong = []
    for expected in gold["figures"]:
        figure = by_key.get((expected["file"], expected["text"], expected["kind"]))
        if figure is None:
            continue  # reported by the test above
        value = figure.quantity.share if field == "share" else getattr(figure, field)
        if value != expected[field]:
            wrong.append((expected["file"], expected["text"], value, expected[field]))
    assert wrong == []


def test_speakers_are_resolved(
    articles: dict[str, Article], gold: dict[str, Any], canonical: dict[tuple[str, int, int], str]
) -> None:
    by_key = {(key, f.text, f.kind): f for key, a in articles.items() for f in a.figures}
    wrong = []
    for expected in gold["figures"]:
        figure = by_key.get((expected["file"], expected["text"], expected["kind"]))
        if figure is not None and speaker_of(figure, canonical) != expected["speaker"]:
            wrong.append((expected["file"], expected["text"], speaker_of(figure, canonical)))
    assert wrong == []


def test_every_figure_points_at_its_words(articles: dict[str, Article]) -> None:
    for article in articles.values():
        for figure in article.figures:
            assert article.text[figure.span.start : figure.span.end] == figure.text
            assert figure.evidence.start <= figure.span.start
            assert figure.span.end <= figure.evidence.end


def test_the_groups_a_reader_must_see(store: Store, gold: dict[str, Any]) -> None:
    groups = list(store.iter_figure_groups())
    for expected in gold["groups"]:
        matching = [
            g
            for g in groups
            if (g.kind, g.subject, g.side)
            == (expected["kind"], expected["subject"], expected["side"])
            and g.status == expected["status"]
        ]
        assert matching, f"no {expected['status']} group for {expected}"
        group = matching[0]
        for word in expected["explanation_mentions"]:
            assert word in group.explanation, (word, group.explanation)
        if "best" in expected:
            assert group.best == expected["best"]
        assert group.sources >= expected["min_sources"]


def test_the_meetings_are_one_event_each_with_their_sources(
    store: Store, gold: dict[str, Any]
) -> None:
    events = list(store.iter_story_events())
    for expected in gold["events"]:
        matching: list[Event] = [
            e
            for e in events
            if e.type == expected["type"]
            and e.place_name == expected["place"]
            and len(e.articles) >= expected["min_articles"]
        ]
        assert matching, f"no {expected}: {[(e.type, e.place_name, e.articles) for e in events]}"


def test_an_accusation_is_alleged(store: Store) -> None:
    accusations = [e for e in store.iter_story_events() if e.type == "accusation"]
    assert accusations
    assert all(e.alleged for e in accusations)
