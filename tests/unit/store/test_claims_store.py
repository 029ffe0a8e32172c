"""Figures, quotes and events in the store: per article, and per story once reconciled."""

from __future__ import annotations

from dataclasses import replace

from newsfuse.model import Event, FigureGroup, Span, Story
from newsfuse.store._sql import SQLStore

from .factories import full_article, make_article


def group(story: str, n: int, status: str = "agree") -> FigureGroup:
    return FigureGroup(
        id=f"g{story}{n}",
        story=story,
        kind="killed",
        subject="soldiers",
        status=status,
        explanation="3 sources agree: 'more than 300 soldiers' in …",
        figures=(f"f{n}",),
        low=300.0,
        best=350.0,
        high=None,
        sources=3,
        articles=("a", "b"),
        side="Armenia",
        as_of="2020-10-08",
    )


def story_event(story: str, n: int, date: str | None) -> Event:
    return Event(
        id=f"x{story}{n}",
        type="meeting",
        evidence=(Span("a", 0, 10), Span("b", 5, 9)),
        code="046",
        actors=("Jeyhun Bayramov",),
        actor_spans=(Span("a", 0, 3),),
        place="geonames:2660646",
        place_name="Geneva",
        date=date,
        date_precision="day" if date else None,
        story=story,
    )


def test_claims_come_back_with_their_article_and_in_the_listings(store: SQLStore) -> None:
    article = full_article()
    store.add(article, article.path)

    assert list(store.iter_figures()) == list(article.figures)
    assert list(store.iter_quotes()) == list(article.quotes)
    stored = store.get(article.id)
    assert stored is not None
    assert (stored.figures, stored.quotes, stored.events) == (
        article.figures,
        article.quotes,
        article.events,
    )


def test_update_replaces_the_claims(store: SQLStore) -> None:
    article = full_article()
    store.add(article, article.path)
    store.update(replace(article, figures=(), quotes=()))

    stored = store.get(article.id)
    assert stored is not None
    assert (stored.figures, stored.quotes, stored.events) == ((), (), article.events)
    assert list(store.iter_figures()) == []


def test_story_claims_are_replaced_per_story(store: SQLStore) -> None:
    store.put_story_claims(
        "s1", [group("s1", 1), group("s1", 2, "disagree")], [story_event("s1", 1, None)]
    )
    store.put_story_claims("s2", [group("s2", 1)], [story_event("s2", 1, "2020-10-08")])
    store.put_story_claims("s1", [group("s1", 3)], [])

    assert [g.id for g in store.iter_figure_groups()] == ["gs13", "gs21"]
    assert list(store.iter_figure_groups("s2")) == [group("s2", 1)]
    assert list(store.iter_story_events("s2")) == [story_event("s2", 1, "2020-10-08")]
    assert list(store.iter_story_events("s1")) == []


def test_retired_and_replaced_stories_take_their_claims_along(store: SQLStore) -> None:
    first, second = make_article(1), make_article(2)
    store.add(first, first.path)
    store.add(second, second.path)
    one = Story(id="s1", title="One", articles=(first.id,))
    two = Story(id="s2", title="Two", articles=(second.id,))
    store.replace_stories([one, two])
    store.put_story_claims("s1", [group("s1", 1)], [story_event("s1", 1, None)])
    store.put_story_claims("s2", [group("s2", 1)], [])

    store.update_stories([replace(two, articles=(first.id, second.id))], retired=["s1"])
    assert [g.story for g in store.iter_figure_groups()] == ["s2"]
    assert list(store.iter_story_events()) == []

    store.replace_stories([one])
    assert list(store.iter_figure_groups()) == []
